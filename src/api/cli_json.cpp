#include "api/cli_json.hpp"

#include <nlohmann/json.hpp>

namespace planwise::api {

namespace {

using nlohmann::json;

template <typename T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

template <typename T>
std::optional<T> optional_of(const json& v) {
  if (v.is_null()) return std::nullopt;
  return v.get<T>();
}

// Parses `text` and runs `read` on it; a malformed answer (a server of
// another version) is a storage error naming what was being read.
template <typename T, typename F>
Result<T> parsed(const std::string& text, const char* what, F read) {
  try {
    return read(json::parse(text));
  } catch (const json::exception& e) {
    return Error::make(ErrorKind::kStorage,
                       std::string("the server's answer is not a ") + what + ": " + e.what());
  }
}

json issues_json(const std::vector<levers::LeverIssue>& issues) {
  json out = json::array();
  for (const levers::LeverIssue& i : issues) {
    out.push_back({{"severity", static_cast<int>(i.severity)},
                   {"rule", i.rule},
                   {"scenario_id", i.scenario_id},
                   {"fiscal_year", optional_json(i.fiscal_year)},
                   {"job_level", optional_json(i.job_level)},
                   {"parameter_name", i.parameter_name},
                   {"value", optional_json(i.value)},
                   {"message", i.message}});
  }
  return out;
}

std::vector<levers::LeverIssue> issues_of(const json& in) {
  std::vector<levers::LeverIssue> out;
  for (const json& j : in) {
    levers::LeverIssue i;
    i.severity = static_cast<levers::Severity>(j.at("severity").get<int>());
    i.rule = j.at("rule").get<std::string>();
    i.scenario_id = j.at("scenario_id").get<std::string>();
    i.fiscal_year = optional_of<int>(j.at("fiscal_year"));
    i.job_level = optional_of<int>(j.at("job_level"));
    i.parameter_name = j.at("parameter_name").get<std::string>();
    i.value = optional_of<double>(j.at("value"));
    i.message = j.at("message").get<std::string>();
    out.push_back(std::move(i));
  }
  return out;
}

json table_json(const app::QueryTable& table) {
  json rows = json::array();
  for (const auto& row : table.rows) {
    json cells = json::array();
    for (const auto& cell : row) cells.push_back(optional_json(cell));
    rows.push_back(std::move(cells));
  }
  return {{"columns", table.columns}, {"types", table.types}, {"rows", rows}};
}

app::QueryTable table_of(const json& j) {
  app::QueryTable t;
  t.columns = j.at("columns").get<std::vector<std::string>>();
  t.types = j.at("types").get<std::vector<std::string>>();
  for (const json& row : j.at("rows")) {
    std::vector<std::optional<std::string>> cells;
    for (const json& cell : row) cells.push_back(optional_of<std::string>(cell));
    t.rows.push_back(std::move(cells));
  }
  return t;
}

// Every column of a run record, in the order of store::RunRecord.
json run_record_json(const store::RunRecord& r) {
  return {{"run_id", r.run_id},
          {"created_at", r.created_at},
          {"scenario", r.scenario},
          {"seed", r.seed},
          {"start_year", r.start_year},
          {"end_year", r.end_year},
          {"status", r.status},
          {"engine_version", r.engine_version},
          {"config_path", r.config_path},
          {"census_path", r.census_path},
          {"levers_path", r.levers_path},
          {"config_sha256", r.config_sha256},
          {"census_sha256", r.census_sha256},
          {"levers_sha256", r.levers_sha256},
          {"seeds_sha256", r.seeds_sha256},
          {"effective_levers_sha256", r.effective_levers_sha256},
          {"census_rows", r.census_rows},
          {"baseline_active", r.baseline_active},
          {"baseline_avg_salary", r.baseline_avg_salary},
          {"warning_count", r.warning_count},
          {"load_ms", r.load_ms},
          {"simulate_ms", r.simulate_ms},
          {"total_ms", r.total_ms},
          {"year_ms", r.year_ms},
          {"command", r.command},
          {"what_if", r.what_if},
          {"lever_overrides", r.lever_overrides},
          {"carried_lever_years", r.carried_lever_years},
          {"target_growth", optional_json(r.target_growth)},
          {"target_tolerance", optional_json(r.target_tolerance)},
          {"target_metric", optional_json(r.target_metric)}};
}

store::RunRecord run_record_of(const json& j) {
  store::RunRecord r;
  r.run_id = j.at("run_id").get<std::string>();
  r.created_at = j.at("created_at").get<std::string>();
  r.scenario = j.at("scenario").get<std::string>();
  r.seed = j.at("seed").get<std::uint64_t>();
  r.start_year = j.at("start_year").get<int>();
  r.end_year = j.at("end_year").get<int>();
  r.status = j.at("status").get<std::string>();
  r.engine_version = j.at("engine_version").get<std::string>();
  r.config_path = j.at("config_path").get<std::string>();
  r.census_path = j.at("census_path").get<std::string>();
  r.levers_path = j.at("levers_path").get<std::string>();
  r.config_sha256 = j.at("config_sha256").get<std::string>();
  r.census_sha256 = j.at("census_sha256").get<std::string>();
  r.levers_sha256 = j.at("levers_sha256").get<std::string>();
  r.seeds_sha256 = j.at("seeds_sha256").get<std::string>();
  r.effective_levers_sha256 = j.at("effective_levers_sha256").get<std::string>();
  r.census_rows = j.at("census_rows").get<std::int64_t>();
  r.baseline_active = j.at("baseline_active").get<std::int64_t>();
  r.baseline_avg_salary = j.at("baseline_avg_salary").get<double>();
  r.warning_count = j.at("warning_count").get<std::int64_t>();
  r.load_ms = j.at("load_ms").get<double>();
  r.simulate_ms = j.at("simulate_ms").get<double>();
  r.total_ms = j.at("total_ms").get<double>();
  r.year_ms = j.at("year_ms").get<std::string>();
  r.command = j.at("command").get<std::string>();
  r.what_if = j.at("what_if").get<bool>();
  r.lever_overrides = j.at("lever_overrides").get<std::string>();
  r.carried_lever_years = j.at("carried_lever_years").get<std::string>();
  r.target_growth = optional_of<double>(j.at("target_growth"));
  r.target_tolerance = optional_of<double>(j.at("target_tolerance"));
  r.target_metric = optional_of<std::string>(j.at("target_metric"));
  return r;
}

engine::LeverParam param_of(const json& j) {
  return static_cast<engine::LeverParam>(j.get<int>());
}

}  // namespace

std::string query_table_lossless_json(const app::QueryTable& table) {
  return table_json(table).dump();
}

Result<app::QueryTable> query_table_from_json(const std::string& text) {
  return parsed<app::QueryTable>(text, "query result", [](const json& j) { return table_of(j); });
}

std::string run_details_json(const app::RunDetails& d) {
  json purge = nullptr;
  if (d.purge) {
    purge = {{"run_id", d.purge->run_id},
             {"purged_at", d.purge->purged_at},
             {"purged_by", d.purge->purged_by},
             {"rows", d.purge->rows}};
  }
  return json{{"run", run_record_json(d.run)},
              {"year_summary", table_json(d.year_summary)},
              {"effective_parameters", table_json(d.effective_parameters)},
              {"warnings", table_json(d.warnings)},
              {"purge", purge}}
      .dump();
}

Result<app::RunDetails> run_details_from_json(const std::string& text) {
  return parsed<app::RunDetails>(text, "run", [](const json& j) {
    app::RunDetails d;
    d.run = run_record_of(j.at("run"));
    d.year_summary = table_of(j.at("year_summary"));
    d.effective_parameters = table_of(j.at("effective_parameters"));
    d.warnings = table_of(j.at("warnings"));
    if (const json& p = j.at("purge"); !p.is_null()) {
      d.purge =
          store::RunPurge{p.at("run_id").get<std::string>(), p.at("purged_at").get<std::string>(),
                          p.at("purged_by").get<std::string>(), p.at("rows").get<std::int64_t>()};
    }
    return d;
  });
}

std::string run_list_json(const std::vector<RunListRow>& rows) {
  json runs = json::array();
  for (const auto& [r, m] : rows) {
    json item = {
        {"run_id", r.run_id}, {"created_at", r.created_at},       {"scenario", r.scenario},
        {"seed", r.seed},     {"start_year", r.start_year},       {"end_year", r.end_year},
        {"status", r.status}, {"warning_count", r.warning_count}, {"total_ms", r.total_ms}};
    add_run_marks(item, m);
    runs.push_back(std::move(item));
  }
  return json{{"runs", runs}}.dump();
}

Result<std::vector<RunListRow>> run_list_from_json(const std::string& text) {
  return parsed<std::vector<RunListRow>>(text, "run list", [](const json& j) {
    std::vector<RunListRow> out;
    for (const json& item : j.at("runs")) {
      store::RunRecord r;
      r.run_id = item.at("run_id").get<std::string>();
      r.created_at = item.at("created_at").get<std::string>();
      r.scenario = item.at("scenario").get<std::string>();
      r.seed = item.at("seed").get<std::uint64_t>();
      r.start_year = item.at("start_year").get<int>();
      r.end_year = item.at("end_year").get<int>();
      r.status = item.at("status").get<std::string>();
      r.warning_count = item.at("warning_count").get<std::int64_t>();
      r.total_ms = item.at("total_ms").get<double>();
      RunMarks m;
      m.what_if = item.at("what_if").get<bool>();
      m.overrides = item.at("overrides").get<std::size_t>();
      m.carried_lever_years = item.at("carried_lever_years").get<std::vector<int>>();
      if (const json& t = item.at("target"); !t.is_null()) {
        m.target = app::RunTarget{t.at("growth").get<double>(), t.at("tolerance").get<double>(),
                                  t.at("metric").get<std::string>()};
      }
      out.emplace_back(std::move(r), std::move(m));
    }
    return out;
  });
}

std::string lever_view_json(const app::LeverView& view) {
  const engine::ResolvedLevers& lv = view.levers;
  json values = json::array();
  for (engine::LeverParam param : app::lever_params()) {
    for (int y = lv.start_year(); y <= lv.end_year(); ++y) {
      for (int l = 1; l <= lv.level_count(); ++l) {
        const engine::ResolvedLever& v = lv.at(param, y, l);
        values.push_back({static_cast<int>(param), y, l, v.value, static_cast<int>(v.source),
                          optional_json(v.is_locked)});
      }
    }
  }
  json cells = json::array();
  for (const store::LeverCell& c : view.cells) {
    cells.push_back({{"scenario_id", c.scenario_id},
                     {"fiscal_year", c.fiscal_year},
                     {"job_level", c.job_level},
                     {"event_type", c.event_type},
                     {"parameter_name", c.parameter_name},
                     {"value", c.value},
                     {"is_locked", c.is_locked},
                     {"updated_at", c.updated_at},
                     {"updated_by", c.updated_by}});
  }
  return json{{"scenario_id", lv.scenario_id()},
              {"start_year", lv.start_year()},
              {"end_year", lv.end_year()},
              {"level_count", lv.level_count()},
              {"values", values},
              {"cells", cells},
              {"issues", issues_json(view.issues)}}
      .dump();
}

Result<app::LeverView> lever_view_from_json(const std::string& text) {
  return parsed<app::LeverView>(text, "lever view", [](const json& j) {
    app::LeverView view;
    view.levers = engine::ResolvedLevers(j.at("scenario_id").get<std::string>(),
                                         j.at("start_year").get<int>(), j.at("end_year").get<int>(),
                                         j.at("level_count").get<int>());
    for (const json& v : j.at("values")) {
      engine::ResolvedLever& cell =
          view.levers.at(param_of(v.at(0)), v.at(1).get<int>(), v.at(2).get<int>());
      cell.value = v.at(3).get<double>();
      cell.source = static_cast<engine::ParamSource>(v.at(4).get<int>());
      cell.is_locked = optional_of<bool>(v.at(5));
    }
    for (const json& c : j.at("cells")) {
      store::LeverCell cell;
      cell.scenario_id = c.at("scenario_id").get<std::string>();
      cell.fiscal_year = c.at("fiscal_year").get<int>();
      cell.job_level = c.at("job_level").get<int>();
      cell.event_type = c.at("event_type").get<std::string>();
      cell.parameter_name = c.at("parameter_name").get<std::string>();
      cell.value = c.at("value").get<double>();
      cell.is_locked = c.at("is_locked").get<bool>();
      cell.updated_at = c.at("updated_at").get<std::string>();
      cell.updated_by = c.at("updated_by").get<std::string>();
      view.cells.push_back(std::move(cell));
    }
    view.issues = issues_of(j.at("issues"));
    return view;
  });
}

std::string lever_outcome_json(const app::LeverWriteOutcome& o) {
  const levers::LeverPlan& p = o.plan;
  json changes = json::array(), skipped = json::array(), locks = json::array();
  for (const levers::CellChange& c : p.changes) {
    changes.push_back({c.year, c.level, static_cast<int>(c.param), c.old_value,
                       static_cast<int>(c.old_source), c.new_value});
  }
  for (const levers::SkippedCell& s : p.skipped_locked)
    skipped.push_back(
        {s.year, s.level, static_cast<int>(s.param), s.locked_value, s.requested_value});
  for (const levers::LockChange& l : p.lock_changes)
    locks.push_back({l.year, l.level, static_cast<int>(l.param), l.value, l.locked});
  return json{{"scenario_id", p.scenario_id}, {"changes", changes},
              {"skipped_locked", skipped},    {"lock_changes", locks},
              {"unchanged", p.unchanged},     {"issues", issues_json(p.issues)},
              {"written", o.written},         {"elapsed_ms", o.elapsed_ms}}
      .dump();
}

Result<app::LeverWriteOutcome> lever_outcome_from_json(const std::string& text) {
  return parsed<app::LeverWriteOutcome>(text, "lever write outcome", [](const json& j) {
    app::LeverWriteOutcome o;
    levers::LeverPlan& p = o.plan;
    p.scenario_id = j.at("scenario_id").get<std::string>();
    for (const json& c : j.at("changes")) {
      p.changes.push_back({c.at(0).get<int>(), c.at(1).get<int>(), param_of(c.at(2)),
                           c.at(3).get<double>(),
                           static_cast<engine::ParamSource>(c.at(4).get<int>()),
                           c.at(5).get<double>(), std::nullopt});
    }
    for (const json& s : j.at("skipped_locked")) {
      p.skipped_locked.push_back({s.at(0).get<int>(), s.at(1).get<int>(), param_of(s.at(2)),
                                  s.at(3).get<double>(), s.at(4).get<double>()});
    }
    for (const json& l : j.at("lock_changes")) {
      p.lock_changes.push_back({l.at(0).get<int>(), l.at(1).get<int>(), param_of(l.at(2)),
                                l.at(3).get<double>(), l.at(4).get<bool>()});
    }
    p.unchanged = j.at("unchanged").get<std::size_t>();
    p.issues = issues_of(j.at("issues"));
    o.written = j.at("written").get<bool>();
    o.elapsed_ms = j.at("elapsed_ms").get<double>();
    return o;
  });
}

std::string sql_request_json(const std::string& query, const std::string& format) {
  return json{{"query", query}, {"format", format}}.dump();
}

std::string levers_set_request_json(const std::string& scenario,
                                    const std::vector<std::string>& assignments,
                                    const app::SelectorText& where, const std::string& reason,
                                    bool confirm) {
  return json{{"scenario", scenario}, {"assignments", assignments}, {"year", where.year},
              {"level", where.level}, {"reason", reason},           {"confirm", confirm}}
      .dump();
}

Result<std::vector<store::AuditRow>> audit_rows_from_json(const std::string& text) {
  return parsed<std::vector<store::AuditRow>>(text, "list of audit entries", [](const json& j) {
    std::vector<store::AuditRow> out;
    for (const json& e : j.at("entries")) {
      store::AuditRow a;
      a.seq = e.at("seq").get<std::int64_t>();
      a.occurred_at = e.at("occurred_at").get<std::string>();
      a.event_type = e.at("event_type").get<std::string>();
      a.scenario_id = e.at("scenario_id").get<std::string>();
      a.fiscal_year = optional_of<int>(e.at("fiscal_year"));
      a.job_level = optional_of<int>(e.at("job_level"));
      a.parameter_name = e.at("parameter_name").get<std::string>();
      a.old_value = optional_of<double>(e.at("old_value"));
      a.new_value = optional_of<double>(e.at("new_value"));
      a.actor = e.at("actor").get<std::string>();
      a.reason = e.at("reason").get<std::string>();
      a.details = e.at("details").get<std::string>();
      out.push_back(std::move(a));
    }
    return out;
  });
}

Result<std::pair<std::string, std::uintmax_t>> snapshot_from_json(const std::string& text) {
  return parsed<std::pair<std::string, std::uintmax_t>>(text, "snapshot", [](const json& j) {
    return std::make_pair(j.at("path").get<std::string>(), j.at("bytes").get<std::uintmax_t>());
  });
}

std::string levers_lock_request_json(const std::string& scenario, const std::string& parameter,
                                     const app::SelectorText& where, bool lock,
                                     const std::string& reason) {
  return json{{"scenario", scenario}, {"parameter", parameter}, {"year", where.year},
              {"level", where.level}, {"locked", lock},         {"reason", reason}}
      .dump();
}

Error api_error_of(int status, const std::string& body, const std::string& server) {
  const json j = json::parse(body, nullptr, false);
  const std::string field = j.is_object() ? j.value("field", "") : "";
  const std::string detail = j.is_object() ? j.value("detail", body) : body;
  const std::string kind_text = j.is_object() ? j.value("error", "") : "";
  if (status == 400) return Error::invalid_input(server, 0, field, kind_text, "", detail);
  const ErrorKind kind = status == 404                                     ? ErrorKind::kNotFound
                         : status == 429                                   ? ErrorKind::kBusy
                         : status == 401 || status == 403 || status == 409 ? ErrorKind::kConflict
                                                                           : ErrorKind::kStorage;
  Error e = Error::make(kind, server + ": " + detail);
  e.column = field;
  return e;
}

}  // namespace planwise::api
