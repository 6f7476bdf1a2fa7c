// `planwise optimize` as an analyst uses it: one JSON object with the
// documented keys, one progress line per evaluation, exit codes, flag
// errors, Ctrl-C that keeps the history, and the list/show/report commands.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <string>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

int count_lines_with(const std::string& text, const std::string& part) {
  int n = 0;
  for (std::size_t pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos + 1))
    ++n;
  return n;
}

TEST(OptimizeCli, PrintsOneJsonObjectWithTheDocumentedKeys) {
  const CommandResult r = run_command(
      cli() + " optimize --no-db --algorithm brent --target 0.055 --tolerance 0.0001 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"run_id", "algorithm", "converged", "evaluations", "final_growth", "final_gap",
        "best_levers", "history", "reachability", "sensitivity", "seed_spread", "summary"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["algorithm"], "brent");
  EXPECT_TRUE(j["converged"].get<bool>());
  EXPECT_LT(std::abs(j["final_gap"].get<double>()), 0.0001);
  EXPECT_NEAR(j["final_growth"].get<double>(), 0.055, 0.0001);  // a fraction, not percent
  EXPECT_NEAR(j["best_levers"]["cola"].get<double>(), 0.02, 0.01);
  ASSERT_EQ(j["history"].size(), j["evaluations"].get<std::size_t>());
  for (const auto& h : j["history"]) {
    for (const char* key : {"iteration", "levers", "growth", "gap"})
      EXPECT_TRUE(h.contains(key)) << key;
    EXPECT_EQ(h["levers"].size(), j["best_levers"].size());
  }
  EXPECT_EQ(j["seed_spread"]["growth"].size(), 10u);  // the default N
  // One progress line per evaluation on stderr.
  EXPECT_EQ(count_lines_with(r.err, "planwise: eval "), j["evaluations"].get<int>()) << r.err;
}

TEST(OptimizeCli, ExitsEightAndExplainsAnUnreachableTarget) {
  const CommandResult r =
      run_command(cli() + " optimize --no-db --target 0.02 --tolerance 0.001 --quiet");
  EXPECT_EQ(r.exit_code, 8) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "unreachable")) << r.out;
  EXPECT_TRUE(contains(r.out, "closest reachable value")) << r.out;
  EXPECT_TRUE(contains(r.out, "promotion_probability")) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;  // --quiet
}

// Issue 10 item 7: plain names in the help and the output; the guard rails'
// flags change the rails the search keeps, and the output says which.
TEST(OptimizeCli, ShowsPlainNamesAndTakesTheGuardRailFlags) {
  const CommandResult help = run_command(cli() + " optimize --help");
  ASSERT_EQ(help.exit_code, 0) << help.err;
  for (const char* text :
       {"s045: Fastest: one lever mix", "bobyqa: All levers, balanced", "nsga2: Trade-off curve",
        "--merit-floor", "--cola-floor", "--no-merit-ordering", "--no-promotion-ranges"}) {
    EXPECT_TRUE(contains(help.out, text)) << text;
  }
  const CommandResult r = run_command(
      cli() +
      " optimize --no-db --algorithm brent --target 0.05 --merit-floor 0.02 "
      "--cola-floor 0.015 --no-merit-ordering --spread-seeds 0 --no-sensitivity --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["label"], "One lever mix, precise");
  EXPECT_EQ(j["guard_rails"]["merit_floor"], 0.02);
  EXPECT_EQ(j["guard_rails"]["cola_floor"], 0.015);
  EXPECT_FALSE(j["guard_rails"]["merit_ordering"].get<bool>());
  EXPECT_TRUE(j["guard_rails"]["promotion_ranges"].get<bool>());
  for (const auto& [name, value] : j["best_levers"].items()) {
    if (name.rfind("merit_L", 0) == 0) EXPECT_GE(value.get<double>(), 0.02 - 1e-12) << name;
  }
  const CommandResult text =
      run_command(cli() +
                  " optimize --no-db --algorithm s045 --target 0.05 --spread-seeds 0 "
                  "--no-sensitivity --quiet");
  EXPECT_TRUE(contains(text.out, "Fastest: one lever mix (s045, balanced)")) << text.out;
  EXPECT_TRUE(contains(text.out, "Guard rails: merit >= 1.000%")) << text.out;
  const CommandResult bad = run_command(cli() + " optimize --no-db --merit-floor 0.5");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "--merit-floor")) << bad.err;
}

TEST(OptimizeCli, NamesTheFlagOfABadOption) {
  const CommandResult r = run_command(cli() + " optimize --no-db --tolerance 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--tolerance")) << r.err;
  const CommandResult w =
      run_command(cli() + " optimize --no-db --algorithm bobyqa --weights growth=1,speed=3");
  EXPECT_EQ(w.exit_code, 2);
  EXPECT_TRUE(contains(w.err, "--weights")) << w.err;
  EXPECT_TRUE(contains(w.err, "speed")) << w.err;
}

TEST(OptimizeCli, CtrlCStopsAfterTheCurrentEvaluationAndKeepsTheHistory) {
  TempDir dir;
  const std::string db = (dir / "o.duckdb").string();
  ChildProcess child({"/bin/sh", "-c",
                      "exec " + cli() +
                          " optimize --algorithm nsga2 --target 0.05 --budget-evals 20000 "
                          "--budget-seconds 300 --db '" +
                          db + "' > /dev/null"});
  ASSERT_TRUE(child.wait_for_line("planwise: eval 30/")) << child.stderr_seen();
  child.interrupt();
  const int status = child.wait();
  ASSERT_TRUE(WIFEXITED(status)) << child.stderr_seen();
  EXPECT_EQ(WEXITSTATUS(status), 5) << child.stderr_seen();
  const CommandResult list = run_command(cli() + " optimize list --json --db '" + db + "'");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const nlohmann::json runs = nlohmann::json::parse(list.out);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["status"], "interrupted");
  EXPECT_FALSE(runs[0]["applied"].get<bool>());
  const int evaluations = runs[0]["evaluations"];
  EXPECT_GE(evaluations, 30);
  EXPECT_LT(evaluations, 100000);
  const CommandResult show =
      run_command(cli() + " optimize show " + runs[0]["run_id"].get<std::string>() +
                  " --json --db '" + db + "'");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(nlohmann::json::parse(show.out)["history"].size(),
            static_cast<std::size_t>(evaluations));
}

TEST(OptimizeCli, WritesTheReportOfAStoredRun) {
  TempDir dir;
  const std::string db = (dir / "o.duckdb").string();
  const CommandResult run =
      run_command(cli() +
                  " optimize --algorithm secant --target 0.06 --dry-run --json --quiet "
                  "--spread-seeds 2 --db '" +
                  db + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string id = nlohmann::json::parse(run.out)["run_id"];
  const CommandResult report = run_command(cli() + " optimize report " + id + " --out '" +
                                           (dir / "r.md").string() + "' --db '" + db + "'");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string md = read_file(dir / "r.md");
  EXPECT_TRUE(contains(md, "# Optimization report " + id));
  EXPECT_TRUE(contains(md, "## Reachability"));
  EXPECT_TRUE(contains(md, "## Seed-to-seed spread"));
  const CommandResult summary =
      run_command(cli() + " optimize summary " + id + " --db '" + db + "'");
  EXPECT_EQ(summary.exit_code, 0);
  EXPECT_TRUE(contains(summary.out, "Excellent — target achieved")) << summary.out;
  const CommandResult missing = run_command(cli() + " optimize show opt_nope --db '" + db + "'");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_TRUE(contains(missing.err, "optimize list")) << missing.err;
}

}  // namespace
}  // namespace planwise::test
