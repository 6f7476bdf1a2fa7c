// Spec §5.0 number formatting, independent of the process locale:
// money with exactly 2 decimals, other doubles as the shortest round-trip
// string (std::to_chars without precision), integers plain.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace planwise {

// Each writes into `out` (at least kNumberBufferSize chars) and returns the
// length. The size holds any double with two fixed decimals (309 digits).
inline constexpr std::size_t kNumberBufferSize = 320;
std::size_t format_shortest(double value, char* out);
std::size_t format_money(double value, char* out);
std::size_t format_int(std::int64_t value, char* out);

std::string shortest_text(double value);
// shortest_text, or "" for NaN: a CSV cell of a figure that may be missing
// (a band of an empty ensemble).
std::string shortest_text_or_blank(double value);
std::string money_text(double value);
// Whole dollars with thousands separators, for messages: "$2,604,520,935".
std::string dollars_text(double value);

// Strict parse of a finite decimal or scientific number (std::from_chars):
// the whole text must be consumed. One leading sign, '+' or '-', is accepted.
std::optional<double> parse_double(std::string_view text);
// parse_double of a value that may be SQL NULL (nullopt stays nullopt).
std::optional<double> parse_nullable_double(const std::optional<std::string>& text);
std::optional<std::int64_t> parse_int(std::string_view text);

}  // namespace planwise
