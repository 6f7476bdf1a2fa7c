// Spec §0.2 "exact head-count arithmetic": rates that drive head counts
// (q, r, g and hiring level-mix weights) are parsed from decimal text into
// exact rationals with at most 9 fractional digits. Head-count formulas are
// evaluated in integer arithmetic and never touch binary floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace planwise {

// 128-bit integers for exact products of head counts and 10^9-scaled rates.
__extension__ typedef __int128 Int128;

// A decimal number held exactly as units / 10^9.
class ExactDecimal {
 public:
  static constexpr std::int64_t kScale = 1'000'000'000;
  static constexpr int kMaxFractionDigits = 9;

  constexpr ExactDecimal() = default;
  static constexpr ExactDecimal from_units(std::int64_t units) {
    ExactDecimal d;
    d.units_ = units;
    return d;
  }
  static constexpr ExactDecimal from_int(std::int64_t whole) { return from_units(whole * kScale); }

  // Parses "[-+]digits[.digits]" with at most 9 fractional digits. No
  // exponent, no spaces. Returns nullopt (and a reason) for anything else.
  static std::optional<ExactDecimal> parse(std::string_view text, std::string* why = nullptr);

  constexpr std::int64_t units() const { return units_; }
  double to_double() const { return static_cast<double>(units_) / static_cast<double>(kScale); }
  // Shortest decimal text that parses back to the same value ("0.03").
  std::string to_string() const;

  friend constexpr bool operator==(ExactDecimal a, ExactDecimal b) { return a.units_ == b.units_; }
  friend constexpr auto operator<=>(ExactDecimal a, ExactDecimal b) {
    return a.units_ <=> b.units_;
  }

 private:
  std::int64_t units_ = 0;
};

// round_half_away(num / den) for den > 0, exactly (spec §0.2).
constexpr std::int64_t round_half_away_ratio(Int128 num, Int128 den) {
  if (num >= 0) return static_cast<std::int64_t>((2 * num + den) / (2 * den));
  return -static_cast<std::int64_t>((-2 * num + den) / (2 * den));
}

// round_half_away(rate × n), exactly.
constexpr std::int64_t round_half_away_times(ExactDecimal rate, std::int64_t n) {
  return round_half_away_ratio(static_cast<Int128>(rate.units()) * n, ExactDecimal::kScale);
}

}  // namespace planwise
