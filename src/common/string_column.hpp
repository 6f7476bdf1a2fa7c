// Many short strings stored once, in one contiguous buffer with end offsets
// (spec §7 "Ids": census ids and SSNs live in an arena, not in std::string
// objects per employee).
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planwise {

class StringColumn {
 public:
  void reserve(std::size_t count, std::size_t total_chars) {
    ends_.reserve(count);
    chars_.reserve(total_chars);
  }
  void push_back(std::string_view text) {
    chars_.append(text);
    assert(chars_.size() <= UINT32_MAX && "StringColumn holds at most 4 GiB of text");
    ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
  }
  // Appends every string of `other` (used to join columns built in parallel).
  void append(const StringColumn& other) {
    const auto base = static_cast<std::uint32_t>(chars_.size());
    chars_.append(other.chars_);
    assert(chars_.size() <= UINT32_MAX && "StringColumn holds at most 4 GiB of text");
    ends_.reserve(ends_.size() + other.ends_.size());
    for (std::uint32_t end : other.ends_) ends_.push_back(base + end);
  }
  std::string_view operator[](std::size_t index) const {
    const std::uint32_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(chars_).substr(begin, ends_[index] - begin);
  }
  std::size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  void clear() {
    chars_.clear();
    ends_.clear();
  }

 private:
  std::string chars_;
  std::vector<std::uint32_t> ends_;
};

}  // namespace planwise
