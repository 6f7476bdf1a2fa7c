// Health, configuration, headline, scenarios and audit routes (docs/api.md).
#include "api/routes.hpp"
#include "app/optimize.hpp"

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
                          {"role", app::role_name(c.user.role)}});
  }
  if (p.size() == 2 && p[1] == "config" && m == "GET") {
    const app::ConfigAndSeeds setup = take(app::load_config_and_seeds(c.config.inputs));
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
                          {"target_growth", 0.02},
                          {"tolerance", 0.001},
                          {"parameters", params},
                          {"algorithms", algorithms}});
  }
  if (p.size() == 2 && p[1] == "headline" && m == "GET") {
    const HeavySlot slot = heavy_slot(c);
    const app::Headline h =
        take(app::headline(c.config.inputs, c.config.db_path, query_or(r, "scenario", "default"),
                           query_or(r, "metric", "mean")));
    return json_response({{"scenario", h.scenario},
                          {"metric", h.metric},
                          {"growth", h.growth},
                          {"growth_by_year", h.growth_by_year},
                          {"total_cost", h.total_cost},
                          {"elapsed_ms", h.elapsed_ms}});
  }
  if (p.size() == 2 && p[1] == "audit" && m == "GET") {
    store::AuditFilter filter;
    filter.scenario_id = query_or(r, "scenario", "");
    filter.since = query_or(r, "since", "");
    return json_response(
        {{"entries", audit_rows_json(take(app::audit_log(c.config.db_path, filter)))}});
  }
  if (p.size() >= 2 && p[1] == "scenarios") {
    if (p.size() == 2 && m == "GET") {
      json out = json::array();
      for (const store::ScenarioRecord& s : take(app::list_scenarios(lever_target(c, "default")))) {
        out.push_back({{"scenario_id", s.scenario_id},
                       {"description", s.description},
                       {"base", s.base_scenario_id},
                       {"created_at", s.created_at},
                       {"created_by", s.created_by},
                       {"stored_cells", s.stored_cells}});
      }
      return json_response({{"scenarios", out}});
    }
    if (p.size() == 2 && m == "POST") {
      const json body = parse_body(r);
      const auto name = string_field(body, "name");
      if (!name || name->empty()) fail(400, "invalid_input", "name", "name is required");
      check(app::create_scenario(lever_target(c, *name),
                                 string_field(body, "from").value_or("default"),
                                 string_field(body, "description").value_or(""), c.user.name,
                                 string_field(body, "reason").value_or("")));
      return json_response({{"scenario_id", *name}}, 201);
    }
    if (p.size() == 3 && p[2] == "diff" && m == "GET") {
      const std::string a = query_or(r, "a", ""), b = query_or(r, "b", "");
      if (a.empty()) fail(400, "invalid_input", "a", "query parameter a (a scenario) is required");
      if (b.empty()) fail(400, "invalid_input", "b", "query parameter b (a scenario) is required");
      const levers::ScenarioDiff d = take(app::diff_scenarios(lever_target(c, a), b));
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
      return json_response({{"a", d.a},
                            {"b", d.b},
                            {"cells", cells},
                            {"run_a", d.run_a ? json(*d.run_a) : json(nullptr)},
                            {"run_b", d.run_b ? json(*d.run_b) : json(nullptr)},
                            {"years", years}});
    }
  }
  return std::nullopt;
}

}  // namespace planwise::api
