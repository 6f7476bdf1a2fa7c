// Issue 11 item 5: reads the governance report views (store/
// governance_reports.cpp holds their SQL and definitions) and writes them
// as CSV (RFC 4180) or one self-contained, printable HTML page.
#include "app/governance_reports.hpp"

#include <chrono>

#include "app/existing_database.hpp"
#include "app/svg_chart.hpp"
#include "common/number_text.hpp"
#include "store/governance_reports.hpp"

namespace planwise::app {

namespace {

struct ReportInfo {
  ReportName name;
  const char* slug;
  const char* title;
  const char* view;
};

constexpr ReportInfo kReports[] = {
    {ReportName::kAuditTrail, "audit-trail", "Parameter audit trail", "v_parameter_audit_trail"},
    {ReportName::kApprovals, "approvals", "Scenario approval workflow",
     "v_scenario_approval_workflow"},
    {ReportName::kChangeHistory, "change-history", "Parameter change history",
     "v_parameter_change_history"},
    {ReportName::kExecutiveSummary, "executive-summary", "Executive compensation summary",
     "v_executive_compensation_summary"},
    {ReportName::kCompliance, "compliance", "Compliance report", "v_compliance_report"},
};

const ReportInfo& info(ReportName name) {
  for (const ReportInfo& r : kReports) {
    if (r.name == name) return r;
  }
  return kReports[0];
}

std::string csv_field(const std::optional<std::string>& value) {
  if (!value) return "";
  const std::string& v = *value;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string report_slug(ReportName name) {
  return info(name).slug;
}

std::string report_title(ReportName name) {
  return info(name).title;
}

const std::vector<ReportName>& all_reports() {
  static const std::vector<ReportName> kAll = [] {
    std::vector<ReportName> out;
    for (const ReportInfo& r : kReports) out.push_back(r.name);
    return out;
  }();
  return kAll;
}

Result<ReportName> parse_report_name(const std::string& text, const std::string& field) {
  std::string names;
  for (const ReportInfo& r : kReports) {
    if (text == r.slug) return r.name;
    names += (names.empty() ? "" : ", ") + std::string(r.slug);
  }
  return Error::invalid_input("", 0, field, "report_name", text,
                              "unknown report '" + text + "'; the reports are " + names +
                                  " (and executive-report, the document)");
}

Result<ReportTable> governance_report(const std::string& db_path, ReportName name,
                                      const ReportFilter& filter) {
  const auto started = std::chrono::steady_clock::now();
  auto db = open_existing_database(db_path, store::OpenMode::kReadOnly);
  if (!db) return std::move(db).error();
  const ReportInfo& r = info(name);
  auto rows = store::read_governance_report(**db, r.view, filter.scenario);
  if (!rows) return std::move(rows).error();
  ReportTable out;
  out.name = name;
  out.title = r.title;
  out.view = r.view;
  out.columns = std::move(rows->columns);
  out.rows = std::move(rows->rows);
  out.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

std::string report_csv(const ReportTable& table) {
  std::string out;
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    out += (i ? "," : "") + csv_field(table.columns[i]);
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\r\n";
  }
  return out;
}

std::string report_html(const ReportTable& table) {
  const std::string title = html_escape(table.title);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
      "</title><style>"
      "body{font:12px/1.4 system-ui,sans-serif;margin:16px;color:#111}"
      "h1{font-size:18px;margin:0 0 4px}.meta{color:#555;margin:0 0 12px}"
      "table{border-collapse:collapse;width:100%}"
      "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
      "th{background:#f0f0f0}td.null{color:#999}tr:nth-child(even) td{background:#fafafa}"
      "@page{size:A4 landscape;margin:12mm}"
      "@media print{body{margin:0;font-size:9px}thead{display:table-header-group}"
      "tr{page-break-inside:avoid}}"
      "</style></head><body><h1>" +
      title + "</h1><p class=\"meta\">View <code>" + html_escape(table.view) + "</code> &middot; " +
      std::to_string(table.rows.size()) + (table.rows.size() == 1 ? " row" : " rows") +
      "</p><table><thead><tr>";
  for (const std::string& c : table.columns) out += "<th>" + html_escape(c) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (const auto& v : row) {
      out += v ? "<td>" + html_escape(*v) + "</td>" : "<td class=\"null\"></td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table></body></html>\n";
}

}  // namespace planwise::app
