#include "app/governance_support.hpp"

#include <chrono>
#include <cmath>
#include <map>

#include "app/run_manifest.hpp"
#include "common/json_text.hpp"
#include "common/number_text.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_catalogue.hpp"

namespace planwise::app::governance_support {

namespace {

std::string json_string(const std::string& s) {
  return json_quoted(s);
}

std::string json_number(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? shortest_text(*v) : "null";
}

std::string approval_status(const std::string& state) {
  if (state == "rejected") return "rejected";
  if (state == "approved" || state == "published" || state == "rolled_back") return "approved";
  return "pending";
}

Error forbidden(const Actor& actor, const std::string& action, const std::string& needs) {
  Error e = Error::make(ErrorKind::kConflict, action + " needs " + needs + "; " + actor.name +
                                                  " is " + role_name(actor.role));
  e.rule = "forbidden";
  e.column = "as";
  return e;
}

std::string role_list(Right right) {
  std::string out;
  for (Role r : roles_with(right)) out += (out.empty() ? "" : " or ") + role_name(r);
  return out;
}

}  // namespace

Status require_right(const Actor& actor, Right right, const std::string& action) {
  if (role_allows(actor.role, right)) return Status::success();
  return forbidden(actor, action, "the " + right_name(right) + " right (" + role_list(right) + ")");
}

Status require_any_right(const Actor& actor, Right a, Right b, const std::string& action) {
  if (role_allows(actor.role, a) || role_allows(actor.role, b)) return Status::success();
  return forbidden(actor, action,
                   "the " + right_name(a) + " or " + right_name(b) + " right (" + role_list(a) +
                       ", " + role_list(b) + ")");
}

Result<store::ChangeRequest> load_request(store::Database& db, const std::string& request_id) {
  auto r = store::read_request(db, request_id);
  if (!r) return std::move(r).error();
  if (!*r) {
    Error e = Error::make(ErrorKind::kNotFound, "no change request " + request_id +
                                                    " (planwise request list shows them)");
    e.column = "request_id";
    return e;
  }
  return std::move(**r);
}

governance::RequestState state_of(const store::ChangeRequestRow& row) {
  return governance::parse_state(row.state).value_or(governance::RequestState::kDraft);
}

governance::GovernancePolicy policy_of(const store::ScenarioGovernanceRow& row) {
  return {row.approval_threshold, row.auto_approve, row.auto_publish};
}

governance::RiskAssessment risk_of(const store::ChangeRequest& request) {
  governance::RiskInputs in;
  in.cost_impact = request.row.cost_impact;
  in.employees_affected = request.row.employees_affected;
  std::map<std::string, double> largest;
  for (const store::RequestCellRow& c : request.cells) {
    double& m = largest[c.parameter];
    m = std::max(m, governance::relative_change(c.old_value, c.new_value));
  }
  // Catalogue order, so the factors read the same way every time.
  for (const levers::LeverSpec& spec : levers::lever_specs()) {
    auto it = largest.find(std::string(spec.name));
    if (it != largest.end()) in.parameters.push_back({it->first, it->second});
  }
  return governance::assess_risk(in);
}

std::string risk_factors_json(const governance::RiskAssessment& risk) {
  std::string out = "[";
  for (const governance::RiskFactor& f : risk.factors) {
    if (out.size() > 1) out += ",";
    out += "{\"factor\":" + json_string(f.factor) + ",\"detail\":" + json_string(f.detail) +
           ",\"points\":" + std::to_string(f.points) + "}";
  }
  return out + "]";
}

Status simulate_into(LeverWorkspace& ws, const LeverTarget& target, const levers::LeverPlan& plan,
                     store::ChangeRequest& request, double& simulate_ms) {
  auto loaded = ws.load_with_levers(target.inputs, plan.scenario_id);
  if (!loaded) return std::move(loaded).error();
  const engine::ResolvedLevers proposed = levers::with_changes(loaded->levers, plan);
  auto caps = ws.levers().budget_caps(plan.scenario_id);
  if (!caps) return std::move(caps).error();
  auto impact = simulate_request_impact(*loaded, loaded->levers, proposed, *caps);
  if (!impact) return std::move(impact).error();
  auto digest = published_digest(ws.levers(), plan.scenario_id);
  if (!digest) return std::move(digest).error();
  request.cells.clear();
  for (const levers::CellChange& c : plan.changes) {
    request.cells.push_back(
        {c.year, c.level, std::string(levers::spec_of(c.param).name), c.old_value, c.new_value});
  }
  request.years = impact->years;
  store::ChangeRequestRow& row = request.row;
  row.base_digest = *digest;
  row.seed = loaded->config.engine.random_seed;
  row.simulated_at = now_utc();
  row.cost_impact = impact->cost_impact;
  row.employees_affected = impact->employees_affected;
  row.growth_change = impact->growth_change;
  row.budget_variance = impact->budget_variance;
  const governance::RiskAssessment risk = risk_of(request);
  row.risk_score = risk.score;
  row.risk_level = governance::risk_level_name(risk.level);
  row.impact_class = governance::risk_level_name(governance::cost_impact_class(row.cost_impact));
  row.risk_factors = risk_factors_json(risk);
  simulate_ms += impact->simulate_ms;
  return Status::success();
}

std::vector<engine::LeverRow> request_rows(const store::ChangeRequest& request) {
  std::vector<engine::LeverRow> rows;
  std::int64_t line = 0;
  for (const store::RequestCellRow& c : request.cells) {
    const levers::LeverSpec* spec = levers::find_spec(c.parameter);
    if (spec == nullptr) continue;
    engine::LeverRow row;
    row.scenario_id = request.row.scenario_id;
    row.fiscal_year = c.year;
    row.job_level = c.level;
    row.event_type = std::string(spec->event_type);
    row.param = spec->param;
    row.value = c.new_value;
    row.line = ++line;
    rows.push_back(row);
  }
  return rows;
}

store::AuditRow request_event(const char* type, const store::ChangeRequest& request,
                              const std::string& actor, const std::string& reason,
                              const std::string& timestamp) {
  const store::ChangeRequestRow& r = request.row;
  store::AuditRow a;
  a.occurred_at = timestamp;
  a.event_type = type;
  a.scenario_id = r.scenario_id;
  a.actor = actor;
  a.reason = reason;
  std::string cells = "[";
  for (const store::RequestCellRow& c : request.cells) {
    if (cells.size() > 1) cells += ",";
    cells += "{\"parameter\":" + json_string(c.parameter) + ",\"year\":" + std::to_string(c.year) +
             ",\"level\":" + std::to_string(c.level) + ",\"old\":" + shortest_text(c.old_value) +
             ",\"new\":" + shortest_text(c.new_value) + "}";
  }
  cells += "]";
  a.details = "{\"request_id\":" + json_string(r.request_id) + ",\"kind\":" + json_string(r.kind) +
              ",\"state\":" + json_string(r.state) +
              ",\"approval_status\":" + json_string(approval_status(r.state)) +
              ",\"requester\":" + json_string(r.requester) +
              ",\"justification\":" + json_string(r.justification) +
              ",\"approver\":" + json_string(r.decided_by) +
              ",\"approved_at\":" + json_string(r.decided_at) +
              ",\"decision_reason\":" + json_string(r.decision_reason) +
              (r.rollback_of.empty() ? "" : ",\"rollback_of\":" + json_string(r.rollback_of)) +
              (r.optimization_run_id.empty()
                   ? ""
                   : ",\"optimization_run_id\":" + json_string(r.optimization_run_id)) +
              ",\"impact\":{\"cost_impact\":" + shortest_text(r.cost_impact) +
              ",\"employees_affected\":" + std::to_string(r.employees_affected) +
              ",\"budget_variance\":" + json_number(r.budget_variance) +
              ",\"growth_change\":" + json_number(r.growth_change) +
              ",\"risk_level\":" + json_string(r.risk_level) +
              ",\"risk_score\":" + std::to_string(r.risk_score) +
              ",\"impact_class\":" + json_string(r.impact_class) +
              ",\"base_digest\":" + json_string(r.base_digest) + "},\"cells\":" + cells + "}";
  return a;
}

std::string now_utc() {
  return utc_now_iso();
}

Result<RequestView> view_of(LeverWorkspace& ws, store::ChangeRequest request) {
  RequestView v;
  v.state = state_of(request.row);
  auto g = store::scenario_governance(ws.db(), request.row.scenario_id);
  if (!g) return std::move(g).error();
  v.policy = policy_of(*g);
  v.needs_approval = governance::needs_approval(request.row.cost_impact, v.policy);
  v.risk = risk_of(request);
  const bool open = v.state == governance::RequestState::kDraft ||
                    v.state == governance::RequestState::kPending ||
                    v.state == governance::RequestState::kApproved;
  if (open) {
    auto digest = published_digest(ws.levers(), request.row.scenario_id);
    if (!digest) return std::move(digest).error();
    v.stale = *digest != request.row.base_digest;
  }
  v.request = std::move(request);
  return v;
}

}  // namespace planwise::app::governance_support
