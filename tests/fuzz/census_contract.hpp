// The promise of spec §0.4 for a census, as the census targets check it:
// parsed rows either stage and simulate, or are refused naming file, row and
// column (issue 15 item 3).
#pragma once

#include <string>

#include "common/result.hpp"
#include "engine/census.hpp"

namespace planwise::fuzz {

// `read` is what a census reader returned for `file`. Aborts when a refusal
// is not located, or when a census that staged cannot be simulated.
void expect_census_runs_or_is_refused(const Result<engine::CensusRows>& read,
                                      const std::string& file);

}  // namespace planwise::fuzz
