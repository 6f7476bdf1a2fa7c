// Issue 14 item 2: workbooks through the API: GET /api/runs/{id}/export
// ?format=xlsx (the run workbook), /api/compare.xlsx and /api/reports/{name}
// ?format=xlsx, as attachments of the xlsx media type; a bad format is a 400
// naming the field.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/service.hpp"
#include "support/test_paths.hpp"
#include "support/xlsx_dump.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

constexpr const char* kToken = "workbook-test-admin-token-01";
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

class WorkbookRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceConfig config;
    config.inputs.data_dir = test::data_dir();
    config.db_path = (dir_ / "wb.duckdb").string();
    config.token = kToken;
    service_ = std::make_unique<Service>(config);
  }
  Response call(const std::string& path) {
    Request r;
    r.method = "GET";
    r.path = path.substr(0, path.find('?'));
    for (std::size_t pos = path.find('?'); pos != std::string::npos;) {
      const std::size_t end = path.find('&', pos + 1);
      const std::string pair = path.substr(pos + 1, end - pos - 1);
      const std::size_t eq = pair.find('=');
      r.query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
      pos = end;
    }
    r.authorization = std::string("Bearer ") + kToken;
    return service_->handle(r);
  }
  std::string stored_run() {
    Request r;
    r.method = "POST";
    r.path = "/api/runs";
    r.body = R"({"end_year":2026})";
    r.authorization = std::string("Bearer ") + kToken;
    const Response started = service_->handle(r);
    EXPECT_EQ(started.status, 202) << started.body;
    const std::string id = json::parse(started.body)["run_id"];
    for (int i = 0; i < 600; ++i) {
      const json run = json::parse(call("/api/runs/" + id).body);
      if (run["status"] == "done") return id;
      EXPECT_NE(run["status"], "failed") << run.dump();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "run " << id << " did not finish";
    return id;
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
  test::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(WorkbookRoutes, RunCompareAndReportWorkbooksAreXlsxAttachments) {
  const std::string id = stored_run();
  const json run = workbook(call("/api/runs/" + id + "/export?format=xlsx"), id + ".xlsx");
  ASSERT_EQ(run["sheets"].size(), 6u);
  EXPECT_EQ(run["sheets"][2]["name"], "Pay budget");
  EXPECT_EQ(planwise::testing::provenance_value(run["sheets"][5], "run_id")["v"], id);

  const json table = workbook(call("/api/runs/" + id + "/export?format=xlsx&table=year_summary"),
                              id + "_year_summary.xlsx");
  EXPECT_EQ(table["sheets"][0]["name"], "year_summary");

  const json cmp = workbook(call("/api/compare.xlsx?runs=" + id + "," + id), "comparison.xlsx");
  EXPECT_EQ(cmp["sheets"][0]["name"], "Comparison");

  const json report = workbook(call("/api/reports/audit-trail?format=xlsx"), "audit-trail.xlsx");
  EXPECT_EQ(report["sheets"][0]["name"], "Parameter audit trail");
}

TEST_F(WorkbookRoutes, ABadFormatOrAnUnknownRecordIsAnErrorNamingTheField) {
  const Response bad = call("/api/runs/run_x/export?format=xls");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(json::parse(bad.body)["field"], "format");
  const Response missing = call("/api/runs/run_nope/export?format=xlsx");
  EXPECT_EQ(missing.status, 404) << missing.body;
  const Response opt = call("/api/optimizations/opt_nope/export?format=csv");
  EXPECT_EQ(opt.status, 400) << opt.body;
  EXPECT_EQ(json::parse(opt.body)["field"], "format");
  const Response ens = call("/api/ensembles/ens_nope/export?format=xlsx");
  EXPECT_EQ(ens.status, 404) << ens.body;
}

}  // namespace
}  // namespace planwise::api
