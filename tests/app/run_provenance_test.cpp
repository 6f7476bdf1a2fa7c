// Issue 10 item 6: what a run records beyond its inputs — a what-if run's
// overrides, the years that carried the last lever year forward, and the
// growth target — and the runs table gaining those columns in place.
#include <gtest/gtest.h>

#include "app/bundled_run.hpp"
#include "app/run_history.hpp"
#include "app/run_levers.hpp"
#include "app/run_simulation.hpp"
#include "store/database.hpp"
#include "store/run_store.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using testing::bundled;

store::RunRecord stored(const TempDir& dir, const std::string& run_id) {
  auto db = store::Database::open((dir / "runs.duckdb").string(), store::OpenMode::kReadOnly);
  EXPECT_TRUE(db.ok()) << db.error().to_string();
  auto run = store::get_run(**db, run_id);
  EXPECT_TRUE(run.ok()) << run.error().to_string();
  return run.ok() ? *run : store::RunRecord{};
}

// parameter_value of one cell of a run's effective_parameters.
double lever_of(const TempDir& dir, const std::string& run_id, const std::string& parameter,
                int year, int level) {
  auto db = store::Database::open((dir / "runs.duckdb").string(), store::OpenMode::kReadOnly);
  EXPECT_TRUE(db.ok());
  auto r = (*db)->query(
      "SELECT parameter_value FROM effective_parameters WHERE run_id = $1 AND parameter_name = "
      "$2 AND fiscal_year = CAST($3 AS INTEGER) AND job_level = CAST($4 AS INTEGER)",
      {run_id, parameter, std::to_string(year), std::to_string(level)});
  EXPECT_TRUE(r.ok() && r->rows.size() == 1) << parameter << " " << year << " L" << level;
  return r.ok() && r->rows.size() == 1 ? std::stod(*r->rows[0][0]) : -1.0;
}

TEST(RunProvenance, AWhatIfRunIsStoredWithItsOverridesAndMarked) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.lever_overrides = {{"merit_base", 2026, 1, 0.061}};
  for (int level = 1; level <= 5; ++level)
    r.lever_overrides.push_back({"cola_rate", 2027, level, 0.031});
  auto what_if = run_simulation(r, {});
  ASSERT_TRUE(what_if.ok()) << what_if.error().to_string_all();
  auto plain = run_simulation(bundled(dir), {});
  ASSERT_TRUE(plain.ok()) << plain.error().to_string_all();

  const store::RunRecord w = stored(dir, *what_if->run_id);
  EXPECT_TRUE(w.what_if);
  EXPECT_EQ(
      w.lever_overrides.rfind(R"([{"parameter":"merit_base","year":2026,"level":1,"value":0.061},)"
                              R"({"parameter":"cola_rate","year":2027,"level":1,"value":0.031},)",
                              0),
      0u)
      << w.lever_overrides;
  EXPECT_NE(
      w.lever_overrides.find(R"({"parameter":"cola_rate","year":2027,"level":5,"value":0.031}])"),
      std::string::npos);
  // The overrides are what the run simulated with.
  EXPECT_DOUBLE_EQ(lever_of(dir, w.run_id, "merit_base", 2026, 1), 0.061);
  EXPECT_DOUBLE_EQ(lever_of(dir, w.run_id, "cola_rate", 2027, 3), 0.031);

  const store::RunRecord p = stored(dir, *plain->run_id);
  EXPECT_FALSE(p.what_if);
  EXPECT_EQ(p.lever_overrides, "");
  EXPECT_NE(lever_of(dir, p.run_id, "merit_base", 2026, 1), 0.061);

  auto listed = list_stored_runs((dir / "runs.duckdb").string());
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].what_if + (*listed)[1].what_if, 1);
}

TEST(RunProvenance, AnUnknownOverrideLeverIsRefusedBeforeAnythingIsWritten) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.lever_overrides = {{"merit_base", 2026, 1, 0.05}, {"merit", 2026, 1, 0.05}};
  const Status checked = validate_simulate_request(r);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().column, "cells[1].parameter");
  EXPECT_FALSE(run_simulation(r, {}).ok());
  EXPECT_FALSE(fs::exists(dir / "runs.duckdb"));
}

TEST(RunProvenance, ExtendLeversCarriesTheLastLeverYearAndRecordsTheYears) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.inputs.end_year = 2031;
  r.extend_levers = true;
  auto outcome = run_simulation(r, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  EXPECT_EQ(outcome->carried_lever_years, (std::vector<int>{2030, 2031}));
  ASSERT_EQ(outcome->result.years.size(), 7u);
  EXPECT_EQ(outcome->result.years.back().year, 2031);
  const store::RunRecord run = stored(dir, *outcome->run_id);
  EXPECT_EQ(run.end_year, 2031);
  EXPECT_EQ(run.carried_lever_years, "2030,2031");
  EXPECT_EQ(carried_lever_years(run), (std::vector<int>{2030, 2031}));
  // Every carried cell holds 2029's effective value.
  for (const char* parameter : {"merit_base", "cola_rate", "promotion_probability",
                                "promotion_raise", "new_hire_salary_adjustment"}) {
    for (int level = 1; level <= 5; ++level) {
      const double last = lever_of(dir, run.run_id, parameter, 2029, level);
      EXPECT_DOUBLE_EQ(lever_of(dir, run.run_id, parameter, 2030, level), last) << parameter;
      EXPECT_DOUBLE_EQ(lever_of(dir, run.run_id, parameter, 2031, level), last) << parameter;
    }
  }
}

TEST(RunProvenance, ExtendLeversWorksOnALeversFileWithoutAStore) {
  TempDir dir;
  SimulateRequest r;
  r.inputs.data_dir = test::data_dir();
  r.inputs.end_year = 2030;
  r.extend_levers = true;
  auto outcome = run_simulation(r, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  EXPECT_EQ(outcome->carried_lever_years, (std::vector<int>{2030}));
  EXPECT_FALSE(outcome->run_id.has_value());
}

TEST(RunProvenance, ARunWithinTheLeverYearsCarriesNothing) {
  TempDir dir;
  SimulateRequest r = bundled(dir);
  r.extend_levers = true;
  auto outcome = run_simulation(r, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  EXPECT_TRUE(outcome->carried_lever_years.empty());
  EXPECT_EQ(stored(dir, *outcome->run_id).carried_lever_years, "");
}

TEST(RunProvenance, TheTargetIsTheRequestsOrTheDefault) {
  TempDir dir;
  auto plain = run_simulation(bundled(dir), {});
  ASSERT_TRUE(plain.ok()) << plain.error().to_string_all();
  const store::RunRecord p = stored(dir, *plain->run_id);
  EXPECT_EQ(p.target_growth, 0.02);
  EXPECT_EQ(p.target_tolerance, 0.001);
  EXPECT_EQ(p.target_metric, "mean");

  SimulateRequest r = bundled(dir);
  r.target = RunTarget{0.035, 0.0025, "final"};
  auto targeted = run_simulation(r, {});
  ASSERT_TRUE(targeted.ok()) << targeted.error().to_string_all();
  const store::RunRecord t = stored(dir, *targeted->run_id);
  EXPECT_EQ(t.target_growth, 0.035);
  EXPECT_EQ(t.target_tolerance, 0.0025);
  EXPECT_EQ(t.target_metric, "final");

  r.target = RunTarget{0.02, 0.001, "median"};
  auto bad = run_simulation(r, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().column, "target.metric");
  r.target = RunTarget{0.02, -0.001, "mean"};
  EXPECT_EQ(validate_simulate_request(r).error().column, "target.tolerance");
}

TEST(RunProvenance, AnOlderRunsTableGainsTheColumnsInPlace) {
  TempDir dir;
  const std::string path = (dir / "runs.duckdb").string();
  auto first = run_simulation(bundled(dir), {});
  ASSERT_TRUE(first.ok()) << first.error().to_string_all();
  {
    // The runs table as written before issue 10.
    auto db = store::Database::open(path, store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok());
    for (const char* column : {"what_if", "lever_overrides", "carried_lever_years", "target_growth",
                               "target_tolerance", "target_metric"}) {
      ASSERT_TRUE((*db)->execute(std::string("ALTER TABLE runs DROP COLUMN ") + column).ok())
          << column;
    }
  }
  auto second = run_simulation(bundled(dir), {});  // opens read-write: the upgrade
  ASSERT_TRUE(second.ok()) << second.error().to_string_all();
  auto runs = list_stored_runs(path);
  ASSERT_TRUE(runs.ok()) << runs.error().to_string();
  ASSERT_EQ(runs->size(), 2u);
  const store::RunRecord& old = (*runs)[0].run_id == *first->run_id ? (*runs)[0] : (*runs)[1];
  const store::RunRecord& now = (*runs)[0].run_id == *first->run_id ? (*runs)[1] : (*runs)[0];
  EXPECT_FALSE(old.what_if);
  EXPECT_FALSE(old.target_growth.has_value());
  EXPECT_EQ(now.target_metric, "mean");
}

TEST(RunProvenance, TheLastLeverYearIsTheScenariosOrTheDefaults) {
  std::vector<engine::LeverRow> rows(3);
  rows[0].scenario_id = "default";
  rows[0].fiscal_year = 2029;
  rows[1].scenario_id = "other";
  rows[1].fiscal_year = 2035;
  rows[2].scenario_id = "mine";
  rows[2].fiscal_year = 2030;
  EXPECT_EQ(last_lever_year(rows, "mine"), 2030);
  EXPECT_EQ(last_lever_year(rows, "default"), 2029);
  EXPECT_FALSE(last_lever_year({}, "default").has_value());
}

}  // namespace
}  // namespace planwise::app
