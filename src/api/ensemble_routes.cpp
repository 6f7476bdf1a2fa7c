// Issue 12 routes (docs/api.md "Ensembles"): seed ensembles
// (POST /api/ensembles), paired comparisons of two plans seed by seed
// (POST /api/compare/paired), lever sweeps (POST /api/sweep) and the paired
// band of the Impact tab (POST /api/impact with "seeds"). Each decodes the
// body, runs one app/ use case in a heavy-work slot and encodes its JSON
// (api/ensemble_json.hpp). GET /api/ensembles and /api/ensembles/{id} read
// the stored ones back.
#include <string>
#include <vector>

#include "api/band_json.hpp"
#include "api/ensemble_json.hpp"
#include "api/routes.hpp"
#include "api/workbook_response.hpp"
#include "app/ensemble_record.hpp"
#include "app/record_workbooks.hpp"
#include "app/run_levers.hpp"
#include "app/run_manifest.hpp"
#include "app/scenario_commands.hpp"
#include "engine/config.hpp"
#include "ensemble/seed_list.hpp"

namespace planwise::api {

namespace {

// The most simulations one request may run (seeds x grid points x 6 with
// attribution): about 50 s of the bundled census on two cores. A request
// holds its heavy-work slot that long; larger studies belong to the CLI.
constexpr std::int64_t kMaxRequestSimulations = 25'000;

Response text_response(std::string body, int status = 200) {
  Response out;
  out.status = status;
  out.body = std::move(body);
  return out;
}

// "seeds": 25 (that many from the configured seed), "100..199" or "25"
// (text as --seeds), "1,5,9" or [1, 5, 9] (an explicit list, as --seed-list).
// Errors name `field`.
std::vector<std::uint64_t> seeds_of(const json& body, const std::string& field,
                                    std::uint64_t base_seed) {
  if (!body.contains(field) || body[field].is_null())
    fail(400, "invalid_input", field, field + " is required: a count, \"A..B\" or a list");
  const json& v = body[field];
  if (v.is_number_integer()) {
    const std::int64_t n = *int_field(body, field);
    if (n < 1) fail(400, "invalid_input", field, field + " must be at least 1");
    return take(ensemble::parse_seed_count_or_range(std::to_string(n), base_seed, field));
  }
  if (v.is_string()) {
    const std::string text = v.get<std::string>();
    if (text.find(',') != std::string::npos) return take(ensemble::parse_seed_list(text, field));
    return take(ensemble::parse_seed_count_or_range(text, base_seed, field));
  }
  if (v.is_array()) {
    if (v.empty()) fail(400, "invalid_input", field, field + " must not be empty");
    std::string text;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string at = field + "[" + std::to_string(i) + "]";
      if (!v[i].is_number_integer() || (!v[i].is_number_unsigned() && v[i].get<std::int64_t>() < 0))
        fail(400, "invalid_input", at, at + " must be a non-negative integer");
      text += (i ? "," : "") + std::to_string(v[i].get<std::uint64_t>());
    }
    return take(ensemble::parse_seed_list(text, field));
  }
  fail(400, "invalid_input", field,
       field + " must be a count (25), a range (\"100..199\") or a list ([1, 5, 9])");
}

void check_simulations(std::int64_t simulations, const std::string& field) {
  if (simulations <= kMaxRequestSimulations) return;
  fail(400, "invalid_input", field,
       "the request would run " + std::to_string(simulations) +
           " simulations; the API runs at most " + std::to_string(kMaxRequestSimulations) +
           " per request (use the command line for larger studies)");
}

// start_year / end_year over the configuration's, as POST /api/runs takes them.
void apply_years(const json& body, app::InputRequest& inputs) {
  const auto first = int32_field(body, "start_year"), last = int32_field(body, "end_year");
  if (first) inputs.start_year = *first;
  if (last) inputs.end_year = *last;
  if (first && last && *last < *first)
    fail(400, "invalid_input", "end_year", "end_year is before start_year");
}

// The configuration and seed tables of a request: its scenario and seed.
struct RequestSetup {
  app::InputRequest inputs;
  std::string scenario;
  std::uint64_t base_seed = 0;
};

RequestSetup setup_of(Service::Context& c, const json& body) {
  RequestSetup s;
  s.inputs = c.config.inputs;
  if (auto scenario = string_field(body, "scenario")) s.inputs.scenario = *scenario;
  apply_years(body, s.inputs);
  const app::ConfigAndSeeds setup = take(app::load_config_and_seeds(s.inputs));
  s.scenario = setup.config.engine.scenario_id;
  // An unknown scenario is the request's "scenario", found before simulating.
  if (auto named = app::scenario_target(lever_target(c, s.scenario));
      !named && named.error().kind == ErrorKind::kNotFound)
    fail(404, "not_found", "scenario", named.error().message);
  s.base_seed = setup.config.engine.random_seed;
  return s;
}

// A scenario's stored target (issue 10 item 4), as a run of it records.
app::RunTarget scenario_run_target(Service::Context& c, const std::string& scenario) {
  const store::ScenarioTarget t = take(app::scenario_target(lever_target(c, scenario)));
  return app::RunTarget{t.growth, t.tolerance, t.metric};
}

// One side of a paired comparison: {"scenario", "cells"?}; errors name
// "a.scenario", "b.cells[0].value".
app::PlanSide side_of(const json& body, const std::string& name, const std::string& fallback) {
  if (!body.contains(name) || !body[name].is_object())
    fail(400, "invalid_input", name, name + " must be an object {scenario, cells?}");
  const json& side = body[name];
  app::PlanSide out;
  try {
    out.scenario = string_field(side, "scenario").value_or(fallback);
    if (side.contains("cells")) out.edits = cells_of(side);
  } catch (ApiError& e) {
    e.field = name + "." + (e.field.empty() ? std::string("scenario") : e.field);
    throw;
  }
  out.label = out.scenario + (out.edits.empty() ? "" : " (edited)");
  return out;
}

Response post_ensemble(Service::Context& c, const Request& r) {
  const json body = parse_body(r);
  const bool store = bool_field(body, "store").value_or(false);
  // A preview saves nothing (read); a stored ensemble is a run (issue 12).
  if (store) c.require(app::Right::kRun, "storing an ensemble");
  RequestSetup s = setup_of(c, body);
  app::EnsembleRequest q;
  q.seeds = seeds_of(body, "seeds", s.base_seed);
  q.budget = number_field(body, "budget");
  q.attribute = bool_field(body, "attribute").value_or(false);
  if (auto keep = int_field(body, "keep_rows_seed")) {
    if (!store)
      fail(400, "invalid_input", "keep_rows_seed",
           "keep_rows_seed stores a full run: it needs \"store\": true");
    if (*keep < 0)
      fail(400, "invalid_input", "keep_rows_seed", "keep_rows_seed must be a non-negative integer");
    q.keep_rows_seed = static_cast<std::uint64_t>(*keep);
  }
  const std::vector<app::CellEdit> cells =
      body.contains("cells") ? cells_of(body) : std::vector<app::CellEdit>{};
  const bool extend = bool_field(body, "extend_levers").value_or(false);
  q.target = run_target_of(body);
  if (!q.target) q.target = scenario_run_target(c, s.scenario);
  check_simulations(static_cast<std::int64_t>(q.seeds.size()) *
                        (q.attribute ? static_cast<std::int64_t>(engine::kDrawGroupCount) + 1 : 1),
                    "seeds");
  q.command = "POST /api/ensembles";
  q.actor = c.user.name;
  if (store) {
    q.inputs = s.inputs;
    q.db_path = c.config.db_path;
    q.lever_overrides = cells;
    q.extend_levers = extend;
  } else {
    // A preview reads the scenario's stored levers (with the edits on top)
    // but writes nothing: no database for the ensemble itself.
    q.inputs = s.inputs;
    take(app::prepare_run_levers(q.inputs, {c.config.db_path, cells, extend}));
  }
  const HeavySlot slot = heavy_slot(c);
  const app::EnsembleOutcome outcome = take(app::run_ensemble(q, {}));
  return text_response(ensemble_json(outcome, query_or(r, "per_seed", "0") == "1", -1),
                       store ? 201 : 200);
}

Response post_paired(Service::Context& c, const Request& r) {
  const json body = parse_body(r);
  RequestSetup s = setup_of(c, body);
  app::PairedCompareRequest q;
  q.inputs = s.inputs;
  q.db_path = c.config.db_path;
  q.a = side_of(body, "a", s.scenario);
  q.b = side_of(body, "b", s.scenario);
  q.seeds = seeds_of(body, "seeds", s.base_seed);
  q.target = run_target_of(body);
  check_simulations(2 * static_cast<std::int64_t>(q.seeds.size()), "seeds");
  const HeavySlot slot = heavy_slot(c);
  auto outcome = app::compare_paired_plans(q);
  if (!outcome) {
    // The app names an edit "b.edits[2].value"; this API calls them cells.
    Error e = std::move(outcome).error();
    for (std::string* text : {&e.column, &e.message}) {
      for (std::size_t at = text->find(".edits["); at != std::string::npos;
           at = text->find(".edits[", at))
        text->replace(at, 7, ".cells[");
    }
    fail(e);
  }
  return text_response(paired_compare_json(*outcome, -1));
}

Response post_sweep(Service::Context& c, const Request& r) {
  const json body = parse_body(r);
  RequestSetup s = setup_of(c, body);
  app::SweepRequest q;
  q.inputs = s.inputs;
  q.db_path = c.config.db_path;
  q.scenario = s.scenario;
  if (!body.contains("axes") || !body["axes"].is_array() || body["axes"].empty() ||
      body["axes"].size() > 2)
    fail(400, "invalid_input", "axes",
         "axes must be one or two levers with their grid, e.g. [\"merit_base=0.02:0.05:0.0025\"]");
  std::int64_t points = 1;
  for (std::size_t i = 0; i < body["axes"].size(); ++i) {
    const std::string at = "axes[" + std::to_string(i) + "]";
    if (!body["axes"][i].is_string())
      fail(400, "invalid_input", at,
           at + " must be a string such as \"cola_rate=0.01:0.03:0.005\"");
    q.axes.push_back(take(tuning::parse_sweep_axis(body["axes"][i].get<std::string>(), at)));
    points *= static_cast<std::int64_t>(q.axes.back().values.size());
  }
  q.seeds = seeds_of(body, "seeds", s.base_seed);
  q.target = run_target_of(body);
  check_simulations(points * static_cast<std::int64_t>(q.seeds.size()), "seeds");
  const HeavySlot slot = heavy_slot(c);
  return text_response(sweep_json(take(app::run_lever_sweep(q, {})), -1));
}

json stored_row_json(const store::EnsembleRow& e) {
  return {{"ensemble_id", e.ensemble_id},
          {"created_at", e.created_at},
          {"scenario", e.scenario},
          {"seed_list", e.seed_list},
          {"seed_count", e.seed_count},
          {"start_year", e.start_year},
          {"end_year", e.end_year},
          {"headline_metric", e.headline_metric},
          {"target", {{"growth", e.target_growth}, {"tolerance", e.target_tolerance}}},
          {"budget", e.budget ? json(*e.budget) : json(nullptr)},
          {"kept_run_id", e.kept_run_id ? json(*e.kept_run_id) : json(nullptr)},
          {"engine_version", e.engine_version},
          {"actor", e.actor},
          {"command", e.command},
          {"hashes",
           {{"config", e.config_hash},
            {"census", e.census_hash},
            {"levers", e.levers_hash},
            {"seeds", e.seeds_hash},
            {"effective_levers", e.effective_levers_hash}}}};
}

json stored_band_json(const store::EnsembleBandRow& b) {
  return band_json({b.n, b.mean, b.sd, b.se, b.min, b.p10, b.p25, b.p50, b.p75, b.p90, b.max});
}

// A stored ensemble in the shape of POST /api/ensembles' answer (its
// provenance added, the load-time warnings and timings left out).
json stored_ensemble_json(const store::EnsembleRecord& r, bool per_seed) {
  json out = stored_row_json(r.ensemble);
  json headline = {{"budget", out["budget"]}, {"p_over_budget", nullptr}};
  json years = json::array();
  for (const store::EnsembleBandRow& b : r.bands) {
    if (b.scope == "headline") {
      headline["band"] = stored_band_json(b);
      headline["p_in_target"] = b.p_in_target ? finite_or_null(*b.p_in_target) : json(nullptr);
    } else if (b.scope == "total_cost") {
      headline["total_cost"] = stored_band_json(b);
      if (b.p_over_budget) headline["p_over_budget"] = finite_or_null(*b.p_over_budget);
    } else if (b.year) {
      if (years.empty() || years.back()["year"] != *b.year)
        years.push_back({{"year", *b.year}, {"metrics", json::object()}});
      years.back()["metrics"][b.metric] = stored_band_json(b);
    }
  }
  out["headline"] = headline;
  out["years"] = years;
  json groups = json::array();
  for (const store::EnsembleAttributionRow& a : r.attribution) {
    groups.push_back({{"group", a.draw_group},
                      {"variance", finite_or_null(a.variance)},
                      {"share", finite_or_null(a.share)},
                      {"share_low", finite_or_null(a.share_low)},
                      {"share_high", finite_or_null(a.share_high)}});
  }
  out["attribution"] = groups.empty() ? json(nullptr) : json{{"groups", groups}};
  if (per_seed) {
    json seeds = json::array();
    for (const store::EnsembleSeedMetricRow& m : r.seed_metrics) {
      if (seeds.empty() || seeds.back()["seed"] != m.seed) {
        seeds.push_back({{"seed", m.seed},
                         {"headline", finite_or_null(m.seed_headline)},
                         {"total_cost", finite_or_null(m.seed_total_cost)},
                         {"years", json::array()}});
      }
      json row = {{"year", m.year}};
      for (std::size_t i = 0; i < store::kEnsembleMetricCount; ++i)
        row[std::string(store::kEnsembleMetricColumns[i])] = finite_or_null(m.metrics[i]);
      seeds.back()["years"].push_back(std::move(row));
    }
    out["per_seed"] = seeds;
  }
  return out;
}

}  // namespace

json impact_paired_json(Service::Context& c, const json& body, const std::string& scenario,
                        const std::vector<app::CellEdit>& cells) {
  const app::ConfigAndSeeds setup = take(app::load_config_and_seeds(c.config.inputs));
  const std::vector<std::uint64_t> seeds = seeds_of(body, "seeds", setup.config.engine.random_seed);
  if (seeds.size() < 2) return nullptr;
  check_simulations(2 * static_cast<std::int64_t>(seeds.size()), "seeds");
  app::PairedCompareRequest q;
  q.inputs = c.config.inputs;
  q.inputs.scenario = scenario;
  q.db_path = c.config.db_path;
  q.a = {"current", scenario, std::nullopt, {}};
  q.b = {"proposed", scenario, std::nullopt, cells};
  q.seeds = seeds;
  return json::parse(paired_compare_json(take(app::compare_paired_plans(q)), -1));
}

std::optional<Response> ensemble_routes(Service::Context& c, const Request& r,
                                        const std::vector<std::string>& p) {
  const std::string& m = r.method;
  if (p.size() == 2 && p[1] == "ensembles" && m == "POST") return post_ensemble(c, r);
  if (p.size() == 2 && p[1] == "ensembles" && m == "GET") {
    json list = json::array();
    for (const store::EnsembleRow& e : take(app::list_stored_ensembles(c.config.db_path)))
      list.push_back(stored_row_json(e));
    return json_response({{"ensembles", list}});
  }
  if (p.size() == 3 && p[1] == "ensembles" && m == "GET") {
    const bool per_seed = query_or(r, "per_seed", "0") == "1";
    auto record = app::show_stored_ensemble(c.config.db_path, p[2], per_seed);
    if (!record && record.error().kind == ErrorKind::kNotFound)
      fail(404, "not_found", "id", record.error().message);
    return json_response(stored_ensemble_json(take(std::move(record)), per_seed));
  }
  if (p.size() == 4 && p[1] == "ensembles" && p[3] == "export" && m == "GET") {  // issue 14
    if (!wants_xlsx(r)) fail(400, "invalid_input", "format", "format must be xlsx");
    return workbook_response(app::ensemble_workbook(c.config.db_path, p[2], app::utc_now_iso()),
                             p[2]);
  }
  if (p.size() == 3 && p[1] == "compare" && p[2] == "paired" && m == "POST")
    return post_paired(c, r);
  if (p.size() == 2 && p[1] == "sweep" && m == "POST") return post_sweep(c, r);
  return std::nullopt;
}

}  // namespace planwise::api
