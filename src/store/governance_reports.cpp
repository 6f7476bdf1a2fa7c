// Issue 11 item 5: the five governance reports of tuning.md §6.4 as views.
// The definitions below are the reports' contract; docs/governance.md
// "Reports" states the same in words. Timestamps are ISO-8601 UTC text (as
// the change_requests reads give them) so every reader sees the same text.
#include "store/governance_reports.hpp"

#include "common/number_text.hpp"
#include "store/governance_tables.hpp"

namespace planwise::store {

namespace {

// Each view's comment, for a reader of the file. A change to a view's SELECT
// changes it and bumps kSchemaVersion (schema.hpp), whose upgrade path
// replaces the views.
constexpr const char* kViewVersion = "planwise governance report v1";

// The request a PARAMETER_CHANGE entry belongs to: publish writes the
// reason "CR-n: justification" (app/governance_decisions.cpp).
const std::string kReasonRequest = "NULLIF(regexp_extract(reason, '^(CR-[0-9]+): ', 1), '')";

// Per request, its approval cycle in days (§6.4): published, else decided,
// minus submitted; null until submitted and decided.
const std::string kRequestCycles =
    "SELECT request_id, scenario_id, state, decided_by, submitted_at, decided_at, published_at, "
    "state IN ('approved', 'published', 'rolled_back') AS granted, state = 'rejected' AS "
    "rejected, CASE WHEN submitted_at IS NOT NULL AND coalesce(published_at, decided_at) IS NOT "
    "NULL THEN date_diff('millisecond', submitted_at, coalesce(published_at, decided_at)) / "
    "86400000.0 END AS cycle_days FROM change_requests";

// §6.1 event types and the request lifecycle's (app/governance.hpp).
constexpr const char* kGovernanceEvents =
    "('PARAMETER_CHANGE', 'SCENARIO_CREATED', 'SCENARIO_PUBLISHED', 'OPTIMIZATION_RUN', "
    "'PARAMETER_APPROVAL', 'PARAMETER_ROLLBACK', 'CHANGE_REQUESTED', 'CHANGE_REQUEST_SUBMITTED', "
    "'CHANGE_REQUEST_REBASED', 'GOVERNANCE_POLICY_SET')";

std::string impact_class(const std::string& cost) {
  return "CASE WHEN " + cost + " IS NULL THEN NULL WHEN abs(" + cost +
         ") > 1000000 THEN 'HIGH' WHEN abs(" + cost + ") > 100000 THEN 'MEDIUM' ELSE 'LOW' END";
}

std::string json_text(const std::string& path) {
  // try(): a guard on top of the CASE above, which the optimizer may move.
  return "NULLIF(try(json_extract_string(k.j, '" + path + "')), '')";
}

// Every governance event with its approval fields. Request events carry
// them in `details` as JSON (as written then); a PARAMETER_CHANGE written
// by a publish takes them from its request (joined by the reason's CR-n);
// any other PARAMETER_CHANGE is a direct edit ("direct"). Impact figures
// are the request's, for the whole request.
std::string audit_trail_select() {
  const std::string cost =
      "coalesce(TRY_CAST(" + json_text("$.impact.cost_impact") + " AS DOUBLE), cr.cost_impact)";
  return "WITH e AS (SELECT a.*, CASE WHEN json_valid(a.details) THEN a.details END AS j, " +
         kReasonRequest + " AS reason_request FROM audit_log a WHERE a.event_type IN " +
         kGovernanceEvents +
         "), k AS (SELECT e.*, coalesce(NULLIF(try(json_extract_string(e.j, '$.request_id')), ''), "
         "e.reason_request) AS request_id FROM e) "
         "SELECT k.seq, " +
         iso_timestamp_sql("k.occurred_at") +
         " AS occurred_at, k.event_type, k.scenario_id, NULLIF(k.parameter_name, '') AS "
         "parameter_name, k.fiscal_year, k.job_level, k.old_value, k.new_value, k.actor, "
         "k.request_id, CASE WHEN " +
         json_text("$.approval_status") + " IS NOT NULL THEN " + json_text("$.approval_status") +
         " WHEN k.event_type = 'PARAMETER_CHANGE' AND cr.published_at IS NOT NULL THEN "
         "'approved' WHEN k.event_type = 'PARAMETER_CHANGE' THEN 'direct' END AS "
         "approval_status, coalesce(" +
         json_text("$.approver") + ", CASE WHEN k.j IS NULL THEN cr.decided_by END) AS approver, " +
         "coalesce(" + json_text("$.approved_at") + ", CASE WHEN k.j IS NULL THEN " +
         iso_timestamp_sql("cr.decided_at") + " END) AS approved_at, coalesce(" +
         json_text("$.justification") +
         ", cr.justification, NULLIF(k.reason, '')) AS justification, k.reason, " + cost +
         " AS cost_impact, coalesce(TRY_CAST(" + json_text("$.impact.employees_affected") +
         " AS BIGINT), cr.employees_affected) AS employees_affected, coalesce(TRY_CAST(" +
         json_text("$.impact.budget_variance") +
         " AS DOUBLE), cr.budget_variance) AS budget_variance, coalesce(" +
         json_text("$.impact.risk_level") + ", cr.risk_level) AS risk_level, " +
         impact_class(cost) +
         " AS impact_class, k.entry_hash FROM k LEFT JOIN change_requests cr ON cr.request_id = "
         "k.request_id AND cr.scenario_id = k.scenario_id";
}

// Per scenario: its requests' outcomes and mean cycle; status DRAFT (never
// published), APPROVED_WITH_ISSUES (published, any request rejected) or
// APPROVED; speed SLOW (> 7 days), NORMAL (> 3), FAST, null without a cycle.
std::string approval_workflow_select() {
  return "WITH rc AS (" + kRequestCycles +
         "), per AS (SELECT scenario_id, count(*) AS requests, count(submitted_at) AS submitted, "
         "count(*) FILTER (WHERE granted) AS approved, count(*) FILTER (WHERE rejected) AS "
         "rejected, count(*) FILTER (WHERE state IN ('draft', 'pending')) AS open_requests, "
         "count(*) FILTER (WHERE published_at IS NOT NULL) AS published, "
         "array_to_string(list_sort(list(DISTINCT decided_by) FILTER (WHERE granted AND "
         "decided_by IS NOT NULL)), ', ') AS approvers, avg(cycle_days) AS cycle_days FROM rc "
         "GROUP BY scenario_id), ch AS (SELECT scenario_id, count(*) AS n FROM audit_log WHERE "
         "event_type = 'PARAMETER_CHANGE' GROUP BY scenario_id) "
         "SELECT s.scenario_id, " +
         iso_timestamp_sql("s.created_at") + " AS created_at, " +
         iso_timestamp_sql("g.published_at") +
         " AS published_at, coalesce(g.publications, 0) AS publications, coalesce(ch.n, 0) AS "
         "parameter_changes, coalesce(p.requests, 0) AS requests, coalesce(p.submitted, 0) AS "
         "submitted, coalesce(p.approved, 0) AS approved, coalesce(p.rejected, 0) AS rejected, "
         "coalesce(p.open_requests, 0) AS open_requests, coalesce(p.published, 0) AS "
         "published_requests, NULLIF(p.approvers, '') AS approvers, coalesce(p.rejected, 0) > 0 "
         "AS has_rejections, round(p.cycle_days, 3) AS approval_cycle_days, CASE WHEN "
         "g.published_at IS NULL THEN 'DRAFT' WHEN coalesce(p.rejected, 0) > 0 THEN "
         "'APPROVED_WITH_ISSUES' ELSE 'APPROVED' END AS status, CASE WHEN p.cycle_days IS NULL "
         "THEN NULL WHEN p.cycle_days > 7 THEN 'SLOW' WHEN p.cycle_days > 3 THEN 'NORMAL' ELSE "
         "'FAST' END AS speed FROM scenarios s LEFT JOIN scenario_governance g ON g.scenario_id "
         "= s.scenario_id LEFT JOIN per p ON p.scenario_id = s.scenario_id LEFT JOIN ch ON "
         "ch.scenario_id = s.scenario_id";
}

// One row per changed cell (PARAMETER_CHANGE). A change made by publishing
// a request carries the request's justification, approver and impact; a
// direct edit of a draft scenario is "direct" with the entry's reason.
std::string change_history_select() {
  return "SELECT a.seq, " + iso_timestamp_sql("a.occurred_at") +
         " AS changed_at, a.scenario_id, a.parameter_name, a.fiscal_year, a.job_level, "
         "a.old_value AS previous_value, a.new_value, a.actor AS changed_by, cr.request_id, "
         "coalesce(cr.justification, a.reason) AS justification, CASE WHEN cr.request_id IS "
         "NULL THEN 'direct' ELSE 'approved' END AS approval_status, cr.decided_by AS approver, " +
         iso_timestamp_sql("cr.decided_at") +
         " AS approved_at, cr.cost_impact AS estimated_cost_impact, cr.impact_class, "
         "cr.risk_level, a.entry_hash FROM audit_log a LEFT JOIN change_requests cr ON "
         "cr.request_id = " +
         "NULLIF(regexp_extract(a.reason, '^(CR-[0-9]+): ', 1), '') AND cr.scenario_id = "
         "a.scenario_id AND cr.published_at IS NOT NULL WHERE a.event_type = "
         "'PARAMETER_CHANGE'";
}

// Per fiscal year and scenario, from the scenario's latest stored run that
// is not a what-if (the plan's run): year_summary's total payroll
// (prorated), end headcount and average FYE pay; the median FYE pay of the
// year-end actives (snapshot_rows status 0, 2); merit granted = pay_budget
// merit_annualised summed over levels. Requests are those submitted with a
// cell in that fiscal year; approval rate = granted / (granted + rejected).
std::string executive_summary_select() {
  return "WITH latest AS (SELECT run_id, run_key, scenario FROM (SELECT r.run_id, r.run_key, "
         "r.scenario, row_number() OVER (PARTITION BY r.scenario ORDER BY r.created_at DESC, "
         "r.run_id DESC) AS rn FROM runs r WHERE NOT coalesce(r.what_if, false)) WHERE rn = 1), "
         "med AS (SELECT l.run_id, s.simulation_year, median(s.full_year_equivalent_compensation) "
         "AS median_pay FROM latest l JOIN snapshot_rows s ON s.run_key = l.run_key AND s.status "
         "IN (0, 2) GROUP BY l.run_id, s.simulation_year), merit AS (SELECT b.run_id, "
         "b.simulation_year, sum(b.merit_annualised) AS merit FROM pay_budget b JOIN latest l ON "
         "l.run_id = b.run_id GROUP BY b.run_id, b.simulation_year), rc AS (" +
         kRequestCycles +
         "), ry AS (SELECT DISTINCT request_id, fiscal_year FROM change_request_cells), q AS "
         "(SELECT rc.scenario_id, ry.fiscal_year, count(*) AS requests, count(*) FILTER (WHERE "
         "rc.granted) AS granted, count(*) FILTER (WHERE rc.rejected) AS rejected, "
         "avg(rc.cycle_days) AS cycle_days FROM rc JOIN ry ON ry.request_id = rc.request_id WHERE "
         "rc.submitted_at IS NOT NULL GROUP BY rc.scenario_id, ry.fiscal_year) "
         "SELECT l.scenario AS scenario_id, CAST(y.simulation_year AS INTEGER) AS fiscal_year, "
         "l.run_id, y.total_prorated_compensation AS total_compensation_cost, y.end_headcount AS "
         "headcount, y.avg_fye_active AS average_pay, m.median_pay, mt.merit AS "
         "merit_increases_granted, coalesce(q.requests, 0) AS approval_requests, "
         "coalesce(q.granted, 0) AS granted, coalesce(q.rejected, 0) AS rejected, "
         "round(q.cycle_days, 3) AS avg_approval_cycle_days, CASE WHEN coalesce(q.granted, 0) + "
         "coalesce(q.rejected, 0) > 0 THEN round(100.0 * q.granted / (q.granted + q.rejected), "
         "1) END AS approval_rate_pct FROM latest l JOIN year_summary y ON y.run_id = l.run_id "
         "LEFT JOIN med m ON m.run_id = l.run_id AND m.simulation_year = y.simulation_year LEFT "
         "JOIN merit mt ON mt.run_id = l.run_id AND mt.simulation_year = y.simulation_year LEFT "
         "JOIN q ON q.scenario_id = l.scenario AND q.fiscal_year = y.simulation_year";
}

// Per scenario, each effective lever cell of merit_base, cola_rate and
// promotion_probability against the policy ranges (inclusive): merit
// 0.01-0.15, promotion 0-0.25, COLA 0-0.05. The effective cell is the
// scenario's own stored cell, else (inheriting) the nearest base's in its
// chain, else the default scenario's (levers/lever_resolution.cpp; COLA is
// checked per stored cell like the others). A non-compliant cell is an
// approved exception when the latest PARAMETER_CHANGE of the scenario that
// stores it set this value through a published request, else unapproved.
// FULLY_COMPLIANT: every cell compliant; COMPLIANT_WITH_EXCEPTIONS: rate
// >= 95 % and every exception approved; else NON_COMPLIANT.
std::string compliance_select() {
  constexpr const char* kParams = "('merit_base', 'cola_rate', 'promotion_probability')";
  return std::string(
             "WITH RECURSIVE roots AS (SELECT scenario_id FROM scenarios UNION SELECT DISTINCT "
             "scenario_id FROM lever_values), chain(scenario_id, link, depth) AS (SELECT "
             "scenario_id, scenario_id, 0 FROM roots UNION ALL SELECT c.scenario_id, "
             "s.base_scenario_id, c.depth + 1 FROM chain c JOIN scenarios s ON s.scenario_id = "
             "c.link JOIN scenario_settings st ON st.scenario_id = c.link WHERE st.inherits AND "
             "s.base_scenario_id IS NOT NULL AND s.base_scenario_id NOT IN ('', 'default') AND "
             "c.depth < 32), links AS (SELECT scenario_id, link, depth FROM chain UNION ALL "
             "SELECT scenario_id, 'default', 1000 FROM roots WHERE scenario_id <> 'default'), "
             "cells AS (SELECT l.scenario_id, v.fiscal_year, v.job_level, v.parameter_name, "
             "v.parameter_value AS value, v.scenario_id AS source_scenario, row_number() OVER "
             "(PARTITION BY l.scenario_id, v.fiscal_year, v.job_level, v.parameter_name ORDER BY "
             "l.depth) AS rn FROM links l JOIN lever_values v ON v.scenario_id = l.link WHERE "
             "v.parameter_name IN ") +
         kParams +
         "), checked AS (SELECT c.*, CASE c.parameter_name WHEN 'merit_base' THEN c.value "
         "BETWEEN CAST(0.01 AS DOUBLE) AND CAST(0.15 AS DOUBLE) WHEN 'promotion_probability' "
         "THEN c.value BETWEEN CAST(0 AS DOUBLE) AND CAST(0.25 AS DOUBLE) ELSE c.value BETWEEN "
         "CAST(0 AS DOUBLE) AND CAST(0.05 AS DOUBLE) END AS compliant FROM cells c WHERE rn = "
         "1), last_change AS (SELECT scenario_id, fiscal_year, job_level, parameter_name, "
         "new_value, " +
         kReasonRequest +
         " AS request_id FROM (SELECT a.*, row_number() OVER (PARTITION BY scenario_id, "
         "fiscal_year, job_level, parameter_name ORDER BY seq DESC) AS rn FROM audit_log a WHERE "
         "event_type = 'PARAMETER_CHANGE' AND parameter_name IN " +
         kParams +
         ") WHERE rn = 1), judged AS (SELECT k.*, NOT k.compliant AND cr.request_id IS NOT NULL "
         "AS approved_exception, cr.request_id FROM checked k LEFT JOIN last_change lc ON "
         "lc.scenario_id = k.source_scenario AND lc.fiscal_year = k.fiscal_year AND "
         "lc.job_level = k.job_level AND lc.parameter_name = k.parameter_name AND lc.new_value = "
         "k.value LEFT JOIN change_requests cr ON cr.request_id = lc.request_id AND "
         "cr.scenario_id = k.source_scenario AND cr.published_at IS NOT NULL), agg AS (SELECT "
         "scenario_id, count(*) AS cells_checked, count(*) FILTER (WHERE compliant) AS "
         "compliant, count(*) FILTER (WHERE approved_exception) AS approved_exceptions, count(*) "
         "FILTER (WHERE NOT compliant AND NOT approved_exception) AS unapproved_exceptions, "
         "string_agg(parameter_name || ' ' || fiscal_year || ' L' || job_level || ' = ' || "
         "value || CASE WHEN approved_exception THEN ' (' || request_id || ')' ELSE ' "
         "(unapproved)' END, '; ' ORDER BY parameter_name, fiscal_year, job_level) FILTER "
         "(WHERE NOT compliant) AS exceptions FROM judged GROUP BY scenario_id) "
         "SELECT scenario_id, cells_checked, compliant, approved_exceptions, "
         "unapproved_exceptions, round(100.0 * compliant / cells_checked, 2) AS "
         "compliance_rate_pct, CASE WHEN compliant = cells_checked THEN 'FULLY_COMPLIANT' WHEN "
         "100.0 * compliant / cells_checked >= 95 AND unapproved_exceptions = 0 THEN "
         "'COMPLIANT_WITH_EXCEPTIONS' ELSE 'NON_COMPLIANT' END AS overall, exceptions FROM agg";
}

Result<bool> view_exists(Database& db, const std::string& name) {
  return db.has_tables({name});
}

}  // namespace

const std::vector<GovernanceReportView>& governance_report_views() {
  static const std::vector<GovernanceReportView> kViews = {
      {"v_parameter_audit_trail", "seq", audit_trail_select()},
      {"v_scenario_approval_workflow", "scenario_id", approval_workflow_select()},
      {"v_parameter_change_history", "seq", change_history_select()},
      {"v_executive_compensation_summary", "scenario_id, fiscal_year", executive_summary_select()},
      {"v_compliance_report", "scenario_id", compliance_select()}};
  return kViews;
}

const GovernanceReportView* find_governance_report_view(const std::string& name) {
  for (const GovernanceReportView& v : governance_report_views()) {
    if (name == v.name) return &v;
  }
  return nullptr;
}

Status ensure_governance_report_views(Database& db) {
  for (const GovernanceReportView& v : governance_report_views()) {
    PLANWISE_RETURN_IF_ERROR(
        db.execute("CREATE OR REPLACE VIEW " + std::string(v.name) + " AS " + v.select));
    PLANWISE_RETURN_IF_ERROR(
        db.execute("COMMENT ON VIEW " + std::string(v.name) + " IS " + sql_literal(kViewVersion)));
  }
  return Status::success();
}

Result<bool> governance_report_views_current(Database& db) {
  // Whether their definitions are this program's is the schema version's
  // part (schema.hpp): a query of duckdb_views() for the comments costs
  // about 9 ms on a read-write open's fresh connection (issue 13 item 4).
  for (const GovernanceReportView& v : governance_report_views()) {
    auto exists = view_exists(db, v.name);
    if (!exists) return std::move(exists).error();
    if (!*exists) return false;
  }
  return true;
}

Result<TextResult> read_governance_report(Database& db, const std::string& view,
                                          const std::string& scenario) {
  const GovernanceReportView* def = find_governance_report_view(view);
  if (def == nullptr) return Error::make(ErrorKind::kInternal, "no governance view " + view);
  auto exists = view_exists(db, view);
  if (!exists) return std::move(exists).error();
  std::string source = view;
  if (!*exists) {
    // A file written before the views (opened read-only here): the same
    // SELECT, provided the governance tables are there.
    auto tables = db.has_tables({"change_requests"});
    if (!tables) return std::move(tables).error();
    if (!*tables) {
      return Error::make(ErrorKind::kStorage,
                         "database " + db.path() +
                             " predates the governance reports (it has no change_requests "
                             "table); open it once with a command that writes (for example "
                             "`planwise run`) to add them");
    }
    source = "(" + def->select + ")";
  }
  auto rows = db.query("SELECT * FROM " + source +
                           " AS report WHERE ($1 = '' OR report.scenario_id = $1) ORDER BY " +
                           def->order_by,
                       {scenario});
  if (!rows) {
    Error e = std::move(rows).error();
    e.message = "reading " + view + " from " + db.path() + ": " + e.message;
    return e;
  }
  return rows;
}

Result<std::vector<RequestAuditEntry>> request_audit_entries(Database& db,
                                                             const std::string& scenario,
                                                             const std::string& request_id) {
  // Request events open their details with the request id
  // (app/governance_support.cpp request_event): a prefix match, not a JSON
  // parse of every entry, keeps this fast on a long log.
  auto r =
      db.query("SELECT seq, " + iso_timestamp_sql("occurred_at") +
                   ", event_type, request_id, actor, entry_hash FROM (SELECT a.*, "
                   "NULLIF(regexp_extract(a.details, '^\\{\"request_id\":\"([^\"]+)\"', 1), '') "
                   "AS request_id FROM audit_log a WHERE ($1 = '' OR "
                   "a.scenario_id = $1)) WHERE request_id IS NOT NULL AND ($2 = '' OR "
                   "request_id = $2) ORDER BY seq",
               {scenario, request_id});
  if (!r) return std::move(r).error();
  std::vector<RequestAuditEntry> out;
  for (const auto& c : r->rows) {
    out.push_back({parse_int(c[0].value_or("0")).value_or(0), c[1].value_or(""), c[2].value_or(""),
                   c[3].value_or(""), c[4].value_or(""), c[5].value_or("")});
  }
  return out;
}

}  // namespace planwise::store
