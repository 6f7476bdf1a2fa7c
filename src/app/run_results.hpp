// What the dashboard's Results tab draws from a stored run (issue 5):
// per-year head count, average full-year-equivalent pay and prorated pay
// of the chosen statuses, the year's total payroll (prorated) and run-rate
// payroll (FYE) of everyone, status counts, figures by level and event counts.
// Computed by SQL on the stored views, so a restarted server still has them.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"
#include "store/run_store.hpp"

namespace planwise::app {

// The snapshot statuses (spec §5.2 detailed_status_code).
const std::vector<std::string>& snapshot_statuses();

struct RunResults {
  store::RunRecord run;
  std::vector<std::string> statuses;
  // simulation_year, headcount, avg_fye, selected_prorated (the chosen
  // statuses), total_payroll_prorated and run_rate_payroll_fye (every status).
  store::TextResult years;
  store::TextResult status_counts;  // simulation_year, status, count (every status)
  store::TextResult by_level;       // simulation_year, level_id, headcount, avg_fye
  store::TextResult events;         // simulation_year, event_type, count
};

// `statuses` empty: continuous_active and new_hire_active. An unknown
// status is an input error naming the field `status`.
Result<RunResults> run_results(const std::string& db_path, const std::string& run_id,
                               std::vector<std::string> statuses);

}  // namespace planwise::app
