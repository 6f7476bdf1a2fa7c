#include "cli/text_table.hpp"

#include <algorithm>
#include <cmath>

#include "common/number_text.hpp"

namespace planwise::cli {

std::string TextTablePrinter::render(const std::vector<bool>& left_aligned) const {
  std::vector<std::size_t> width(header_.size(), 0);
  for (std::size_t c = 0; c < header_.size(); ++c) width[c] = header_[c].size();
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : "";
      const std::string pad(width[c] - cell.size(), ' ');
      const bool left = c < left_aligned.size() && left_aligned[c];
      out += (c ? "  " : "") + (left ? cell + pad : pad + cell);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header_);
  std::size_t total = 0;
  for (std::size_t w : width) total += w;
  out += std::string(total + 2 * (width.empty() ? 0 : width.size() - 1), '-') + "\n";
  for (const auto& row : rows_) out += line(row);
  return out;
}

std::string with_commas(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return (value < 0 ? "-" : "") + out;
}

std::string dollars(double value) {
  const std::string fixed = money_text(value);  // "92622.54"
  const auto dot = fixed.find('.');
  const std::int64_t whole = std::stoll(fixed.substr(0, dot));
  std::string sign = fixed[0] == '-' && whole == 0 ? "-" : "";
  return sign + "$" + with_commas(whole) + fixed.substr(dot);
}

std::string percent(std::optional<double> fraction) {
  if (!fraction) return "-";
  const double p = std::round(*fraction * 10000.0) / 100.0;
  return money_text(p) + "%";
}

}  // namespace planwise::cli
