// Issue 10 items 1, 3, 4: what a scenario carries beside its lever cells:
// whether it inherits from its base, whether it is archived, its target
// (growth, tolerance, metric) and its budget caps, plus the headline of its
// latest stored run. Added after schema version 1: a database without these
// tables reads as "no settings" (every default) until a read-write open
// creates them (schema.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

// The dashboard's defaults before targets were stored (issue 10 item 4):
// a scenario without a stored target has these.
struct ScenarioTarget {
  double growth = 0.02;
  double tolerance = 0.001;
  std::string metric = "mean";  // mean | final
};

struct ScenarioSettings {
  bool inherits = false;  // resolves through base_scenario_id before the default
  bool archived = false;
  ScenarioTarget target;
};

struct BudgetCap {
  int year = 0;
  std::string pool;     // merit | cola | promotion | total
  double amount = 0.0;  // dollars
};

// The headline of a scenario's latest stored run.
struct LastRun {
  std::string run_id;
  std::string created_at;  // ISO-8601 UTC
  bool what_if = false;
  std::optional<double> mean_growth;  // mean of year_summary.avg_comp_growth
  std::optional<std::int64_t> final_headcount;
  std::optional<double> run_rate_payroll_fye;  // null once the run's rows are purged
};

Status ensure_scenario_tables(Database& db);
// Both tables exist (a read-only open of an older file may lack them).
Result<bool> scenario_tables_exist(Database& db);

// Every default when the scenario has no row (or the tables are missing).
Result<ScenarioSettings> scenario_settings(Database& db, const std::string& scenario_id);
Status write_scenario_settings(Database& db, const std::string& scenario_id,
                               const ScenarioSettings& settings);
Result<std::vector<BudgetCap>> budget_caps(Database& db, const std::string& scenario_id);
// Replaces every cap of the scenario.
Status replace_budget_caps(Database& db, const std::string& scenario_id,
                           const std::vector<BudgetCap>& caps);
// Re-keys or removes a scenario's settings and caps (rename, delete).
Status rename_scenario_settings(Database& db, const std::string& from, const std::string& to);
Status delete_scenario_settings(Database& db, const std::string& scenario_id);
// Scenarios that inherit from `scenario_id` (they resolve through it).
Result<std::vector<std::string>> inheritors_of(Database& db, const std::string& scenario_id);

Result<std::optional<LastRun>> last_run_of(Database& db, const std::string& scenario_id);

}  // namespace planwise::store
