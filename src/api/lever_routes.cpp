// Lever routes: the grid, saving edited cells, the impact preview, locks,
// validation and history (docs/api.md "Levers").
#include "api/routes.hpp"
#include "api/run_json.hpp"

namespace planwise::api {

namespace {

std::string source_text(engine::ParamSource s) {
  switch (s) {
    case engine::ParamSource::kScenario:
      return "scenario";
    case engine::ParamSource::kDefault:
      return "default";
    case engine::ParamSource::kSeedDefault:
      return "seed_default";
    default:
      return "none";
  }
}

json plan_json(const app::LeverWriteOutcome& o) {
  json changes = json::array(), skipped = json::array(), locks = json::array();
  for (const levers::CellChange& c : o.plan.changes) {
    changes.push_back({{"parameter", app::lever_name(c.param)},
                       {"year", c.year},
                       {"level", c.level},
                       {"old", c.old_value},
                       {"new", c.new_value}});
  }
  for (const levers::SkippedCell& s : o.plan.skipped_locked) {
    skipped.push_back({{"parameter", app::lever_name(s.param)},
                       {"year", s.year},
                       {"level", s.level},
                       {"locked_value", s.locked_value},
                       {"requested", s.requested_value}});
  }
  for (const levers::LockChange& l : o.plan.lock_changes) {
    locks.push_back({{"parameter", app::lever_name(l.param)},
                     {"year", l.year},
                     {"level", l.level},
                     {"locked", l.locked}});
  }
  json out = {{"written", o.written},
              {"changes", changes},
              {"skipped_locked", skipped},
              {"lock_changes", locks},
              {"issues", lever_issues_json(o.plan.issues)},
              {"elapsed_ms", o.elapsed_ms}};
  if (o.impact) {
    json years = json::array();
    auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
    for (const app::ImpactYear& y : o.impact->years) {
      years.push_back(
          {{"year", y.year},
           {"headcount", {{"current", y.headcount_current}, {"proposed", y.headcount_proposed}}},
           {"avg_fye",
            {{"current", opt(y.avg_fye_current)}, {"proposed", opt(y.avg_fye_proposed)}}},
           {"growth", {{"current", opt(y.growth_current)}, {"proposed", opt(y.growth_proposed)}}},
           {"total_payroll_prorated", {{"current", y.cost_current}, {"proposed", y.cost_proposed}}},
           {"run_rate_payroll_fye",
            {{"current", y.run_rate_current}, {"proposed", y.run_rate_proposed}}}});
    }
    out["years"] = years;
    out["budget"] = {
        {"current", {{"years", json::parse(budget_years_json(o.impact->budget_current, false))}}},
        {"proposed",
         {{"years", json::parse(budget_years_json(o.impact->budget_proposed, false))}}}};
    out["simulate_ms"] = o.impact->simulate_ms;
  }
  return out;
}

// Issue 15 item 4: each cell's "expected", the value the client read
// (null when absent; a save refuses that, naming cells[i].expected).
std::vector<std::optional<double>> expected_of(const json& body) {
  std::vector<std::optional<double>> out;
  for (const json& c : body["cells"]) out.push_back(number_field(c, "expected"));
  return out;
}

}  // namespace

std::optional<Response> lever_routes(Service::Context& c, const Request& r,
                                     const std::vector<std::string>& p) {
  const std::string& m = r.method;
  const bool levers = p.size() >= 2 && p[1] == "levers";
  if (levers && p.size() == 2 && m == "GET") {
    const std::string scenario = query_or(r, "scenario", "default");
    const app::LeverView view = take(app::show_levers(lever_target(c, scenario)));
    std::map<std::tuple<std::string, int, int>, bool> locked;
    for (const store::LeverCell& cell : view.cells) {
      locked[{cell.parameter_name, cell.fiscal_year, cell.job_level}] = cell.is_locked;
    }
    json cells = json::array(), years = json::array(), levels = json::array();
    const engine::ResolvedLevers& lv = view.levers;
    for (int y = lv.start_year(); y <= lv.end_year(); ++y) years.push_back(y);
    for (int l = 1; l <= lv.level_count(); ++l) levels.push_back(l);
    for (engine::LeverParam param : app::lever_params()) {
      const std::string name = app::lever_name(param);
      for (int y = lv.start_year(); y <= lv.end_year(); ++y) {
        for (int l = 1; l <= lv.level_count(); ++l) {
          const engine::ResolvedLever& v = lv.at(param, y, l);
          auto lock = locked.find({name, y, l});
          cells.push_back({{"parameter", name},
                           {"year", y},
                           {"level", l},
                           {"value", v.value},
                           {"source", source_text(v.source)},
                           {"locked", lock != locked.end() && lock->second}});
        }
      }
    }
    return json_response({{"scenario", scenario},
                          {"years", years},
                          {"levels", levels},
                          // Issue 10 item 6: a later run needs extend_levers.
                          {"last_lever_year", lv.end_year()},
                          {"cells", cells},
                          {"issues", lever_issues_json(view.issues)}});
  }
  const bool impact = p.size() == 2 && p[1] == "impact" && m == "POST";
  if ((levers && p.size() == 2 && m == "PUT") || impact) {
    const json body = parse_body(r);
    app::SetCellsRequest q;
    q.target = lever_target(c, string_field(body, "scenario").value_or("default"));
    q.cells = cells_of(body);
    q.expected = expected_of(body);
    q.reason = string_field(body, "reason").value_or("");
    q.actor = c.user.name;
    q.dry_run = impact || bool_field(body, "dry_run").value_or(false);
    q.confirmed = bool_field(body, "confirm").value_or(false);
    if (!q.dry_run && q.reason.empty())
      fail(400, "invalid_input", "reason", "a reason is required to save levers");
    // A preview simulates both lever sets; a save simulates nothing.
    const HeavySlot slot = q.dry_run ? heavy_slot(c) : nullptr;
    const app::LeverWriteOutcome outcome = take(app::set_lever_cells(q));
    // A preview of levers that could not be saved is refused as a save is.
    for (const levers::LeverIssue& issue : outcome.plan.issues) {
      if (issue.severity == levers::Severity::kError) {
        fail(400, "invalid_input", issue.parameter_name,
             "the change is refused: " + app::describe_issue(issue));
      }
    }
    json out = plan_json(outcome);
    out["scenario"] = q.target.scenario;
    // Issue 12 item 2: with "seeds", the band of each difference over them,
    // for the cells the preview changed (locked ones are skipped there too).
    if (impact && body.contains("seeds")) {
      std::vector<app::CellEdit> changed;
      for (const levers::CellChange& ch : outcome.plan.changes)
        changed.push_back({app::lever_name(ch.param), ch.year, ch.level, ch.new_value});
      out["paired"] = impact_paired_json(c, body, q.target.scenario, changed);
    }
    return json_response(out);
  }
  if (levers && p.size() == 3 && p[2] == "lock" && m == "POST") {
    const json body = parse_body(r);
    const auto parameter = string_field(body, "parameter");
    if (!parameter) fail(400, "invalid_input", "parameter", "parameter is required");
    app::SelectorText where;
    where.year = year_or_all(body, "year");
    where.level = year_or_all(body, "level");
    const app::LeverWriteOutcome o =
        take(app::lock_levers(lever_target(c, string_field(body, "scenario").value_or("default")),
                              *parameter, where, bool_field(body, "locked").value_or(true),
                              string_field(body, "reason").value_or(""), c.user.name));
    return json_response(plan_json(o));
  }
  if (levers && p.size() == 3 && p[2] == "validate" && m == "POST") {
    const json body = parse_body(r);
    const auto issues = take(app::validate_scenario(
        lever_target(c, string_field(body, "scenario").value_or("default"))));
    return json_response({{"issues", lever_issues_json(issues)}});
  }
  if (levers && p.size() == 3 && p[2] == "history" && m == "GET") {
    app::SelectorText where;
    where.year = query_or(r, "year", "all");
    where.level = query_or(r, "level", "all");
    const auto rows = take(app::lever_history(lever_target(c, query_or(r, "scenario", "default")),
                                              query_or(r, "parameter", ""), where));
    return json_response({{"entries", audit_rows_json(rows)}});
  }
  return std::nullopt;
}

}  // namespace planwise::api
