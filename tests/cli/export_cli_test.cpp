// Issue 14 item 2: `planwise runs export RUN --format csv|parquet|xlsx --out
// PATH`, `compare ... --format xlsx --out PATH` and `report NAME --format
// xlsx`: the files written, the refusals (a bad --format named, an unknown
// run, a missing --out) and nothing left at --out on error.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_paths.hpp"
#include "support/xlsx_dump.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

// Nothing at `out`, nor a temporary file beside it.
void expect_nothing_written(const TempDir& dir, const std::string& name) {
  for (const auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(name), std::string::npos) << entry.path();
}

TEST(ExportCli, RunsExportWritesTheWorkbookATableAndRefusesBadFlags) {
  TempDir dir;
  const std::string db = q(dir / "runs.duckdb");
  const CommandResult sim =
      run_command(cli() + " simulate --json --quiet --end-year 2026 --db " + db);
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const std::string id = nlohmann::json::parse(sim.out)["run_id"];

  const CommandResult wb = run_command(cli() + " runs export " + id + " --format xlsx --out " +
                                       q(dir / "run.xlsx") + " --db " + db);
  ASSERT_EQ(wb.exit_code, 0) << wb.err;
  const auto dump = planwise::testing::dump_xlsx(dir / "run.xlsx");
  ASSERT_EQ(dump["sheets"].size(), 7u);
  EXPECT_EQ(dump["sheets"][0]["name"], "Year summary");
  EXPECT_EQ(dump["sheets"][0]["rows"].size(), 3u);  // header, 2025, 2026
  EXPECT_EQ(dump["sheets"][6]["name"], "Provenance");
  EXPECT_EQ(planwise::testing::provenance_value(dump["sheets"][6], "run_id")["v"], id);

  const CommandResult csv =
      run_command(cli() + " runs export " + id + " --format csv --table workforce_snapshot --out " +
                  q(dir / "snap.csv") + " --db " + db);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const std::string text = read_file(dir / "snap.csv");
  EXPECT_EQ(text.find("employee_birth_date"), std::string::npos);  // masked by default
  EXPECT_NE(text.find("***-**-"), std::string::npos);
  const CommandResult parquet = run_command(cli() + " runs export " + id +
                                            " --format parquet --table workforce_snapshot "
                                            "--out " +
                                            q(dir / "snap.parquet") + " --db " + db);
  ASSERT_EQ(parquet.exit_code, 0) << parquet.err;
  // Files at --out are the owner's alone (employee rows), Parquet as CSV.
  for (const char* name : {"snap.csv", "snap.parquet"}) {
    EXPECT_EQ(std::filesystem::status(dir / name).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
        << name;
  }

  const CommandResult bad = run_command(cli() + " runs export " + id + " --format xls --out " +
                                        q(dir / "bad.xlsx") + " --db " + db);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--format"), std::string::npos) << bad.err;
  const CommandResult unknown = run_command(cli() + " runs export run_nope --format xlsx --out " +
                                            q(dir / "bad.xlsx") + " --db " + db);
  EXPECT_EQ(unknown.exit_code, 3) << unknown.err;
  const CommandResult table =
      run_command(cli() + " runs export " + id + " --format xlsx --table secrets --out " +
                  q(dir / "bad.xlsx") + " --db " + db);
  EXPECT_EQ(table.exit_code, 2) << table.err;
  EXPECT_NE(table.err.find("--table"), std::string::npos) << table.err;
  expect_nothing_written(dir, "bad.xlsx");

  const CommandResult cmp =
      run_command(cli() + " compare " + id + " " + id + " --runs --format xlsx --out " +
                  q(dir / "cmp.xlsx") + " --db " + db);
  ASSERT_EQ(cmp.exit_code, 0) << cmp.err;
  const auto cmp_dump = planwise::testing::dump_xlsx(dir / "cmp.xlsx");
  EXPECT_EQ(cmp_dump["sheets"][0]["name"], "Comparison");
  EXPECT_EQ(cmp_dump["sheets"][0]["rows"].size(), 5u);  // 2 years x 2 items + header

  const CommandResult ens =
      run_command(cli() + " simulate --seeds 3 --end-year 2026 --json --quiet --db " + db);
  ASSERT_EQ(ens.exit_code, 0) << ens.err;
  const std::string ens_id = nlohmann::json::parse(ens.out)["ensemble_id"];
  const CommandResult ens_wb =
      run_command(cli() + " ensembles export " + ens_id + " --format xlsx --out " +
                  q(dir / "ens.xlsx") + " --db " + db);
  ASSERT_EQ(ens_wb.exit_code, 0) << ens_wb.err;
  const auto ens_dump = planwise::testing::dump_xlsx(dir / "ens.xlsx");
  const auto* bands = planwise::testing::dumped_sheet(ens_dump, "Bands");
  ASSERT_NE(bands, nullptr);
  int growth_rows = 0;
  for (const auto& row : (*bands)["rows"]) {
    if (row[2].is_object() && row[2]["v"] == "growth_fye") {
      ++growth_rows;
      EXPECT_EQ(row[4]["fmt"], "0.00%");  // the mean of a growth is a percent
    }
  }
  EXPECT_EQ(growth_rows, 2);  // 2025 and 2026
  EXPECT_EQ(run_command(cli() + " ensembles export " + ens_id + " --format csv --out " +
                        q(dir / "bad.xlsx") + " --db " + db)
                .exit_code,
            2);
  expect_nothing_written(dir, "bad.xlsx");

  const CommandResult report = run_command(cli() + " report audit-trail --format xlsx --out " +
                                           q(dir / "audit.xlsx") + " --db " + db);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto report_dump = planwise::testing::dump_xlsx(dir / "audit.xlsx");
  EXPECT_EQ(report_dump["sheets"][0]["name"], "Parameter audit trail");
  EXPECT_EQ(report_dump["sheets"][1]["name"], "Provenance");
  const CommandResult no_out = run_command(cli() + " report audit-trail --format xlsx --db " + db);
  EXPECT_EQ(no_out.exit_code, 2) << no_out.err;
  EXPECT_NE(no_out.err.find("--out"), std::string::npos) << no_out.err;
}

}  // namespace
}  // namespace planwise::test
