// Issue 12 on the command line: `simulate --seeds|--seed-list` with its
// flags and their errors, the thin-sample warning, `ensembles list|show`,
// and `compare A B --seeds` against a scenario or a lever CSV file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

TEST(EnsembleCli, SimulateSeedsPrintsBandsAndStoresTheEnsemble) {
  TempDir dir;
  const std::string db = " --db " + q(dir / "r.duckdb");
  const CommandResult sim = run_command(cli() + " simulate --quiet --seeds 12 --budget 2.6e9" + db);
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  EXPECT_NE(sim.out.find("ensemble: scenario default, 12 seeds (42..53), years 2025-2029"),
            std::string::npos)
      << sim.out;
  EXPECT_NE(sim.out.find("Year  Metric"), std::string::npos) << sim.out;
  EXPECT_NE(sim.out.find("2029  growth_continuous"), std::string::npos) << sim.out;
  EXPECT_NE(sim.out.find("Headline (mean avg_comp_growth over the years) over 12 seeds: mean "),
            std::string::npos)
      << sim.out;
  EXPECT_NE(sim.out.find("P(in target 1.900% to 2.100%): "), std::string::npos) << sim.out;
  EXPECT_NE(sim.out.find("P(total cost > $2,600,000,000.00): "), std::string::npos) << sim.out;
  EXPECT_EQ(sim.out.find("WARNING"), std::string::npos) << sim.out;
  EXPECT_EQ(sim.err.find("warning"), std::string::npos) << sim.err;
  const std::size_t at = sim.out.find("Ensemble id: ens_");
  ASSERT_NE(at, std::string::npos) << sim.out;
  const std::string id = sim.out.substr(at + 13, sim.out.find('\n', at) - at - 13);

  const CommandResult list = run_command(cli() + " ensembles list" + db);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(id + "  "), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("12 (42..53)"), std::string::npos) << list.out;
  const CommandResult show = run_command(cli() + " ensembles show " + id + db);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("budget:          $2,600,000,000.00"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("headline  "), std::string::npos) << show.out;
  const CommandResult rows = run_command(
      cli() + " sql \"SELECT count(*) AS n FROM ensemble_seed_metrics\" --format csv" + db);
  EXPECT_EQ(rows.out, "n\n60\n") << rows.err;
  const CommandResult missing = run_command(cli() + " ensembles show ens_nope" + db);
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("ens_nope"), std::string::npos) << missing.err;
}

TEST(EnsembleCli, FewerThanTenSeedsWarnOnStderrAndInTheTable) {
  const CommandResult sim = run_command(cli() + " simulate --quiet --no-db --seed-list 1,5,9");
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  EXPECT_NE(sim.err.find("warning: only 3 seeds"), std::string::npos) << sim.err;
  EXPECT_NE(sim.out.find("WARNING: only 3 seeds"), std::string::npos) << sim.out;
  EXPECT_NE(sim.out.find("3 seeds (1,5,9)"), std::string::npos) << sim.out;
  EXPECT_NE(sim.out.find("Ensemble id: (not stored: --no-db)"), std::string::npos) << sim.out;
}

TEST(EnsembleCli, SimulateJsonHasTheEnsembleShape) {
  const CommandResult sim =
      run_command(cli() + " simulate --no-db --json --seeds 100..104 --budget 2.6e9 --per-seed");
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const nlohmann::json j = nlohmann::json::parse(sim.out);
  EXPECT_EQ(j["seeds"], nlohmann::json::parse("[100,101,102,103,104]"));
  EXPECT_EQ(j["seed_list"], "100..104");
  EXPECT_TRUE(j["ensemble_id"].is_null());
  EXPECT_TRUE(j["thin_sample_warning"].is_string());
  EXPECT_TRUE(j["headline"]["p_over_budget"].is_number());
  EXPECT_EQ(j["headline"]["band"]["n"], 5);
  EXPECT_EQ(j["years"].size(), 5u);
  EXPECT_EQ(j["per_seed"].size(), 5u);
}

TEST(EnsembleCli, AttributeAddsTheDrawGroupsShares) {
  TempDir dir;
  const std::string db = " --db " + q(dir / "r.duckdb");
  const CommandResult sim = run_command(cli() + " simulate --quiet --seeds 5 --attribute" + db);
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  EXPECT_NE(sim.out.find("Variance attribution of the headline"), std::string::npos) << sim.out;
  EXPECT_NE(sim.out.find("Shares of the headline's variance (SD "), std::string::npos) << sim.out;
  EXPECT_NE(sim.out.find("(30 simulations, "), std::string::npos) << sim.out;
  const CommandResult rows = run_command(
      cli() + " sql \"SELECT count(*) AS n FROM ensemble_attribution\" --format csv" + db);
  EXPECT_EQ(rows.out, "n\n5\n") << rows.err;
  const CommandResult json =
      run_command(cli() + " simulate --quiet --json --no-db --seeds 5 --attribute");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["attribution"]["groups"].size(), 5u);
  EXPECT_EQ(j["attribution"]["simulations"], 30);
  EXPECT_TRUE(j["attribution"]["groups"][0]["share"].is_number());
}

TEST(EnsembleCli, KeepRowsStoresOneSeedAsARun) {
  TempDir dir;
  const std::string db = " --db " + q(dir / "r.duckdb");
  const CommandResult sim =
      run_command(cli() + " simulate --quiet --json --seeds 3 --keep-rows 44" + db);
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const nlohmann::json j = nlohmann::json::parse(sim.out);
  ASSERT_TRUE(j["kept_run_id"].is_string()) << sim.out;
  const CommandResult runs = run_command(cli() + " runs list" + db);
  EXPECT_NE(runs.out.find(j["kept_run_id"].get<std::string>()), std::string::npos) << runs.out;
  EXPECT_NE(runs.out.find("(1 runs in"), std::string::npos) << runs.out;
}

TEST(EnsembleCli, EnsembleFlagErrorsNameTheFlag) {
  struct Case {
    std::string args;
    std::string flag;
  };
  const std::vector<Case> cases = {
      {"simulate --seeds 5 --seed 3", "--seed"},
      {"simulate --seeds 5 --seed-list 1,2", "--seed-list"},
      {"simulate --keep-rows 42", "--keep-rows"},
      {"simulate --budget 1e9", "--budget"},
      {"simulate --attribute", "--attribute"},
      {"simulate --threads 2", "--threads"},
      {"simulate --seeds 0", "--seeds"},
      {"simulate --seeds 9..3", "--seeds"},
      {"simulate --seed-list 1,,3", "--seed-list"},
      {"simulate --seeds 3 --keep-rows 7", "--keep-rows"},
      {"simulate --seeds 3 --budget -5", "--budget"},
      {"simulate --seeds 3 --export out", "--export"},
      {"compare default default --json", "--json"},
      {"compare default --seeds 3", "names"},
      {"compare a b --runs --seeds 3", "--runs"},
  };
  for (const Case& c : cases) {
    const bool simulate = c.args.rfind("simulate", 0) == 0;
    const CommandResult r =
        run_command(cli() + " " + c.args + (simulate ? " --no-db --quiet" : " --no-db"));
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find(c.flag), std::string::npos) << c.args << "\n" << r.err;
  }
}

TEST(EnsembleCli, CompareSeedsOfAScenarioWithItselfIsExactlyZero) {
  TempDir dir;
  const CommandResult c = run_command(cli() + " compare default default --seeds 10 --no-db --json");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const nlohmann::json j = nlohmann::json::parse(c.out);
  EXPECT_EQ(j["seed_count"], 10);
  EXPECT_EQ(j["headline"]["diff"]["mean"], 0.0);
  EXPECT_EQ(j["headline"]["diff"]["max"], 0.0);
  EXPECT_EQ(j["headline"]["distinguishable"], false);
  EXPECT_EQ(j["single_seed"]["headline_diff"], 0.0);
}

TEST(EnsembleCli, CompareAScenarioWithAProposedLeverFile) {
  TempDir dir;
  // The bundled levers with every merit rate at 4.5 %.
  const std::string bundled = read_file(data_dir() / "seeds" / "comp_levers.csv");
  std::string proposed;
  std::size_t start = 0;
  while (start < bundled.size()) {
    std::size_t end = bundled.find('\n', start);
    if (end == std::string::npos) end = bundled.size();
    std::string line = bundled.substr(start, end - start);
    if (line.find(",merit_base,") != std::string::npos) {
      const std::size_t name = line.find(",merit_base,") + 12;
      line = line.substr(0, name) + "0.045" + line.substr(line.find(',', name));
    }
    proposed += line + "\n";
    start = end + 1;
  }
  write_file(dir / "proposed.csv", proposed);
  const CommandResult c =
      run_command(cli() + " compare default " + q(dir / "proposed.csv") + " --seeds 10 --db " +
                  q(dir / "r.duckdb") + " --csv " + q(dir / "paired.csv"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("A = default, B = proposed.csv"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("over 10 seeds, distinguishable from zero"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("one run at seed 42 alone says +"), std::string::npos) << c.out;
  const std::string csv = read_file(dir / "paired.csv");
  EXPECT_EQ(csv.substr(0, 17), "scope,year,metric");
  EXPECT_NE(csv.find("\nheadline,,mean,10,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace planwise::test
