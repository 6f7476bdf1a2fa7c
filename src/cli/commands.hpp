// Command handlers of `planwise`: each takes its parsed options, calls one
// app/ use case and prints. main.cpp (the only CLI11 translation unit) only
// declares flags and dispatches here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/cli_json.hpp"
#include "app/benchmark.hpp"
#include "app/census_generator.hpp"
#include "app/compare.hpp"
#include "app/lever_commands.hpp"
#include "app/optimize.hpp"
#include "app/run_purge.hpp"
#include "app/run_simulation.hpp"
#include "app/scenario_commands.hpp"
#include "app/sql_query.hpp"
#include "common/error.hpp"

namespace planwise::cli {

// Prints the error on stderr and returns its exit code.
int fail(const Error& error);
// A query result as an aligned table, CSV or JSON.
std::string query_table_text(const app::QueryTable& table, const std::string& format);

struct SimulateOptions {
  app::SimulateRequest request;
  bool json = false;
  bool quiet = false;
};
int run_simulate(SimulateOptions options);

int run_gen_census(const app::CensusSpec& spec, const std::string& out);
int run_runs_list(const std::string& db);
// What `runs list` prints, locally or through the server (issue 14 item 4).
void print_runs_list(const std::vector<api::RunListRow>& runs, const std::string& db);
void print_run_details(const app::RunDetails& details);
int run_runs_show(const std::string& db, const std::string& run_id);
int run_runs_budget(const std::string& db, const std::string& run_id, std::optional<int> year,
                    bool json);
int run_runs_purge(const app::PurgeRequest& request);
int run_sql(const std::string& db, const std::string& sql, const std::string& format);
// `planwise snapshot` (issue 14 item 4): a read-only copy for notebooks.
int run_snapshot(const std::string& db);
void print_snapshot(const std::string& path, std::uintmax_t bytes);
int run_bench(const app::BenchOptions& options, bool json);

// levers show|set|import|export|validate|lock|unlock|history
struct LeverOptions {
  app::LeverTarget target;
  app::SelectorText where;
  std::string reason;
  std::string actor;
  bool dry_run = false;
  bool confirm = false;  // levers set --confirm (app/unlocked_past.hpp)
  bool json = false;
};
int run_levers_show(const LeverOptions& o);
int run_levers_set(const LeverOptions& o, const std::vector<std::string>& assignments);
// What `levers show` and `levers set` print, locally or through the server
// (issue 14 item 4); print_levers_view returns the exit code (--year and
// --level are checked there).
int print_levers_view(const app::LeverView& view, const LeverOptions& o);
void print_lever_outcome(const app::LeverWriteOutcome& outcome);
void print_levers_lock(const LeverOptions& o, const std::string& parameter, bool lock,
                       const app::LeverWriteOutcome& outcome);
// What `audit log` and `levers history` print.
void print_audit(const std::vector<store::AuditRow>& rows);
int run_levers_import(const LeverOptions& o, const std::string& file);
int run_levers_export(const LeverOptions& o, const std::string& file);
int run_levers_validate(const LeverOptions& o);
int run_levers_lock(const LeverOptions& o, const std::string& parameter, bool lock);
int run_levers_history(const LeverOptions& o, const std::string& parameter);

// scenario create|list|rename|archive|unarchive|delete|target|budget|diff
// (scenario_commands.cpp; diff in lever_commands.cpp)
int run_scenario_create(const LeverOptions& o, const std::string& from,
                        const std::string& description, bool inherit);
int run_scenario_list(const LeverOptions& o, bool include_archived);
int run_scenario_rename(const LeverOptions& o, const std::string& to);
int run_scenario_archive(const LeverOptions& o, bool archived);
int run_scenario_delete(const LeverOptions& o);
int run_scenario_target(const LeverOptions& o, const app::TargetChange& change);
int run_scenario_budget(const LeverOptions& o, const store::BudgetCap& cap);
int run_scenario_diff(const LeverOptions& o, const std::string& other);

// optimize, and optimize list|show|summary|report
struct OptimizeOptions {
  app::OptimizeRequest request;
  bool json = false;
  bool quiet = false;
};
int run_optimize(const OptimizeOptions& options);
int run_optimize_list(const std::string& db, bool json);
// `what`: show | summary | report; `out_file` empty prints to stdout.
int run_optimize_show(const std::string& db, const std::string& id, const std::string& what,
                      bool json, const std::string& out_file);

// compare A B [C D] [--runs] [--csv FILE]; `csv_file` empty writes no CSV.
int run_compare(const app::CompareRequest& request, const std::string& csv_file);

// audit log|verify
int run_audit_log(const std::string& db, const std::string& scenario, const std::string& since);
int run_audit_verify(const std::string& db, bool allow_unkeyed_prefix, bool json);

}  // namespace planwise::cli
