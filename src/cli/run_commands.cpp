// Handlers of simulate, gen-census, runs (list, show, budget, purge), sql and bench: print
// what the app/ use cases return.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <thread>

#include "api/bench_json.hpp"
#include "api/run_json.hpp"
#include "app/database_snapshot.hpp"
#include "app/run_budget.hpp"
#include "app/run_history.hpp"
#include "app/sql_query.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace planwise::cli {

namespace {

std::string one_decimal(double v) {
  return shortest_text(std::round(v * 10) / 10);
}

std::string years_text(const std::vector<int>& years) {
  std::string out;
  for (int y : years) out += (out.empty() ? "" : ", ") + std::to_string(y);
  return out;
}

// Issue 10 item 6: "what-if (2 overrides)", "levers carried to 2030, 2031".
std::string run_mark(const api::RunMarks& m) {
  std::string out;
  if (m.what_if) out = "what-if (" + std::to_string(m.overrides) + " overrides)";
  if (!m.carried_lever_years.empty()) {
    out += (out.empty() ? "" : "; ") + std::string("levers carried to ") +
           years_text(m.carried_lever_years);
  }
  return out;
}

std::string target_text(const std::optional<app::RunTarget>& t) {
  if (!t) return "not recorded";
  return "growth " + percent(t->growth) + " +/- " + percent(t->tolerance) + ", metric " + t->metric;
}

// The lines a run's summary adds for what-if, carried years and target.
std::string provenance_lines(const api::RunMarks& m) {
  std::string out;
  if (m.what_if)
    out += "What-if run: " + std::to_string(m.overrides) +
           " unsaved lever overrides over the stored levers\n";
  if (!m.carried_lever_years.empty())
    out += "Levers carried forward from " + std::to_string(m.carried_lever_years.front() - 1) +
           " to " + years_text(m.carried_lever_years) + " (--extend-levers)\n";
  return out + "Target: " + target_text(m.target) + "\n";
}

std::string summary_table(const app::SimulateOutcome& o) {
  TextTablePrinter t({"Year", "Start", "Exp. exits", "Hires", "NH exits", "Promotions", "Raises",
                      "End", "Target", "HC growth", "Avg FYE pay", "Pay growth",
                      "Payroll (prorated)"});
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
  out += provenance_lines(api::run_marks(o));
  if (!o.warnings.empty()) {
    out += std::to_string(o.warnings.size()) + " warnings (see validation_report";
    out += o.run_id ? ", or `planwise runs show " + *o.run_id + "`)\n" : ")\n";
  }
  out += "Time: " + one_decimal(o.total_ms) + " ms (load " + one_decimal(o.load_ms) +
         " ms, simulate " + one_decimal(o.simulate_ms) + " ms)\n";
  return out;
}

// `runs show`: the what-if overrides, carried years and target (issue 10).
std::string run_show_marks(const store::RunRecord& r) {
  const api::RunMarks m = api::run_marks(r);
  std::string out;
  if (m.what_if) {
    out += "  what-if:         " + std::to_string(m.overrides) +
           " unsaved lever overrides over the stored levers\n";
    for (const app::CellEdit& e : api::stored_overrides(r.lever_overrides)) {
      out += "    " + e.parameter + " " + std::to_string(e.year) + " level " +
             std::to_string(e.level) + " = " + shortest_text(e.value) + "\n";
    }
  }
  if (!m.carried_lever_years.empty()) {
    out += "  carried levers:  " + std::to_string(m.carried_lever_years.front() - 1) +
           " values carried to " + years_text(m.carried_lever_years) + "\n";
  }
  return out + "  target:          " + target_text(m.target) + "\n";
}

// One year of a pay budget: a row per figure, a column per level and the
// total (the vocabulary of docs/model.md "Cost vocabulary").
std::string budget_year_table(const app::BudgetYear& y) {
  std::vector<std::string> header = {std::to_string(y.total.year)};
  std::vector<const engine::PayBudgetRow*> columns;
  for (const engine::PayBudgetRow& l : y.levels) {
    header.push_back("Level " + std::to_string(l.level));
    columns.push_back(&l);
  }
  header.push_back("Total");
  columns.push_back(&y.total);
  TextTablePrinter t(header);
  auto add = [&](const std::string& label, auto cell) {
    std::vector<std::string> row = {label};
    for (const engine::PayBudgetRow* c : columns) row.push_back(cell(*c));
    t.add_row(std::move(row));
  };
  add("Prior payroll (FYE, 1 Jan)",
      [](const engine::PayBudgetRow& r) { return dollars(r.prior_payroll_fye); });
  const std::pair<const char*, engine::PoolCost engine::PayBudgetRow::*> kPools[] = {
      {"Merit budget", &engine::PayBudgetRow::merit},
      {"COLA budget", &engine::PayBudgetRow::cola},
      {"Promotion budget", &engine::PayBudgetRow::promotion},
      {"New-hire premium", &engine::PayBudgetRow::new_hire_premium}};
  for (const auto& [name, pool] : kPools) {
    add(std::string(name) + ", annualised",
        [pool](const engine::PayBudgetRow& r) { return dollars((r.*pool).annualised); });
    add("  % of payroll", [pool](const engine::PayBudgetRow& r) {
      return percent(app::pct_of_payroll((r.*pool).annualised, r.prior_payroll_fye));
    });
    add("  in-year", [pool](const engine::PayBudgetRow& r) { return dollars((r.*pool).in_year); });
  }
  add("Total payroll (prorated)",
      [](const engine::PayBudgetRow& r) { return dollars(r.total_payroll_prorated); });
  add("Run-rate payroll (FYE)",
      [](const engine::PayBudgetRow& r) { return dollars(r.run_rate_payroll_fye); });
  add("End headcount", [](const engine::PayBudgetRow& r) { return with_commas(r.end_headcount); });
  return t.render({true});
}

std::string fixed(double v, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

std::string millions(double v) {
  return fixed(v / 1e6, 2);
}

std::string bench_text(const app::BenchReport& report) {
  const app::BenchMachine& m = report.machine;
  const bool per_case = std::all_of(report.cases.begin(), report.cases.end(),
                                    [](const app::BenchMeasurement& c) { return c.rss_per_case; });
  std::string out = "Machine: " + std::to_string(m.hardware_threads) +
                    " hardware threads; the engine's OpenMP loops use " +
                    std::to_string(m.engine_threads) + "; last-level cache " +
                    std::to_string(m.llc_bytes >> 20) + " MiB\n";
  out += "Memory bandwidth: " + fixed(m.bandwidth_bytes_per_s / 1e9, 2) + " GB/s (STREAM triad, " +
         std::to_string(m.engine_threads) + " threads, 3 arrays of " +
         std::to_string(m.triad_array_bytes >> 20) + " MiB, best of repeats)\n";
  out += "Compute bound: " + millions(m.draws_per_s) + " M draws/s on " +
         std::to_string(m.engine_threads) + " threads, " + millions(m.draws_per_s_per_core) +
         " M/s on one core (engine::uniform, the counter hash every draw of spec 3 costs)\n";
  out += std::string("Peak RSS: ") +
         (per_case ? "of each case (VmHWM reset through /proc/self/clear_refs)"
                   : "of the process so far (could not reset VmHWM)") +
         "\n\n";
  TextTablePrinter t({"Case", "Years", "Mode", "Employee-years", "Events", "Load ms", "Median ms",
                      "Min ms", "M emp-yr/s", "per core", "Cores", "Peak RSS MB"});
  for (const auto& c : report.cases) {
    t.add_row({c.name, std::to_string(c.years), c.mode, with_commas(c.employee_years),
               with_commas(c.events), one_decimal(c.load_ms), one_decimal(c.median_ms),
               one_decimal(c.min_ms), millions(c.employee_years_per_s),
               millions(c.employee_years_per_core_s), fixed(c.cores_busy, 2),
               one_decimal(c.peak_rss_mb)});
  }
  out += t.render({true, false, true});
  out +=
      "\nRoofline (bytes of YearFrame state each year's passes read and write per "
      "employee-year; docs/performance.md)\n";
  TextTablePrinter r({"Case", "Mode", "Frame MiB", "Bytes/emp-yr", "GB/s", "of bandwidth",
                      "Draws/emp-yr", "of compute", "Bandwidth bound M/s", "Compute bound M/s"});
  for (const auto& c : report.cases) {
    r.add_row({c.name, c.mode, one_decimal(c.frame_mb), one_decimal(c.hot_bytes_per_employee_year),
               fixed(c.employee_years_per_s * c.hot_bytes_per_employee_year / 1e9, 2),
               percent(c.bandwidth_fraction), fixed(c.draws_per_employee_year, 2),
               percent(c.compute_fraction),
               millions(m.bandwidth_bytes_per_s / c.hot_bytes_per_employee_year),
               millions(m.draws_per_s / c.draws_per_employee_year)});
  }
  out += r.render({true, true});
  return out;
}

}  // namespace

int fail(const Error& error) {
  std::fprintf(stderr, "planwise: error (%s): %s\n", error_kind_name(error.kind),
               error.to_string_all().c_str());
  return exit_code(error.kind);
}

std::string query_table_text(const app::QueryTable& table, const std::string& format) {
  if (format == "json") return api::query_table_json(table) + "\n";
  if (format == "csv") return app::query_table_csv(table);
  TextTablePrinter t(table.columns);
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row) cells.push_back(cell.value_or("NULL"));
    t.add_row(std::move(cells));
  }
  return t.render() + "(" + std::to_string(table.rows.size()) + " rows)\n";
}

int run_simulate(SimulateOptions o) {
  app::RunCallbacks callbacks;
  if (!o.quiet) {
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
  auto outcome = app::run_simulation(o.request, callbacks);
  if (!outcome) return fail(outcome.error());
  if (o.json) {
    std::cout << api::simulation_summary_json(*outcome) << "\n";
  } else {
    std::cout << summary_table(*outcome);
    for (const auto& f : outcome->exported) std::cout << "Exported " << f.string() << "\n";
  }
  return kExitOk;
}

int run_gen_census(const app::CensusSpec& spec, const std::string& out) {
  Status status = app::generate_census(spec, out);
  if (!status) return fail(status.error());
  std::fprintf(stderr, "planwise: wrote %s employees to %s\n", with_commas(spec.employees).c_str(),
               out.c_str());
  return kExitOk;
}

void print_runs_list(const std::vector<api::RunListRow>& runs, const std::string& db) {
  TextTablePrinter t({"Run id", "Created (UTC)", "Scenario", "Marks", "Seed", "Years", "Status",
                      "Warnings", "ms"});
  for (const auto& [r, marks] : runs) {
    t.add_row({r.run_id, r.created_at, r.scenario, run_mark(marks), std::to_string(r.seed),
               std::to_string(r.start_year) + "-" + std::to_string(r.end_year), r.status,
               std::to_string(r.warning_count), one_decimal(r.total_ms)});
  }
  std::cout << t.render({true, true, true, true}) << "(" << runs.size() << " runs in " << db
            << ")\n";
}

int run_runs_list(const std::string& db) {
  auto list = app::list_stored_runs(db);
  if (!list) return fail(list.error());
  std::vector<api::RunListRow> runs;
  for (store::RunRecord& r : *list) {
    api::RunMarks marks = api::run_marks(r);
    runs.emplace_back(std::move(r), std::move(marks));
  }
  print_runs_list(runs, db);
  return kExitOk;
}

int run_runs_show(const std::string& db, const std::string& run_id) {
  auto details = app::show_stored_run(db, run_id);
  if (!details) return fail(details.error());
  print_run_details(*details);
  return kExitOk;
}

void print_run_details(const app::RunDetails& shown) {
  const app::RunDetails* details = &shown;
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
            << "  baseline:        " << with_commas(r.baseline_active) << " active, average salary "
            << dollars(r.baseline_avg_salary) << "\n"
            << (details->purge
                    ? "  purged:          employee-level rows purged on " +
                          details->purge->purged_at + " by " + details->purge->purged_by + "\n"
                    : std::string())
            << run_show_marks(r) << "  timings (ms):    load " << r.load_ms << ", simulate "
            << r.simulate_ms << ", total " << r.total_ms << ", by year " << r.year_ms
            << "\n\nYear summary\n"
            << query_table_text(details->year_summary, "table") << "\nEffective lever set\n"
            << query_table_text(details->effective_parameters, "table");
  if (!details->warnings.rows.empty()) {
    std::cout << "\nWarnings and failed checks\n" << query_table_text(details->warnings, "table");
  }
}

int run_runs_budget(const std::string& db, const std::string& run_id, std::optional<int> year,
                    bool json) {
  auto budget = app::run_budget(db, run_id, year);
  if (!budget) return fail(budget.error());
  if (json) {
    std::cout << api::run_budget_json(*budget) << "\n";
    return kExitOk;
  }
  std::cout << "Pay budget of run " << run_id
            << ". Annualised: the increase at a full year's rate; in-year: what it costs in the\n"
               "year given its date and any exit. % of payroll: annualised / prior payroll (FYE, "
               "1 Jan) of the level.\n";
  for (const app::BudgetYear& y : budget->years) std::cout << "\n" << budget_year_table(y);
  return kExitOk;
}

int run_runs_purge(const app::PurgeRequest& request) {
  auto summary = app::purge_runs(request);
  if (!summary) return fail(summary.error());
  for (const app::PurgedRun& r : summary->runs) {
    std::cout << (summary->dry_run ? "Would purge " : "Purged ") << r.run_id << " (created "
              << r.created_at << "): " << with_commas(r.rows) << " employee-level rows\n";
  }
  std::cout << (summary->dry_run ? "Dry run: would purge " : "Purged ") << summary->runs.size()
            << " runs created before " << request.before << ", " << with_commas(summary->rows)
            << " employee-level rows"
            << (summary->dry_run ? "; nothing was changed.\n"
                                 : "; run records, aggregates and provenance are kept.\n");
  return kExitOk;
}

int run_snapshot(const std::string& db) {
  auto path = app::write_dated_snapshot(db);
  if (!path) return fail(path.error());
  print_snapshot(path->string(), std::filesystem::file_size(*path));
  return kExitOk;
}

void print_snapshot(const std::string& path, std::uintmax_t bytes) {
  std::cout << "Wrote " << path << " (" << with_commas(static_cast<std::int64_t>(bytes))
            << " bytes): open it read-only, e.g. duckdb.connect(\"" << path
            << "\", read_only=True)\n";
}

int run_sql(const std::string& db, const std::string& sql, const std::string& format) {
  auto table = app::run_read_only_sql(db, sql);
  if (!table) return fail(table.error());
  std::cout << query_table_text(*table, format);
  return kExitOk;
}

// Issue 13 item 6: the cases, then the roofline of each against the
// machine's measured bounds (docs/performance.md).
int run_bench(const app::BenchOptions& options, bool json) {
  auto report = app::run_benchmarks(options, [](const app::BenchMeasurement& m) {
    std::fprintf(stderr, "planwise bench: %s x %d years, %s: %.1f ms\n", m.name.c_str(), m.years,
                 m.mode.c_str(), m.median_ms);
  });
  if (!report) return fail(report.error());
  if (json) {
    std::cout << api::bench_json(*report) << "\n";
    return kExitOk;
  }
  std::cout << bench_text(*report);
  return kExitOk;
}

}  // namespace planwise::cli
