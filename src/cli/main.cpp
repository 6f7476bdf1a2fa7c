// The `planwise` command line: flags and subcommands (CLI11 is included here
// only). Each subcommand fills an options struct
// and calls its handler in cli/*_commands.cpp; no business logic lives here.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>

#include "app/audit_key_source.hpp"
#include "app/inputs.hpp"
#include "app/users.hpp"
#include "cli/census_commands.hpp"
#include "cli/command_group.hpp"
#include "cli/commands.hpp"
#include "cli/ensemble_group.hpp"
#include "cli/export_group.hpp"
#include "cli/remote.hpp"
#include "cli/users_commands.hpp"
#include "server/serve.hpp"

namespace {

using namespace planwise;

std::string joined_args(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    // Appended piecewise: g++ 12 sees a bogus overflow in " " + std::string.
    if (i > 0) out += ' ';
    out += argv[i];
  }
  return out;
}

// Flags shared by the lever, scenario and audit commands.
struct LeverFlags {
  cli::LeverOptions options;
  std::string config;

  void add_db(CLI::App* c) {
    c->add_option("--db", options.target.db_path, "Database file")->capture_default_str();
  }
  void add_scenario(CLI::App* c) {
    c->add_option("--scenario", options.target.scenario, "Lever scenario")->capture_default_str();
  }
  void add_config(CLI::App* c) {
    c->add_option("--config", config,
                  "Run configuration YAML (for seed tables and the impact preview)");
  }
  void add_selectors(CLI::App* c) {
    c->add_option("--year", options.where.year, "Fiscal year, or all")->capture_default_str();
    c->add_option("--level", options.where.level, "Job level, or all")->capture_default_str();
  }
  void add_audit(CLI::App* c) {
    c->add_option("--reason", options.reason, "Why: recorded in the audit trail");
    c->add_option("--as", options.actor,
                  "Who: an enabled user of the database, recorded in the audit trail (default: "
                  "the OS user)");
  }
  Status finish(const std::filesystem::path& data_dir) {
    options.target.inputs.data_dir = data_dir;
    if (!config.empty()) options.target.inputs.config_path = config;
    auto actor = app::cli_actor(options.target.db_path, options.actor);
    if (!actor) return std::move(actor).error();
    options.actor = std::move(actor).value();
    return Status::success();
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"PlanWise Navigator: workforce simulation and compensation planning"};
  app.require_subcommand(1);
  const std::filesystem::path data_dir = app::find_data_dir(argv[0]);

  // simulate
  cli::SimulateOptions sim;
  sim.request.inputs.data_dir = data_dir;
  std::string config_path, census_path, levers_path, scenario, db_path = "planwise.duckdb",
                                                               export_dir, format = "csv";
  std::uint64_t seed = 0;
  int start_year = 0, end_year = 0;
  bool no_db = false;
  CLI::App* simulate = app.add_subcommand("simulate", "Run the workforce simulation and store it");
  simulate->add_option("--config", config_path,
                       "Run configuration YAML (default: data/simulation_config.yaml)");
  simulate->add_option("--census", census_path,
                       "Census file, CSV or .parquet (default: from the configuration)");
  simulate->add_option(
      "--levers", levers_path,
      "comp_levers.csv to use instead of the lever store (default: the store; with --no-db the "
      "bundled file)");
  simulate->add_option("--scenario", scenario,
                       "Lever scenario id (default: simulation.scenario_id)");
  auto* seed_opt =
      simulate->add_option("--seed", seed, "Random seed (default: simulation.random_seed)");
  auto* start_opt = simulate->add_option("--start-year", start_year, "First simulated year");
  auto* end_opt = simulate->add_option("--end-year", end_year, "Last simulated year");
  auto* db_opt =
      simulate->add_option("--db", db_path, "Run store database file")->capture_default_str();
  simulate->add_flag("--no-db", no_db, "Do not store the run")->excludes(db_opt);
  auto* export_opt =
      simulate->add_option("--export", export_dir, "Write the output tables into this folder");
  simulate->add_option("--format", format, "Export format")
      ->check(CLI::IsMember({"csv", "parquet"}))
      ->needs(export_opt)
      ->capture_default_str();
  simulate->add_flag("--json", sim.json, "Print one JSON summary object on stdout");
  simulate->add_flag("--quiet", sim.quiet, "No progress on stderr");
  simulate->add_flag("--extend-levers", sim.request.extend_levers,
                     "Past the last lever year, carry that year's levers forward (recorded)");
  std::string sim_checks;
  auto* checks_opt =
      simulate
          ->add_option("--checks", sim_checks,
                       "How much of each year is re-derived (docs/performance.md \"Checks\"): "
                       "full re-checks every row of every year (default for one run; always for "
                       "a stored or exported run); final re-checks the last year's rows and "
                       "every year's head counts (default with --seeds)")
          ->check(CLI::IsMember({"full", "final"}));
  std::string sim_as;
  simulate->add_option("--as", sim_as,
                       "Who runs it: an enabled user of the --db database, for the audit trail "
                       "(default: the OS user)");

  // gen-census
  app::CensusSpec census_spec;
  std::string census_out;
  CLI::App* gen =
      app.add_subcommand("gen-census", "Write a synthetic census in the bundled schema");
  gen->add_option("--employees", census_spec.employees, "Number of census rows")->required();
  gen->add_option("--seed", census_spec.seed, "Random seed")->capture_default_str();
  gen->add_option("--as-of-year", census_spec.as_of_year, "Census date is 31 Dec of this year")
      ->capture_default_str();
  gen->add_option("--out", census_out, "Output file (.csv or .parquet)")->required();

  // census import|list|anonymize (issue 14 items 1 and 5)
  CLI::App* census =
      app.add_subcommand("census", "Census files: import, list, anonymize (docs/data.md)");
  census->require_subcommand(1);
  auto censuses = cli::add_census_commands(*census, data_dir);

  // runs
  std::string runs_db = "planwise.duckdb", run_id;
  CLI::App* runs = app.add_subcommand("runs", "List, show, budget or purge stored runs");
  runs->require_subcommand(1);
  CLI::App* runs_list = runs->add_subcommand("list", "List stored runs");
  runs_list->add_option("--db", runs_db, "Run store database file")->capture_default_str();
  CLI::App* runs_show =
      runs->add_subcommand("show", "Show one run: provenance, years and lever set");
  runs_show->add_option("run_id", run_id, "Run id")->required();
  runs_show->add_option("--db", runs_db, "Run store database file")->capture_default_str();
  std::optional<int> budget_year;
  bool budget_json = false;
  CLI::App* runs_budget = runs->add_subcommand(
      "budget",
      "Show a run's pay budget by pool and level: merit, COLA, promotion, new-hire "
      "premium, in dollars and % of payroll (docs/model.md)");
  runs_budget->add_option("run_id", run_id, "Run id")->required();
  runs_budget->add_option("--year", budget_year, "Only this simulated year");
  runs_budget->add_flag("--json", budget_json, "Print the JSON of GET /api/runs/{id}/budget");
  runs_budget->add_option("--db", runs_db, "Run store database file")->capture_default_str();
  app::PurgeRequest purge;
  CLI::App* runs_purge = runs->add_subcommand(
      "purge", "Delete the employee-level rows of runs created before a date (keeps aggregates)");
  runs_purge->add_option("--before", purge.before, "Runs created before this day (YYYY-MM-DD, UTC)")
      ->required();
  runs_purge->add_option("--db", runs_db, "Run store database file")->capture_default_str();
  runs_purge->add_flag("--dry-run", purge.dry_run, "Only count what would be purged");
  runs_purge->add_option(
      "--as", purge.actor,
      "Who: recorded in the audit trail (an existing user; default: the OS user)");

  // compare (issue 10 item 2)
  app::CompareRequest cmp;
  cmp.inputs.data_dir = data_dir;
  std::vector<std::string> cmp_names;
  std::string cmp_db = "planwise.duckdb", cmp_csv, cmp_config;
  bool cmp_runs = false;
  CLI::App* compare = app.add_subcommand(
      "compare", "Compare 2 to 4 scenarios (their latest runs) or runs, year by year");
  compare->add_option("names", cmp_names, "Scenarios, or run ids with --runs")->required();
  compare->add_flag("--runs", cmp_runs, "The names are run ids");
  compare->add_option("--csv", cmp_csv, "Also write the comparison as CSV to this file");
  compare->add_option("--db", cmp_db, "Run store database file")->capture_default_str();
  compare->add_option("--config", cmp_config,
                      "Run configuration YAML (to simulate a scenario without runs)");

  // simulate --seeds and compare --seeds (ensemble_flags.cpp; issue 12)
  auto ensembles = cli::add_ensemble_commands(app, *simulate, *compare);
  auto sweeps = cli::add_sweep_commands(app, data_dir);
  auto anonymize = cli::add_anonymize_command(*census, data_dir);

  // sql
  std::string sql_text, sql_db = "planwise.duckdb", sql_format = "table";
  CLI::App* sql = app.add_subcommand("sql", "Read-only SQL on the run store");
  sql->add_option("query", sql_text, "SQL query")->required();
  sql->add_option("--db", sql_db, "Run store database file")->capture_default_str();
  sql->add_option("--format", sql_format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();

  // snapshot (issue 14 item 4)
  std::string snapshot_db = "planwise.duckdb";
  CLI::App* snapshot = app.add_subcommand(
      "snapshot",
      "Write a read-only copy of the database beside it, for notebooks and BI tools (through a "
      "running server too)");
  snapshot->add_option("--db", snapshot_db, "Database file")->capture_default_str();

  // levers
  LeverFlags lf;
  std::vector<std::string> assignments;
  std::string lever_file, parameter;
  CLI::App* levers =
      app.add_subcommand("levers", "Compensation levers: show, edit, lock, import, export, audit");
  levers->require_subcommand(1);
  CLI::App* l_show =
      levers->add_subcommand("show", "Effective levers of a scenario, with sources and locks");
  CLI::App* l_set = levers->add_subcommand(
      "set", "Set levers: planwise levers set merit_base=0.035 cola_rate=0.02");
  l_set->add_option("assignments", assignments, "NAME=VALUE pairs (fractions: 0.035 = 3.5 %)")
      ->required();
  l_set->add_flag("--dry-run", lf.options.dry_run,
                  "Simulate current and proposed levers, save nothing");
  l_set->add_flag("--confirm", lf.options.confirm,
                  "Write into a past or current plan year of a scenario that locks none of them");
  std::string preview_census;
  l_set->add_option("--census", preview_census,
                    "Census for the --dry-run simulation (default: the configuration's)");
  CLI::App* l_import =
      levers->add_subcommand("import", "Import a comp_levers.csv file into a scenario");
  l_import->add_option("file", lever_file, "comp_levers.csv")->required();
  l_import->add_flag("--dry-run", lf.options.dry_run, "Show what would change; save nothing");
  CLI::App* l_export =
      levers->add_subcommand("export", "Export a scenario's effective levers as comp_levers.csv");
  l_export->add_option("file", lever_file, "Output CSV")->required();
  CLI::App* l_validate =
      levers->add_subcommand("validate", "Check a scenario's levers (exit 2 on errors)");
  CLI::App* l_lock = levers->add_subcommand("lock", "Lock cells of a parameter");
  l_lock->add_option("parameter", parameter, "Lever name")->required();
  CLI::App* l_unlock = levers->add_subcommand("unlock", "Unlock cells of a parameter");
  l_unlock->add_option("parameter", parameter, "Lever name")->required();
  CLI::App* l_history = levers->add_subcommand("history", "Audit entries of a scenario's levers");
  l_history->add_option("parameter", parameter, "Lever name (default: all)");
  for (CLI::App* c : {l_show, l_set, l_import, l_export, l_validate, l_lock, l_unlock, l_history}) {
    lf.add_db(c);
    lf.add_scenario(c);
    lf.add_config(c);
  }
  for (CLI::App* c : {l_show, l_set, l_lock, l_unlock, l_history}) lf.add_selectors(c);
  for (CLI::App* c : {l_set, l_import, l_lock, l_unlock}) lf.add_audit(c);

  // scenario
  std::string from = "default", description, new_name, other;
  bool inherit = false, list_archived = false;
  CLI::App* scen = app.add_subcommand(
      "scenario",
      "Lever scenarios: create, list, rename, archive, delete, target, budget caps, diff");
  scen->require_subcommand(1);
  CLI::App* s_create = scen->add_subcommand(
      "create", "Create a scenario: a copy of another's effective levers and locks, or --inherit");
  s_create->add_option("name", lf.options.target.scenario, "New scenario")->required();
  s_create->add_option("--from", from, "Scenario to start from")->capture_default_str();
  s_create->add_flag("--inherit", inherit,
                     "Store nothing: resolve through --from, so its later edits show through");
  s_create->add_option("--description", description, "What the scenario is for");
  CLI::App* s_list = scen->add_subcommand("list", "List scenarios");
  s_list->add_flag("--archived", list_archived, "Include archived scenarios");
  CLI::App* s_rename = scen->add_subcommand("rename", "Rename a scenario");
  s_rename->add_option("name", lf.options.target.scenario, "Scenario")->required();
  s_rename->add_option("new_name", new_name, "New name")->required();
  CLI::App* s_archive =
      scen->add_subcommand("archive", "Archive a scenario: hidden from lists, not editable");
  CLI::App* s_unarchive = scen->add_subcommand("unarchive", "Unarchive a scenario");
  CLI::App* s_delete = scen->add_subcommand(
      "delete", "Delete a scenario (refused if audit entries, runs or inheritors name it)");
  app::TargetChange target_change;
  CLI::App* s_target = scen->add_subcommand(
      "target", "Set a scenario's target (unset flags keep their current value)");
  s_target->add_option("--growth", target_change.growth, "Target growth (0.02 = 2 %)");
  s_target->add_option("--tolerance", target_change.tolerance, "Tolerance (0.001 = 0.1 point)");
  s_target->add_option("--metric", target_change.metric, "mean (of the years) or final");
  store::BudgetCap cap;
  CLI::App* s_budget =
      scen->add_subcommand("budget", "Set one budget cap of a scenario (a year and pool)");
  s_budget->add_option("--year", cap.year, "Lever year")->required();
  s_budget
      ->add_option(
          "--pool", cap.pool,
          "merit, cola, promotion, total (of the four pools) or payroll (total payroll, prorated)")
      ->required();
  s_budget->add_option("--amount", cap.amount, "Cap in dollars")->required();
  for (CLI::App* c : {s_archive, s_unarchive, s_delete, s_target, s_budget})
    c->add_option("name", lf.options.target.scenario, "Scenario")->required();
  CLI::App* s_diff = scen->add_subcommand("diff", "Lever and metric differences of two scenarios");
  s_diff->add_option("a", lf.options.target.scenario, "First scenario")->required();
  s_diff->add_option("b", other, "Second scenario")->required();
  for (CLI::App* c :
       {s_create, s_list, s_rename, s_archive, s_unarchive, s_delete, s_target, s_budget, s_diff}) {
    lf.add_db(c);
    lf.add_config(c);
  }
  for (CLI::App* c : {s_create, s_rename, s_archive, s_unarchive, s_delete, s_target, s_budget})
    lf.add_audit(c);

  // audit
  std::string audit_db = "planwise.duckdb", audit_scenario, since;
  CLI::App* audit =
      app.add_subcommand("audit", "The audit trail: list entries or verify the hash chain");
  audit->require_subcommand(1);
  CLI::App* a_log = audit->add_subcommand("log", "List audit entries");
  a_log->add_option("--scenario", audit_scenario, "Only this scenario");
  a_log->add_option("--since", since,
                    "Only entries at or after this time (ISO-8601, e.g. 2026-11-27)");
  CLI::App* a_verify =
      audit->add_subcommand("verify", "Verify the hash chain (exit 0 when intact)");
  bool allow_unkeyed_prefix = false, audit_json = false;
  a_verify->add_flag("--allow-unkeyed-prefix", allow_unkeyed_prefix,
                     "With an audit key: accept unkeyed entries written before the key was "
                     "introduced, at the start of the trail (their count is reported)");
  a_verify->add_flag("--json", audit_json, "Print the verification as JSON (as the API returns)");
  for (CLI::App* c : {a_log, a_verify})
    c->add_option("--db", audit_db, "Database file")->capture_default_str();

  // optimize (optimize_flags.cpp) and governance (governance_flags.cpp)
  auto optimize = cli::add_optimize_commands(app, data_dir, joined_args(argc, argv));
  auto governance = cli::add_governance_commands(app, *scen, data_dir);
  auto reports = cli::add_report_commands(app, data_dir);
  auto exports = cli::add_export_commands(app);  // runs|optimize|ensembles export (issue 14)

  // serve
  server::ServeOptions serve_options;
  std::string serve_config;
  CLI::App* serve =
      app.add_subcommand("serve", "Serve the analyst dashboard and its JSON API (docs/api.md)");
  serve
      ->add_option("--host", serve_options.http.host,
                   "Address to bind (a non-loopback one needs users or an admin token)")
      ->capture_default_str();
  serve->add_option("--port", serve_options.http.port, "Port")->capture_default_str();
  serve->add_option("--db", serve_options.service.db_path, "Database file")->capture_default_str();
  serve->add_option("--token-file", serve_options.token_file,
                    "File holding a single admin's bearer token (or set $PLANWISE_TOKEN)");
  serve->add_option("--token", serve_options.http.token,
                    "A single admin's bearer token (shows in ps: prefer --token-file or "
                    "$PLANWISE_TOKEN)");
  serve->add_option("--public-host", serve_options.http.public_host,
                    "The name clients use behind a TLS proxy (accepted as Host; https origin)");
  serve
      ->add_option("--employee-data-roles", serve_options.employee_data_roles,
                   "Roles that see SSNs and birth dates unmasked")
      ->capture_default_str();
  serve->add_option("--web", serve_options.http.web_root,
                    "Folder of the dashboard's files (default: web/)");
  serve->add_option("--config", serve_config, "Run configuration YAML");
  std::string serve_census;
  serve->add_option("--census", serve_census, "Census file (default: from the configuration)");
  // Issue 14 item 1: census uploads stream to disk under this limit.
  std::size_t max_upload_mb = 200;
  serve
      ->add_option("--max-upload-mb", max_upload_mb,
                   "Largest census file the dashboard accepts, in MiB (streamed to disk)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}))
      ->capture_default_str();

  // bench
  app::BenchOptions bench_options;
  CLI::App* bench = app.add_subcommand("bench", "Benchmark the engine on the reference cases");
  bench->add_flag("--quick", bench_options.quick, "Small sizes, for a smoke test");
  bench->add_option("--repeat", bench_options.repeat, "Repetitions per case (median reported)")
      ->capture_default_str();
  bench
      ->add_option("--work-dir", bench_options.work_dir,
                   "Folder for generated censuses and databases")
      ->capture_default_str();
  bench->add_option("--only", bench_options.only,
                    "Run only the cases whose name and mode contain this text, e.g. "
                    "\"1000000 employees, event log in memory\"");
  bool bench_json = false;
  bench->add_flag("--json", bench_json, "Print the machine and every case as one JSON object");
  bench_options.data_dir = data_dir;

  // users
  cli::UsersOptions users;
  CLI::App* users_cmd = app.add_subcommand(
      "users", "Users of the dashboard's API: add, list, disable, rotate-token (docs/cli.md)");
  users_cmd->require_subcommand(1);
  CLI::App* u_add = users_cmd->add_subcommand("add", "Add a user; prints its token once");
  u_add->add_option("name", users.name, "User name: 1-64 of A-Z a-z 0-9 . _ -")->required();
  u_add->add_option("--role", users.role, "analyst, approver, compliance, executive or admin")
      ->required();
  CLI::App* u_list = users_cmd->add_subcommand("list", "List users (never their tokens)");
  CLI::App* u_disable =
      users_cmd->add_subcommand("disable", "Disable a user: its token stops working");
  u_disable->add_option("name", users.name, "User name")->required();
  CLI::App* u_rotate =
      users_cmd->add_subcommand("rotate-token", "Replace a user's token; prints it once");
  u_rotate->add_option("name", users.name, "User name")->required();
  for (CLI::App* c : {u_add, u_list, u_disable, u_rotate})
    c->add_option("--db", users.db, "Database file")->capture_default_str();
  for (CLI::App* c : {u_add, u_disable, u_rotate}) {
    c->add_option("--as", users.as,
                  "Who: an enabled user of the database, recorded in the audit trail (default: "
                  "the OS user)");
  }

  CLI11_PARSE(app, argc, argv);
  // Issue 11 item 4: the audit key, read once before any command appends to
  // or verifies the trail; a key given but unusable stops every command.
  if (auto key = app::use_audit_key_from_environment(); !key) return cli::fail(key.error());
  // Issue 14 item 4: on a database a running server holds, these go through
  // its API; every other command with a --db stops with a message naming it.
  const std::vector<cli::RemoteCommand> remote = {
      {runs_list, [&](cli::ServerClient& s) { return cli::remote_runs_list(s, runs_db); }},
      {runs_show, [&](cli::ServerClient& s) { return cli::remote_runs_show(s, run_id); }},
      {snapshot, [&](cli::ServerClient& s) { return cli::remote_snapshot(s); }},
      {sql, [&](cli::ServerClient& s) { return cli::remote_sql(s, sql_text, sql_format); }},
      {l_show, [&](cli::ServerClient& s) { return cli::remote_levers_show(s, lf.options); }},
      {l_set,
       [&](cli::ServerClient& s) { return cli::remote_levers_set(s, lf.options, assignments); },
       &lf.options.actor},
      {l_lock,
       [&](cli::ServerClient& s) {
         return cli::remote_levers_lock(s, lf.options, parameter, true);
       },
       &lf.options.actor},
      {l_unlock,
       [&](cli::ServerClient& s) {
         return cli::remote_levers_lock(s, lf.options, parameter, false);
       },
       &lf.options.actor},
      {a_log,
       [&](cli::ServerClient& s) { return cli::remote_audit_log(s, audit_scenario, since); }}};
  if (auto code = cli::run_through_server(app, remote)) return *code;
  if (u_add->parsed()) return cli::run_users_add(users);
  if (u_list->parsed()) return cli::run_users_list(users);
  if (u_disable->parsed()) return cli::run_users_disable(users);
  if (u_rotate->parsed()) return cli::run_users_rotate(users);
  if (auto code = governance->run()) return *code;
  if (auto code = reports->run()) return *code;
  if (auto code = exports->run()) return *code;
  if (auto code = censuses->run()) return *code;
  if (Status s = lf.finish(data_dir); !s.ok()) return cli::fail(s.error());
  if (!preview_census.empty()) lf.options.target.inputs.census_path = preview_census;

  if (simulate->parsed()) {
    app::SimulateRequest& r = sim.request;
    if (!config_path.empty()) r.inputs.config_path = config_path;
    if (!census_path.empty()) {  // a file, or a stored census's name or hash (issue 14)
      auto census_file = app::census_file_argument(db_path, census_path);
      if (!census_file) return cli::fail(census_file.error());
      r.inputs.census_path = *census_file;
    }
    if (!levers_path.empty()) r.inputs.levers_path = levers_path;
    if (!scenario.empty()) r.inputs.scenario = scenario;
    if (seed_opt->count()) r.inputs.seed = seed;
    if (start_opt->count()) r.inputs.start_year = start_year;
    if (end_opt->count()) r.inputs.end_year = end_year;
    if (!no_db) r.db_path = db_path;
    if (!export_dir.empty()) r.export_dir = export_dir;
    r.export_format = format == "parquet" ? app::ExportFormat::kParquet : app::ExportFormat::kCsv;
    if (checks_opt->count()) {
      r.checks = sim_checks == "final" ? engine::ChecksLevel::kFinal : engine::ChecksLevel::kFull;
    }
    r.command = joined_args(argc, argv);
    auto actor = app::cli_actor(db_path, sim_as);
    if (!actor) return cli::fail(actor.error());
    r.actor = std::move(actor).value();
    if (auto code = ensembles->run_simulate(r, sim.json, sim.quiet)) return *code;
    return cli::run_simulate(std::move(sim));
  }
  if (gen->parsed()) return cli::run_gen_census(census_spec, census_out);
  if (runs_list->parsed()) return cli::run_runs_list(runs_db);
  if (runs_show->parsed()) return cli::run_runs_show(runs_db, run_id);
  if (runs_budget->parsed()) return cli::run_runs_budget(runs_db, run_id, budget_year, budget_json);
  if (runs_purge->parsed()) {
    purge.db_path = runs_db;
    purge.command = joined_args(argc, argv);
    auto actor = app::cli_actor(runs_db, purge.actor);
    if (!actor) return cli::fail(actor.error());
    purge.actor = std::move(actor).value();
    return cli::run_runs_purge(purge);
  }
  if (sql->parsed()) return cli::run_sql(sql_db, sql_text, sql_format);
  if (snapshot->parsed()) return cli::run_snapshot(snapshot_db);
  if (compare->parsed()) {
    cli::EnsembleCommands::CompareFlags paired{cmp_names, cmp_runs, cmp_db, cmp_csv, cmp.inputs};
    if (!cmp_config.empty()) paired.inputs.config_path = cmp_config;
    if (auto code = ensembles->run_compare(paired)) return *code;
    (cmp_runs ? cmp.runs : cmp.scenarios) = cmp_names;
    cmp.db_path = cmp_db;
    if (!cmp_config.empty()) cmp.inputs.config_path = cmp_config;
    if (auto code = exports->run_compare(cmp)) return *code;
    return cli::run_compare(cmp, cmp_csv);
  }
  if (auto code = ensembles->run()) return *code;
  if (auto code = sweeps->run()) return *code;
  if (auto code = anonymize->run()) return *code;
  if (bench->parsed()) return cli::run_bench(bench_options, bench_json);
  if (serve->parsed()) {
    serve_options.service.inputs.data_dir = data_dir;
    if (!serve_config.empty()) serve_options.service.inputs.config_path = serve_config;
    if (!serve_census.empty()) serve_options.service.inputs.census_path = serve_census;
    serve_options.service.max_upload_bytes = max_upload_mb << 20;
    if (serve_options.http.web_root.empty())
      serve_options.http.web_root = server::find_web_root(data_dir);
    return server::serve(serve_options);
  }
  if (auto code = optimize->run()) return *code;
  const cli::LeverOptions& lo = lf.options;
  if (l_show->parsed()) return cli::run_levers_show(lo);
  if (l_set->parsed()) return cli::run_levers_set(lo, assignments);
  if (l_import->parsed()) return cli::run_levers_import(lo, lever_file);
  if (l_export->parsed()) return cli::run_levers_export(lo, lever_file);
  if (l_validate->parsed()) return cli::run_levers_validate(lo);
  if (l_lock->parsed()) return cli::run_levers_lock(lo, parameter, true);
  if (l_unlock->parsed()) return cli::run_levers_lock(lo, parameter, false);
  if (l_history->parsed()) return cli::run_levers_history(lo, parameter);
  if (s_create->parsed()) return cli::run_scenario_create(lo, from, description, inherit);
  if (s_list->parsed()) return cli::run_scenario_list(lo, list_archived);
  if (s_rename->parsed()) return cli::run_scenario_rename(lo, new_name);
  if (s_archive->parsed()) return cli::run_scenario_archive(lo, true);
  if (s_unarchive->parsed()) return cli::run_scenario_archive(lo, false);
  if (s_delete->parsed()) return cli::run_scenario_delete(lo);
  if (s_target->parsed()) return cli::run_scenario_target(lo, target_change);
  if (s_budget->parsed()) return cli::run_scenario_budget(lo, cap);
  if (s_diff->parsed()) return cli::run_scenario_diff(lo, other);
  if (a_log->parsed()) return cli::run_audit_log(audit_db, audit_scenario, since);
  if (a_verify->parsed()) return cli::run_audit_verify(audit_db, allow_unkeyed_prefix, audit_json);
  return 0;
}
