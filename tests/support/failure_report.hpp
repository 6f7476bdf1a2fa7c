// Collects property failures as "<id> <year>: <what>", at most a few per
// property, so a test that asserts an empty list shows what broke without
// printing thousands of lines.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace planwise::test {

using Failures = std::vector<std::string>;

class FailureReport {
 public:
  explicit FailureReport(Failures& out) : out_(out) {}
  void fail(const std::string& id, int year, const std::string& what) {
    if (++count_[id] <= kCap) out_.push_back(id + " " + std::to_string(year) + ": " + what);
  }

 private:
  static constexpr std::size_t kCap = 20;
  Failures& out_;
  std::map<std::string, std::size_t> count_;
};

}  // namespace planwise::test
