// Internal to api/: what the route files share. Handlers throw ApiError for
// a 4xx/5xx answer; Service::handle turns it into {error, field, detail}.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "api/http_types.hpp"
#include "api/service.hpp"
#include "app/lever_commands.hpp"
#include "app/run_target.hpp"
#include "common/error.hpp"
#include "common/result.hpp"

namespace planwise::api {

using nlohmann::json;

struct ApiError {
  int status;
  std::string kind;
  std::string field;
  std::string detail;
  std::vector<std::pair<std::string, std::string>> headers = {};  // Retry-After, WWW-Authenticate
};

[[noreturn]] void fail(int status, const std::string& kind, const std::string& field,
                       const std::string& detail);
// An app error: its kind gives the status, its column (or flag) the field;
// kBusy is 429 with Retry-After.
[[noreturn]] void fail(const Error& error);
template <typename T>
T take(Result<T> result) {
  if (!result) fail(result.error());
  return std::move(result).value();
}
inline void check(const Status& status) {
  if (!status.ok()) fail(status.error());
}

Response json_response(const json& body, int status = 200);
json parse_body(const Request& request);
// Typed fields of a JSON body; a wrong type is a 400 naming the field.
std::optional<double> number_field(const json& body, const std::string& name);
// An integer beyond int64 (nlohmann keeps it unsigned) is a 400 naming the field.
std::optional<std::int64_t> int_field(const json& body, const std::string& name);
// int_field for fields the app holds as int (years, levels, counts): outside
// int's range is a 400 naming the field, never a wrapped value.
std::optional<int> int32_field(const json& body, const std::string& name);
std::optional<std::string> string_field(const json& body, const std::string& name);
std::optional<bool> bool_field(const json& body, const std::string& name);
// "target": {"growth", "tolerance", "metric"} (issue 10 item 4): growth is
// required, the others default as app::RunTarget does; the app checks ranges.
std::optional<app::RunTarget> run_target_of(const json& body);
// The lever cells of a body (PUT /api/levers, POST /api/impact, POST /api/runs).
std::vector<app::CellEdit> cells_of(const json& body);
std::string query_or(const Request& request, const std::string& name, const std::string& fallback);
// "2026" or "all" (also a JSON number).
std::string year_or_all(const json& body, const std::string& name);

struct Service::Context {
  Service& service;
  const ServiceConfig& config;
  app::JobQueue& jobs;
  // The authenticated caller: the actor of whatever the request writes.
  const Identity& user;
  // The dashboard's census when the request began (issue 14 item 1): the
  // one config.inputs names.
  app::CensusChoice census = {};
  bool allows(app::Right right) const { return app::role_allows(user.role, right, config.policy); }
  // 403 naming the roles that hold `right`, unless the caller holds it.
  void require(app::Right right, const std::string& action) const;
};

// A slot for a simulation or export run by the request itself, or 429 with
// Retry-After when the service's heavy_limit are busy: a burst of previews
// waits in the client, not on every HTTP thread.
HeavySlot heavy_slot(Service::Context& c);

// The right a route needs (route_rights.cpp).
app::Right route_right(const std::string& method, const std::vector<std::string>& parts);

// Route groups. Each returns nullopt when the path is not theirs.
std::optional<Response> misc_routes(Service::Context& c, const Request& r,
                                    const std::vector<std::string>& parts);
std::optional<Response> scenario_routes(Service::Context& c, const Request& r,
                                        const std::vector<std::string>& parts);
std::optional<Response> lever_routes(Service::Context& c, const Request& r,
                                     const std::vector<std::string>& parts);
std::optional<Response> run_routes(Service::Context& c, const Request& r,
                                   const std::vector<std::string>& parts);
std::optional<Response> optimization_routes(Service::Context& c, const Request& r,
                                            const std::vector<std::string>& parts);
std::optional<Response> user_routes(Service::Context& c, const Request& r,
                                    const std::vector<std::string>& parts);
std::optional<Response> compare_routes(Service::Context& c, const Request& r,
                                       const std::vector<std::string>& parts);
// Issue 11: change requests and a scenario's governance (request_routes.cpp).
std::optional<Response> request_routes(Service::Context& c, const Request& r,
                                       const std::vector<std::string>& parts);
// Issue 11: the governance reports and the executive report (report_routes.cpp).
std::optional<Response> report_routes(Service::Context& c, const Request& r,
                                      const std::vector<std::string>& parts);
// Issue 12: ensembles, paired comparisons and sweeps (ensemble_routes.cpp).
std::optional<Response> ensemble_routes(Service::Context& c, const Request& r,
                                        const std::vector<std::string>& parts);
// Issue 14 item 1: census uploads, previews, stored censuses and switching
// (census_routes.cpp).
std::optional<Response> census_routes(Service::Context& c, const Request& r,
                                      const std::vector<std::string>& parts);
// Uploading, previewing and confirming a census: the file holds SSNs and
// the preview shows values (employee_data), and it becomes runs' input (run).
void require_census_upload_rights(Service::Context& c);
// Issue 14 item 4: POST /api/sql, POST /api/snapshots and the CLI's
// /api/cli/... routes (cli_routes.cpp).
std::optional<Response> cli_routes(Service::Context& c, const Request& r,
                                   const std::vector<std::string>& parts);
// The paired band of an impact preview (POST /api/impact with "seeds"): the
// scenario's stored levers against them with `cells`, seed by seed; null
// for a single seed.
json impact_paired_json(Service::Context& c, const json& body, const std::string& scenario,
                        const std::vector<app::CellEdit>& cells);

// Shapes shared by routes.
json audit_rows_json(const std::vector<store::AuditRow>& rows);
json lever_issues_json(const std::vector<levers::LeverIssue>& issues);
app::LeverTarget lever_target(Service::Context& c, const std::string& scenario);

}  // namespace planwise::api
