// Runs in the DuckDB store: writing one run in one transaction, listing and
// reading runs back. A run that fails or is killed leaves no rows: every
// row of a run is written inside one transaction, committed last.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/simulate.hpp"
#include "store/database.hpp"
#include "store/run_tables.hpp"

namespace planwise::store {

// One row of `runs`.
struct RunRecord {
  std::string run_id;
  std::string created_at;  // ISO-8601 UTC wall clock
  std::string scenario;
  std::uint64_t seed = 0;
  int start_year = 0;
  int end_year = 0;
  std::string status = "completed";
  std::string engine_version;
  std::string config_path;
  std::string census_path;
  std::string levers_path;
  std::string config_sha256;
  std::string census_sha256;
  std::string levers_sha256;
  std::string seeds_sha256;
  std::string effective_levers_sha256;
  std::int64_t census_rows = 0;
  std::int64_t baseline_active = 0;
  double baseline_avg_salary = 0.0;
  std::int64_t warning_count = 0;
  double load_ms = 0.0;
  double simulate_ms = 0.0;
  double total_ms = 0.0;
  std::string year_ms;  // JSON object {"2025": 12.3, ...}
  std::string command;
  // Issue 10 item 6 (runs columns added in place: NULL, read as the
  // defaults below, for runs stored before them).
  bool what_if = false;             // run with unsaved lever overrides
  std::string lever_overrides;      // JSON array of the override cells; "" when none
  std::string carried_lever_years;  // "" or "2030,2031": years given the last lever year's values
  std::optional<double> target_growth;  // the growth target the run was judged against
  std::optional<double> target_tolerance;
  std::optional<std::string> target_metric;  // "mean" | "final"
};

class RunWriter final : public engine::YearSink {
 public:
  // Opens the transaction; the run becomes visible only at commit. Only the
  // output tables named in `tables` (spec §5 names) get rows; `runs` always
  // gets the run's row.
  static Result<std::unique_ptr<RunWriter>> begin(Database& db, std::string run_id,
                                                  const std::vector<std::string>& tables);
  ~RunWriter() override;  // rolls back unless committed

  Status write_inputs(const engine::StagedCensus& census, const engine::EngineConfig& config,
                      const engine::ResolvedLevers& levers);
  Status on_year(const engine::YearOutput& year) override;
  // `in_transaction` runs just before COMMIT, so what it writes (the run's
  // audit entry) commits or rolls back with the run.
  Status commit(const RunRecord& record, const engine::ValidationItems& validation,
                const std::function<Status()>& in_transaction = {});

  struct Appenders;

 private:
  RunWriter(Database& db, std::string run_id);
  Database& db_;
  std::string run_id_;
  std::int64_t run_key_ = 0;
  std::string output_created_at_;
  std::unique_ptr<Appenders> appenders_;
  std::filesystem::path row_files_;  // empty: rows go into the database's tables
  bool open_ = false;
  bool committed_ = false;
};

Result<std::vector<RunRecord>> list_runs(Database& db);
Result<RunRecord> get_run(Database& db, const std::string& run_id);
// Stored rows of one run's table, ordered as written (year, then row order),
// with personal data (run_tables.hpp has the masked form).
Result<TextResult> run_table(Database& db, const std::string& run_id, const std::string& table);
Status delete_run(Database& db, const std::string& run_id);
// The effective lever set of a run: year, parameter, level, value, source.
Result<TextResult> run_lever_set(Database& db, const std::string& run_id);
// validation_report rows of a run that are not PASS.
Result<TextResult> run_issues(Database& db, const std::string& run_id);

// Per-year totals of a run's pay_budget rows (issue 10 contract A): year,
// merit, cola, promotion, new_hire_premium (annualised), total_payroll_prorated,
// run_rate_payroll_fye. nullopt when the database has no pay_budget table
// (it predates the budget tables) or the run has no rows in it.
Result<std::optional<TextResult>> pay_budget_totals(Database& db, const std::string& run_id);

// Copies a stored run's tables to Parquet files named <table>.parquet in
// `dir`, through a staging folder, so no half-written file is left behind.
// A non-empty `created_at` replaces the created_at column (run_table_select).
Status export_run_parquet(Database& db, const std::string& run_id, const std::string& dir,
                          const std::vector<std::string>& tables, PersonalData personal,
                          const std::string& created_at = {});

}  // namespace planwise::store
