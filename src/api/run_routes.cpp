// Run routes: start, list, status, results, export and cancel of
// simulations, and the server-sent-event stream of any job (docs/api.md).

#include "api/routes.hpp"
#include "api/run_json.hpp"
#include "api/workbook_response.hpp"
#include "app/run_budget.hpp"
#include "app/run_history.hpp"
#include "app/run_manifest.hpp"
#include "app/run_results.hpp"
#include "app/run_workbook.hpp"
#include "app/table_export.hpp"
#include "common/number_text.hpp"

#include <cmath>

namespace planwise::api {

namespace {

double number_of(const std::optional<std::string>& text) {
  return text ? parse_double(*text).value_or(0.0) : 0.0;
}
json nullable_number(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  if (auto i = parse_int(*text)) return *i;
  if (auto d = parse_double(*text)) return *d;
  return nullptr;
}
int column_of(const store::TextResult& t, const std::string& name) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c] == name) return static_cast<int>(c);
  }
  return -1;
}

// The `simulate --json` object of a stored run (the server restarted, or
// the run came from the CLI).
json stored_summary(const app::RunDetails& d) {
  const store::TextResult& t = d.year_summary;
  static const std::vector<std::pair<const char*, const char*>> kKeys = {
      {"year", "simulation_year"},
      {"start_active", "start_headcount"},
      {"experienced_terminations", "experienced_terminations"},
      {"hires", "hires"},
      {"new_hire_terminations", "new_hire_terminations"},
      {"promotions", "promotions"},
      {"raises", "raises"},
      {"end_active", "end_headcount"},
      {"target_end_active", "target_end_headcount"},
      {"headcount_growth", "headcount_growth"},
      {"avg_comp_fye", "avg_fye_active"},
      {"avg_comp_growth", "avg_comp_growth"},
      {"total_payroll_prorated", "total_prorated_compensation"},
      {"total_comp_prorated", "total_prorated_compensation"}};
  json years = json::array();
  for (const auto& row : t.rows) {
    json y = json::object();
    for (const auto& [key, column] : kKeys) {
      const int c = column_of(t, column);
      y[key] = c < 0 ? json(nullptr) : nullable_number(row[static_cast<std::size_t>(c)]);
    }
    years.push_back(y);
  }
  const store::RunRecord& r = d.run;
  return {{"run_id", r.run_id},
          {"scenario", r.scenario},
          {"seed", r.seed},
          {"start_year", r.start_year},
          {"end_year", r.end_year},
          {"baseline", {{"active", r.baseline_active}, {"avg_salary", r.baseline_avg_salary}}},
          {"years", years},
          {"warning_count", r.warning_count},
          {"created_at", r.created_at},
          {"provenance",
           {{"config_sha256", r.config_sha256},
            {"census_sha256", r.census_sha256},
            {"levers_sha256", r.levers_sha256},
            {"effective_levers_sha256", r.effective_levers_sha256},
            {"engine_version", r.engine_version},
            {"total_ms", r.total_ms}}}};
}

// Issue 10 item 6: the what-if marks, the override cells and the carried
// lever years, in the summary and its provenance.
json marked_summary(const app::RunDetails& d) {
  json out = stored_summary(d);
  const RunMarks marks = run_marks(d.run);
  add_run_marks(out, marks);
  json cells = json::array();
  for (const app::CellEdit& e : stored_overrides(d.run.lever_overrides)) {
    cells.push_back(
        {{"parameter", e.parameter}, {"year", e.year}, {"level", e.level}, {"value", e.value}});
  }
  out["lever_overrides"] = cells;
  out["provenance"]["carried_lever_years"] = marks.carried_lever_years;
  return out;
}

json run_status(const app::Job& job) {
  json out = {{"run_id", job.id()},
              {"kind", app::job_kind_name(job.kind())},
              {"status", app::job_state_name(job.state())},
              {"submitted_at", job.submitted_at()},
              {"error", nullptr},
              {"progress", nullptr}};
  if (const auto e = job.error()) out["error"] = e->to_string();
  if (const auto ev = job.last_progress()) {
    if (const auto* y = std::get_if<app::YearEvent>(&ev->data)) {
      out["progress"] = {{"year", y->year},
                         {"done", y->year - y->start_year + 1},
                         {"of", y->end_year - y->start_year + 1}};
    }
  }
  if (const auto s = job.simulation())
    out["summary"] = json::parse(simulation_summary_json(*s, -1));
  return out;
}

}  // namespace

std::optional<app::RunTarget> run_target_of(const json& body) {
  if (!body.contains("target") || body["target"].is_null()) return std::nullopt;
  const json& t = body["target"];
  if (!t.is_object())
    fail(400, "invalid_input", "target", "target must be an object {growth, tolerance, metric}");
  app::RunTarget out;
  auto number = [&](const char* key, double& into) {
    if (!t.contains(key)) return false;
    if (!t[key].is_number())
      fail(400, "invalid_input", std::string("target.") + key,
           std::string("target.") + key + " must be a number");
    into = t[key].get<double>();
    return true;
  };
  if (!number("growth", out.growth))
    fail(400, "invalid_input", "target.growth", "target.growth is required");
  number("tolerance", out.tolerance);
  if (t.contains("metric")) {
    if (!t["metric"].is_string())
      fail(400, "invalid_input", "target.metric", "target.metric must be mean or final");
    out.metric = t["metric"].get<std::string>();
  }
  return out;
}

namespace {

// The same marks for a run still in the queue (issue 10 item 6).
RunMarks queued_marks(const app::SimulateRequest& q) {
  RunMarks m;
  m.what_if = !q.lever_overrides.empty();
  m.overrides = q.lever_overrides.size();
  m.target = q.target;
  return m;
}

app::SimulateRequest simulate_request(Service::Context& c, const json& body) {
  app::SimulateRequest q;
  q.inputs = c.config.inputs;
  q.db_path = c.config.db_path;
  q.actor = c.user.name;
  q.command = "POST /api/runs";
  if (auto s = string_field(body, "scenario")) q.inputs.scenario = *s;
  if (auto seed = int_field(body, "seed")) {
    if (*seed < 0) fail(400, "invalid_input", "seed", "seed must be a non-negative integer");
    q.inputs.seed = static_cast<std::uint64_t>(*seed);
  }
  const auto first = int32_field(body, "start_year"), last = int32_field(body, "end_year");
  if (first) q.inputs.start_year = *first;
  if (last) q.inputs.end_year = *last;
  if (first && last && *last < *first)
    fail(400, "invalid_input", "end_year", "end_year is before start_year");
  if (body.contains("cells")) q.lever_overrides = cells_of(body);
  q.extend_levers = bool_field(body, "extend_levers").value_or(false);
  q.target = run_target_of(body);
  return q;
}

json results_json(const app::RunResults& res) {
  json years = json::array();
  double previous = res.run.baseline_avg_salary;
  for (const auto& row : res.years.rows) {
    const double avg = number_of(row[2]);
    years.push_back(
        {{"year", nullable_number(row[0])},
         {"headcount", nullable_number(row[1])},
         {"avg_fye", avg},
         {"avg_fye_growth", previous > 0.0 ? json(avg / previous - 1.0) : json(nullptr)},
         {"selected_prorated", number_of(row[3])},
         {"total_payroll_prorated", number_of(row[4])},
         // The same figure under its old name, which now means what it
         // means on every other tab: every status, whatever the filter.
         {"total_prorated", number_of(row[4])},
         {"run_rate_payroll_fye", number_of(row[5])}});
    previous = avg;
  }
  json counts = json::array(), levels = json::array(), events = json::array();
  for (const auto& row : res.status_counts.rows) {
    counts.push_back({{"year", nullable_number(row[0])},
                      {"status", row[1].value_or("")},
                      {"count", nullable_number(row[2])}});
  }
  for (const auto& row : res.by_level.rows) {
    levels.push_back({{"year", nullable_number(row[0])},
                      {"level", nullable_number(row[1])},
                      {"headcount", nullable_number(row[2])},
                      {"avg_fye", number_of(row[3])}});
  }
  for (const auto& row : res.events.rows) {
    events.push_back({{"year", nullable_number(row[0])},
                      {"event_type", row[1].value_or("")},
                      {"count", nullable_number(row[2])}});
  }
  return {{"run_id", res.run.run_id},
          {"statuses", res.statuses},
          {"baseline",
           {{"active", res.run.baseline_active}, {"avg_salary", res.run.baseline_avg_salary}}},
          {"years", years},
          {"status_counts", counts},
          {"by_level", levels},
          {"events", events}};
}

}  // namespace

std::optional<Response> run_routes(Service::Context& c, const Request& r,
                                   const std::vector<std::string>& p) {
  const std::string& m = r.method;
  if (p.size() == 4 && p[1] == "jobs" && p[3] == "events" && m == "GET") {
    auto job = c.jobs.find(p[2]);
    if (!job) fail(404, "not_found", "id", "no job " + p[2] + " on this server");
    Response out;
    out.content_type = "text/event-stream";
    out.stream = job;
    out.stream_after = r.last_event_id;
    return out;
  }
  if (p.size() < 2 || p[1] != "runs") return std::nullopt;
  if (p.size() == 2 && m == "POST") {
    const json body = parse_body(r);
    app::SimulateRequest q = simulate_request(c, body);
    // Issue 10 item 6: a run past the last lever year is a 400 naming
    // end_year now, not a failed job later.
    check(app::validate_simulate_request(q));
    auto job = take(c.jobs.submit(std::move(q)));
    return json_response({{"run_id", job->id()}, {"status", app::job_state_name(job->state())}},
                         202);
  }
  if (p.size() == 2 && m == "GET") {
    json runs = json::array();
    std::vector<std::string> seen;
    for (const auto& job : c.jobs.jobs()) {
      if (job->kind() != app::JobKind::kSimulation) continue;
      const auto& q = *job->simulate_request();
      json entry = {
          {"run_id", job->id()},
          {"status", app::job_state_name(job->state())},
          {"scenario", q.inputs.scenario.value_or("default")},
          {"seed", q.inputs.seed ? json(*q.inputs.seed) : json(nullptr)},
          {"start_year", q.inputs.start_year ? json(*q.inputs.start_year) : json(nullptr)},
          {"end_year", q.inputs.end_year ? json(*q.inputs.end_year) : json(nullptr)},
          {"created_at", job->submitted_at()},
          {"total_ms", nullptr}};
      add_run_marks(entry, queued_marks(q));
      if (const auto o = job->simulation()) {
        entry["scenario"] = o->scenario;
        entry["seed"] = o->seed;
        entry["start_year"] = o->start_year;
        entry["end_year"] = o->end_year;
        entry["total_ms"] = o->total_ms;
        entry["census_sha256"] = o->hashes.census;  // issue 14: which census it ran on
        add_run_marks(entry, run_marks(*o));
      }
      runs.push_back(entry);
      seen.push_back(job->id());
    }
    // The service holds the database open from start-up, so it exists.
    auto stored = take(app::list_stored_runs(c.config.db_path));
    for (auto it = stored.rbegin(); it != stored.rend(); ++it) {
      if (std::find(seen.begin(), seen.end(), it->run_id) != seen.end()) continue;
      json entry = {{"run_id", it->run_id},
                    {"status", "done"},
                    {"scenario", it->scenario},
                    {"seed", it->seed},
                    {"start_year", it->start_year},
                    {"end_year", it->end_year},
                    {"created_at", it->created_at},
                    {"total_ms", it->total_ms},
                    {"census_sha256", it->census_sha256}};
      add_run_marks(entry, run_marks(*it));
      runs.push_back(entry);
    }
    return json_response({{"runs", runs}});
  }
  const std::string id = p.size() >= 3 ? p[2] : "";
  if (p.size() == 3 && m == "GET") {
    json out;
    if (auto job = c.jobs.find(id); job && job->kind() == app::JobKind::kSimulation) {
      out = run_status(*job);
      if (out["status"] != "done") return json_response(out);
    } else {
      out = {{"run_id", id},
             {"kind", "simulation"},
             {"status", "done"},
             {"error", nullptr},
             {"progress", nullptr}};
    }
    // A finished run is described from the store: summary, provenance and
    // the effective lever set it ran with.
    const app::RunDetails d = take(app::show_stored_run(c.config.db_path, id));
    out["summary"] = marked_summary(d);
    out["lever_set"] = json::parse(query_table_json(d.effective_parameters, -1));
    if (d.purge)
      out["purged"] = {{"purged_at", d.purge->purged_at}, {"purged_by", d.purge->purged_by}};
    return json_response(out);
  }
  if (p.size() == 3 && m == "DELETE") {
    auto job = c.jobs.find(id);
    if (!job || job->kind() != app::JobKind::kSimulation)
      fail(404, "not_found", "id", "no queued or running run " + id);
    if (!job->finished()) job->cancel();
    return json_response({{"run_id", id},
                          {"status", app::job_state_name(job->state())},
                          {"cancel_requested", true}});
  }
  if (p.size() == 4 && p[3] == "results" && m == "GET") {
    std::vector<std::string> statuses;
    const std::string filter = query_or(r, "status", "");
    if (filter == "all") {
      statuses = app::snapshot_statuses();
    } else {
      for (std::size_t pos = 0; pos < filter.size();) {
        const std::size_t end = std::min(filter.find(',', pos), filter.size());
        if (end > pos) statuses.push_back(filter.substr(pos, end - pos));
        pos = end + 1;
      }
    }
    // A stored run never changes: its results are computed once per filter.
    std::string key = "results|" + id;
    for (const std::string& st : statuses) key += "|" + st;
    Response out;
    out.body = c.service.cache().get_or_compute(key, [&] {
      return json_response(results_json(take(app::run_results(c.config.db_path, id, statuses))))
          .body;
    });
    return out;
  }
  if (p.size() == 4 && p[3] == "budget" && m == "GET") {
    std::optional<int> year;
    if (const std::string text = query_or(r, "year", ""); !text.empty()) {
      const auto parsed = parse_int(text);
      if (!parsed || *parsed < 1 || *parsed > 9999)
        fail(400, "invalid_input", "year", "year must be a simulated year, e.g. 2026");
      year = static_cast<int>(*parsed);
    }
    Response out;
    out.body = run_budget_json(take(app::run_budget(c.config.db_path, id, year)), -1);
    out.content_type = "application/json";
    return out;
  }
  if (p.size() == 4 && p[3] == "export" && m == "GET") {
    const std::string table = query_or(r, "table", "year_summary");
    const std::string format = query_or(r, "format", "csv");
    if (format != "csv" && format != "parquet" && format != "xlsx")
      fail(400, "invalid_input", "format", "format must be csv, parquet or xlsx");
    // SSNs and birth dates unmasked only for a role with employee_data.
    const app::PersonalData personal =
        c.allows(app::Right::kEmployeeData) ? app::PersonalData::kFull : app::PersonalData::kMasked;
    // Issue 14 item 2: the run's workbook, or one table's when ?table= names it.
    if (format == "xlsx") {
      const HeavySlot slot = heavy_slot(c);
      const std::string now = app::utc_now_iso();
      return r.query.count("table")
                 ? workbook_response(
                       app::table_workbook(c.config.db_path, id, table, personal, now),
                       id + "_" + table)
                 : workbook_response(app::run_workbook(c.config.db_path, id, now), id);
    }
    // Issue 14 item 3: written once to a file (holding the heavy-work slot
    // only while it is written), then sent with Content-Length and never
    // compressed on the fly; a second download reads the file.
    std::shared_ptr<const app::ExportFile> file;
    double written_ms = -1;
    {
      const HeavySlot slot = heavy_slot(c);
      file = take(
          c.service.export_files().get(c.config.db_path, id, table, format, personal, &written_ms));
    }
    Response out;
    out.file = Response::FileBody{file->path, file->size, file};
    out.content_type = format == "csv" ? "text/csv" : "application/vnd.apache.parquet";
    out.headers.push_back({"Content-Disposition",
                           "attachment; filename=\"" + id + "_" + table + "." + format + "\""});
    out.headers.push_back({"Cache-Control", "private, no-transform"});
    // The server's share of the time (browser dev tools and the benchmark show it).
    out.headers.push_back(
        {"Server-Timing", written_ms < 0 ? std::string("export;desc=\"cached\"")
                                         : "export;dur=" + std::to_string(std::lround(written_ms)) +
                                               ";desc=\"written\""});
    return out;
  }
  return std::nullopt;
}

}  // namespace planwise::api
