// Issue 14 item 4: reading (and writing) while the dashboard runs.
// POST /api/sql runs read-only SQL with exactly `planwise sql`'s sandbox,
// POST /api/snapshots writes a read-only copy of the database for notebooks,
// and /api/cli/... answer the CLI, which prints through the server what it
// prints on its own (api/cli_json.hpp; docs/api.md "The CLI's routes").
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>

#include "api/cli_json.hpp"
#include "api/routes.hpp"
#include "app/database_snapshot.hpp"
#include "app/private_temp_dir.hpp"
#include "app/run_history.hpp"

namespace planwise::api {

namespace {

// What every committed write changes: the database file or its WAL (size
// or modification time, in nanoseconds).
std::string file_state(const std::string& db) {
  std::string out;
  for (const std::string& file : {db, db + ".wal"}) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
      out += "-;";
      continue;
    }
    out += std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec) + ";";
  }
  return out;
}

// The copy of a database the queries run on, and the file state it was
// taken at (before the copy: a commit during it changes the state, so the
// next query copies again; a copy is never older than its state says).
struct SqlCopy {
  std::string state;
  std::unique_ptr<app::PrivateTempDir> dir;
};

// The query runs on a copy: `planwise sql` opens the file query-only (no
// files, no extensions, no settings; api/../store/database.cpp), which
// DuckDB cannot do beside the server's own read-write open of the same
// file. The copy gets that very open, so the sandbox is the same code. The
// copy is reused until the database changes; one query at a time, since a
// query-only open is the only open of its file in the process.
app::QueryTable sandboxed_query(Service::Context& c, const std::string& sql) {
  static std::timed_mutex mutex;
  static std::map<std::string, SqlCopy> copies;
  // Issue 15 item 4: a bounded wait behind another analyst's query.
  std::unique_lock<std::timed_mutex> lock(mutex, std::defer_lock);
  if (!lock.try_lock_for(std::chrono::seconds(5))) {
    throw ApiError{429,
                   "busy",
                   "",
                   "another SQL query has run for more than 5 s; retry shortly",
                   {{"Retry-After", "5"}}};
  }
  SqlCopy& copy = copies[c.config.db_path];
  const std::string state = file_state(c.config.db_path);
  if (!copy.dir || copy.state != state) {
    copy.dir.reset();
    auto dir = take(app::PrivateTempDir::create("planwise-sql"));
    check(app::write_database_snapshot(c.config.db_path, dir->path() / "snapshot.duckdb"));
    copy = {state, std::move(dir)};
  }
  auto table = app::run_read_only_sql((copy.dir->path() / "snapshot.duckdb").string(), sql);
  if (!table) {
    const Error& e = table.error();
    if (e.kind == ErrorKind::kInvalidInput) fail(400, "invalid_input", "query", e.message);
    fail(e);
  }
  return std::move(table).value();
}

Response sql_route(Service::Context& c, const Request& r) {
  c.require(app::Right::kEmployeeData, "POST /api/sql");
  const json body = parse_body(r);
  const auto query = string_field(body, "query");
  if (!query || query->empty()) fail(400, "invalid_input", "query", "query is required");
  const std::string format = string_field(body, "format").value_or("json");
  if (format != "csv" && format != "json" && format != "rows")
    fail(400, "invalid_input", "format", "format is csv, json or rows");
  const HeavySlot slot = heavy_slot(c);
  auto table = std::make_shared<app::QueryTable>(sandboxed_query(c, *query));
  Response out;
  if (format == "rows") {
    out.body = query_table_lossless_json(*table);
    return out;
  }
  if (format == "json") {
    out.body = query_table_json(*table);
    return out;
  }
  // CSV is sent in pieces of about 64 KiB as it is written (chunked).
  out.content_type = "text/csv; charset=utf-8";
  out.producer = [table](const BodyWriter& write) {
    app::QueryTable piece{table->columns, table->types, {}};
    bool header = true;
    auto flush = [&]() {
      std::string text = app::query_table_csv(piece);
      if (!header) text.erase(0, text.find('\n') + 1);
      header = false;
      piece.rows.clear();
      return write(text.data(), text.size());
    };
    std::size_t bytes = 0;
    for (const auto& row : table->rows) {
      piece.rows.push_back(row);
      for (const auto& cell : row) bytes += cell ? cell->size() + 1 : 1;
      if (bytes >= (64u << 10)) {
        if (!flush()) return;
        bytes = 0;
      }
    }
    if (!piece.rows.empty() || header) flush();
  };
  return out;
}

// A snapshot in a folder the server chooses (a client never names a server
// path), for this machine's users (docs/api.md).
Response snapshot_route(Service::Context& c) {
  c.require(app::Right::kEmployeeData, "POST /api/snapshots");
  const HeavySlot slot = heavy_slot(c);
  const std::filesystem::path out = take(app::write_dated_snapshot(c.config.db_path));
  return json_response({{"path", out.string()}, {"bytes", std::filesystem::file_size(out)}}, 201);
}

}  // namespace

std::optional<Response> cli_routes(Service::Context& c, const Request& r,
                                   const std::vector<std::string>& p) {
  const std::string& m = r.method;
  if (p.size() == 2 && p[1] == "sql" && m == "POST") return sql_route(c, r);
  if (p.size() == 2 && p[1] == "snapshots" && m == "POST") return snapshot_route(c);
  if (p.size() < 3 || p[1] != "cli") return std::nullopt;
  Response out;
  if (p.size() == 3 && p[2] == "runs" && m == "GET") {
    std::vector<RunListRow> rows;
    for (store::RunRecord& run : take(app::list_stored_runs(c.config.db_path))) {
      RunMarks marks = run_marks(run);
      rows.emplace_back(std::move(run), std::move(marks));
    }
    out.body = run_list_json(rows);
    return out;
  }
  if (p.size() == 4 && p[2] == "runs" && m == "GET") {
    out.body = run_details_json(take(app::show_stored_run(c.config.db_path, p[3])));
    return out;
  }
  if (p.size() == 3 && p[2] == "levers" && m == "GET") {
    out.body = lever_view_json(
        take(app::show_levers(lever_target(c, query_or(r, "scenario", "default")))));
    return out;
  }
  if (p.size() == 4 && p[2] == "levers" && p[3] == "set" && m == "POST") {
    const json body = parse_body(r);
    app::SetLeversRequest q;
    q.target = lever_target(c, string_field(body, "scenario").value_or("default"));
    if (!body.contains("assignments") || !body["assignments"].is_array())
      fail(400, "invalid_input", "assignments", "assignments must be an array of NAME=VALUE");
    for (const json& a : body["assignments"]) {
      if (!a.is_string()) fail(400, "invalid_input", "assignments", "each assignment is a string");
      q.assignments.push_back(a.get<std::string>());
    }
    q.where.year = string_field(body, "year").value_or("all");
    q.where.level = string_field(body, "level").value_or("all");
    q.reason = string_field(body, "reason").value_or("");
    q.actor = c.user.name;
    q.confirmed = bool_field(body, "confirm").value_or(false);
    out.body = lever_outcome_json(take(app::set_levers(q)));
    return out;
  }
  if (p.size() == 4 && p[2] == "levers" && p[3] == "lock" && m == "POST") {
    const json body = parse_body(r);
    const auto parameter = string_field(body, "parameter");
    if (!parameter) fail(400, "invalid_input", "parameter", "parameter is required");
    app::SelectorText where;
    where.year = string_field(body, "year").value_or("all");
    where.level = string_field(body, "level").value_or("all");
    out.body = lever_outcome_json(
        take(app::lock_levers(lever_target(c, string_field(body, "scenario").value_or("default")),
                              *parameter, where, bool_field(body, "locked").value_or(true),
                              string_field(body, "reason").value_or(""), c.user.name)));
    return out;
  }
  return std::nullopt;
}

}  // namespace planwise::api
