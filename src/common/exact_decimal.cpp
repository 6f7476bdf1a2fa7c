#include "common/exact_decimal.hpp"

#include <limits>

namespace planwise {

std::optional<ExactDecimal> ExactDecimal::parse(std::string_view text, std::string* why) {
  auto fail = [why](const char* reason) -> std::optional<ExactDecimal> {
    if (why) *why = reason;
    return std::nullopt;
  };
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  constexpr std::int64_t kMaxWhole = std::numeric_limits<std::int64_t>::max() / kScale - 1;
  std::int64_t whole = 0;
  std::size_t whole_digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    whole = whole * 10 + (text[pos] - '0');
    if (whole > kMaxWhole) return fail("number too large");
    ++pos;
    ++whole_digits;
  }
  std::int64_t fraction = 0;
  int fraction_digits = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (fraction_digits == kMaxFractionDigits) {
        return fail("more than 9 fractional digits (exact decimals allow at most 9)");
      }
      fraction = fraction * 10 + (text[pos] - '0');
      ++fraction_digits;
      ++pos;
    }
  }
  if (whole_digits == 0 && fraction_digits == 0) return fail("not a decimal number");
  if (pos != text.size()) return fail("not a plain decimal number (digits, one '.', no exponent)");
  for (int i = fraction_digits; i < kMaxFractionDigits; ++i) fraction *= 10;
  std::int64_t units = whole * kScale + fraction;
  return from_units(negative ? -units : units);
}

std::string ExactDecimal::to_string() const {
  std::int64_t magnitude = units_ < 0 ? -units_ : units_;
  std::string out = units_ < 0 ? "-" : "";
  out += std::to_string(magnitude / kScale);
  std::int64_t fraction = magnitude % kScale;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, static_cast<std::size_t>(kMaxFractionDigits) - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

}  // namespace planwise
