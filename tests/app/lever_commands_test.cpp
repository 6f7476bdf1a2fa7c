// Issue 3 through its use cases: flag parsing that names the flag, the
// dry-run impact preview that saves nothing, CSV export/import round trips,
// and runs refused when a lever breaks its range.
#include <gtest/gtest.h>

#include "app/lever_commands_fixture.hpp"

namespace planwise::app {
namespace {

using namespace planwise::app::testing;
namespace fs = std::filesystem;
using engine::LeverParam;
using test::TempDir;

// ---- flags named in errors ----

TEST(LeverCommands, BadNumberInAnAssignmentNamesTheLever) {
  auto r = parse_assignments({"cola_rate=0.02", "merit_base=abc"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(r.error().file, "command line");
  EXPECT_EQ(r.error().column, "merit_base");
  EXPECT_EQ(r.error().rule, "number_format");
  EXPECT_EQ(r.error().value, "abc");
}

TEST(LeverCommands, UnknownLeverOrMissingAssignmentIsRefusedWithTheRule) {
  auto unknown = parse_assignments({"merit=0.03"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().column, "assignment");
  EXPECT_EQ(unknown.error().rule, "assignment_format");
  EXPECT_EQ(unknown.error().value, "merit=0.03");
  EXPECT_NE(unknown.error().message.find("merit_base"), std::string::npos)
      << "lists the known names: " << unknown.error().message;
  auto no_equals = parse_assignments({"merit_base"});
  ASSERT_FALSE(no_equals.ok());
  EXPECT_EQ(no_equals.error().rule, "assignment_format");
  auto none = parse_assignments({});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().rule, "assignment_present");
  auto good = parse_assignments({"merit_base=0.035", "new_hire_salary_adjustment=1.1"});
  ASSERT_TRUE(good.ok());
  ASSERT_EQ(good->size(), 2u);
  EXPECT_EQ((*good)[0].first, LeverParam::kMeritBase);
  EXPECT_EQ((*good)[0].second, 0.035);
  EXPECT_EQ((*good)[1].first, LeverParam::kNewHireSalaryAdjustment);
}

TEST(LeverCommands, SelectorThatIsNotANumberNamesTheFlag) {
  auto year = parse_selector(where("20x6"));
  ASSERT_FALSE(year.ok());
  EXPECT_EQ(year.error().column, "--year");
  EXPECT_EQ(year.error().rule, "selector_format");
  EXPECT_EQ(year.error().value, "20x6");
  auto level = parse_selector(where("all", "two"));
  ASSERT_FALSE(level.ok());
  EXPECT_EQ(level.error().column, "--level");
  EXPECT_EQ(level.error().value, "two");
  auto all = parse_selector(where("all"));
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(all->year.has_value());
  EXPECT_FALSE(all->level.has_value());
}

TEST(LeverCommands, YearOutsideTheStoreNamesTheYearFlag) {
  TempDir dir;
  use_seeded_db(dir);
  auto r = set(target_in(dir), {"merit_base=0.03"}, where("2040"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(r.error().column, "--year");
  EXPECT_EQ(r.error().rule, "selector_range");
  EXPECT_EQ(r.error().value, "2040");
}

TEST(LeverCommands, LockOfAnUnknownLeverNamesTheParameter) {
  TempDir dir;
  auto r = lock_levers(target_in(dir), "merit", where("2026"), true, "", "ana");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().column, "parameter");
  EXPECT_EQ(r.error().rule, "parameter_name");
  EXPECT_EQ(r.error().value, "merit");
}

// ---- writes ----

TEST(LeverCommands, NewDatabaseStartsWithTheBundledLeversAsDefault) {
  TempDir dir;
  auto view = show_levers(target_in(dir));
  ASSERT_TRUE(view.ok()) << view.error().to_string_all();
  EXPECT_EQ(view->cells.size(), 125u);
  EXPECT_TRUE(view->issues.empty());
  EXPECT_EQ(view->levers.start_year(), 2025);
  EXPECT_EQ(view->levers.end_year(), 2029);
  const StoreState s = state_of(target_in(dir).db_path, {});
  ASSERT_EQ(s.audit.size(), 1u);
  EXPECT_EQ(s.audit[0].event_type, "SCENARIO_CREATED");
  EXPECT_EQ(s.audit[0].scenario_id, "default");
}

TEST(LeverCommands, DryRunPreviewsTheImpactAndSavesNothing) {
  TempDir dir;
  use_seeded_db(dir);
  const LeverTarget t = target_in(dir);
  const StoreState before = state_of(t.db_path, {"default"});
  auto r = set(t, {"merit_base=0.05"}, where("2027"), /*dry_run=*/true);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  EXPECT_FALSE(r->written);
  EXPECT_EQ(r->plan.changes.size(), 5u);
  ASSERT_TRUE(r->impact.has_value());
  ASSERT_EQ(r->impact->years.size(), 5u);
  for (const ImpactYear& y : r->impact->years) {
    // The same people under both lever sets (common random numbers).
    EXPECT_EQ(y.headcount_proposed, y.headcount_current) << y.year;
    if (y.year < 2027) {
      EXPECT_EQ(y.cost_proposed, y.cost_current) << y.year;
      EXPECT_EQ(y.avg_fye_proposed, y.avg_fye_current) << y.year;
    } else {
      EXPECT_GT(y.cost_proposed, y.cost_current) << y.year << ": 5 % merit is above every level";
    }
  }
  const StoreState after = state_of(t.db_path, {"default"});
  ASSERT_EQ(after.audit.size(), before.audit.size());
  EXPECT_EQ(after.audit.back().entry_hash, before.audit.back().entry_hash);
  expect_same_cells(after.cells.at("default"), before.cells.at("default"));
}

TEST(LeverCommands, SetRecordsEveryChangeWithActorAndReason) {
  TempDir dir;
  use_seeded_db(dir);
  ASSERT_TRUE(create_scenario(target_in(dir, "b"), "default", "", "ana", "test").ok());
  auto r = set(target_in(dir, "b"), {"merit_base=0.035", "cola_rate=0.02"}, where("2027"), false,
               "bo", "budget round 2");
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  EXPECT_TRUE(r->written);
  EXPECT_EQ(r->plan.changes.size(), 10u);
  const StoreState s = state_of(target_in(dir).db_path, {"b"});
  EXPECT_EQ(s.cells.at("b").size(), 125u) << "a copy stores every effective value";
  int changes = 0;
  for (const store::AuditRow& a : s.audit) {
    if (a.event_type != "PARAMETER_CHANGE") continue;
    ++changes;
    EXPECT_EQ(a.scenario_id, "b");
    EXPECT_EQ(a.fiscal_year, 2027);
    EXPECT_EQ(a.actor, "bo");
    EXPECT_EQ(a.reason, "budget round 2");
    EXPECT_EQ(a.occurred_at.size(), 20u) << a.occurred_at;  // 2026-11-27T12:00:00Z
  }
  EXPECT_EQ(changes, 10);
}

TEST(LeverCommands, ImportIntoAScenarioWithALockReportsTheSkippedCell) {
  TempDir dir;
  use_seeded_db(dir);
  const LeverTarget b = target_in(dir, "b");
  ASSERT_TRUE(create_scenario(b, "default", "", "ana", "test").ok());
  ASSERT_TRUE(lock_levers(b, "merit_base", where("2027", "1"), true, "signed off", "ana").ok());
  test::write_file(
      dir / "in.csv",
      "scenario_id,fiscal_year,job_level,event_type,parameter_name,parameter_value,is_locked,"
      "created_at,created_by\n"
      "b,2027,1,RAISE,merit_base,0.06,0,2026-11-01,ana\n"
      "b,2027,2,RAISE,merit_base,0.06,0,2026-11-01,ana\n");
  auto r = import_levers(b, (dir / "in.csv").string(), "import", "optimization_engine", false);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  ASSERT_EQ(r->plan.skipped_locked.size(), 1u);
  EXPECT_EQ(r->plan.skipped_locked[0].year, 2027);
  EXPECT_EQ(r->plan.skipped_locked[0].level, 1);
  EXPECT_EQ(r->plan.skipped_locked[0].requested_value, 0.06);
  EXPECT_EQ(r->plan.changes.size(), 1u);
  const StoreState s = state_of(b.db_path, {"b"});
  for (const store::LeverCell& c : s.cells.at("b")) {
    if (c.parameter_name != "merit_base" || c.fiscal_year != 2027 || c.job_level > 2) continue;
    if (c.job_level == 1) {
      EXPECT_TRUE(c.is_locked);
      EXPECT_EQ(c.value, 0.04037420979255127);
    } else {
      EXPECT_EQ(c.value, 0.06);
      EXPECT_EQ(c.updated_by, "optimization_engine");
    }
  }
}

TEST(LeverCommands, ImportDryRunOfANewScenarioCreatesNothing) {
  TempDir dir;
  use_seeded_db(dir);
  ASSERT_TRUE(export_levers(target_in(dir), (dir / "out.csv").string()).ok());
  const StoreState before = state_of(target_in(dir).db_path, {"default"});
  auto r = import_levers(target_in(dir, "fresh"), (dir / "out.csv").string(), "", "ana", true);
  ASSERT_TRUE(r.ok()) << r.error().to_string_all();
  EXPECT_FALSE(r->written);
  const StoreState after = state_of(target_in(dir).db_path, {"default"});
  EXPECT_EQ(after.audit.size(), before.audit.size());
  auto list = list_scenarios(target_in(dir));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

// ---- CSV round trip ----

void expect_equal_effective(const LeverTarget& a, const LeverTarget& b) {
  auto va = show_levers(a);
  auto vb = show_levers(b);
  ASSERT_TRUE(va.ok()) << va.error().to_string_all();
  ASSERT_TRUE(vb.ok()) << vb.error().to_string_all();
  int compared = 0;
  for (int year = 2025; year <= 2029; ++year) {
    for (const auto& info : engine::kLeverCatalogue) {
      for (int level = 1; level <= 5; ++level) {
        EXPECT_EQ(vb->levers.value(info.param, year, level),
                  va->levers.value(info.param, year, level))
            << info.name << " " << year << " L" << level;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 125);
}

TEST(LeverCommands, ExportThenImportIntoANewScenarioGivesEqualEffectiveValues) {
  TempDir dir;
  use_seeded_db(dir);
  const LeverTarget b = target_in(dir, "b");
  ASSERT_TRUE(create_scenario(b, "default", "", "ana", "test").ok());
  // Values whose shortest decimal text is long, so a lossy writer would show.
  ASSERT_TRUE(set(b, {"merit_base=0.0412345678901234"}, where("2027")).ok());
  ASSERT_TRUE(set(b, {"cola_rate=0.0301"}, where("2028")).ok());
  ASSERT_TRUE(set(b, {"new_hire_salary_adjustment=1.2"}, where("2026", "5")).ok());
  ASSERT_TRUE(set(b, {"promotion_probability=0.15"}, where("2029", "1")).ok());
  ASSERT_TRUE(lock_levers(b, "promotion_raise", where("2026", "3"), true, "", "ana").ok());

  const std::string file = (dir / "b.csv").string();
  ASSERT_TRUE(export_levers(b, file).ok());
  auto parsed = io::read_lever_csv(file, 5);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string_all();
  EXPECT_EQ(parsed->rows.size(), 125u);

  const LeverTarget copy = target_in(dir, "roundtrip");
  auto imported = import_levers(copy, file, "round trip", "ana", false);
  ASSERT_TRUE(imported.ok()) << imported.error().to_string_all();
  EXPECT_TRUE(imported->written);
  EXPECT_TRUE(imported->plan.skipped_locked.empty());
  expect_equal_effective(b, copy);

  // Exporting the copy gives the same values, row for row.
  const std::string again = (dir / "roundtrip.csv").string();
  ASSERT_TRUE(export_levers(copy, again).ok());
  auto reparsed = io::read_lever_csv(again, 5);
  ASSERT_TRUE(reparsed.ok());
  ASSERT_EQ(reparsed->rows.size(), parsed->rows.size());
  for (std::size_t i = 0; i < parsed->rows.size(); ++i) {
    const engine::LeverRow& x = parsed->rows[i];
    const engine::LeverRow& y = reparsed->rows[i];
    EXPECT_EQ(y.scenario_id, "roundtrip");
    EXPECT_EQ(std::tie(y.fiscal_year, y.job_level, y.param),
              std::tie(x.fiscal_year, x.job_level, x.param));
    EXPECT_EQ(y.value, x.value) << "line " << x.line;
    EXPECT_EQ(y.is_locked, x.is_locked) << "line " << x.line;
  }
}

TEST(LeverCommands, BundledDefaultRoundTripsIntoANewScenarioWithItsLocks) {
  TempDir dir;
  use_seeded_db(dir);
  const std::string file = (dir / "default.csv").string();
  ASSERT_TRUE(export_levers(target_in(dir), file).ok());
  auto imported = import_levers(target_in(dir, "copy"), file, "", "ana", false);
  ASSERT_TRUE(imported.ok()) << imported.error().to_string_all();
  EXPECT_TRUE(imported->plan.changes.empty()) << "every value equals the copied one";
  EXPECT_EQ(imported->plan.lock_changes.size(), 25u) << "the locks come from the file";
  expect_equal_effective(target_in(dir), target_in(dir, "copy"));
  const StoreState s = state_of(target_in(dir).db_path, {"copy"});
  ASSERT_EQ(s.cells.at("copy").size(), 125u) << "a new scenario stores every effective value";
  for (const store::LeverCell& c : s.cells.at("copy"))
    EXPECT_EQ(c.is_locked, c.fiscal_year == 2025) << c.parameter_name << " " << c.fiscal_year;
}

// ---- errors block running ----

TEST(LeverCommands, RunOfAScenarioWithAnOutOfRangeLeverIsRefused) {
  TempDir dir;
  test::copy_bundled_inputs(dir / "in");
  // merit_base 2026 level 1: 0.12 is within the file format's range (0..0.5)
  // but outside the lever's hard range (0..0.10).
  std::string levers = test::read_file(dir / "in" / "seeds" / "comp_levers.csv");
  const std::string old_row = "default,2026,1,RAISE,merit_base,0.04037420979255127,";
  const std::size_t at = levers.find(old_row);
  ASSERT_NE(at, std::string::npos);
  levers.replace(at, old_row.size(), "default,2026,1,RAISE,merit_base,0.12,");
  test::write_file(dir / "in" / "seeds" / "comp_levers.csv", levers);

  SimulateRequest r;
  r.inputs.data_dir = dir / "in";
  r.inputs.census_path = test::data_dir() / "census_preprocessed.csv";
  r.db_path = (dir / "r.duckdb").string();
  auto outcome = run_simulation(r, {});
  ASSERT_FALSE(outcome.ok()) << "a lever outside its hard range must block the run";
  EXPECT_EQ(outcome.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(outcome.error().column, "merit_base") << outcome.error().to_string_all();
  EXPECT_EQ(outcome.error().rule, "lever_range") << outcome.error().to_string_all();
}

TEST(LeverCommands, ScenarioNamedOnlyByARunIsKeptAndAnUntouchedOneIsDeleted) {
  TempDir dir;
  use_seeded_db(dir);
  const LeverTarget r = target_in(dir, "ran");
  ASSERT_TRUE(create_scenario(r, "default", "", "ana", "test").ok());
  ASSERT_TRUE(create_scenario(target_in(dir, "idle"), "default", "", "ana", "test").ok());
  SimulateRequest req;
  req.inputs.data_dir = test::data_dir();
  req.inputs.scenario = "ran";
  req.inputs.end_year = 2025;
  req.db_path = r.db_path;
  auto outcome = run_simulation(req, {});
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  Status refused = delete_scenario(r, "ana", "test");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_NE(refused.error().message.find("1 stored runs"), std::string::npos)
      << refused.error().message;
  ASSERT_TRUE(delete_scenario(target_in(dir, "idle"), "ana", "done").ok());
  const StoreState s = state_of(r.db_path, {});
  EXPECT_EQ(s.audit.back().event_type, "SCENARIO_DELETED");
  EXPECT_EQ(s.audit.back().scenario_id, "idle");
  EXPECT_EQ(s.audit.back().reason, "done");
}

TEST(LeverCommands, VerifyOfAMissingDatabaseIsNotFound) {
  TempDir dir;
  auto v = verify_audit_log((dir / "none.duckdb").string());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kNotFound);
  EXPECT_FALSE(fs::exists(dir / "none.duckdb")) << "verification creates nothing";
}

}  // namespace
}  // namespace planwise::app
