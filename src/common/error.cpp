#include "common/error.hpp"

#include <utility>

namespace planwise {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return "invalid input";
    case ErrorKind::kNotFound:
      return "not found";
    case ErrorKind::kConflict:
      return "conflict";
    case ErrorKind::kCancelled:
      return "cancelled";
    case ErrorKind::kInvariantFailed:
      return "invariant failed";
    case ErrorKind::kStorage:
      return "storage";
    case ErrorKind::kBusy:
      return "busy";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "unknown";
}

Error Error::command_line(std::string flag, std::string rule, std::string value,
                          std::string message) {
  return invalid_input("command line", 0, std::move(flag), std::move(rule), std::move(value),
                       std::move(message));
}

Error Error::invalid_input(std::string file, std::int64_t row, std::string column, std::string rule,
                           std::string value, std::string message) {
  Error e;
  e.kind = ErrorKind::kInvalidInput;
  e.file = std::move(file);
  e.row = row;
  e.column = std::move(column);
  e.rule = std::move(rule);
  e.value = std::move(value);
  e.message = std::move(message);
  return e;
}

Error Error::make(ErrorKind kind, std::string message) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  return e;
}

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (row > 0) out += ":" + std::to_string(row);
    out += ": ";
  }
  if (year != 0) out += "year " + std::to_string(year) + ": ";
  if (!check_id.empty()) out += "check " + check_id + ": ";
  if (!column.empty()) out += "column '" + column + "': ";
  out += message;
  if (!rule.empty() || !value.empty()) {
    out += " [";
    if (!rule.empty()) out += "rule " + rule;
    if (!value.empty()) out += std::string(rule.empty() ? "" : "; ") + "value '" + value + "'";
    out += "]";
  }
  return out;
}

std::string Error::to_string_all() const {
  std::string out = to_string();
  for (const Error& e : more) out += "\n" + e.to_string();
  return out;
}

void ErrorCollector::add(Error error) {
  if (errors_.size() >= cap_) {
    ++dropped_;
    return;
  }
  errors_.push_back(std::move(error));
}

Error ErrorCollector::take() {
  Error first = std::move(errors_.front());
  for (std::size_t i = 1; i < errors_.size(); ++i) first.more.push_back(std::move(errors_[i]));
  if (dropped_ > 0) {
    Error note =
        Error::make(first.kind, "... and " + std::to_string(dropped_) + " more errors not shown");
    first.more.push_back(std::move(note));
  }
  errors_.clear();
  dropped_ = 0;
  return first;
}

}  // namespace planwise
