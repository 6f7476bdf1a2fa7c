// Health, configuration, headline and audit routes (docs/api.md).
#include "api/audit_json.hpp"
#include "api/census_json.hpp"
#include "api/routes.hpp"
#include "api/run_json.hpp"
#include "app/optimize.hpp"
#include "app/scenario_commands.hpp"

namespace planwise::api {

json lever_issues_json(const std::vector<levers::LeverIssue>& issues) {
  json out = json::array();
  for (const levers::LeverIssue& i : issues) {
    out.push_back({{"severity", i.severity == levers::Severity::kError ? "error" : "warning"},
                   {"parameter", i.parameter_name},
                   {"year", i.fiscal_year ? json(*i.fiscal_year) : json(nullptr)},
                   {"level", i.job_level ? json(*i.job_level) : json(nullptr)},
                   {"rule", i.rule},
                   {"message", app::describe_issue(i)}});
  }
  return out;
}

namespace {

// The ensemble's per-year metric (ensemble::kYearMetricNames) of a growth
// methodology.
const char* growth_metric_key(engine::GrowthMethodology m) {
  switch (m) {
    case engine::GrowthMethodology::kCurrent:
      return "growth_current";
    case engine::GrowthMethodology::kContinuous:
      return "growth_continuous";
    case engine::GrowthMethodology::kFullYearEquivalent:
      break;
  }
  return "growth_fye";
}

}  // namespace

app::LeverTarget lever_target(Service::Context& c, const std::string& scenario) {
  app::LeverTarget t;
  t.inputs = c.config.inputs;
  t.db_path = c.config.db_path;
  t.scenario = scenario;
  return t;
}

std::optional<Response> misc_routes(Service::Context& c, const Request& r,
                                    const std::vector<std::string>& p) {
  const std::string& m = r.method;
  if (p.size() == 2 && p[1] == "health" && m == "GET") {
    std::string running;
    for (const auto& job : c.jobs.jobs()) {
      if (job->state() == app::JobState::kRunning) running = job->id();
    }
    return json_response({{"status", "ok"},
                          {"version", c.config.version},
                          {"db", c.config.db_path},
                          {"queued", c.jobs.queued()},
                          {"running", running.empty() ? json(nullptr) : json(running)},
                          {"user", c.user.name},
                          {"role", app::role_name(c.user.role)},
                          // Issue 14 item 1: the census the dashboard runs on.
                          {"census", json::parse(active_census_json(c.census))}});
  }
  if (p.size() == 2 && p[1] == "config" && m == "GET") {
    const app::ConfigAndSeeds setup = take(app::load_config_and_seeds(c.config.inputs));
    // The default scenario's stored target (issue 10 item 4).
    const store::ScenarioTarget target =
        take(app::scenario_target(lever_target(c, levers::kDefaultScenario)));
    const engine::EngineConfig& e = setup.config.engine;
    json levels = json::array(), years = json::array(), params = json::array();
    for (int l = 1; l <= setup.seeds.level_count(); ++l) levels.push_back(l);
    for (int y = e.start_year; y <= e.end_year; ++y) years.push_back(y);
    for (const app::LeverInfo& i : app::lever_catalogue_info()) {
      params.push_back({{"name", i.name},
                        {"event_type", i.event_type},
                        {"unit", i.unit},
                        {"min", i.min},
                        {"max", i.max},
                        {"default", i.default_text},
                        {"description", i.description},
                        {"example", i.example}});
    }
    // Issue 10 item 7: the optimizer's algorithms with their plain names.
    json algorithms = json::array();
    for (const tuning::AlgorithmInfo& a : app::optimizer_algorithms())
      algorithms.push_back({{"id", a.id}, {"label", a.label}, {"description", a.description}});
    return json_response({{"scenario", e.scenario_id},
                          {"seed", e.random_seed},
                          {"start_year", e.start_year},
                          {"end_year", e.end_year},
                          {"levels", levels},
                          {"years", years},
                          {"target_growth", target.growth},
                          {"tolerance", target.tolerance},
                          {"target_metric", target.metric},
                          // Issue 12: the per-year band key of the growth the
                          // headline and the impact preview measure.
                          {"growth_metric", growth_metric_key(e.calculation_methodology)},
                          {"parameters", params},
                          {"algorithms", algorithms}});
  }
  if (p.size() == 2 && p[1] == "headline" && m == "GET") {
    const std::string scenario = query_or(r, "scenario", "default");
    // Without ?metric, the scenario's target metric (issue 10 item 4).
    const store::ScenarioTarget target = take(app::scenario_target(lever_target(c, scenario)));
    const HeavySlot slot = heavy_slot(c);
    const app::Headline h = take(app::headline(c.config.inputs, c.config.db_path, scenario,
                                               query_or(r, "metric", target.metric)));
    // ?levels=1 adds the budget by level (the Plan & Budget tab's table).
    const bool levels = query_or(r, "levels", "0") == "1";
    return json_response(
        {{"scenario", h.scenario},
         {"metric", h.metric},
         {"growth", h.growth},
         {"growth_by_year", h.growth_by_year},
         {"total_cost", h.total_cost},
         {"final_headcount", h.final_headcount},
         {"run_rate_payroll_fye", h.run_rate_payroll_fye},
         {"budget", {{"years", json::parse(budget_years_json(h.budget, levels))}}},
         {"target",
          {{"growth", target.growth}, {"tolerance", target.tolerance}, {"metric", target.metric}}},
         // Issue 14 item 1: which census the headline was simulated on.
         {"census", json::parse(active_census_json(c.census))},
         {"elapsed_ms", h.elapsed_ms}});
  }
  if (p.size() == 2 && p[1] == "audit" && m == "GET") {
    store::AuditFilter filter;
    filter.scenario_id = query_or(r, "scenario", "");
    filter.since = query_or(r, "since", "");
    return json_response(
        {{"entries", audit_rows_json(take(app::audit_log(c.config.db_path, filter)))}});
  }
  // Issue 11 item 4: verification with the server's audit key, if any.
  if (p.size() == 3 && p[1] == "audit" && p[2] == "verify" && m == "GET") {
    levers::AuditVerifyOptions options;
    const std::string allow = query_or(r, "allow_unkeyed_prefix", "false");
    options.allow_unkeyed_prefix = allow == "true" || allow == "1";
    return json_response(json::parse(
        audit_verification_json(take(app::verify_audit_log(c.config.db_path, options)))));
  }
  return std::nullopt;
}

}  // namespace planwise::api
