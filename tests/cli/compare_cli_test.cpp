// Issue 10 items 2 and 6 on the command line: --extend-levers and its
// refusal, what-if and carried runs marked by `runs list|show`, and
// `planwise compare` on three scenarios with its CSV.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "app/run_simulation.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

TEST(CompareCli, ARunPastTheLeversNeedsExtendLeversAndShowsTheCarriedYears) {
  TempDir dir;
  const std::string db = " --quiet --db " + q(dir / "r.duckdb");
  const CommandResult refused = run_command(cli() + " simulate --end-year 2031" + db);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--end-year"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("levers end in 2029; use extend_levers / --extend-levers to carry "
                             "2029 forward"),
            std::string::npos)
      << refused.err;
  const CommandResult sim =
      run_command(cli() + " simulate --json --end-year 2031 --extend-levers" + db);
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const nlohmann::json j = nlohmann::json::parse(sim.out);
  EXPECT_EQ(j["carried_lever_years"], nlohmann::json::parse("[2030,2031]"));
  const std::string run_id = j["run_id"];
  const CommandResult list = run_command(cli() + " runs list --db " + q(dir / "r.duckdb"));
  EXPECT_NE(list.out.find("levers carried to 2030, 2031"), std::string::npos) << list.out;
  const CommandResult show =
      run_command(cli() + " runs show " + run_id + " --db " + q(dir / "r.duckdb"));
  EXPECT_NE(show.out.find("carried levers:  2029 values carried to 2030, 2031"), std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("target:          growth 2.00% +/- 0.10%, metric mean"),
            std::string::npos)
      << show.out;
}

TEST(CompareCli, RunsListAndShowMarkAWhatIfRunAndItsOverrides) {
  TempDir dir;
  app::SimulateRequest r;
  r.inputs.data_dir = data_dir();
  r.db_path = (dir / "r.duckdb").string();
  r.lever_overrides = {{"merit_base", 2027, 3, 0.0333}};
  auto what_if = app::run_simulation(r, {});
  ASSERT_TRUE(what_if.ok()) << what_if.error().to_string_all();
  const std::string db = " --db " + q(dir / "r.duckdb");
  const CommandResult list = run_command(cli() + " runs list" + db);
  EXPECT_NE(list.out.find("what-if (1 overrides)"), std::string::npos) << list.out;
  const CommandResult show = run_command(cli() + " runs show " + *what_if->run_id + db);
  EXPECT_NE(show.out.find("what-if:         1 unsaved lever overrides"), std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("merit_base 2027 level 3 = 0.0333"), std::string::npos) << show.out;
}

TEST(CompareCli, ComparesThreeScenariosAndWritesTheCsv) {
  TempDir dir;
  const std::string db = " --db " + q(dir / "r.duckdb");
  ASSERT_EQ(run_command(cli() + " simulate --quiet" + db).exit_code, 0);
  for (const char* s : {"hi", "lo"}) {
    const CommandResult made =
        run_command(cli() + " scenario create " + s + " --from default --reason t" + db);
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  ASSERT_EQ(
      run_command(cli() + " levers set merit_base=0.05 --scenario hi --year 2028 --reason t" + db)
          .exit_code,
      0);
  ASSERT_EQ(
      run_command(cli() + " levers set cola_rate=0.01 --scenario lo --year 2029 --reason t" + db)
          .exit_code,
      0);
  const CommandResult c =
      run_command(cli() + " compare default hi lo --csv " + q(dir / "cmp.csv") + db);
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("Comparison of 3 scenarios (D = difference to default)"), std::string::npos)
      << c.out;
  EXPECT_NE(c.out.find("(10 cells differ)"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("(simulated now: no stored run)"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("2029  lo"), std::string::npos) << c.out;
  std::ifstream csv(dir / "cmp.csv");
  std::string line;
  int lines = 0;
  while (std::getline(csv, line)) ++lines;
  EXPECT_EQ(lines, 1 + 5 * 3);

  const CommandResult one = run_command(cli() + " compare default" + db);
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.err.find("compare takes 2 to 4 scenarios"), std::string::npos) << one.err;
  const CommandResult unknown = run_command(cli() + " compare default nope" + db);
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("'nope'"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace planwise::test
