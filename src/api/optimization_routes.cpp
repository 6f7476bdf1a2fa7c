// Optimization routes: start, list, status with the result, cancel,
// summary, report and accepting a proposal (docs/api.md "Optimizations").
#include "api/optimize_json.hpp"
#include "api/routes.hpp"
#include "api/workbook_response.hpp"
#include "app/optimization_accept.hpp"
#include "app/optimization_report.hpp"
#include "app/record_workbooks.hpp"
#include "app/run_manifest.hpp"
#include "common/number_text.hpp"

namespace planwise::api {

namespace {

// "guard_rails": {"merit_floor", "cola_floor", "merit_ordering",
// "promotion_ranges"}: any subset; what is left out keeps its default (on).
void read_guard_rails(const json& body, app::OptimizeRequest& q) {
  if (!body.contains("guard_rails") || body["guard_rails"].is_null()) return;
  const json& g = body["guard_rails"];
  if (!g.is_object()) {
    fail(400, "invalid_input", "guard_rails",
         "guard_rails must be {merit_floor, cola_floor, merit_ordering, promotion_ranges}");
  }
  for (auto it = g.begin(); it != g.end(); ++it) {
    const std::string& k = it.key();
    const bool number = k == "merit_floor" || k == "cola_floor";
    const bool flag = k == "merit_ordering" || k == "promotion_ranges";
    if (!number && !flag) {
      fail(400, "invalid_input", "guard_rails." + k,
           "unknown guard rail " + k +
               " (expected merit_floor, cola_floor, merit_ordering, promotion_ranges)");
    }
    if (number && !it.value().is_number()) {
      fail(400, "invalid_input", "guard_rails." + k, k + " must be a fraction, e.g. 0.01 for 1%");
    }
    if (flag && !it.value().is_boolean()) {
      fail(400, "invalid_input", "guard_rails." + k, k + " must be true or false");
    }
  }
  if (g.contains("merit_floor")) q.merit_floor = g["merit_floor"].get<double>();
  if (g.contains("cola_floor")) q.cola_floor = g["cola_floor"].get<double>();
  if (g.contains("merit_ordering")) q.merit_ordering = g["merit_ordering"].get<bool>();
  if (g.contains("promotion_ranges")) q.promotion_ranges = g["promotion_ranges"].get<bool>();
}

app::OptimizeRequest optimize_request(Service::Context& c, const json& body) {
  app::OptimizeRequest q;
  q.actor = c.user.name;
  q.inputs = c.config.inputs;
  q.db_path = c.config.db_path;
  q.command = "POST /api/optimizations";
  if (auto v = string_field(body, "scenario")) q.scenario = *v;
  if (auto v = string_field(body, "algorithm")) q.algorithm = *v;
  if (auto v = number_field(body, "target")) q.target = *v;
  if (auto v = number_field(body, "tolerance")) q.tolerance = *v;
  if (auto v = int32_field(body, "max_iterations")) q.max_iterations = *v;
  if (auto v = string_field(body, "mode")) q.mode = *v;
  if (auto v = string_field(body, "metric")) q.metric = *v;
  if (auto v = string_field(body, "mix")) q.mix = *v;
  if (auto v = int32_field(body, "budget_evals")) q.budget_evaluations = *v;
  if (auto v = number_field(body, "budget_seconds")) q.budget_seconds = *v;
  if (auto v = number_field(body, "cost_cap")) q.cost_cap = *v;
  if (auto v = int32_field(body, "population")) q.population = *v;
  if (auto v = int32_field(body, "spread_seeds")) q.spread_seeds = *v;
  // Robust targets (issue 12 item 5).
  if (auto v = int32_field(body, "seeds")) q.seeds = *v;
  if (auto v = string_field(body, "objective")) q.objective = *v;
  if (auto v = number_field(body, "cap")) q.cap = *v;
  if (auto v = number_field(body, "budget")) q.budget = *v;
  if (auto v = number_field(body, "probability")) q.probability = *v;
  if (auto v = bool_field(body, "sensitivity")) q.sensitivity = *v;
  if (auto v = bool_field(body, "dry_run")) q.dry_run = *v;
  if (auto v = bool_field(body, "accept_best")) q.accept_best = *v;
  if (auto v = bool_field(body, "confirm")) q.confirm = *v;
  read_guard_rails(body, q);
  if (body.contains("levers") && !body["levers"].is_null()) {
    if (!body["levers"].is_array())
      fail(400, "invalid_input", "levers", "levers must be an array of lever groups");
    for (const json& g : body["levers"]) {
      if (!g.is_string())
        fail(400, "invalid_input", "levers", "levers must be an array of lever groups");
      q.levers.push_back(g.get<std::string>());
    }
  }
  if (body.contains("weights") && !body["weights"].is_null()) {
    const json& w = body["weights"];
    if (!w.is_object())
      fail(400, "invalid_input", "weights", "weights must be {growth, cost, equity}");
    std::string text;
    for (const char* name : {"growth", "cost", "equity"}) {
      if (auto v = number_field(w, name))
        text += (text.empty() ? "" : ",") + std::string(name) + "=" + shortest_text(*v);
    }
    for (auto it = w.begin(); it != w.end(); ++it) {
      if (it.key() != "growth" && it.key() != "cost" && it.key() != "equity") {
        fail(400, "invalid_input", "weights",
             "unknown weight " + it.key() + " (expected growth, cost, equity)");
      }
    }
    // Default weights (growth only) are not "weights" to algorithms without them.
    if (text != "growth=1" && text != "growth=1,cost=0,equity=0" && text != "growth=1,cost=0" &&
        text != "growth=1,equity=0") {
      q.weights = text;
    }
  }
  if (body.contains("bounds") && !body["bounds"].is_null()) {
    if (!body["bounds"].is_object())
      fail(400, "invalid_input", "bounds", "bounds must be {variable: [low, high]}");
    for (auto it = body["bounds"].begin(); it != body["bounds"].end(); ++it) {
      const json& b = it.value();
      if (!b.is_array() || b.size() != 2 || !b[0].is_number() || !b[1].is_number()) {
        fail(400, "invalid_input", "bounds", "bounds." + it.key() + " must be [low, high]");
      }
      q.bounds.push_back(it.key() + "=" + json(b[0].get<double>()).dump() + ":" +
                         json(b[1].get<double>()).dump());
    }
  }
  const Status valid = app::validate_optimize_request(q);
  if (!valid.ok()) {
    // The floors' checks name CLI flags; here they are fields of guard_rails.
    const std::string& flag = valid.error().column;
    if (flag == "--merit-floor" || flag == "--cola-floor") {
      fail(400, "invalid_input",
           flag == "--merit-floor" ? "guard_rails.merit_floor" : "guard_rails.cola_floor",
           valid.error().message);
    }
    // The robust options' checks name CLI flags too; here the fields.
    for (const char* field : {"seeds", "objective", "cap", "budget", "probability"}) {
      if (flag == std::string("--") + field)
        fail(400, "invalid_input", field, valid.error().message);
    }
  }
  check(valid);
  return q;
}

// The job's state and progress; `outcome` (the job's, fetched once by the
// caller) becomes `result` when given.
// `state` is the job's state when `outcome` was read, so the two agree.
json job_status(const app::Job& job, app::JobState state,
                const std::optional<app::OptimizeOutcome>& outcome) {
  json out = {{"run_id", job.id()},
              {"kind", app::job_kind_name(job.kind())},
              {"status", app::job_state_name(state)},
              {"submitted_at", job.submitted_at()},
              {"error", nullptr},
              {"result", nullptr}};
  if (const auto e = job.error()) out["error"] = e->to_string();
  out["progress"] = nullptr;
  if (const auto ev = job.last_progress()) {
    if (const auto* e = std::get_if<app::EvaluationEvent>(&ev->data)) {
      out["progress"] = {{"evaluations", e->record.index},
                         {"budget", e->budget},
                         {"growth", e->record.metrics.growth}};
    }
  }
  if (outcome)
    out["result"] =
        json::parse(optimization_json(outcome->record, outcome->summary, &*outcome, -1));
  return out;
}

}  // namespace

std::optional<Response> optimization_routes(Service::Context& c, const Request& r,
                                            const std::vector<std::string>& p) {
  if (p.size() < 2 || p[1] != "optimizations") return std::nullopt;
  const std::string& m = r.method;
  if (p.size() == 2 && m == "POST") {
    auto job = take(c.jobs.submit(optimize_request(c, parse_body(r))));
    return json_response({{"run_id", job->id()}, {"status", app::job_state_name(job->state())}},
                         202);
  }
  if (p.size() == 2 && m == "GET") {
    json list = json::array();
    std::vector<std::string> seen;
    for (const auto& job : c.jobs.jobs()) {
      if (job->kind() != app::JobKind::kOptimization) continue;
      // A finished, stored run is listed from the store below (its applied
      // flag changes when a proposal is accepted).
      const auto o = job->optimization();
      if (o && o->stored) continue;
      const auto& q = *job->optimize_request();
      json entry = {{"run_id", job->id()},
                    {"status", app::job_state_name(job->state())},
                    {"outcome", nullptr},
                    {"algorithm", q.algorithm},
                    {"label", app::algorithm_label(q.algorithm)},
                    {"scenario", q.scenario},
                    {"target", q.target},
                    {"evaluations", nullptr},
                    {"applied", false},
                    {"reachable", nullptr},
                    {"created_at", job->submitted_at()}};
      if (o) {
        entry["outcome"] = o->record.run.status;
        entry["evaluations"] = o->record.run.evaluations;
        entry["applied"] = o->record.run.applied;
        entry["reachable"] = app::result_reachable(o->record.run);
      }
      list.push_back(entry);
      seen.push_back(job->id());
    }
    // The service holds the database open from start-up, so it exists.
    for (const store::OptimizationRunRow& row :
         take(app::list_optimization_runs(c.config.db_path))) {
      if (std::find(seen.begin(), seen.end(), row.opt_run_id) != seen.end()) continue;
      list.push_back({{"run_id", row.opt_run_id},
                      {"status", row.status == "interrupted" ? "cancelled" : "done"},
                      {"outcome", row.status},
                      {"algorithm", row.algorithm},
                      {"label", app::algorithm_label(row.algorithm)},
                      {"reachable", app::result_reachable(row)},
                      {"scenario", row.scenario},
                      {"target", row.target},
                      {"evaluations", row.evaluations},
                      {"applied", row.applied},
                      {"created_at", row.created_at}});
    }
    return json_response({{"optimizations", list}});
  }
  // PUT or DELETE on /api/optimizations itself has no id: no route.
  if (p.size() < 3) return std::nullopt;
  const std::string id = p[2];
  auto job = c.jobs.find(id);
  if (job && job->kind() != app::JobKind::kOptimization) job.reset();
  if (p.size() == 3 && m == "GET") {
    // The state first: a job's outcome is set before it finishes, so a
    // finished job read here has its outcome below. Read the other way
    // round, a job finishing in between showed "done" without a result.
    const app::JobState state = job ? job->state() : app::JobState::kDone;
    const auto o = job ? job->optimization() : std::nullopt;
    if (job && (!app::is_final(state) || !o || !o->stored))
      return json_response(job_status(*job, state, o));
    // Finished: the stored record (an accepted proposal shows as applied),
    // with what this server's job wrote.
    const store::OptimizationRecord record = take(app::read_optimization_run(c.config.db_path, id));
    json out = job ? job_status(*job, state, std::nullopt)
                   : json{{"run_id", id}, {"kind", "optimization"}, {"error", nullptr}};
    if (!job) out["status"] = record.run.status == "interrupted" ? "cancelled" : "done";
    // The job's outcome adds the cells it wrote and its robust band, which
    // the record does not hold.
    out["result"] = json::parse(
        optimization_json(record, app::summarize_record(record), o ? &*o : nullptr, -1));
    return json_response(out);
  }
  if (p.size() == 3 && m == "DELETE") {
    if (!job) fail(404, "not_found", "id", "no queued or running optimization " + id);
    if (!job->finished()) job->cancel();
    return json_response({{"run_id", id},
                          {"status", app::job_state_name(job->state())},
                          {"cancel_requested", true}});
  }
  if (p.size() == 4 && p[3] == "summary" && m == "GET") {
    const store::OptimizationRecord record = take(app::read_optimization_run(c.config.db_path, id));
    const json full =
        json::parse(optimization_json(record, app::summarize_record(record), nullptr, -1));
    return json_response(full["summary"]);
  }
  if (p.size() == 4 && p[3] == "export" && m == "GET") {  // issue 14 item 2
    if (!wants_xlsx(r)) fail(400, "invalid_input", "format", "format must be xlsx");
    return workbook_response(app::optimization_workbook(c.config.db_path, id, app::utc_now_iso()),
                             id);
  }
  if (p.size() == 4 && p[3] == "report" && m == "GET") {
    Response out;
    out.content_type = "text/markdown; charset=utf-8";
    out.body =
        app::optimization_report_markdown(take(app::read_optimization_run(c.config.db_path, id)));
    return out;
  }
  if (p.size() == 4 && p[3] == "accept" && m == "POST") {
    const json body = parse_body(r);
    app::AcceptOptions options;
    options.reason = string_field(body, "reason").value_or("");
    options.accept_closest = bool_field(body, "accept_closest").value_or(false);
    options.confirm = bool_field(body, "confirm").value_or(false);
    // An unreachable result, or a write into an unlocked past, is refused 409
    // confirmation_required unless the body confirms it (issue 10 items 6, 7).
    const app::AcceptOutcome o =
        take(app::accept_optimization(c.config.inputs, c.config.db_path, id, c.user.name, options));
    json changes = json::array();
    for (const app::AppliedCell& ch : o.changes) {
      changes.push_back({{"parameter", ch.parameter},
                         {"year", ch.year},
                         {"level", ch.level},
                         {"old", ch.old_value},
                         {"new", ch.new_value}});
    }
    json out = {{"run_id", id}, {"changes", changes}};
    // Issue 11: into a published scenario the proposal became a change request.
    if (o.request_id) {
      out["request_id"] = *o.request_id;
      out["request_state"] = o.request_state;
    }
    return json_response(out);
  }
  return std::nullopt;
}

}  // namespace planwise::api
