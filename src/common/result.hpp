// Result<T>: a value or an Error, which the caller cannot silently ignore
// (style guide §3; modelled on absl::StatusOr, without its machinery).
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "common/error.hpp"

namespace planwise {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok() && "Result::value() called on an error");
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(ok() && "Result::value() called on an error");
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok() && "Result::value() called on an error");
    return std::get<0>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok() && "Result::error() called on a value");
    return std::get<1>(data_);
  }
  Error&& error() && {
    assert(!ok() && "Result::error() called on a value");
    return std::get<1>(std::move(data_));
  }

 private:
  std::variant<T, Error> data_;
};

// Success or an Error, for operations without a value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  static Status success() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_ && "Status::error() called on success");
    return error_;
  }
  Error&& error() && {
    assert(!ok_ && "Status::error() called on success");
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace planwise

// Propagates an error from an expression returning Status or Result<T>.
#define PLANWISE_RETURN_IF_ERROR(expr)                                      \
  do {                                                                      \
    auto planwise_status_ = (expr);                                         \
    if (!planwise_status_.ok()) return std::move(planwise_status_).error(); \
  } while (false)
