// The planwise command line as an analyst uses it: JSON output, exit codes,
// error messages, thread-count independence, read-only SQL and a run killed
// mid-way.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

TEST(Cli, SimulateJsonPrintsExactlyOneObjectWithTheDocumentedFields) {
  TempDir dir;
  const CommandResult r = run_command("cd " + q(dir.path()) + " && " + cli() +
                                      " simulate --json --quiet --db runs.duckdb");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);  // throws unless exactly one JSON value
  ASSERT_TRUE(j.is_object());
  for (const char* key :
       {"run_id", "scenario", "seed", "start_year", "end_year", "baseline", "years"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["run_id"].is_string());
  EXPECT_EQ(j["baseline"]["active"], 4378);
  EXPECT_DOUBLE_EQ(j["baseline"]["avg_salary"].get<double>(), 92622.54);
  ASSERT_EQ(j["years"].size(), 5u);
  const auto& y = j["years"][0];
  for (const char* key :
       {"year", "start_active", "experienced_terminations", "hires", "new_hire_terminations",
        "promotions", "raises", "end_active", "target_end_active", "headcount_growth",
        "avg_comp_fye", "avg_comp_growth", "total_comp_prorated"}) {
    EXPECT_TRUE(y.contains(key)) << key;
  }
  EXPECT_EQ(y["year"], 2025);
  EXPECT_EQ(y["start_active"], 4378);
  EXPECT_EQ(y["experienced_terminations"], 525);
  EXPECT_EQ(y["hires"], 875);
  EXPECT_EQ(y["new_hire_terminations"], 219);
  EXPECT_EQ(y["end_active"], 4509);
  EXPECT_EQ(y["target_end_active"], 4509);
  // Rates are fractions: 4509 / 4378 - 1, not 2.99.
  EXPECT_NEAR(y["headcount_growth"].get<double>(), 4509.0 / 4378.0 - 1.0, 1e-15);
  EXPECT_LT(y["avg_comp_growth"].get<double>(), 1.0);
  EXPECT_TRUE(fs::exists(dir / "runs.duckdb"));
}

TEST(Cli, EveryYearEndsWithinOneOfTheGrowthTarget) {
  const CommandResult r = run_command(cli() + " simulate --json --quiet --no-db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["run_id"].is_null());
  for (const auto& y : j["years"]) {
    const double start = y["start_active"].get<double>();
    const auto target = static_cast<std::int64_t>(std::llround(start * 1.03));
    EXPECT_LE(std::llabs(y["end_active"].get<std::int64_t>() - target), 1) << y["year"];
  }
}

TEST(Cli, BadCensusExitsTwoAndNamesFileRowAndColumn) {
  TempDir dir;
  write_file(
      dir / "census.csv",
      "employee_id,employee_ssn,employee_birth_date,employee_hire_date,employee_termination_date,"
      "employee_gross_compensation,active\n"
      "E1,S1,1980-01-01,2010-05-05,,70000,true\n"
      "E2,S2,1980-13-01,2010-05-05,,70000,true\n");
  const CommandResult r =
      run_command(cli() + " simulate --no-db --quiet --census " + q(dir / "census.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("census.csv:3: column 'employee_birth_date'"), std::string::npos) << r.err;
  // The birth date is personal data: named by file, row and column only.
  EXPECT_EQ(r.err.find("1980-13-01"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(Cli, EndYearBeforeStartYearIsRejected) {
  const CommandResult r =
      run_command(cli() + " simulate --no-db --quiet --start-year 2027 --end-year 2026");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--end-year"), std::string::npos) << r.err;
}

// Issue 13 item 3: --checks final is for runs that are not kept.
TEST(Cli, ChecksFinalRunsWithoutStoringAndIsRefusedForAStoredRun) {
  TempDir dir;
  const CommandResult quick = run_command("cd " + q(dir.path()) + " && " + cli() +
                                          " simulate --quiet --no-db --checks final");
  EXPECT_EQ(quick.exit_code, 0) << quick.err;
  const CommandResult stored = run_command("cd " + q(dir.path()) + " && " + cli() +
                                           " simulate --quiet --db runs.duckdb --checks final");
  EXPECT_EQ(stored.exit_code, 2) << stored.out << stored.err;
  EXPECT_TRUE(contains(stored.err, "--checks")) << stored.err;
  EXPECT_FALSE(fs::exists(dir / "runs.duckdb"));
  const CommandResult bad = run_command(cli() + " simulate --quiet --no-db --checks some");
  EXPECT_NE(bad.exit_code, 0);
}

TEST(Cli, ResultsDoNotDependOnTheThreadCount) {
  TempDir dir;
  ASSERT_EQ(run_command(cli() + " gen-census --employees 60000 --seed 3 --out " + q(dir / "c.csv"))
                .exit_code,
            0);
  const std::string base = cli() + " simulate --no-db --quiet --census " + q(dir / "c.csv") +
                           " --end-year 2026 --export ";
  ASSERT_EQ(run_command("OMP_NUM_THREADS=1 " + base + q(dir / "one")).exit_code, 0);
  ASSERT_EQ(run_command("OMP_NUM_THREADS=2 " + base + q(dir / "two")).exit_code, 0);
  for (const char* t : {"yearly_events.csv", "workforce_snapshot.csv", "year_summary.csv",
                        "validation_report.csv"}) {
    EXPECT_TRUE(read_file(dir / "one" / t) == read_file(dir / "two" / t)) << t;
  }
}

TEST(Cli, GenCensusWritesTheBundledSchema) {
  TempDir dir;
  const CommandResult r =
      run_command(cli() + " gen-census --employees 1000 --seed 5 --out " + q(dir / "c.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read_file(dir / "c.csv");
  const std::string bundled = read_file(data_dir() / "census_preprocessed.csv");
  EXPECT_EQ(text.substr(0, text.find('\n')), bundled.substr(0, bundled.find('\n')));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1001);
  EXPECT_NE(text.find("EMP_001000,"), std::string::npos);
  // The same seed gives the same file.
  ASSERT_EQ(run_command(cli() + " gen-census --employees 1000 --seed 5 --out " + q(dir / "d.csv"))
                .exit_code,
            0);
  EXPECT_EQ(text, read_file(dir / "d.csv"));
}

TEST(Cli, RunsListShowAndReadOnlySql) {
  TempDir dir;
  const std::string db = " --db " + q(dir / "r.duckdb");
  const CommandResult sim = run_command(cli() + " simulate --json --quiet" + db);
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const std::string run_id = nlohmann::json::parse(sim.out)["run_id"];
  const CommandResult list = run_command(cli() + " runs list" + db);
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(run_id), std::string::npos);
  const CommandResult show = run_command(cli() + " runs show " + run_id + db);
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("Effective lever set"), std::string::npos);
  EXPECT_NE(show.out.find("merit_base"), std::string::npos);
  const CommandResult sql =
      run_command(cli() +
                  " sql \"SELECT simulation_year, end_headcount FROM year_summary "
                  "ORDER BY 1\" --format json" +
                  db);
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  const nlohmann::json rows = nlohmann::json::parse(sql.out);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0]["end_headcount"], 4509);
  const CommandResult write = run_command(cli() + " sql \"DELETE FROM runs\"" + db);
  EXPECT_NE(write.exit_code, 0);
  EXPECT_NE(write.err.find("read-only"), std::string::npos) << write.err;
  const CommandResult missing = run_command(cli() + " runs show run_nope" + db);
  EXPECT_EQ(missing.exit_code, 3);
}

// Issue 9: `planwise sql` cannot write a file, attach another database or
// change its settings; the refusal is an error exit and nothing is created.
TEST(Cli, SqlCannotReachFilesOrChangeSettings) {
  TempDir dir;
  const std::string db = " --db " + q(dir / "r.duckdb");
  const CommandResult sim = run_command(cli() + " simulate --quiet --end-year 2025" + db);
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const std::string csv = (dir / "x.csv").string();
  const std::string other = (dir / "other.duckdb").string();
  for (const std::string& sql : std::vector<std::string>{
           "COPY (SELECT 1) TO '" + csv + "'", "ATTACH '" + other + "' AS other",
           "SELECT * FROM read_csv('/etc/passwd')", "SET enable_external_access = true"}) {
    const CommandResult r = run_command(cli() + " sql \"" + sql + "\"" + db);
    EXPECT_NE(r.exit_code, 0) << sql << "\n" << r.out;
    EXPECT_FALSE(r.err.empty()) << sql;
  }
  EXPECT_FALSE(fs::exists(csv));
  EXPECT_FALSE(fs::exists(other));
  const CommandResult runs =
      run_command(cli() + " sql \"SELECT count(*) AS n FROM runs\" --format csv" + db);
  EXPECT_EQ(runs.out, "n\n1\n") << runs.err;
}

// A run killed with SIGKILL after writing some years leaves no rows: the
// whole run is one transaction, rolled back when DuckDB reopens the file.
TEST(Cli, KilledRunLeavesNoRows) {
  TempDir dir;
  ASSERT_EQ(run_command(cli() + " gen-census --employees 150000 --seed 9 --out " + q(dir / "c.csv"))
                .exit_code,
            0);
  const std::string db = (dir / "k.duckdb").string();
  ChildProcess child(
      {cli_path().string(), "simulate", "--db", db, "--census", (dir / "c.csv").string()});
  ASSERT_TRUE(child.wait_for_line("year 2026 (2 of 5)")) << child.stderr_seen();
  child.kill_now();
  const int status = child.wait();
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";
  for (const char* table : {"runs", "yearly_events", "workforce_snapshot", "year_summary",
                            "baseline_workforce", "employees", "event_rows", "snapshot_rows"}) {
    const CommandResult r = run_command(cli() + " sql \"SELECT count(*) AS n FROM " + table +
                                        "\" --format csv --db " + q(db));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "n\n0\n") << table;
  }
  // The killed writer left no stale lock: the next run writes normally.
  const CommandResult next = run_command(cli() + " simulate --quiet --end-year 2025 --db " + q(db));
  EXPECT_EQ(next.exit_code, 0) << next.err;
  const CommandResult runs =
      run_command(cli() + " sql \"SELECT count(*) AS n FROM runs\" --format csv --db " + q(db));
  EXPECT_EQ(runs.out, "n\n1\n");
}

TEST(Cli, SecondWriterGetsAClearInUseError) {
  TempDir dir;
  ASSERT_EQ(run_command(cli() + " gen-census --employees 100000 --seed 1 --out " + q(dir / "c.csv"))
                .exit_code,
            0);
  const std::string db = (dir / "busy.duckdb").string();
  ChildProcess first(
      {cli_path().string(), "simulate", "--db", db, "--census", (dir / "c.csv").string()});
  ASSERT_TRUE(first.wait_for_line("simulating"))
      << first.stderr_seen();  // it holds the database now
  const CommandResult second =
      run_command(cli() + " simulate --quiet --end-year 2025 --db " + q(db));
  EXPECT_EQ(second.exit_code, 4) << second.err;
  EXPECT_NE(second.err.find("is in use by PID"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("simulate --db"), std::string::npos)
      << "names the holder's command: " << second.err;
  EXPECT_NE(second.err.find("retry"), std::string::npos) << second.err;
  const int status = first.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << first.stderr_seen();
}

}  // namespace
}  // namespace planwise::test
