// Scenario routes (docs/api.md "Scenarios", issue 10 items 1, 3, 4): list
// with target, budget caps and last run; create (copy or inherit), rename,
// archive, delete, target, budget caps; diff. Every change needs "reason".
#include "api/routes.hpp"
#include "app/scenario_commands.hpp"

namespace planwise::api {

namespace {

json target_json(const store::ScenarioTarget& t) {
  return {{"growth", t.growth}, {"tolerance", t.tolerance}, {"metric", t.metric}};
}

json scenario_json(const app::ScenarioSummary& s) {
  const store::ScenarioRecord& r = s.record;
  json caps = json::array();
  for (const store::BudgetCap& c : s.budget_caps)
    caps.push_back({{"year", c.year}, {"pool", c.pool}, {"amount", c.amount}});
  json last_run = nullptr;
  if (s.last_run) {
    const store::LastRun& l = *s.last_run;
    auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
    last_run = {{"run_id", l.run_id},
                {"created_at", l.created_at},
                {"what_if", l.what_if},
                {"mean_growth", opt(l.mean_growth)},
                {"final_headcount", opt(l.final_headcount)},
                {"run_rate_payroll_fye", opt(l.run_rate_payroll_fye)}};
  }
  return {{"scenario_id", r.scenario_id},
          {"description", r.description},
          {"base", r.base_scenario_id},
          {"inherits", r.settings.inherits},
          {"archived", r.settings.archived},
          {"created_at", r.created_at},
          {"created_by", r.created_by},
          {"stored_cells", r.stored_cells},
          {"locked_cells", r.locked_cells},
          {"target", target_json(r.settings.target)},
          {"budget_caps", caps},
          {"last_run", last_run},
          // Issue 11: a published scenario changes through change requests.
          {"published", !s.published_at.empty()},
          {"published_at", s.published_at.empty() ? json(nullptr) : json(s.published_at)}};
}

// "reason" from the body, or ?reason= (a DELETE may carry no body).
std::string reason_of(const Request& r, const json& body) {
  return string_field(body, "reason").value_or(query_or(r, "reason", ""));
}

json body_or_empty(const Request& r) {
  return r.body.empty() ? json::object() : parse_body(r);
}

std::vector<store::BudgetCap> caps_of(const json& body) {
  if (!body.contains("caps") || !body["caps"].is_array())
    fail(400, "invalid_input", "caps", "caps is required: a list of {year, pool, amount}");
  std::vector<store::BudgetCap> caps;
  for (const json& c : body["caps"]) {
    if (!c.is_object())
      fail(400, "invalid_input", "caps", "each cap is an object {year, pool, amount}");
    const auto year = int32_field(c, "year");
    const auto pool = string_field(c, "pool");
    const auto amount = number_field(c, "amount");
    if (!year) fail(400, "invalid_input", "year", "each cap needs a year");
    if (!pool) fail(400, "invalid_input", "pool", "each cap needs a pool");
    if (!amount) fail(400, "invalid_input", "amount", "each cap needs an amount in dollars");
    caps.push_back({*year, *pool, *amount});
  }
  return caps;
}

// The store names a bad new scenario name "scenario"; the body calls it `field`.
void check_naming(const Status& status, const char* field) {
  if (status.ok()) return;
  Error e = status.error();
  if (e.column == "scenario") e.column = field;
  fail(e);
}

json diff_json(const levers::ScenarioDiff& d) {
  json cells = json::array(), years = json::array();
  for (const auto& cell : d.cells) {
    cells.push_back({{"parameter", app::lever_name(cell.param)},
                     {"year", cell.year},
                     {"level", cell.level},
                     {"a", cell.a},
                     {"b", cell.b}});
  }
  for (const auto& y : d.years) {
    years.push_back({{"year", y.year},
                     {"end_headcount_a", y.end_headcount_a},
                     {"end_headcount_b", y.end_headcount_b},
                     {"avg_fye_a", y.avg_fye_a},
                     {"avg_fye_b", y.avg_fye_b},
                     {"growth_a", y.growth_a},
                     {"growth_b", y.growth_b},
                     {"total_cost_a", y.total_cost_a},
                     {"total_cost_b", y.total_cost_b}});
  }
  return {{"a", d.a},
          {"b", d.b},
          {"cells", cells},
          {"run_a", d.run_a ? json(*d.run_a) : json(nullptr)},
          {"run_b", d.run_b ? json(*d.run_b) : json(nullptr)},
          {"years", years}};
}

}  // namespace

std::optional<Response> scenario_routes(Service::Context& c, const Request& r,
                                        const std::vector<std::string>& p) {
  if (p.size() < 2 || p[1] != "scenarios") return std::nullopt;
  const std::string& m = r.method;
  if (p.size() == 2 && m == "GET") {
    json out = json::array();
    const bool archived = query_or(r, "archived", "0") == "1";
    for (const app::ScenarioSummary& s : take(app::list_scenarios(lever_target(c, ""), archived)))
      out.push_back(scenario_json(s));
    return json_response({{"scenarios", out}});
  }
  if (p.size() == 2 && m == "POST") {
    const json body = parse_body(r);
    const auto name = string_field(body, "name");
    if (!name || name->empty()) fail(400, "invalid_input", "name", "name is required");
    check_naming(
        app::create_scenario(lever_target(c, *name), string_field(body, "from").value_or("default"),
                             string_field(body, "description").value_or(""), c.user.name,
                             string_field(body, "reason").value_or(""),
                             bool_field(body, "inherit").value_or(false)),
        "name");
    return json_response({{"scenario_id", *name}}, 201);
  }
  if (p.size() == 3 && p[2] == "diff" && m == "GET") {
    const std::string a = query_or(r, "a", ""), b = query_or(r, "b", "");
    if (a.empty()) fail(400, "invalid_input", "a", "query parameter a (a scenario) is required");
    if (b.empty()) fail(400, "invalid_input", "b", "query parameter b (a scenario) is required");
    return json_response(diff_json(take(app::diff_scenarios(lever_target(c, a), b))));
  }
  if (p.size() < 3) return std::nullopt;
  const app::LeverTarget target = lever_target(c, p[2]);
  if (p.size() == 3 && m == "GET")
    return json_response(scenario_json(take(app::show_scenario(target))));
  if (p.size() == 3 && m == "DELETE") {
    const json body = body_or_empty(r);
    check(app::delete_scenario(target, c.user.name, reason_of(r, body)));
    return json_response({{"deleted", p[2]}});
  }
  if (p.size() != 4) return std::nullopt;
  const std::string& action = p[3];
  if (action == "rename" && m == "POST") {
    const json body = parse_body(r);
    const auto to = string_field(body, "to");
    if (!to || to->empty()) fail(400, "invalid_input", "to", "to (the new name) is required");
    check_naming(app::rename_scenario(target, *to, c.user.name, reason_of(r, body)), "to");
    return json_response(scenario_json(take(app::show_scenario(lever_target(c, *to)))));
  }
  if (action == "archive" && m == "POST") {
    const json body = parse_body(r);
    check(app::archive_scenario(target, bool_field(body, "archived").value_or(true), c.user.name,
                                reason_of(r, body)));
    return json_response(scenario_json(take(app::show_scenario(target))));
  }
  if (action == "target" && m == "PUT") {
    const json body = parse_body(r);
    app::TargetChange change;
    change.growth = number_field(body, "growth");
    change.tolerance = number_field(body, "tolerance");
    change.metric = string_field(body, "metric");
    check(app::set_scenario_target(target, change, c.user.name, reason_of(r, body)));
    return json_response(scenario_json(take(app::show_scenario(target))));
  }
  if (action == "budget" && m == "PUT") {
    const json body = parse_body(r);
    check(app::set_budget_caps(target, caps_of(body), c.user.name, reason_of(r, body)));
    return json_response(scenario_json(take(app::show_scenario(target))));
  }
  return std::nullopt;
}

}  // namespace planwise::api
