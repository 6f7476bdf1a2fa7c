// Issue 11 item 5: the executive report document (tuning.md §2.6 template,
// §6.4). A scenario's report is its plan: the latest stored run that is not
// a what-if, the requests published into the scenario, the run's input
// hashes and the audit entry hashes of those requests. A request's report
// is its simulated impact (published against proposed), its cells and its
// audit entries. One or two printed pages; no script, no external file.
#include "app/executive_report.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "app/existing_database.hpp"
#include "app/run_manifest.hpp"
#include "app/svg_chart.hpp"
#include "common/number_text.hpp"
#include "store/governance_reports.hpp"
#include "store/governance_tables.hpp"
#include "store/run_store.hpp"

namespace planwise::app {

namespace {

std::string money(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "&ndash;";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s$%.0f", *v < 0 ? "-" : "", std::fabs(*v));
  // Thousands separators for reading at a glance.
  std::string s = buf, digits = s.substr(s.find('$') + 1), grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return s.substr(0, s.find('$') + 1) + grouped;
}

std::string percent(std::optional<double> v, int decimals = 2) {
  if (!v || !std::isfinite(*v)) return "&ndash;";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f %%", decimals, *v * 100);
  return buf;
}

std::string count(std::optional<std::int64_t> v) {
  return v ? money(static_cast<double>(*v)).substr(1) : "&ndash;";
}

std::optional<double> number_of(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  return parse_double(*v);
}

// §2.6: A4 or Letter, one-inch-like margins, sections that do not split.
constexpr const char* kStyle =
    "@page{size:auto;margin:18mm 16mm}"
    "body{font:11px/1.4 Georgia,serif;color:#111;margin:0 auto;max-width:180mm}"
    "header{border-bottom:2px solid #223;margin-bottom:8px;padding-bottom:4px}"
    ".warning{border-left:3px solid #a40;padding:2px 6px;color:#6a1b00}"
    "header .conf{float:right;color:#a00;font-weight:bold;letter-spacing:1px}"
    "h1{font-size:19px;margin:2px 0}h2{font-size:13px;margin:12px 0 4px;border-bottom:1px solid "
    "#ccc}.sub{color:#555;margin:0}"
    ".cards{display:grid;grid-template-columns:1fr 1fr;gap:6px}"
    ".card{border:1px solid #ccc;border-radius:4px;padding:5px 8px}"
    ".card b{display:block;font-size:15px}.neg{color:#a00}"
    "table{border-collapse:collapse;width:100%;font-size:10px}"
    "th,td{border:1px solid #ccc;padding:2px 5px;text-align:right}"
    "th:first-child,td.l{text-align:left}th{background:#f0f0f0}"
    ".charts{display:flex;gap:8px;flex-wrap:wrap}code{font-size:8.5px;word-break:break-all}"
    "section{page-break-inside:avoid;break-inside:avoid}"
    ".evidence{page-break-before:auto}footer{margin-top:10px;color:#666;font-size:9px}"
    "@media print{body{max-width:none}}";

std::string page(const std::string& title, const std::string& subtitle,
                 const ExecutiveReportRequest& request, const std::string& body,
                 const std::string& footnote) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
         html_escape(title) + "</title><style>" + kStyle + "</style></head><body><header>" +
         "<span class=\"conf\">CONFIDENTIAL</span><p class=\"sub\">Generated " +
         html_escape(utc_now_iso()) +
         (request.generated_by.empty() ? "" : " by " + html_escape(request.generated_by)) +
         "</p><h1>" + html_escape(title) + "</h1><p class=\"sub\">" + html_escape(subtitle) +
         "</p></header>" + body + "<footer>" + footnote +
         " Figures are simulated, not forecasts of individual pay. PlanWise Navigator.</footer>"
         "</body></html>\n";
}

std::string card(const std::string& label, const std::string& value, const std::string& note,
                 bool negative = false) {
  return "<div class=\"card\">" + html_escape(label) + "<b" +
         std::string(negative ? " class=\"neg\"" : "") + ">" + value + "</b>" + note + "</div>";
}

std::string cell(const std::string& v, bool left = false) {
  return std::string(left ? "<td class=\"l\">" : "<td>") + v + "</td>";
}

std::string hashes_table(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = "<table><tr><th>Evidence</th><th>SHA-256</th></tr>";
  for (const auto& [name, hash] : rows) {
    out += "<tr>" + cell(html_escape(name), true) + "<td class=\"l\"><code>" + html_escape(hash) +
           "</code></td></tr>";
  }
  return out + "</table>";
}

std::vector<std::pair<std::string, std::string>> audit_hashes(
    const std::vector<store::RequestAuditEntry>& entries, bool binding_only) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const store::RequestAuditEntry& e : entries) {
    // A plan is bound by the approvals and publications of its requests.
    if (binding_only && e.event_type != "SCENARIO_PUBLISHED" &&
        e.event_type != "PARAMETER_APPROVAL" && e.event_type != "PARAMETER_ROLLBACK") {
      continue;
    }
    out.push_back({"audit #" + std::to_string(e.seq) + " " + e.event_type + " " + e.request_id +
                       " (" + e.actor + ", " + e.occurred_at + ")",
                   e.entry_hash});
  }
  return out;
}

std::string requests_table(const std::vector<store::ChangeRequestRow>& rows) {
  if (rows.empty()) return "<p>No change request has been published into this scenario.</p>";
  std::string out =
      "<table><tr><th>Request</th><th>State</th><th>Justification</th><th>Requester</th>"
      "<th>Approver</th><th>Risk</th><th>Cost impact</th><th>Published</th></tr>";
  for (const store::ChangeRequestRow& r : rows) {
    out += "<tr>" + cell(html_escape(r.request_id), true) + cell(html_escape(r.state), true) +
           cell(html_escape(r.justification), true) + cell(html_escape(r.requester), true) +
           cell(html_escape(r.decided_by), true) + cell(html_escape(r.risk_level), true) +
           cell(money(r.cost_impact)) + cell(html_escape(r.published_at), true) + "</tr>";
  }
  return out + "</table>";
}

Result<ExecutiveReport> scenario_report(store::Database& db, const ExecutiveReportRequest& req) {
  const std::string& scenario = *req.scenario;
  auto runs = store::list_runs(db);
  if (!runs) return std::move(runs).error();
  const store::RunRecord* run = nullptr;
  for (const store::RunRecord& r : *runs) {
    if (r.scenario != scenario || r.what_if) continue;
    if (run == nullptr || std::tie(r.created_at, r.run_id) > std::tie(run->created_at, run->run_id))
      run = &r;
  }
  if (run == nullptr) {
    Error e = Error::make(ErrorKind::kNotFound,
                          "no stored run of scenario '" + scenario +
                              "' to report on; run a simulation of scenario " + scenario +
                              " first (planwise run --scenario " + scenario + ")");
    e.column = "scenario";
    return e;
  }
  auto years = store::run_table(db, run->run_id, "year_summary");
  if (!years) return std::move(years).error();
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < years->columns.size(); ++i) col[years->columns[i]] = i;
  auto at = [&](const std::vector<std::optional<std::string>>& row, const char* name) {
    auto it = col.find(name);
    return it == col.end() ? std::optional<std::string>() : row[it->second];
  };
  ChartSpec heads{"Headcount at year end", {}, {{"Headcount", "#2a5caa", {}}}, false};
  ChartSpec pay{"Average pay (FYE, actives)", {}, {{"Average pay", "#b5651d", {}}}, true};
  std::string table =
      "<table><tr><th>Year</th><th>Headcount</th><th>Average pay</th><th>Pay growth</th>"
      "<th>Total compensation</th><th>Terminations</th></tr>";
  std::optional<double> first_cost, last_cost, growth_sum, start_heads, last_heads, turnover;
  double terminations = 0, starts = 0;
  int growth_years = 0;
  for (const auto& row : years->rows) {
    const std::string year = at(row, "simulation_year").value_or("");
    const auto headcount = number_of(at(row, "end_headcount"));
    const auto avg = number_of(at(row, "avg_fye_active"));
    const auto growth = number_of(at(row, "avg_comp_growth"));
    const auto cost = number_of(at(row, "total_prorated_compensation"));
    if (!start_heads) start_heads = number_of(at(row, "start_headcount"));
    if (!first_cost) first_cost = cost;
    last_cost = cost;
    last_heads = headcount;
    if (growth) growth_sum = growth_sum.value_or(0) + *growth, ++growth_years;
    terminations += number_of(at(row, "total_terminations")).value_or(0);
    starts += number_of(at(row, "start_headcount")).value_or(0);
    heads.labels.push_back(year);
    pay.labels.push_back(year);
    heads.series[0].values.push_back(headcount);
    pay.series[0].values.push_back(avg);
    table += "<tr>" + cell(html_escape(year), true) +
             cell(headcount ? count(static_cast<std::int64_t>(*headcount)) : "&ndash;") +
             cell(money(avg)) + cell(percent(growth)) + cell(money(cost)) +
             cell(html_escape(at(row, "total_terminations").value_or(""))) + "</tr>";
  }
  table += "</table>";
  if (starts > 0) turnover = terminations / starts;
  const std::optional<double> mean_growth =
      growth_years ? std::optional<double>(*growth_sum / growth_years) : std::nullopt;
  store::RequestFilter filter;
  filter.scenario_id = scenario;
  auto requests = store::list_requests(db, filter);
  if (!requests) return std::move(requests).error();
  std::vector<store::ChangeRequestRow> published;
  for (const store::ChangeRequestRow& r : *requests) {
    if (!r.published_at.empty()) published.push_back(r);
  }
  auto entries = store::request_audit_entries(db, scenario, "");
  if (!entries) return std::move(entries).error();

  // A run older than the latest publication simulated another plan than the
  // published one: the reader is told so, not shown old figures as the plan.
  std::string latest_publication;
  for (const store::ChangeRequestRow& r : published)
    latest_publication = std::max(latest_publication, r.published_at);
  const std::string stale_note =
      !latest_publication.empty() && run->created_at < latest_publication
          ? "<p class=\"warning\"><b>This run predates the latest publication (" +
                html_escape(latest_publication) +
                "): its figures are of an earlier plan. Run a simulation of scenario " +
                html_escape(scenario) + " for the plan published now.</b></p>"
          : "";
  const std::string head_note =
      start_heads && last_heads
          ? (*last_heads >= *start_heads ? "+" : "") +
                count(static_cast<std::int64_t>(*last_heads - *start_heads)) + " since the start"
          : "";
  const std::string cost_note =
      first_cost && last_cost ? percent(*last_cost / *first_cost - 1, 1) + " over the first year"
                              : "";
  std::string body =
      "<section><h2>Executive summary</h2><p>The plan of scenario <b>" + html_escape(scenario) +
      "</b> as simulated by run <b>" + html_escape(run->run_id) + "</b> (" +
      std::to_string(run->start_year) + "&ndash;" + std::to_string(run->end_year) + ", seed " +
      std::to_string(run->seed) + ") with " + std::to_string(published.size()) +
      " published change request(s).</p>" + stale_note + "<div class=\"cards\">" +
      card("Final headcount",
           last_heads ? count(static_cast<std::int64_t>(*last_heads)) : "&ndash;", head_note) +
      card("Total compensation (final year)", money(last_cost), cost_note) +
      card("Average turnover", percent(turnover, 1), "terminations / start headcount",
           turnover && *turnover < 0) +
      card("Average pay growth", percent(mean_growth),
           run->target_growth ? "vs target " + percent(run->target_growth) : "",
           mean_growth && *mean_growth < 0) +
      "</div></section><section><h2>Workforce and compensation by year</h2>" + table +
      "<div class=\"charts\">" + line_chart_svg(heads) + line_chart_svg(pay) +
      "</div></section><section><h2>Lever changes</h2>" + requests_table(published) + "</section>";
  std::vector<std::pair<std::string, std::string>> evidence = {
      {"configuration", run->config_sha256},
      {"census", run->census_sha256},
      {"levers file", run->levers_sha256},
      {"seed tables", run->seeds_sha256},
      {"effective levers", run->effective_levers_sha256}};
  for (auto& e : audit_hashes(*entries, true)) evidence.push_back(std::move(e));
  body += "<section class=\"evidence\"><h2>Provenance</h2>" + hashes_table(evidence) + "</section>";
  ExecutiveReport out;
  out.title = "Executive report: scenario " + scenario;
  out.html = page(out.title, "Workforce Planning Simulation Results", req, body,
                  "Simulation ID " + html_escape(run->run_id) + ", engine " +
                      html_escape(run->engine_version) + ".");
  return out;
}

Result<ExecutiveReport> request_report(store::Database& db, const ExecutiveReportRequest& req) {
  const std::string& id = *req.request_id;
  auto found = store::read_request(db, id);
  if (!found) return std::move(found).error();
  if (!*found) {
    Error e = Error::make(ErrorKind::kNotFound, "no change request " + id +
                                                    " to report on (planwise request list "
                                                    "shows them)");
    e.column = "request_id";
    return e;
  }
  const store::ChangeRequest& r = **found;
  ChartSpec cost{
      "Total compensation", {}, {{"Published", "#888", {}}, {"Proposed", "#2a5caa", {}}}, true};
  ChartSpec pay{"Average pay", {}, {{"Published", "#888", {}}, {"Proposed", "#b5651d", {}}}, true};
  std::string years =
      "<table><tr><th>Year</th><th>Headcount published</th><th>proposed</th><th>Average pay "
      "published</th><th>proposed</th><th>Growth published</th><th>proposed</th><th>Cost "
      "published</th><th>proposed</th><th>Difference</th></tr>";
  for (const store::RequestYearRow& y : r.years) {
    const std::string year = std::to_string(y.year);
    cost.labels.push_back(year);
    pay.labels.push_back(year);
    cost.series[0].values.push_back(y.cost_published);
    cost.series[1].values.push_back(y.cost_proposed);
    pay.series[0].values.push_back(y.avg_pay_published);
    pay.series[1].values.push_back(y.avg_pay_proposed);
    years += "<tr>" + cell(year, true) + cell(count(y.headcount_published)) +
             cell(count(y.headcount_proposed)) + cell(money(y.avg_pay_published)) +
             cell(money(y.avg_pay_proposed)) + cell(percent(y.growth_published)) +
             cell(percent(y.growth_proposed)) + cell(money(y.cost_published)) +
             cell(money(y.cost_proposed)) + cell(money(y.cost_proposed - y.cost_published)) +
             "</tr>";
  }
  years += "</table>";
  std::string cells =
      "<table><tr><th>Parameter</th><th>Year</th><th>Level</th><th>Published</th><th>Proposed</th>"
      "</tr>";
  for (const store::RequestCellRow& c : r.cells) {
    cells += "<tr>" + cell(html_escape(c.parameter), true) + cell(std::to_string(c.year)) +
             cell(std::to_string(c.level)) + cell(shortest_text(c.old_value)) +
             cell(shortest_text(c.new_value)) + "</tr>";
  }
  cells += "</table>";
  auto entries = store::request_audit_entries(db, "", id);
  if (!entries) return std::move(entries).error();
  const store::ChangeRequestRow& row = r.row;
  std::string body =
      "<section><h2>Executive summary</h2><p>Request <b>" + html_escape(id) + "</b> (" +
      html_escape(row.kind) + ") to scenario <b>" + html_escape(row.scenario_id) + "</b> by " +
      html_escape(row.requester) + ", state <b>" + html_escape(row.state) + "</b>" +
      (row.decided_by.empty() ? "" : ", decided by " + html_escape(row.decided_by)) +
      ". Justification: " + html_escape(row.justification) +
      (row.decision_reason.empty() ? "" : ". Decision: " + html_escape(row.decision_reason)) +
      ".</p><div class=\"cards\">" +
      card("Cost impact (all years)", money(row.cost_impact), "impact class " + row.impact_class,
           row.cost_impact > 0) +
      card("Employees affected", count(row.employees_affected), "pay or level differs") +
      card("Average pay growth change", row.growth_change ? percent(row.growth_change) : "&ndash;",
           "proposed - published") +
      card("Risk", html_escape(row.risk_level), "score " + std::to_string(row.risk_score)) +
      "</div></section><section><h2>Published against proposed, by year</h2>" + years +
      "<div class=\"charts\">" + line_chart_svg(cost) + line_chart_svg(pay) +
      "</div></section><section><h2>Lever changes</h2>" + cells + "</section>";
  std::vector<std::pair<std::string, std::string>> evidence = {
      {"published lever set simulated against (digest)", row.base_digest}};
  for (auto& e : audit_hashes(*entries, false)) evidence.push_back(std::move(e));
  body += "<section class=\"evidence\"><h2>Provenance</h2><p>Simulated " +
          html_escape(row.simulated_at) + " with seed " + std::to_string(row.seed) + ".</p>" +
          hashes_table(evidence) + "</section>";
  ExecutiveReport out;
  out.title = "Executive report: change request " + id;
  out.html = page(out.title, "Workforce Planning Simulation Results: simulated impact", req, body,
                  "Change request " + html_escape(id) + ".");
  return out;
}

}  // namespace

Result<ExecutiveReport> executive_report(const ExecutiveReportRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  if (request.scenario.has_value() == request.request_id.has_value()) {
    return Error::invalid_input("", 0, "scenario", "report_subject", "",
                                "name exactly one of a scenario or a change request to report on");
  }
  auto db = open_existing_database(request.db_path, store::OpenMode::kReadOnly);
  if (!db) return std::move(db).error();
  auto out = request.scenario ? scenario_report(**db, request) : request_report(**db, request);
  if (out) {
    out->elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
  }
  return out;
}

}  // namespace planwise::app
