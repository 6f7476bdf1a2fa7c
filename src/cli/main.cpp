// The `planwise` command line (the only CLI11 translation unit). Commands
// parse flags, call one app/ use case and print; no business logic here.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <thread>

#include "api/run_json.hpp"
#include "app/benchmark.hpp"
#include "app/census_generator.hpp"
#include "app/run_history.hpp"
#include "app/run_simulation.hpp"
#include "app/sql_query.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace {

using namespace planwise;
using cli::dollars;
using cli::percent;
using cli::with_commas;

int fail(const Error& error) {
  std::fprintf(stderr, "planwise: error (%s): %s\n", error_kind_name(error.kind),
               error.to_string_all().c_str());
  return cli::exit_code(error.kind);
}

std::string joined_args(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) out += (i ? " " : "") + std::string(argv[i]);
  return out;
}

std::string summary_table(const app::SimulateOutcome& o) {
  cli::TextTablePrinter t({"Year", "Start", "Exp. exits", "Hires", "NH exits", "Promotions",
                           "Raises", "End", "Target", "HC growth", "Avg FYE pay", "Pay growth",
                           "Prorated cost"});
  for (const engine::YearSummary& y : o.result.years) {
    t.add_row({std::to_string(y.year), with_commas(y.start_headcount),
               with_commas(y.experienced_terminations), with_commas(y.hires),
               with_commas(y.new_hire_terminations), with_commas(y.promotions),
               with_commas(y.raises), with_commas(y.end_headcount),
               with_commas(y.target_end_headcount), percent(y.headcount_growth),
               y.avg_fye_active ? dollars(*y.avg_fye_active) : "-", percent(y.avg_comp_growth),
               dollars(y.total_prorated_compensation)});
  }
  std::string out = "PlanWise Navigator simulation: scenario " + o.scenario + ", seed " +
                    std::to_string(o.seed) + ", years " + std::to_string(o.start_year) + "-" +
                    std::to_string(o.end_year) + "\n";
  out += "Run id: " + (o.run_id ? *o.run_id : std::string("(not stored: --no-db)")) + "\n";
  out += "Baseline: " + with_commas(o.result.baseline.active) +
         " active employees, average salary " + dollars(o.result.baseline.avg_salary) + "\n\n";
  out += t.render();
  out +=
      "\nPay growth is the growth of average full-year-equivalent pay of year-end actives "
      "(avg_comp_growth).\n";
  if (!o.warnings.empty()) {
    out += std::to_string(o.warnings.size()) + " warnings (see validation_report";
    out += o.run_id ? ", or `planwise runs show " + *o.run_id + "`)\n" : ")\n";
  }
  out += "Time: " + shortest_text(std::round(o.total_ms * 10) / 10) + " ms (load " +
         shortest_text(std::round(o.load_ms * 10) / 10) + " ms, simulate " +
         shortest_text(std::round(o.simulate_ms * 10) / 10) + " ms)\n";
  return out;
}

std::string query_table_text(const app::QueryTable& table, const std::string& format) {
  if (format == "json") return api::query_table_json(table) + "\n";
  if (format == "csv") {
    std::string out;
    auto field = [](const std::string& v) {
      if (v.find_first_of(",\"\n") == std::string::npos) return v;
      std::string q = "\"";
      for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      out += (c ? "," : "") + field(table.columns[c]);
    out += "\n";
    for (const auto& row : table.rows) {
      for (std::size_t c = 0; c < row.size(); ++c)
        out += (c ? "," : "") + (row[c] ? field(*row[c]) : "");
      out += "\n";
    }
    return out;
  }
  cli::TextTablePrinter t(table.columns);
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row) cells.push_back(cell.value_or("NULL"));
    t.add_row(std::move(cells));
  }
  return t.render() + "(" + std::to_string(table.rows.size()) + " rows)\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"PlanWise Navigator: workforce simulation and compensation planning"};
  app.require_subcommand(1);
  const std::filesystem::path data_dir = app::find_data_dir(argv[0]);

  // simulate
  app::SimulateRequest sim;
  sim.inputs.data_dir = data_dir;
  std::string config_path, census_path, levers_path, scenario, db_path = "planwise.duckdb",
                                                               export_dir, format = "csv";
  std::uint64_t seed = 0;
  int start_year = 0, end_year = 0;
  bool no_db = false, as_json = false, quiet = false;
  CLI::App* simulate = app.add_subcommand("simulate", "Run the workforce simulation and store it");
  simulate->add_option("--config", config_path,
                       "Run configuration YAML (default: bundled data/simulation_config.yaml)");
  simulate->add_option("--census", census_path,
                       "Census file, CSV or .parquet (default: from the configuration)");
  simulate->add_option("--levers", levers_path,
                       "comp_levers.csv (default: comp_levers.csv in the seeds folder)");
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
  simulate->add_flag("--json", as_json, "Print one JSON summary object on stdout");
  simulate->add_flag("--quiet", quiet, "No progress on stderr");

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

  // runs
  std::string runs_db = "planwise.duckdb", run_id;
  CLI::App* runs = app.add_subcommand("runs", "List or show stored runs");
  runs->require_subcommand(1);
  CLI::App* runs_list = runs->add_subcommand("list", "List stored runs");
  runs_list->add_option("--db", runs_db, "Run store database file")->capture_default_str();
  CLI::App* runs_show =
      runs->add_subcommand("show", "Show one run: provenance, years and lever set");
  runs_show->add_option("run_id", run_id, "Run id")->required();
  runs_show->add_option("--db", runs_db, "Run store database file")->capture_default_str();

  // sql
  std::string sql_text, sql_db = "planwise.duckdb", sql_format = "table";
  CLI::App* sql = app.add_subcommand("sql", "Read-only SQL on the run store");
  sql->add_option("query", sql_text, "SQL query")->required();
  sql->add_option("--db", sql_db, "Run store database file")->capture_default_str();
  sql->add_option("--format", sql_format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();

  // bench
  app::BenchOptions bench_options;
  CLI::App* bench = app.add_subcommand("bench", "Benchmark the engine on the four reference cases");
  bench->add_flag("--quick", bench_options.quick, "Small sizes, for a smoke test");
  bench->add_option("--repeat", bench_options.repeat, "Repetitions per case (median reported)")
      ->capture_default_str();
  bench
      ->add_option("--work-dir", bench_options.work_dir,
                   "Folder for generated censuses and databases")
      ->capture_default_str();
  bench_options.data_dir = data_dir;

  CLI11_PARSE(app, argc, argv);

  if (simulate->parsed()) {
    if (!config_path.empty()) sim.inputs.config_path = config_path;
    if (!census_path.empty()) sim.inputs.census_path = census_path;
    if (!levers_path.empty()) sim.inputs.levers_path = levers_path;
    if (!scenario.empty()) sim.inputs.scenario = scenario;
    if (seed_opt->count()) sim.inputs.seed = seed;
    if (start_opt->count()) sim.inputs.start_year = start_year;
    if (end_opt->count()) sim.inputs.end_year = end_year;
    if (!no_db) sim.db_path = db_path;
    if (!export_dir.empty()) sim.export_dir = export_dir;
    sim.export_format = format == "parquet" ? app::ExportFormat::kParquet : app::ExportFormat::kCsv;
    sim.command = joined_args(argc, argv);
    app::RunCallbacks callbacks;
    if (!quiet) {
      callbacks.on_stage = [](const std::string& s) {
        std::fprintf(stderr, "planwise: %s\n", s.c_str());
      };
      callbacks.on_year = [](const app::YearProgress& p) {
        std::fprintf(stderr,
                     "planwise: year %d (%d of %d): %s -> %s active, %s exits, %s hires, %.1f ms\n",
                     p.year, p.year - p.start_year + 1, p.end_year - p.start_year + 1,
                     with_commas(p.summary.start_headcount).c_str(),
                     with_commas(p.summary.end_headcount).c_str(),
                     with_commas(p.summary.total_terminations).c_str(),
                     with_commas(p.summary.hires).c_str(), p.year_ms);
      };
    }
    auto outcome = app::run_simulation(sim, callbacks);
    if (!outcome) return fail(outcome.error());
    if (as_json) {
      std::cout << api::simulation_summary_json(*outcome) << "\n";
    } else {
      std::cout << summary_table(*outcome);
      for (const auto& f : outcome->exported) std::cout << "Exported " << f.string() << "\n";
    }
    return cli::kExitOk;
  }
  if (gen->parsed()) {
    Status status = app::generate_census(census_spec, census_out);
    if (!status) return fail(status.error());
    std::fprintf(stderr, "planwise: wrote %s employees to %s\n",
                 with_commas(census_spec.employees).c_str(), census_out.c_str());
    return cli::kExitOk;
  }
  if (runs_list->parsed()) {
    auto list = app::list_stored_runs(runs_db);
    if (!list) return fail(list.error());
    cli::TextTablePrinter t(
        {"Run id", "Created (UTC)", "Scenario", "Seed", "Years", "Status", "Warnings", "ms"});
    for (const auto& r : *list) {
      t.add_row({r.run_id, r.created_at, r.scenario, std::to_string(r.seed),
                 std::to_string(r.start_year) + "-" + std::to_string(r.end_year), r.status,
                 std::to_string(r.warning_count), shortest_text(std::round(r.total_ms * 10) / 10)});
    }
    std::cout << t.render({true, true, true}) << "(" << list->size() << " runs in " << runs_db
              << ")\n";
    return cli::kExitOk;
  }
  if (runs_show->parsed()) {
    auto details = app::show_stored_run(runs_db, run_id);
    if (!details) return fail(details.error());
    const store::RunRecord& r = details->run;
    std::cout << "Run " << r.run_id << " (" << r.status << ")\n"
              << "  created:         " << r.created_at << "\n"
              << "  scenario:        " << r.scenario << "\n"
              << "  seed:            " << r.seed << "\n"
              << "  years:           " << r.start_year << "-" << r.end_year << "\n"
              << "  engine:          " << r.engine_version << "\n"
              << "  command:         " << r.command << "\n"
              << "  config:          " << r.config_path << "  sha256 " << r.config_sha256 << "\n"
              << "  census:          " << r.census_path << "  sha256 " << r.census_sha256 << "\n"
              << "  levers:          " << r.levers_path << "  sha256 " << r.levers_sha256 << "\n"
              << "  seed tables:     sha256 " << r.seeds_sha256 << "\n"
              << "  effective levers sha256 " << r.effective_levers_sha256 << "\n"
              << "  baseline:        " << with_commas(r.baseline_active)
              << " active, average salary " << dollars(r.baseline_avg_salary) << "\n"
              << "  timings (ms):    load " << r.load_ms << ", simulate " << r.simulate_ms
              << ", total " << r.total_ms << ", by year " << r.year_ms << "\n\nYear summary\n"
              << query_table_text(details->year_summary, "table") << "\nEffective lever set\n"
              << query_table_text(details->effective_parameters, "table");
    if (!details->warnings.rows.empty()) {
      std::cout << "\nWarnings and failed checks\n" << query_table_text(details->warnings, "table");
    }
    return cli::kExitOk;
  }
  if (sql->parsed()) {
    auto table = app::run_read_only_sql(sql_db, sql_text);
    if (!table) return fail(table.error());
    std::cout << query_table_text(*table, sql_format);
    return cli::kExitOk;
  }
  if (bench->parsed()) {
    std::cout << "Machine: " << std::thread::hardware_concurrency() << " hardware threads\n";
    cli::TextTablePrinter t({"Case", "Years", "Mode", "Employee-years", "Events", "Load ms",
                             "Median ms", "Min ms", "Employee-years/s", "Peak RSS MB"});
    auto row = [](const app::BenchMeasurement& m) -> std::vector<std::string> {
      auto one = [](double v) { return shortest_text(std::round(v * 10) / 10); };
      return {m.name,
              std::to_string(m.years),
              m.mode,
              with_commas(m.employee_years),
              with_commas(m.events),
              one(m.load_ms),
              one(m.median_ms),
              one(m.min_ms),
              with_commas(static_cast<std::int64_t>(m.employee_years_per_s)),
              one(m.peak_rss_mb)};
    };
    auto results = app::run_benchmarks(bench_options, [&](const app::BenchMeasurement& m) {
      std::fprintf(stderr, "planwise bench: %s x %d years, %s: %.1f ms\n", m.name.c_str(), m.years,
                   m.mode.c_str(), m.median_ms);
    });
    if (!results) return fail(results.error());
    for (const auto& m : *results) t.add_row(row(m));
    std::cout << t.render({true, false, true});
    return cli::kExitOk;
  }
  return cli::kExitOk;
}
