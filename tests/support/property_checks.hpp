// Spec §6 properties checked on a collected run's output rows. Each check
// returns one message per violation ("H1 2025: ..."), capped per property,
// so a test asserts an empty list and shows what broke. Tests also corrupt
// rows on purpose to prove each check can fail.
#pragma once

#include <string>
#include <vector>

#include "support/collected_run.hpp"

namespace planwise::test {

using Failures = std::vector<std::string>;

Failures check_structure(const CollectedRun& run);     // S1-S7
Failures check_headcounts(const CollectedRun& run);    // H1-H5, H7
Failures check_events(const CollectedRun& run);        // E1-E9
Failures check_compensation(const CollectedRun& run);  // C1-C5
Failures check_all(const CollectedRun& run);

}  // namespace planwise::test
