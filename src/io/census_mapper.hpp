// Issue 14 item 1: proposes a CensusMap for an HRIS export, first by header
// name (ours, and the Workday, SAP SuccessFactors and ADP names listed in
// docs/data.md "Recognised column names"), then by content for the fields
// still open (SSN-, date- and money-shaped columns). Date formats are
// detected for every mapped date column.
#pragma once

#include <string_view>

#include "common/text_table.hpp"
#include "io/census_map.hpp"

namespace planwise::io {

CensusMap propose_census_map(const TextTable& table);

// Detects the date format of each mapped date column whose format the map
// does not state, and fills file_columns. A stated format is kept.
void detect_date_formats(const TextTable& table, CensusMap& map);

// Money text of an export: "$65,000.50", "65000", " 65 000 " -> 65000.5.
// A leading '-' or parentheses make it negative. nullopt when not a number.
std::optional<double> parse_money(std::string_view text);

}  // namespace planwise::io
