// Issue 11 item 7: the JSON of change requests, shared by the routes and
// the CLI's --json so both print one body.
#include "api/request_json.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace planwise::api {

namespace {

using nlohmann::json;

// Empty text is "not yet" in the store; the API says null.
json text_or_null(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json row_json(const store::ChangeRequestRow& r) {
  const auto state = governance::parse_state(r.state);
  return {{"request_id", r.request_id},
          {"scenario_id", r.scenario_id},
          {"kind", r.kind},
          {"state", r.state},
          {"state_label", state ? governance::state_label(*state) : r.state},
          {"requester", r.requester},
          {"justification", r.justification},
          {"created_at", text_or_null(r.created_at)},
          {"submitted_at", text_or_null(r.submitted_at)},
          {"decided_at", text_or_null(r.decided_at)},
          {"decided_by", text_or_null(r.decided_by)},
          {"decision_reason", text_or_null(r.decision_reason)},
          {"auto_approved", r.auto_approved},
          {"published_at", text_or_null(r.published_at)},
          {"published_by", text_or_null(r.published_by)},
          {"rolled_back_at", text_or_null(r.rolled_back_at)},
          {"rolled_back_by_request", text_or_null(r.rolled_back_by_request)},
          {"rollback_of", text_or_null(r.rollback_of)},
          {"optimization_run_id", text_or_null(r.optimization_run_id)},
          {"base_digest", text_or_null(r.base_digest)},
          {"seed", r.seed},
          {"simulated_at", text_or_null(r.simulated_at)},
          {"cost_impact", r.cost_impact},
          {"employees_affected", r.employees_affected},
          {"growth_change", opt(r.growth_change)},
          {"budget_variance", opt(r.budget_variance)},
          {"risk_score", r.risk_score},
          {"risk_level", r.risk_level},
          {"impact_class", r.impact_class}};
}

json policy_json(const governance::GovernancePolicy& p) {
  return {{"approval_threshold", p.approval_threshold},
          {"auto_approve", p.auto_approve},
          {"auto_publish", p.auto_publish}};
}

std::string dump(const json& j, int indent) {
  return j.dump(indent);
}

}  // namespace

std::string request_list_json(const std::vector<store::ChangeRequestRow>& rows, int indent) {
  json list = json::array();
  for (const store::ChangeRequestRow& r : rows) list.push_back(row_json(r));
  return dump({{"requests", list}}, indent);
}

std::string request_view_json(const app::RequestView& v, int indent) {
  json cells = json::array(), years = json::array(), factors = json::array();
  for (const store::RequestCellRow& c : v.request.cells) {
    cells.push_back({{"parameter", c.parameter},
                     {"year", c.year},
                     {"level", c.level},
                     {"old_value", c.old_value},
                     {"new_value", c.new_value}});
  }
  for (const store::RequestYearRow& y : v.request.years) {
    years.push_back({{"year", y.year},
                     {"cost_published", y.cost_published},
                     {"cost_proposed", y.cost_proposed},
                     {"cost_change", y.cost_proposed - y.cost_published},
                     {"headcount_published", y.headcount_published},
                     {"headcount_proposed", y.headcount_proposed},
                     {"avg_pay_published", opt(y.avg_pay_published)},
                     {"avg_pay_proposed", opt(y.avg_pay_proposed)},
                     {"growth_published", opt(y.growth_published)},
                     {"growth_proposed", opt(y.growth_proposed)},
                     {"budget_variance", opt(y.budget_variance)}});
  }
  for (const governance::RiskFactor& f : v.risk.factors)
    factors.push_back({{"factor", f.factor}, {"detail", f.detail}, {"points", f.points}});
  return dump({{"request", row_json(v.request.row)},
               {"cells", cells},
               {"years", years},
               {"stale", v.stale},
               {"needs_approval", v.needs_approval},
               {"published_now", v.published_now},
               {"simulate_ms", v.simulate_ms},
               {"risk",
                {{"score", v.risk.score},
                 {"level", governance::risk_level_name(v.risk.level)},
                 {"factors", factors}}},
               {"policy", policy_json(v.policy)}},
              indent);
}

std::string scenario_governance_json(const app::ScenarioGovernance& g, int indent) {
  const store::ScenarioGovernanceRow& r = g.row;
  return dump({{"scenario", g.scenario_id},
               {"published", g.published},
               {"published_at", text_or_null(r.published_at)},
               {"published_by", text_or_null(r.published_by)},
               {"published_request", text_or_null(r.published_request)},
               {"publications", r.publications},
               {"policy", policy_json(g.policy)}},
              indent);
}

}  // namespace planwise::api
