// `planwise runs purge` as an analyst uses it: a bad date names --before,
// a dry run changes nothing, a purge prints what went and `runs show` says so.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

TEST(CliRunsPurge, PurgesOldRunsAndSaysSo) {
  TempDir dir;
  const std::string in_dir = "cd " + q(dir.path()) + " && " + cli();
  const CommandResult sim =
      run_command(in_dir + " simulate --json --quiet --end-year 2025 --db runs.duckdb");
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const std::string id = nlohmann::json::parse(sim.out)["run_id"].get<std::string>();

  const CommandResult bad =
      run_command(in_dir + " runs purge --before 2025-02-30 --db runs.duckdb");
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_TRUE(contains(bad.err, "--before")) << bad.err;

  const CommandResult dry =
      run_command(in_dir + " runs purge --before 2999-01-01 --dry-run --db runs.duckdb");
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_TRUE(contains(dry.out, "Would purge " + id)) << dry.out;
  EXPECT_TRUE(contains(dry.out, "nothing was changed")) << dry.out;
  const std::string count =
      in_dir +
      " sql \"SELECT count(*) AS n FROM workforce_snapshot\" --format csv --db runs.duckdb";
  const CommandResult before = run_command(count);
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_NE(before.out, "n\n0\n");

  // --as names an existing user (the data-protection officer).
  ASSERT_EQ(run_command(in_dir + " users add dpo --role compliance --db runs.duckdb").exit_code, 0);
  const CommandResult purge =
      run_command(in_dir + " runs purge --before 2999-01-01 --as dpo --db runs.duckdb");
  ASSERT_EQ(purge.exit_code, 0) << purge.err;
  EXPECT_TRUE(contains(purge.out, "Purged 1 runs created before 2999-01-01")) << purge.out;
  EXPECT_EQ(run_command(count).out, "n\n0\n");
  const CommandResult show = run_command(in_dir + " runs show " + id + " --db runs.duckdb");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(contains(show.out, "employee-level rows purged on ")) << show.out;
  EXPECT_TRUE(contains(show.out, " by dpo")) << show.out;
  EXPECT_TRUE(contains(show.out, "Year summary")) << show.out;
}

}  // namespace
}  // namespace planwise::test
