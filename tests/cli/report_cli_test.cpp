// Issue 11 items 5 and 7: `planwise report NAME` as a process: a table on
// stdout, CSV to --out, and the flag each mistake names. Needs the reports'
// implementation (app/governance_reports.cpp, app/executive_report.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

TEST(ReportCli, AReportPrintsATableOrWritesCsvToOut) {
  TempDir dir;
  const std::string db = " --db " + q(dir / "r.duckdb");
  ASSERT_EQ(run_command(cli() + " scenario list" + db).exit_code, 0);
  const CommandResult table = run_command(cli() + " report approvals" + db);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(contains(table.out, "rows)")) << table.out;
  const fs::path out = dir / "compliance.csv";
  const CommandResult csv =
      run_command(cli() + " report compliance --format csv --out " + q(out) + db);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_TRUE(csv.out.empty()) << csv.out;
  EXPECT_FALSE(read_file(out).empty());
  const CommandResult html = run_command(cli() + " report executive-summary --format html" + db);
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_TRUE(contains(html.out, "<")) << html.out;
}

TEST(ReportCli, AnUnknownReportOrAnExecutiveReportWithoutSubjectExitsTwoNamingTheFlag) {
  TempDir dir;
  const std::string db = " --db " + q(dir / "r.duckdb");
  const CommandResult unknown = run_command(cli() + " report payroll" + db);
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_TRUE(contains(unknown.err, "column 'NAME'")) << unknown.err;
  const CommandResult subject = run_command(cli() + " report executive-report" + db);
  EXPECT_EQ(subject.exit_code, 2) << subject.err;
  EXPECT_TRUE(contains(subject.err, "column '--request'")) << subject.err;
  const CommandResult csv =
      run_command(cli() + " report executive-report --scenario default --format csv" + db);
  EXPECT_EQ(csv.exit_code, 2) << csv.err;
  EXPECT_TRUE(contains(csv.err, "column '--format'")) << csv.err;
}

}  // namespace
}  // namespace planwise::test
