// Issue 14 item 1: a CensusMap applied to an HRIS export, giving the census
// in our bundled schema as text (the columns io/census_reader reads), so
// the run's own cell and staging rules check it next. Problems of the map
// (a required field not mapped, an ambiguous date format, hourly pay
// without standard hours) are errors on row 0; problems of a cell are
// errors naming the file, the row and the file's column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/text_table.hpp"
#include "io/census_map.hpp"

namespace planwise::io {

// Rules of map-level errors that ask the analyst a question.
inline constexpr const char* kRuleDateFormatAmbiguous = "date_format_ambiguous";
inline constexpr const char* kRuleStandardHoursMissing = "standard_hours_missing";

// An error or warning of the mapping, with the field it is about (none for
// an exclusion rule's column).
struct MappingIssue {
  Error error;
  std::optional<CensusField> field;
};

struct MappedCensus {
  // kCensusColumns then "active"; one row per source row kept (not
  // excluded, no mapping error), with the source's row numbers and file.
  TextTable table;
  // Per table row: the level stated in the file's level column, 0 if none.
  std::vector<int> stated_level;
  std::vector<MappingIssue> errors;    // map errors (row 0 or 1) first, then cells in row order
  std::vector<MappingIssue> warnings;  // e.g. an unreadable level cell
  // Rows left out by an exclusion rule, per rule reason, in map order.
  std::vector<std::pair<std::string, std::size_t>> excluded;
  std::size_t rows_with_errors = 0;  // source rows left out for a mapping error
  bool map_usable = true;            // false: a map error stopped the rows from being read
};

// The reason an exclusion rule shows: its own, or "<column> is <values>".
std::string exclusion_reason(const ExclusionRule& rule);

MappedCensus apply_census_map(const TextTable& source, const CensusMap& map);

}  // namespace planwise::io
