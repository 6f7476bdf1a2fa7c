// The lever store's tables (issue 3): lever values per scenario and cell,
// scenarios, and the parameter catalogue. Plain reads and writes; the rules
// (validation, locks, audit) live in levers/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"
#include "store/scenario_tables.hpp"

namespace planwise::store {

// One stored cell of a scenario.
struct LeverCell {
  std::string scenario_id;
  int fiscal_year = 0;
  int job_level = 0;
  std::string event_type;  // upper case: RAISE, PROMOTION, HIRE
  std::string parameter_name;
  double value = 0.0;
  bool is_locked = false;
  std::string updated_at;  // ISO-8601 UTC
  std::string updated_by;
};

struct ScenarioRecord {
  std::string scenario_id;
  std::string description;
  std::string base_scenario_id;  // empty for default
  std::string created_at;
  std::string created_by;
  std::int64_t stored_cells = 0;  // rows of its own
  std::int64_t locked_cells = 0;  // of those, locked
  ScenarioSettings settings;      // defaults when none are stored
};

struct CatalogueEntry {
  std::string parameter_name;
  std::string event_type;
  std::string unit;
  double min_value = 0.0;
  double max_value = 0.0;
  std::string default_value;  // text: a number or where the default comes from
  std::string description;
};

// Every stored cell of a scenario, ordered by parameter, year, level.
Result<std::vector<LeverCell>> stored_cells(Database& db, const std::string& scenario_id);
Result<std::int64_t> count_cells(Database& db);
// Inserts or replaces cells (key: scenario, year, level, event type, parameter).
Status upsert_cells(Database& db, const std::vector<LeverCell>& cells);
Status delete_cells(Database& db, const std::string& scenario_id);

Result<std::vector<ScenarioRecord>> list_scenarios(Database& db);
Result<std::optional<ScenarioRecord>> find_scenario(Database& db, const std::string& scenario_id);
// A scenario's place in its inheritance chain alone: what resolving its
// levers needs, without find_scenario's cell counts (a grouped join of every
// lever cell, 2-5 ms; this is about 0.5 ms, issue 13 item 4).
struct ScenarioLink {
  std::string base_scenario_id;  // empty for default
  bool inherits = false;
};
Result<std::optional<ScenarioLink>> find_scenario_link(Database& db,
                                                       const std::string& scenario_id);
// Writes the scenarios row only: its settings are written apart
// (write_scenario_settings), in the same transaction.
Status insert_scenario(Database& db, const ScenarioRecord& scenario);
Status rename_scenario(Database& db, const std::string& from, const std::string& to);
Status delete_scenario(Database& db, const std::string& scenario_id);
// Runs stored for a scenario (a scenario with runs cannot be deleted).
Result<std::int64_t> count_runs_of(Database& db, const std::string& scenario_id);
// The newest stored run of a scenario, if any.
Result<std::optional<std::string>> latest_run_of(Database& db, const std::string& scenario_id);

Status replace_catalogue(Database& db, const std::vector<CatalogueEntry>& entries);
Result<std::vector<CatalogueEntry>> catalogue(Database& db);

}  // namespace planwise::store
