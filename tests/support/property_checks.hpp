// Spec §6 properties checked on a collected run's output rows. Each check
// returns one message per violation ("H1 2025: ..."), capped per property,
// so a test asserts an empty list and shows what broke. Tests also corrupt
// rows on purpose to prove each check can fail.
#pragma once

#include <string>
#include <vector>

#include "support/collected_run.hpp"
#include "support/failure_report.hpp"

namespace planwise::test {

Failures check_structure(const CollectedRun& run);     // S1-S7
Failures check_headcounts(const CollectedRun& run);    // H1-H5, H7
Failures check_events(const CollectedRun& run);        // E1-E9
Failures check_compensation(const CollectedRun& run);  // C1-C5
// hire_and_growth_checks.cpp (issue 15 item 5):
// H2's per-level split by largest remainder, C4's hire pay ranges, and E8
// for the first year (start salary = s0, start level = derived level).
Failures check_hires(const CollectedRun& run);
// C5 for compensation_growth's status and level rows.
Failures check_growth_rows(const CollectedRun& run);
Failures check_all(const CollectedRun& run);

}  // namespace planwise::test
