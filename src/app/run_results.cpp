#include "app/run_results.hpp"

#include <algorithm>

#include "app/existing_database.hpp"
#include "store/run_purge.hpp"

namespace planwise::app {

const std::vector<std::string>& snapshot_statuses() {
  static const std::vector<std::string> kStatuses = {"continuous_active", "experienced_termination",
                                                     "new_hire_active", "new_hire_termination"};
  return kStatuses;
}

Result<RunResults> run_results(const std::string& db_path, const std::string& run_id,
                               std::vector<std::string> statuses) {
  if (statuses.empty()) statuses = {"continuous_active", "new_hire_active"};
  for (const std::string& s : statuses) {
    if (std::find(snapshot_statuses().begin(), snapshot_statuses().end(), s) ==
        snapshot_statuses().end()) {
      return Error::invalid_input("request", 0, "status", "snapshot_status", s,
                                  "expected all, or continuous_active, experienced_termination, "
                                  "new_hire_active and new_hire_termination");
    }
  }
  auto db = open_existing_database(db_path);
  if (!db) return std::move(db).error();
  RunResults out;
  auto run = store::get_run(**db, run_id);
  if (!run) return std::move(run).error();
  out.run = std::move(run).value();
  // Computed from the employee rows: after a purge, an error, not empty results.
  PLANWISE_RETURN_IF_ERROR(store::check_not_purged(**db, run_id, "results"));
  out.statuses = statuses;
  // The statuses are checked above; they are still bound, not spliced.
  std::string in_list;
  std::vector<std::string> params = {run_id};
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    in_list += (i ? ", $" : "$") + std::to_string(i + 2);
    params.push_back(statuses[i]);
  }
  // The chosen statuses filter headcount, average FYE and selected_prorated;
  // total payroll (prorated) and run-rate payroll (FYE) are the year's, of
  // every status, as on every tab (issue 10, docs/model.md "Cost vocabulary").
  const std::string chosen = "detailed_status_code IN (" + in_list + ")";
  auto years = (*db)->query(
      "SELECT simulation_year, count(*) FILTER (WHERE " + chosen +
          ") AS headcount, avg(full_year_equivalent_compensation) FILTER (WHERE " + chosen +
          ") AS avg_fye, coalesce(sum(prorated_annual_compensation) FILTER (WHERE " + chosen +
          "), 0) AS selected_prorated, sum(prorated_annual_compensation) AS "
          "total_payroll_prorated, coalesce(sum(full_year_equivalent_compensation) FILTER (WHERE "
          "employment_status = 'active'), 0) AS run_rate_payroll_fye FROM workforce_snapshot "
          "WHERE run_id = $1 GROUP BY simulation_year ORDER BY simulation_year",
      params);
  if (!years) return std::move(years).error();
  out.years = std::move(years).value();
  auto counts = (*db)->query(
      "SELECT simulation_year, detailed_status_code AS status, count(*) AS count FROM "
      "workforce_snapshot "
      "WHERE run_id = $1 GROUP BY ALL ORDER BY simulation_year, status",
      {run_id});
  if (!counts) return std::move(counts).error();
  out.status_counts = std::move(counts).value();
  auto levels = (*db)->query(
      "SELECT simulation_year, level_id, count(*) AS headcount, "
      "avg(full_year_equivalent_compensation) AS avg_fye "
      "FROM workforce_snapshot WHERE run_id = $1 AND detailed_status_code IN (" +
          in_list + ") GROUP BY ALL ORDER BY simulation_year, level_id",
      params);
  if (!levels) return std::move(levels).error();
  out.by_level = std::move(levels).value();
  auto events = (*db)->query(
      "SELECT simulation_year, event_type, count(*) AS count FROM yearly_events WHERE run_id = $1 "
      "GROUP BY ALL "
      "ORDER BY simulation_year, event_type",
      {run_id});
  if (!events) return std::move(events).error();
  out.events = std::move(events).value();
  return out;
}

}  // namespace planwise::app
