// Issue 14 item 2: workbooks through the API: GET /api/runs/{id}/export
// ?format=xlsx (the run workbook), /api/compare.xlsx, /api/reports/{name}
// ?format=xlsx and /api/optimizations/{id}/export?format=xlsx, as
// attachments of the xlsx media type, read back by the independent reader;
// a bad format is a 400 naming the field.
#include <gtest/gtest.h>

#include <map>

#include "admin_service_fixture.hpp"
#include "support/xlsx_dump.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

class WorkbookRoutes : public testing::AdminServiceTest {
 protected:
  Response get(const std::string& path, const std::map<std::string, std::string>& query) {
    Request r = testing::admin_request("GET", path);
    r.query = query;
    return service_->handle(r);
  }
  // The attachment's workbook as the independent reader sees it.
  json workbook(const Response& r, const std::string& filename) {
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
    EXPECT_EQ(r.content_type, kXlsxType);
    bool disposition = false;
    for (const auto& [name, value] : r.headers) {
      if (name == "Content-Disposition") {
        disposition = true;
        EXPECT_EQ(value, "attachment; filename=\"" + filename + "\"");
      }
    }
    EXPECT_TRUE(disposition);
    const auto file = dir_ / "got.xlsx";
    test::write_file(file, r.body);
    return planwise::testing::dump_xlsx(file);
  }
};

TEST_F(WorkbookRoutes, RunCompareAndReportWorkbooksAreXlsxAttachments) {
  const std::string id = stored_run();
  const json run = workbook(get("/api/runs/" + id + "/export", {{"format", "xlsx"}}), id + ".xlsx");
  ASSERT_EQ(run["sheets"].size(), 7u);
  EXPECT_EQ(run["sheets"][3]["name"], "Pay budget");
  EXPECT_EQ(planwise::testing::provenance_value(run["sheets"][6], "run_id")["v"], id);

  const json table =
      workbook(get("/api/runs/" + id + "/export", {{"format", "xlsx"}, {"table", "year_summary"}}),
               id + "_year_summary.xlsx");
  EXPECT_EQ(table["sheets"][0]["name"], "year_summary");

  const json cmp = workbook(get("/api/compare.xlsx", {{"runs", id + "," + id}}), "comparison.xlsx");
  EXPECT_EQ(cmp["sheets"][0]["name"], "Comparison");

  const json report =
      workbook(get("/api/reports/audit-trail", {{"format", "xlsx"}}), "audit-trail.xlsx");
  EXPECT_EQ(report["sheets"][0]["name"], "Parameter audit trail");
}

TEST_F(WorkbookRoutes, AnOptimizationWorkbookHoldsEveryEvaluation) {
  const json done = optimized(
      {{"algorithm", "s045"}, {"dry_run", true}, {"spread_seeds", 0}, {"sensitivity", false}});
  const std::string id = done["run_id"];
  const json wb =
      workbook(get("/api/optimizations/" + id + "/export", {{"format", "xlsx"}}), id + ".xlsx");
  const json* evaluations = planwise::testing::dumped_sheet(wb, "Evaluations");
  ASSERT_NE(evaluations, nullptr);
  const json record = json::parse(call("GET", "/api/optimizations/" + id).body)["result"];
  ASSERT_TRUE(record.contains("evaluations")) << record.dump().substr(0, 500);
  EXPECT_EQ((*evaluations)["rows"].size(), record["evaluations"].get<std::size_t>() + 1);
  const json* result = planwise::testing::dumped_sheet(wb, "Result");
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(planwise::testing::provenance_value(*result, "status")["v"], record["status"]);
  const json* provenance = planwise::testing::dumped_sheet(wb, "Provenance");
  ASSERT_NE(provenance, nullptr);
  EXPECT_EQ(planwise::testing::provenance_value(*provenance, "opt_run_id")["v"], id);
}

TEST_F(WorkbookRoutes, ABadFormatOrAnUnknownRecordIsAnErrorNamingTheField) {
  expect_error(get("/api/runs/run_x/export", {{"format", "xls"}}), 400, "invalid_input", "format");
  EXPECT_EQ(get("/api/runs/run_nope/export", {{"format", "xlsx"}}).status, 404);
  expect_error(get("/api/optimizations/opt_nope/export", {{"format", "csv"}}), 400, "invalid_input",
               "format");
  EXPECT_EQ(get("/api/ensembles/ens_nope/export", {{"format", "xlsx"}}).status, 404);
}

}  // namespace
}  // namespace planwise::api
