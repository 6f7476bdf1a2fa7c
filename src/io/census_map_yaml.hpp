// Issue 14 item 1: the census mapping file (docs/data.md "The mapping
// file"), so next month's export maps itself. Every key is checked: an
// unknown one is an error naming the key and its line, never ignored.
#pragma once

#include <string>

#include "common/result.hpp"
#include "io/census_map.hpp"

namespace planwise::io {

inline constexpr int kCensusMapVersion = 1;

// Fields read get MatchedBy::kMapFile. `file` names the source in messages.
Result<CensusMap> parse_census_map_yaml(const std::string& text, const std::string& file);
// The map as YAML, with a comment line saying what it is. Reading it back
// gives the same map (apart from reasons, candidates and file_columns).
std::string census_map_yaml(const CensusMap& map);

}  // namespace planwise::io
