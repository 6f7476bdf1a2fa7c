// Issue 14 item 1: dates of an HRIS export in the formats of
// io::DateFormat, and which format a column is in. A column whose values
// fit two formats equally well (every day 12 or less in a DD/MM vs MM/DD
// file) has no single best format: the caller must ask, never guess.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "common/date.hpp"
#include "common/text_table.hpp"
#include "io/census_map.hpp"

namespace planwise::io {

// The day `text` names in `format`, or nullopt when it is not such a date
// or the day does not exist (31/04/2020).
std::optional<DayNumber> parse_date_as(std::string_view text, DateFormat format);

struct DateDetection {
  std::size_t non_empty = 0;     // non-empty cells of the column
  std::size_t fitting = 0;       // cells the best formats read
  std::vector<DateFormat> best;  // the formats reading the most cells; empty: none reads one
  bool ambiguous() const { return best.size() > 1; }
  // Date-shaped: a format reads at least 90 % of the non-empty cells.
  bool date_shaped() const { return non_empty > 0 && fitting * 10 >= non_empty * 9; }
};
DateDetection detect_date_format(const TextTable& table, std::size_t column);

}  // namespace planwise::io
