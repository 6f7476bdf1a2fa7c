// Issue 12 item 3 on the command line: `planwise sweep` with one and two
// levers, its JSON and CSV, locks from the store, and its errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

TEST(SweepCli, OneLeverPrintsAGridWithBandsAndHoldsTheLocks) {
  TempDir dir;
  const CommandResult s =
      run_command(cli() + " sweep merit_base=0.03:0.05:0.01 --seeds 10 --quiet --csv " +
                  q(dir / "sweep.csv") + " --db " + q(dir / "r.duckdb"));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("Lever sweep of scenario default: 3 grid points x 10 seeds (42..51)"),
            std::string::npos)
      << s.out;
  EXPECT_NE(s.out.find("merit_base  Headline mean"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("Locked cells held at their values (5):"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("WARNING"), std::string::npos) << s.out;
  const std::string csv = read_file(dir / "sweep.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "merit_base,n,headline_mean,headline_p10,headline_p50,headline_p90,p_in_target,"
            "total_cost_mean,total_cost_p10,total_cost_p90,adjusted");
}

TEST(SweepCli, TwoLeversJsonHasEveryGridPoint) {
  const CommandResult s = run_command(
      cli() + " sweep merit_base=0.03:0.04:0.01 cola_rate=0.01:0.03:0.01 --seeds 3 --json --no-db");
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.err.find("warning: only 3 seeds"), std::string::npos) << s.err;
  const nlohmann::json j = nlohmann::json::parse(s.out);
  ASSERT_EQ(j["axes"].size(), 2u);
  EXPECT_EQ(j["axes"][1]["lever"], "cola_rate");
  ASSERT_EQ(j["points"].size(), 6u);
  EXPECT_EQ(j["points"][1]["x"].size(), 2u);
  EXPECT_EQ(j["points"][0]["headline"]["n"], 3);
  EXPECT_EQ(j["seed_count"], 3);
}

TEST(SweepCli, SweepErrorsNameTheAxisOrFlag) {
  struct Case {
    std::string args;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"sweep merit_base=0.05:0.03:0.01", "sweep[0]"},
      {"sweep merit_base=0.03:0.05:0.01 nope=1:2:1", "sweep[1]"},
      {"sweep merit_base=0.03:0.05:0.01 --seeds 0", "--seeds"},
      {"sweep merit_base=0.03:0.05:0.01 --seeds 3 --seed-list 1,2", "--seed-list"},
  };
  for (const Case& c : cases) {
    const CommandResult r = run_command(cli() + " " + c.args + " --no-db --quiet");
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find(c.field), std::string::npos) << c.args << "\n" << r.err;
  }
}

}  // namespace
}  // namespace planwise::test
