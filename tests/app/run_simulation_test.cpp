// The run use case end to end: storing, exporting, determinism of exports,
// and "nothing half-written" on bad input or cancellation.
#include "app/run_simulation.hpp"

#include <gtest/gtest.h>

#include "app/bundled_run.hpp"
#include "app/census_generator.hpp"
#include "store/database.hpp"
#include "store/parquet_files.hpp"
#include "store/run_store.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using testing::bundled;

std::int64_t count_rows(const std::string& db_path, const std::string& table) {
  auto db = store::Database::open(db_path, store::OpenMode::kReadOnly);
  EXPECT_TRUE(db.ok()) << db.error().to_string();
  auto r = (*db)->query("SELECT count(*) FROM " + table);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return std::stoll(*r->rows.front().front());
}

TEST(RunSimulation, StoresTheRunWithEveryTableInOneCommit) {
  TempDir dir;
  auto outcome = run_simulation(bundled(dir), {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  ASSERT_TRUE(outcome->run_id.has_value());
  auto db = store::Database::open((dir / "runs.duckdb").string(), store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto runs = store::list_runs(**db);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  const store::RunRecord& r = runs->front();
  EXPECT_EQ(r.run_id, *outcome->run_id);
  EXPECT_EQ(r.scenario, "default");
  EXPECT_EQ(r.seed, 42u);
  EXPECT_EQ(r.start_year, 2025);
  EXPECT_EQ(r.end_year, 2029);
  EXPECT_EQ(r.config_sha256.size(), 64u);
  EXPECT_EQ(r.census_sha256.size(), 64u);
  EXPECT_EQ(r.effective_levers_sha256.size(), 64u);
  EXPECT_EQ(r.baseline_active, 4378);
  auto years = store::run_table(**db, r.run_id, "year_summary");
  ASSERT_TRUE(years.ok());
  ASSERT_EQ(years->rows.size(), 5u);
  EXPECT_EQ(*years->rows[0][0], "2025");
  std::int64_t snapshot_rows = 0;
  for (const auto& y : outcome->result.years) snapshot_rows += y.start_headcount + y.hires;
  (*db).reset();
  EXPECT_EQ(count_rows((dir / "runs.duckdb").string(), "workforce_snapshot"), snapshot_rows);
  EXPECT_EQ(count_rows((dir / "runs.duckdb").string(), "baseline_workforce"), 4378);
  EXPECT_EQ(count_rows((dir / "runs.duckdb").string(), "effective_parameters"), 5 * 5 * 5);
}

TEST(RunSimulation, CsvExportsAreByteIdenticalForTheSameSeedAndDifferForAnother) {
  TempDir dir;
  auto export_to = [&](const std::string& name, std::uint64_t seed) {
    SimulateRequest r;
    r.inputs.data_dir = test::data_dir();
    r.inputs.seed = seed;
    r.export_dir = dir / name;
    auto outcome = run_simulation(r, {});
    EXPECT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  };
  export_to("a", 42);
  export_to("b", 42);
  export_to("c", 7);
  const char* tables[] = {"yearly_events.csv",      "workforce_snapshot.csv",
                          "year_summary.csv",       "compensation_growth.csv",
                          "baseline_workforce.csv", "effective_parameters.csv",
                          "validation_report.csv",  "census_duplicates_audit.csv"};
  for (const char* t : tables) {
    ASSERT_TRUE(fs::exists(dir / "a" / t)) << t;
    EXPECT_EQ(test::read_file(dir / "a" / t), test::read_file(dir / "b" / t)) << t;
  }
  EXPECT_TRUE(fs::exists(dir / "a" / "run_manifest.json"));
  EXPECT_NE(test::read_file(dir / "a" / "yearly_events.csv"),
            test::read_file(dir / "c" / "yearly_events.csv"));
  EXPECT_NE(test::read_file(dir / "a" / "workforce_snapshot.csv"),
            test::read_file(dir / "c" / "workforce_snapshot.csv"));
  // Head counts do not depend on the seed (H6).
  const std::string a = test::read_file(dir / "a" / "year_summary.csv");
  EXPECT_NE(a.find("4509"), std::string::npos);
  EXPECT_NE(test::read_file(dir / "c" / "year_summary.csv").find("4509"), std::string::npos);
}

TEST(RunSimulation, CsvExportFollowsTheOutputFormat) {
  TempDir dir;
  SimulateRequest r;
  r.inputs.data_dir = test::data_dir();
  r.export_dir = dir / "out";
  ASSERT_TRUE(run_simulation(r, {}).ok());
  const std::string events = test::read_file(dir / "out" / "yearly_events.csv");
  EXPECT_EQ(
      events.substr(0, events.find('\n')),
      "employee_id,employee_ssn,simulation_year,event_type,event_category,effective_date,event_"
      "sequence,"
      "event_details,compensation_amount,previous_compensation,level_id,new_level_id,employee_age,"
      "employee_tenure,age_band,tenure_band,event_probability,selection_weight,random_draw,merit_"
      "rate,"
      "cola_rate,promotion_raise_rate,band_floor_applied,parameter_scenario_id,parameter_source,"
      "data_quality_flag,created_at");
  EXPECT_EQ(events.find('\r'), std::string::npos);
  EXPECT_NE(events.find(",Merit: 4.04% + COLA: 2.03%,"), std::string::npos);
  EXPECT_NE(events.find(",1970-01-01T00:00:00Z\n"), std::string::npos);
  const std::string summary = test::read_file(dir / "out" / "year_summary.csv");
  EXPECT_EQ(summary.find('|'), std::string::npos) << "no pipe-joined column (issue 14 item 3)";
  // The first year's hires per level as rows of the long table, levels 1..5.
  const std::string by_level = test::read_file(dir / "out" / "hires_by_level.csv");
  EXPECT_EQ(by_level.substr(0, by_level.find('\n')), "simulation_year,level_id,hires");
  EXPECT_NE(by_level.find("\n2025,1,483\n2025,2,278\n2025,3,47\n2025,4,50\n2025,5,17\n"),
            std::string::npos);
}

// The bundled run with a census whose row 3 (line 4) has a negative salary.
SimulateRequest bundled_with_bad_census(const TempDir& dir) {
  std::string census = test::read_file(test::data_dir() / "census_preprocessed.csv");
  std::size_t line_start = 0;
  for (int i = 0; i < 3; ++i) line_start = census.find('\n', line_start) + 1;
  const std::size_t comma = census.rfind(',', census.find('\n', line_start));
  const std::size_t pay_start = census.rfind(',', comma - 1) + 1;
  census.replace(pay_start, comma - pay_start, "-5");
  test::write_file(dir / "bad.csv", census);
  SimulateRequest r = bundled(dir);
  r.inputs.census_path = dir / "bad.csv";
  return r;
}

void expect_bad_census_error(const Error& e, const TempDir& dir) {
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.file, (dir / "bad.csv").string());
  EXPECT_EQ(e.row, 4);
  EXPECT_EQ(e.column, "employee_gross_compensation");
  EXPECT_EQ(e.rule, "salary_positive");
}

TEST(RunSimulation, BadCensusStopsBeforeAnythingIsWritten) {
  TempDir dir;
  SimulateRequest r = bundled_with_bad_census(dir);
  r.export_dir = dir / "out";
  auto outcome = run_simulation(r, {});
  ASSERT_FALSE(outcome.ok());
  expect_bad_census_error(outcome.error(), dir);
  EXPECT_FALSE(fs::exists(dir / "runs.duckdb"));
  EXPECT_TRUE(!fs::exists(dir / "out") || fs::is_empty(dir / "out"));
}

// Issue 13 item 4: an existing store is opened before the inputs load, and
// the levers are read through that open.
TEST(RunSimulation, ARunIntoAnExistingStoreUsesTheLeversStoredThere) {
  TempDir dir;
  const std::string path = (dir / "runs.duckdb").string();
  ASSERT_TRUE(run_simulation(bundled(dir), {}).ok());
  {
    auto db = store::Database::open(path, store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE((*db)
                    ->execute("UPDATE lever_values SET parameter_value = 0.0375 WHERE scenario_id "
                              "= 'default' AND parameter_name = 'merit_base' AND fiscal_year = "
                              "2025 AND job_level = 1")
                    .ok());
  }
  auto second = run_simulation(bundled(dir), {});
  ASSERT_TRUE(second.ok()) << second.error().to_string_all();
  auto db = store::Database::open(path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto merit = (*db)->query(
      "SELECT parameter_value FROM effective_parameters WHERE run_id = $1 AND parameter_name = "
      "'merit_base' AND fiscal_year = 2025 AND job_level = 1",
      {*second->run_id});
  ASSERT_TRUE(merit.ok()) << merit.error().to_string();
  ASSERT_EQ(merit->rows.size(), 1u);
  EXPECT_EQ(merit->rows[0][0], std::optional<std::string>("0.0375"));
}

TEST(RunSimulation, BadCensusIntoAnExistingStoreLeavesItsRunsAsTheyWere) {
  TempDir dir;
  ASSERT_TRUE(run_simulation(bundled(dir), {}).ok());
  auto outcome = run_simulation(bundled_with_bad_census(dir), {});
  ASSERT_FALSE(outcome.ok());
  expect_bad_census_error(outcome.error(), dir);
  EXPECT_EQ(count_rows((dir / "runs.duckdb").string(), "runs"), 1);
}

TEST(RunSimulation, CancelledRunLeavesNoRowsAndNoFiles) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.export_dir = dir / "out";
  RunCallbacks callbacks;
  int years_seen = 0;
  callbacks.on_year = [&](const YearProgress&) { ++years_seen; };
  callbacks.cancelled = [&] { return years_seen >= 2; };
  auto outcome = run_simulation(r, callbacks);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().kind, ErrorKind::kCancelled);
  EXPECT_EQ(years_seen, 2);
  EXPECT_EQ(count_rows((dir / "runs.duckdb").string(), "runs"), 0);
  EXPECT_EQ(count_rows((dir / "runs.duckdb").string(), "yearly_events"), 0);
  EXPECT_EQ(count_rows((dir / "runs.duckdb").string(), "workforce_snapshot"), 0);
  EXPECT_TRUE(fs::is_empty(dir / "out"));
}

TEST(RunSimulation, ParquetExportHoldsEveryRow) {
  TempDir dir;
  SimulateRequest r;
  r.inputs.data_dir = test::data_dir();
  r.export_dir = dir / "pq";
  r.export_format = ExportFormat::kParquet;
  auto outcome = run_simulation(r, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  EXPECT_FALSE(outcome->run_id.has_value()) << "no run store was asked for";
  auto table = store::read_parquet_as_text(dir / "pq" / "year_summary.parquet");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  EXPECT_EQ(table->rows(), 5u);
  EXPECT_EQ(table->header[0], "simulation_year");
  std::int64_t snapshot_rows = 0;
  for (const auto& y : outcome->result.years) snapshot_rows += y.start_headcount + y.hires;
  auto snapshot = store::read_parquet_as_text(dir / "pq" / "workforce_snapshot.parquet");
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(static_cast<std::int64_t>(snapshot->rows()), snapshot_rows);
}

TEST(RunSimulation, ParquetCensusGivesTheSameRunAsItsCsv) {
  TempDir dir;
  app::CensusSpec spec;
  spec.employees = 3000;
  spec.seed = 11;
  ASSERT_TRUE(app::generate_census(spec, dir / "c.csv").ok());
  ASSERT_TRUE(app::generate_census(spec, dir / "c.parquet").ok());
  auto run = [&](const fs::path& census) {
    SimulateRequest r;
    r.inputs.data_dir = test::data_dir();
    r.inputs.census_path = census;
    auto outcome = run_simulation(r, {});
    EXPECT_TRUE(outcome.ok()) << outcome.error().to_string_all();
    return outcome;
  };
  auto from_csv = run(dir / "c.csv");
  auto from_parquet = run(dir / "c.parquet");
  ASSERT_TRUE(from_csv.ok() && from_parquet.ok());
  ASSERT_EQ(from_csv->result.years.size(), from_parquet->result.years.size());
  for (std::size_t y = 0; y < from_csv->result.years.size(); ++y) {
    EXPECT_EQ(from_csv->result.years[y].end_headcount, from_parquet->result.years[y].end_headcount);
    EXPECT_EQ(from_csv->result.years[y].avg_fye_active,
              from_parquet->result.years[y].avg_fye_active);
    EXPECT_EQ(from_csv->result.years[y].total_prorated_compensation,
              from_parquet->result.years[y].total_prorated_compensation);
  }
}

TEST(RunSimulation, ParquetCensusErrorsNameTheRowAndColumn) {
  TempDir dir;
  test::write_file(
      dir / "bad.csv",
      "employee_id,employee_ssn,employee_birth_date,employee_hire_date,employee_termination_date,"
      "employee_gross_compensation,active\n"
      "E1,S1,1980-01-01,2010-05-05,,70000,true\n"
      "E2,S2,1980-01-01,2010-05-05,,-1,true\n");
  ASSERT_TRUE(store::convert_csv_to_parquet(dir / "bad.csv", dir / "bad.parquet").ok());
  SimulateRequest r;
  r.inputs.data_dir = test::data_dir();
  r.inputs.census_path = dir / "bad.parquet";
  auto outcome = run_simulation(r, {});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().file, (dir / "bad.parquet").string());
  EXPECT_EQ(outcome.error().row, 2);  // the second data row
  EXPECT_EQ(outcome.error().column, "employee_gross_compensation");
  EXPECT_EQ(outcome.error().rule, "salary_positive");
}

TEST(RunSimulation, OverridesAreValidatedAndNamed) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.inputs.start_year = 2027;
  r.inputs.end_year = 2026;
  auto outcome = run_simulation(r, {});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().column, "--end-year");
  EXPECT_FALSE(fs::exists(dir / "runs.duckdb"));
}

// Issue 10 item 6: past the last lever year, the error names the flag (the
// API's end_year) and the way out, instead of "no cola_rate for year 2030".
TEST(RunSimulation, ARunPastTheLastLeverYearIsAnUpFrontErrorNamingEndYear) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.inputs.end_year = 2030;
  auto outcome = run_simulation(r, {});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().column, "--end-year");
  EXPECT_EQ(outcome.error().value, "2030");
  EXPECT_NE(outcome.error().message.find(
                "levers end in 2029; use extend_levers / --extend-levers to carry 2029 forward"),
            std::string::npos)
      << outcome.error().message;
  EXPECT_FALSE(validate_simulate_request(r).ok());
  EXPECT_FALSE(fs::exists(dir / "runs.duckdb"));
}

}  // namespace
}  // namespace planwise::app
