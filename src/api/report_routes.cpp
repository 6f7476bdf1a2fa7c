// Governance report routes (issue 11 items 5 and 7, docs/api.md "Reports"):
// the list, each report as JSON, CSV or an HTML page, and the executive
// report document of a published plan or a change request. The executive
// summary and report are for executives too (read); the others need audit.
#include "api/routes.hpp"
#include "api/workbook_response.hpp"
#include "app/executive_report.hpp"
#include "app/governance_reports.hpp"
#include "app/record_workbooks.hpp"
#include "app/run_manifest.hpp"

namespace planwise::api {

namespace {

constexpr const char* kExecutiveReport = "executive-report";

Response text_response(std::string body, const std::string& content_type) {
  Response r;
  r.content_type = content_type;
  r.body = std::move(body);
  return r;
}

json table_json(const app::ReportTable& t) {
  json rows = json::array();
  for (const auto& row : t.rows) {
    json cells = json::array();
    for (const auto& cell : row) cells.push_back(cell ? json(*cell) : json(nullptr));
    rows.push_back(cells);
  }
  return {{"name", app::report_slug(t.name)},
          {"title", t.title},
          {"view", t.view},
          {"columns", t.columns},
          {"rows", rows},
          {"elapsed_ms", t.elapsed_ms}};
}

Response executive_report(Service::Context& c, const Request& r) {
  const std::string scenario = query_or(r, "scenario", "");
  const std::string request_id = query_or(r, "request", "");
  if (scenario.empty() == request_id.empty()) {
    fail(400, "invalid_input", "scenario",
         "give exactly one of ?scenario= (a published plan) or ?request= (a change request)");
  }
  app::ExecutiveReportRequest q;
  q.inputs = c.config.inputs;
  q.db_path = c.config.db_path;
  if (!scenario.empty()) q.scenario = scenario;
  if (!request_id.empty()) q.request_id = request_id;
  q.generated_by = c.user.name;
  return text_response(take(app::executive_report(q)).html, "text/html; charset=utf-8");
}

}  // namespace

std::optional<Response> report_routes(Service::Context& c, const Request& r,
                                      const std::vector<std::string>& p) {
  if (p.size() < 2 || p[1] != "reports" || (r.method != "GET" && r.method != "HEAD"))
    return std::nullopt;
  if (p.size() == 2) {
    json list = json::array();
    for (app::ReportName name : app::all_reports()) {
      list.push_back({{"name", app::report_slug(name)},
                      {"title", app::report_title(name)},
                      {"formats", {"json", "csv", "html", "xlsx"}}});
    }
    list.push_back(
        {{"name", kExecutiveReport}, {"title", "Executive report"}, {"formats", {"html"}}});
    return json_response({{"reports", list}});
  }
  if (p.size() != 3) return std::nullopt;
  if (p[2] == kExecutiveReport) return executive_report(c, r);
  const app::ReportName name = take(app::parse_report_name(p[2], "name"));
  if (name != app::ReportName::kExecutiveSummary) c.require(app::Right::kAudit, "GET " + r.path);
  const std::string format = query_or(r, "format", "json");
  if (format != "json" && format != "csv" && format != "html" && format != "xlsx")
    fail(400, "invalid_input", "format", "format is json, csv, html or xlsx");
  app::ReportFilter filter;
  filter.scenario = query_or(r, "scenario", "");
  if (format == "xlsx") {  // issue 14 item 2
    return workbook_response(
        app::report_workbook(c.config.db_path, name, filter, app::utc_now_iso()), p[2]);
  }
  const app::ReportTable table = take(app::governance_report(c.config.db_path, name, filter));
  if (format == "csv") return text_response(app::report_csv(table), "text/csv; charset=utf-8");
  if (format == "html") return text_response(app::report_html(table), "text/html; charset=utf-8");
  return json_response(table_json(table));
}

}  // namespace planwise::api
