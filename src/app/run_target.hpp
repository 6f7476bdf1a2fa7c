// Issue 10 item 4: the growth target a run is judged against, recorded with
// the run (runs.target_growth / target_tolerance / target_metric).
#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"

namespace planwise::store {
class Database;
}

namespace planwise::app {

struct RunTarget {
  double growth = 0.02;         // mean (or final-year) pay growth aimed at, a fraction
  double tolerance = 0.001;     // |growth - target| within this is "on target"
  std::string metric = "mean";  // "mean" of the years, or the "final" year
};

// The target of a run of `scenario` whose request names none: the one the
// scenario stores (scenario_settings), else the defaults above. `db` may be
// null (a run without a store: the defaults).
Result<RunTarget> run_target_for_scenario(store::Database* db, const std::string& scenario);

// The request's target when it names one (checked), else the one the
// scenario stores in the database at `db_path` when that file exists (read
// only, nothing is created), else the defaults.
Result<RunTarget> requested_or_stored_target(const std::optional<RunTarget>& requested,
                                             const std::optional<std::string>& db_path,
                                             const std::string& scenario);

// A target from a request: growth finite, tolerance >= 0, metric mean|final;
// an error names the field (target.growth, target.tolerance, target.metric).
Status check_run_target(const RunTarget& target);

}  // namespace planwise::app
