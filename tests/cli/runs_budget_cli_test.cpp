// Issue 10 item 3: `planwise runs budget` prints a stored run's pay budget
// in the cost vocabulary of docs/model.md, as a table or as the API's JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

TEST(RunsBudgetCli, PrintsOneYearByLevelAndTheSameFiguresAsJson) {
  TempDir dir;
  const std::string db = q(dir / "runs.duckdb");
  const CommandResult sim =
      run_command(cli() + " simulate --json --quiet --end-year 2026 --db " + db);
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const nlohmann::json run = nlohmann::json::parse(sim.out);
  const std::string id = run["run_id"];
  // The simulate JSON names the year's payroll in the vocabulary too.
  EXPECT_EQ(run["years"][1]["total_payroll_prorated"], run["years"][1]["total_comp_prorated"]);

  const CommandResult table = run_command(cli() + " runs budget " + id + " --year 2026 --db " + db);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  for (const char* label :
       {"Prior payroll (FYE, 1 Jan)", "Merit budget, annualised", "% of payroll", "in-year",
        "COLA budget, annualised", "Promotion budget, annualised", "New-hire premium, annualised",
        "Total payroll (prorated)", "Run-rate payroll (FYE)", "End headcount", "Level 1",
        "Total"}) {
    EXPECT_NE(table.out.find(label), std::string::npos) << label << "\n" << table.out;
  }
  EXPECT_EQ(table.out.find("2025 "), std::string::npos) << "only --year 2026";

  const CommandResult budget_json =
      run_command(cli() + " runs budget " + id + " --year 2026 --json --db " + db);
  ASSERT_EQ(budget_json.exit_code, 0) << budget_json.err;
  const nlohmann::json b = nlohmann::json::parse(budget_json.out);
  EXPECT_EQ(b["run_id"], id);
  ASSERT_EQ(b["years"].size(), 1u);
  const nlohmann::json& y = b["years"][0];
  EXPECT_EQ(y["year"], 2026);
  EXPECT_EQ(y["total_payroll_prorated"], run["years"][1]["total_payroll_prorated"]);
  EXPECT_EQ(y["end_headcount"], run["years"][1]["end_active"]);
  // The table's total column shows the JSON's merit % to two decimals.
  char merit_pct[32];
  std::snprintf(merit_pct, sizeof merit_pct, "%.2f%%",
                100.0 * y["pools"]["merit"]["pct_of_payroll"].get<double>());
  EXPECT_NE(table.out.find(merit_pct), std::string::npos) << merit_pct << "\n" << table.out;

  const CommandResult outside =
      run_command(cli() + " runs budget " + id + " --year 2030 --db " + db);
  EXPECT_EQ(outside.exit_code, 2) << outside.err;
  EXPECT_NE(outside.err.find("2025-2026"), std::string::npos) << outside.err;
  EXPECT_EQ(run_command(cli() + " runs budget run_nope --db " + db).exit_code, 3);
}

}  // namespace
}  // namespace planwise::test
