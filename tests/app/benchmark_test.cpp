// Issue 13 item 6: `planwise bench --quick` reports every case with its
// roofline and its own peak RSS (the smoke run of bench/CMakeLists.txt runs
// the CLI; this checks the numbers). Slow: it simulates and stores seven cases.
#include "app/benchmark.hpp"

#include <gtest/gtest.h>

#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

// The quick sizes, once each, in `work`, with triad arrays of `triad_mib`.
BenchOptions quick_options(const test::TempDir& work, std::size_t triad_mib) {
  BenchOptions options;
  options.data_dir = test::data_dir();
  options.work_dir = work.path();
  options.repeat = 1;
  options.quick = true;
  options.triad_array_bytes = triad_mib << 20;
  return options;
}

TEST(BenchmarkSlow, QuickCasesReportTheirRooflineAndOwnPeakRss) {
  test::TempDir work;
  const BenchOptions options = quick_options(work, 16);
  int reported = 0;
  auto report = run_benchmarks(options, [&](const BenchMeasurement&) { ++reported; });
  ASSERT_TRUE(report.ok()) << report.error().message;
  const BenchMachine& m = report->machine;
  EXPECT_GT(m.bandwidth_bytes_per_s, 0.0);
  EXPECT_GT(m.draws_per_s, 0.0);
  EXPECT_GT(m.draws_per_s_per_core, 0.0);
  EXPECT_GE(m.engine_threads, 1);
  ASSERT_EQ(report->cases.size(), 7u);
  EXPECT_EQ(reported, 7);
  for (const BenchMeasurement& c : report->cases) {
    SCOPED_TRACE(c.name + ", " + c.mode);
    EXPECT_GT(c.employee_years, c.employees);
    EXPECT_GT(c.hires, 0);
    EXPECT_GT(c.employee_years_per_s, 0.0);
    EXPECT_GT(c.employee_years_per_core_s, 0.0);
    EXPECT_NEAR(c.employee_years_per_core_s * c.cores_busy, c.employee_years_per_s,
                1e-6 * c.employee_years_per_s);
    EXPECT_GT(c.cores_busy, 0.0);
    EXPECT_LE(c.cores_busy, m.hardware_threads + 1.0);
    // About 150 bytes of frame per row, a few hundred moved per year.
    EXPECT_GT(c.hot_bytes_per_employee_year, 150.0);
    EXPECT_LT(c.hot_bytes_per_employee_year, 2000.0);
    EXPECT_GT(c.draws_per_employee_year, 4.0);
    EXPECT_LT(c.draws_per_employee_year, 8.0);
    // In (0, 50]: small cases live in cache and may move more than DRAM can.
    EXPECT_GT(c.bandwidth_fraction, 0.0);
    EXPECT_LE(c.bandwidth_fraction, 50.0);
    EXPECT_GT(c.compute_fraction, 0.0);
    EXPECT_LE(c.compute_fraction, 1.0);
    EXPECT_TRUE(c.rss_per_case);
    EXPECT_GT(c.peak_rss_mb, 1.0);
  }
  // The event log moves more bytes per employee-year than aggregates alone,
  // and final checks fewer than full checks (cases 3, 4, 5 of the big census).
  EXPECT_EQ(report->cases[4].mode, "aggregates, checks final");
  EXPECT_GT(report->cases[5].hot_bytes_per_employee_year,
            report->cases[3].hot_bytes_per_employee_year);
  EXPECT_LT(report->cases[4].hot_bytes_per_employee_year,
            report->cases[3].hot_bytes_per_employee_year);
}

// --only: the cases whose "<name>, <mode>" contains the text, and nothing
// measured when it matches none.
TEST(Benchmark, OnlyRunsTheCasesItNamesAndRefusesTextThatMatchesNone) {
  test::TempDir work;
  BenchOptions options = quick_options(work, 1);
  options.only = "bundled census, event log in memory";
  auto report = run_benchmarks(options, {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->cases.size(), 1u);
  EXPECT_EQ(report->cases[0].name, "bundled census");
  EXPECT_EQ(report->cases[0].mode, "event log in memory");

  options.only = "event log to duckdb";  // the text is matched as written
  auto none = run_benchmarks(options, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(none.error().column, "--only");
  EXPECT_NE(none.error().message.find("event log to DuckDB"), std::string::npos)
      << none.error().message;
  EXPECT_FALSE(std::filesystem::exists(work.path() / "bench.duckdb"));
}

}  // namespace
}  // namespace planwise::app
