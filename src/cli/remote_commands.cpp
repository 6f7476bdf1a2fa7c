// Commands through a running server (issue 14 item 4): each asks the API
// for the struct its local form gets from app/ (api/cli_json.hpp) and
// prints it with the same function, so both print the same text.
#include <cstdio>
#include <iostream>

#include "api/cli_json.hpp"
#include "cli/exit_codes.hpp"
#include "cli/remote.hpp"

namespace planwise::cli {

namespace {

std::string url_encoded(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

int remote_runs_list(ServerClient& server, const std::string& db) {
  auto body = server.get("/api/cli/runs");
  if (!body) return fail(body.error());
  auto runs = api::run_list_from_json(*body);
  if (!runs) return fail(runs.error());
  print_runs_list(*runs, db);
  return kExitOk;
}

int remote_snapshot(ServerClient& server) {
  auto body = server.post("/api/snapshots", "{}");
  if (!body) return fail(body.error());
  auto written = api::snapshot_from_json(*body);
  if (!written) return fail(written.error());
  print_snapshot(written->first, written->second);
  return kExitOk;
}

int remote_runs_show(ServerClient& server, const std::string& run_id) {
  auto body = server.get("/api/cli/runs/" + url_encoded(run_id));
  if (!body) return fail(body.error());
  auto details = api::run_details_from_json(*body);
  if (!details) return fail(details.error());
  print_run_details(*details);
  return kExitOk;
}

int remote_sql(ServerClient& server, const std::string& sql, const std::string& format) {
  auto body = server.post("/api/sql", api::sql_request_json(sql, "rows"));
  if (!body) return fail(body.error());
  auto table = api::query_table_from_json(*body);
  if (!table) return fail(table.error());
  std::cout << query_table_text(*table, format);
  return kExitOk;
}

int remote_levers_show(ServerClient& server, const LeverOptions& o) {
  auto body = server.get("/api/cli/levers?scenario=" + url_encoded(o.target.scenario));
  if (!body) return fail(body.error());
  auto view = api::lever_view_from_json(*body);
  if (!view) return fail(view.error());
  return print_levers_view(*view, o);
}

int remote_levers_set(ServerClient& server, const LeverOptions& o,
                      const std::vector<std::string>& assignments) {
  if (o.dry_run) {
    return fail(Error::make(
        ErrorKind::kConflict,
        "levers set --dry-run does not go through " + server.describe() +
            ": preview the change in the dashboard's lever grid, or stop the server and retry"));
  }
  auto body = server.post(
      "/api/cli/levers/set",
      api::levers_set_request_json(o.target.scenario, assignments, o.where, o.reason, o.confirm));
  if (!body) return fail(body.error());
  auto outcome = api::lever_outcome_from_json(*body);
  if (!outcome) return fail(outcome.error());
  print_lever_outcome(*outcome);
  return kExitOk;
}

int remote_levers_lock(ServerClient& server, const LeverOptions& o, const std::string& parameter,
                       bool lock) {
  auto body = server.post(
      "/api/cli/levers/lock",
      api::levers_lock_request_json(o.target.scenario, parameter, o.where, lock, o.reason));
  if (!body) return fail(body.error());
  auto outcome = api::lever_outcome_from_json(*body);
  if (!outcome) return fail(outcome.error());
  print_levers_lock(o, parameter, lock, *outcome);
  return kExitOk;
}

// GET /api/audit, as the dashboard reads it (the audit right).
int remote_audit_log(ServerClient& server, const std::string& scenario, const std::string& since) {
  std::string query;
  if (!scenario.empty()) query += "scenario=" + url_encoded(scenario);
  if (!since.empty())
    query += (query.empty() ? "" : "&") + std::string("since=") + url_encoded(since);
  auto body = server.get("/api/audit" + (query.empty() ? "" : "?" + query));
  if (!body) return fail(body.error());
  auto rows = api::audit_rows_from_json(*body);
  if (!rows) return fail(rows.error());
  print_audit(*rows);
  return kExitOk;
}

}  // namespace planwise::cli
