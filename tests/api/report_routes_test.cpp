// Issue 11 items 5 and 7: the report routes through Service::handle: the
// list, a report as JSON and CSV, who may read which, the executive report
// of a change request, and the fields an error names. Needs the reports'
// implementation (app/governance_reports.cpp, app/executive_report.cpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "api/service.hpp"
#include "support/test_paths.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

class ReportRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceConfig config;
    config.inputs.data_dir = test::data_dir();
    config.db_path = (dir_ / "reports.duckdb").string();
    config.users = [](std::string_view token) -> std::optional<Identity> {
      if (token == "tok-ann-analyst-000000000000001") return Identity{"ann", app::Role::kAnalyst};
      if (token == "tok-eva-executive-0000000000001") return Identity{"eva", app::Role::kExecutive};
      return std::nullopt;
    };
    service_ = std::make_unique<Service>(config);
  }
  Response as(const std::string& who, const std::string& method, const std::string& path,
              const std::map<std::string, std::string>& query = {}, const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.body = body;
    r.authorization = std::string("Bearer ") + (who == "ann" ? "tok-ann-analyst-000000000000001"
                                                             : "tok-eva-executive-0000000000001");
    return service_->handle(r);
  }
  static void expect_error(const Response& r, int status, const std::string& kind,
                           const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    const json j = json::parse(r.body);
    EXPECT_EQ(j["error"], kind) << r.body;
    EXPECT_EQ(j["field"], field) << r.body;
  }
  test::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(ReportRoutes, TheListNamesEveryReportAndTheExecutiveReport) {
  const Response r = as("eva", "GET", "/api/reports");
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> names;
  const json list = json::parse(r.body);
  for (const json& e : list["reports"]) names.push_back(e["name"]);
  EXPECT_EQ(names,
            (std::vector<std::string>{"audit-trail", "approvals", "change-history",
                                      "executive-summary", "compliance", "executive-report"}));
}

TEST_F(ReportRoutes, ExecutivesReadTheSummaryButNotTheAuditReports) {
  expect_error(as("eva", "GET", "/api/reports/approvals"), 403, "forbidden", "role");
  expect_error(as("eva", "GET", "/api/reports/audit-trail"), 403, "forbidden", "role");
  const Response summary = as("eva", "GET", "/api/reports/executive-summary");
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_EQ(json::parse(summary.body)["name"], "executive-summary");
  const Response table = as("ann", "GET", "/api/reports/approvals", {{"scenario", "default"}});
  ASSERT_EQ(table.status, 200) << table.body;
  const json j = json::parse(table.body);
  EXPECT_EQ(j["name"], "approvals");
  EXPECT_FALSE(j["view"].get<std::string>().empty());
  EXPECT_FALSE(j["columns"].empty());
  EXPECT_TRUE(j["rows"].is_array());
}

TEST_F(ReportRoutes, ACsvReportIsTextCsvAndABadNameOrFormatNamesItsField) {
  const Response csv = as("ann", "GET", "/api/reports/compliance", {{"format", "csv"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_FALSE(csv.body.empty());
  const Response html = as("ann", "GET", "/api/reports/compliance", {{"format", "html"}});
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
  expect_error(as("ann", "GET", "/api/reports/compliance", {{"format", "xml"}}), 400,
               "invalid_input", "format");
  expect_error(as("ann", "GET", "/api/reports/payroll"), 400, "invalid_input", "name");
}

TEST_F(ReportRoutes, TheExecutiveReportOfARequestIsAnHtmlDocumentForExecutives) {
  expect_error(as("eva", "GET", "/api/reports/executive-report"), 400, "invalid_input", "scenario");
  const Response made =
      as("ann", "POST", "/api/requests", {},
         R"({"cells":[{"parameter":"merit_base","year":2027,"level":3,"value":0.045}],)"
         R"("justification":"FY27 retention"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = json::parse(made.body)["request"]["request_id"];
  const Response doc = as("eva", "GET", "/api/reports/executive-report", {{"request", id}});
  ASSERT_EQ(doc.status, 200) << doc.body;
  EXPECT_EQ(doc.content_type, "text/html; charset=utf-8");
  EXPECT_NE(doc.body.find("<"), std::string::npos);
}

}  // namespace
}  // namespace planwise::api
