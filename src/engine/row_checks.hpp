// Spec §6.1–§6.4: the fatal checks evaluated on each row of a year (S2, S3,
// S6, E1, E2, E4–E7, C1–C4). Each re-derives its property from the stored
// columns. A member's row is final once the member pass is done, so that
// pass checks it while the row is in cache (issue 13 item 1); hire rows
// are checked after the new-hire terminations. Tallies of separate threads
// or passes merge in any order to the same report.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/employee_ids.hpp"
#include "engine/seed_tables.hpp"
#include "engine/validation_item.hpp"
#include "engine/year_frame.hpp"
#include "engine/year_levers.hpp"
#include "engine/year_steps.hpp"

namespace planwise::engine {

// What the row checks read besides the row.
struct RowCheckInputs {
  const YearFrame& frame;
  const SeedTables& seeds;
  const YearLevers& levers;
  const HireModel& hire_model;
  double cola_drift = 1.0;  // M_Y
};

// A fatal item: PASS with `what`, or FAIL with the count and first failure.
ValidationItem fatal_item(int year, const char* id, const char* what, std::size_t failures,
                          const std::string& first);

class RowCheckTallies {
 public:
  // Checks one row (a member or a hire) and counts its failures.
  void check(const RowCheckInputs& in, std::size_t row);
  void merge(const RowCheckTallies& other);
  // One item per row check, in the report's order; the first failure of a
  // check is the lowest row that failed it.
  void append_items(const RowCheckInputs& in, const EmployeeIds& ids, ValidationItems& out) const;

  enum Check { kS2, kS3, kS6, kE1, kE2, kE4, kE5, kE6, kE7, kC1, kC2, kC3, kC4, kCount };

 private:
  struct Tally {
    std::size_t failures = 0;
    std::size_t first_row = SIZE_MAX;
    std::string detail;
  };
  template <class Detail>
  void fail(Check check, std::size_t row, Detail&& detail);

  std::array<Tally, kCount> tallies_{};
};

// Checks rows [first, last) on this thread, all members or all hires:
// eight at a time in lanes when `lanes` (member_lanes_available()), the
// rest one at a time.
void check_rows_of_one_kind(const RowCheckInputs& in, std::size_t first, std::size_t last,
                            bool lanes, RowCheckTallies& tallies);
// Checks rows [first, last) on every thread and merges into `into`.
void check_row_range(const RowCheckInputs& in, std::size_t first, std::size_t last,
                     RowCheckTallies& into);

}  // namespace planwise::engine
