// Aligned plain-text tables and number formatting for terminal output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace planwise::cli {

class TextTablePrinter {
 public:
  explicit TextTablePrinter(std::vector<std::string> header) : header_(std::move(header)) {}
  void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Columns are right-aligned except those listed as left-aligned.
  std::string render(const std::vector<bool>& left_aligned = {}) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

std::string with_commas(std::int64_t value);
std::string dollars(double value);                    // $92,622.54
std::string percent(std::optional<double> fraction);  // 3.12%, or "-" when null

}  // namespace planwise::cli
