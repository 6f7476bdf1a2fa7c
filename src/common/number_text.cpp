#include "common/number_text.hpp"

#include <charconv>
#include <cmath>

namespace planwise {

std::size_t format_shortest(double value, char* out) {
  auto res = std::to_chars(out, out + kNumberBufferSize, value);
  return static_cast<std::size_t>(res.ptr - out);
}

std::size_t format_money(double value, char* out) {
  // Values are already round2'ed; fixed with 2 decimals prints them exactly.
  // -0.00 is normalised so that a zero never prints with a sign.
  if (value == 0.0) value = 0.0;
  auto res = std::to_chars(out, out + kNumberBufferSize, value, std::chars_format::fixed, 2);
  return static_cast<std::size_t>(res.ptr - out);
}

std::size_t format_int(std::int64_t value, char* out) {
  auto res = std::to_chars(out, out + kNumberBufferSize, value);
  return static_cast<std::size_t>(res.ptr - out);
}

std::string shortest_text(double value) {
  char buffer[kNumberBufferSize];
  return std::string(buffer, format_shortest(value, buffer));
}

std::string shortest_text_or_blank(double value) {
  return std::isnan(value) ? std::string() : shortest_text(value);
}

std::string money_text(double value) {
  char buffer[kNumberBufferSize];
  return std::string(buffer, format_money(value, buffer));
}

std::optional<double> parse_double(std::string_view text) {
  const bool plus = !text.empty() && text.front() == '+';
  if (plus) text.remove_prefix(1);
  if (text.empty() || (plus && text.front() == '-')) return std::nullopt;
  double value = 0.0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), value);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  const bool plus = !text.empty() && text.front() == '+';
  if (plus) text.remove_prefix(1);
  if (text.empty() || (plus && text.front() == '-')) return std::nullopt;
  std::int64_t value = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), value);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string dollars_text(double value) {
  const double rounded = std::round(value);
  char buffer[kNumberBufferSize];
  const std::size_t n = format_int(static_cast<std::int64_t>(std::fabs(rounded)), buffer);
  std::string digits(buffer, n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return (rounded < 0 ? "-$" : "$") + digits;
}

std::optional<double> parse_nullable_double(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return parse_double(*text);
}

}  // namespace planwise
