#include "api/service.hpp"

#include <limits>

#include "api/routes.hpp"
#include "app/census_import.hpp"
#include "common/secrets.hpp"
#include "engine/simulate.hpp"

namespace planwise::api {

namespace {

// What a busy answer (429) tells a client to wait: about one short job.
constexpr int kRetryAfterSeconds = 5;
// A write refused as busy (rule write_busy, store/write_turn.hpp): the
// other write is short.
constexpr int kWriteRetrySeconds = 1;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (pos < path.size()) {
    const std::size_t end = std::min(path.find('/', pos), path.size());
    if (end > pos) parts.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

Response error_response(const ApiError& e) {
  Response r =
      json_response({{"error", e.kind}, {"field", e.field}, {"detail", e.detail}}, e.status);
  r.headers = e.headers;
  return r;
}

std::string role_list(const std::vector<app::Role>& roles) {
  std::string out;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (i > 0) out += i + 1 == roles.size() ? " or " : ", ";
    out += app::role_name(roles[i]);
  }
  return out;
}

json rights_json(const Identity& who, const app::AccessPolicy& policy) {
  json rights = json::array();
  for (app::Right r : {app::Right::kRead, app::Right::kEditLevers, app::Right::kRun,
                       app::Right::kOptimize, app::Right::kApprove, app::Right::kAudit,
                       app::Right::kEmployeeData, app::Right::kManageUsers}) {
    if (app::role_allows(who.role, r, policy)) rights.push_back(app::right_name(r));
  }
  return rights;
}

std::string session_cookie(const std::string& value, bool expire, bool secure) {
  // HttpOnly: no script reads it. SameSite=Strict: no other site's page
  // sends it, so a cross-site request arrives without credentials.
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "") + (expire ? "; Max-Age=0" : "");
}

// "--budget-evals" (a flag name from the CLI's checks) -> "budget_evals".
std::string field_name(const std::string& column) {
  std::string out = column;
  while (!out.empty() && out.front() == '-') out.erase(out.begin());
  for (char& ch : out) {
    if (ch == '-') ch = '_';
  }
  return out;
}

}  // namespace

void fail(int status, const std::string& kind, const std::string& field,
          const std::string& detail) {
  throw ApiError{status, kind, field, detail};
}

void fail(const Error& error) {
  // Option checks shared with the CLI name a flag in "command line"; here
  // the field says which, so the detail is the explanation alone.
  const std::string detail =
      error.file == "command line" || error.file == "request" ? error.message : error.to_string();
  switch (error.kind) {
    case ErrorKind::kInvalidInput:
      fail(400, "invalid_input", field_name(error.column), detail);
    case ErrorKind::kNotFound:
      fail(404, "not_found", field_name(error.column), detail);
    case ErrorKind::kConflict:
      // Issue 10 item 6: a write the caller must confirm (app/unlocked_past.hpp).
      if (error.rule == "confirmation_required")
        fail(409, "confirmation_required", field_name(error.column), detail);
      // Issue 11: a governance refusal. A right the role lacks and a
      // requester deciding their own request are about who asks (403); the
      // app names the CLI's --as, here it is the signed-in user.
      if (error.rule == "forbidden") fail(403, "forbidden", "role", detail);
      if (error.rule == "separation_of_duties") fail(403, "separation_of_duties", "user", detail);
      if (error.rule == "stale_request" || error.rule == "approval_required")
        fail(409, error.rule, field_name(error.column), detail);
      // Issue 15 item 4: a lever cell changed since the caller read it.
      if (error.rule == levers::kStaleWriteRule) fail(409, error.rule, "cells", detail);
      // Another write held the database past the bounded wait, or DuckDB
      // found a write-write conflict: nothing was written; retry shortly.
      if (error.rule == "write_busy") {
        throw ApiError{
            409, error.rule, "", detail, {{"Retry-After", std::to_string(kWriteRetrySeconds)}}};
      }
      fail(409, "conflict", field_name(error.column), detail);
    case ErrorKind::kCancelled:
      fail(409, "cancelled", "", detail);
    case ErrorKind::kInvariantFailed:
      fail(422, "invariant_failed", "", detail);
    case ErrorKind::kStorage:
      fail(500, "storage", "", detail);
    case ErrorKind::kBusy:
      throw ApiError{
          429, "busy", "", detail, {{"Retry-After", std::to_string(kRetryAfterSeconds)}}};
    case ErrorKind::kInternal:
      fail(500, "internal", "", detail);
  }
  fail(500, "internal", "", error.to_string());
}

void Service::Context::require(app::Right right, const std::string& action) const {
  if (allows(right)) return;
  fail(403, "forbidden", "role",
       action + " needs the " + app::right_name(right) + " right, held by " +
           role_list(app::roles_with(right, config.policy)) + "; " + user.name + " is " +
           app::role_name(user.role));
}

HeavySlot heavy_slot(Service::Context& c) {
  HeavySlot slot = c.service.try_heavy();
  if (!slot) {
    throw ApiError{429,
                   "busy",
                   "",
                   "the server is running as many simulations and exports as it allows; retry "
                   "shortly",
                   {{"Retry-After", "1"}}};
  }
  return slot;
}

Response json_response(const json& body, int status) {
  Response r;
  r.status = status;
  // A refusal may echo a path, a query value or a header that is not UTF-8:
  // such bytes are shown as U+FFFD, never thrown on (issue 15 item 3).
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

json parse_body(const Request& request) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) fail(400, "invalid_input", "", "the request body is not valid JSON");
  if (!body.is_object()) fail(400, "invalid_input", "", "the request body must be a JSON object");
  // Who acts is the authenticated caller, never a claim in the body.
  if (body.contains("actor"))
    fail(400, "invalid_input", "actor",
         "actor is not accepted: the audit trail records the signed-in user");
  return body;
}

// {cells: [{parameter, year, level, value}]}: every field required.
std::vector<app::CellEdit> cells_of(const json& body) {
  if (!body.contains("cells") || !body["cells"].is_array()) {
    fail(400, "invalid_input", "cells",
         "cells must be an array of {parameter, year, level, value}");
  }
  std::vector<app::CellEdit> out;
  for (std::size_t i = 0; i < body["cells"].size(); ++i) {
    const json& c = body["cells"][i];
    const std::string at = "cells[" + std::to_string(i) + "].";
    if (!c.is_object())
      fail(400, "invalid_input", "cells[" + std::to_string(i) + "]", "each cell must be an object");
    app::CellEdit e;
    const auto parameter = string_field(c, "parameter");
    const auto year = int32_field(c, "year");
    const auto level = int32_field(c, "level");
    const auto value = number_field(c, "value");
    if (!parameter) fail(400, "invalid_input", at + "parameter", "parameter is required");
    if (!year) fail(400, "invalid_input", at + "year", "year is required");
    if (!level) fail(400, "invalid_input", at + "level", "level is required");
    if (!value) fail(400, "invalid_input", at + "value", "value is required");
    e.parameter = *parameter;
    e.year = *year;
    e.level = *level;
    e.value = *value;
    out.push_back(e);
  }
  return out;
}

std::optional<double> number_field(const json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  if (!body[name].is_number()) fail(400, "invalid_input", name, name + " must be a number");
  const double v = body[name].get<double>();
  if (!std::isfinite(v)) fail(400, "invalid_input", name, name + " must be finite");
  return v;
}

std::optional<std::int64_t> int_field(const json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  if (!body[name].is_number_integer())
    fail(400, "invalid_input", name, name + " must be an integer");
  // nlohmann keeps integers above INT64_MAX as unsigned; get<int64_t> would
  // wrap them to negative numbers.
  if (body[name].is_number_unsigned() &&
      body[name].get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    fail(400, "invalid_input", name, name + " is too large for a 64-bit integer");
  }
  return body[name].get<std::int64_t>();
}

std::optional<int> int32_field(const json& body, const std::string& name) {
  const auto v = int_field(body, name);
  if (!v) return std::nullopt;
  if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
    fail(400, "invalid_input", name,
         name + " must be between " + std::to_string(std::numeric_limits<int>::min()) + " and " +
             std::to_string(std::numeric_limits<int>::max()));
  }
  return static_cast<int>(*v);
}

std::optional<std::string> string_field(const json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  if (!body[name].is_string()) fail(400, "invalid_input", name, name + " must be a string");
  return body[name].get<std::string>();
}

std::optional<bool> bool_field(const json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  if (!body[name].is_boolean()) fail(400, "invalid_input", name, name + " must be true or false");
  return body[name].get<bool>();
}

std::string query_or(const Request& request, const std::string& name, const std::string& fallback) {
  auto it = request.query.find(name);
  return it == request.query.end() || it->second.empty() ? fallback : it->second;
}

std::string year_or_all(const json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return "all";
  if (body[name].is_number_integer()) return std::to_string(*int32_field(body, name));
  if (body[name].is_string()) return body[name].get<std::string>();
  fail(400, "invalid_input", name, name + " must be an integer or \"all\"");
}

json audit_rows_json(const std::vector<store::AuditRow>& rows) {
  json out = json::array();
  for (const store::AuditRow& r : rows) {
    out.push_back({{"seq", r.seq},
                   {"occurred_at", r.occurred_at},
                   {"event_type", r.event_type},
                   {"scenario_id", r.scenario_id},
                   {"fiscal_year", r.fiscal_year ? json(*r.fiscal_year) : json(nullptr)},
                   {"job_level", r.job_level ? json(*r.job_level) : json(nullptr)},
                   {"parameter_name", r.parameter_name},
                   {"old_value", r.old_value ? json(*r.old_value) : json(nullptr)},
                   {"new_value", r.new_value ? json(*r.new_value) : json(nullptr)},
                   {"actor", r.actor},
                   {"reason", r.reason},
                   {"details", r.details}});
  }
  return out;
}

std::string Service::sse_text(const app::JobEvent& event) {
  std::string type;
  json data;
  if (const auto* s = std::get_if<app::StateEvent>(&event.data)) {
    type = "state";
    data = {{"state", app::job_state_name(s->state)}, {"message", s->message}};
  } else if (const auto* st = std::get_if<app::StageEvent>(&event.data)) {
    type = "stage";
    data = {{"text", st->text}};
  } else if (const auto* y = std::get_if<app::YearEvent>(&event.data)) {
    type = "year";
    const engine::YearSummary& s2 = y->summary;
    data = {{"year", y->year},
            {"done", y->year - y->start_year + 1},
            {"of", y->end_year - y->start_year + 1},
            {"start_active", s2.start_headcount},
            {"end_active", s2.end_headcount},
            {"hires", s2.hires},
            {"experienced_terminations", s2.experienced_terminations},
            {"new_hire_terminations", s2.new_hire_terminations},
            {"promotions", s2.promotions},
            {"raises", s2.raises},
            {"avg_comp_fye", s2.avg_fye_active ? json(*s2.avg_fye_active) : json(nullptr)},
            {"avg_comp_growth", s2.avg_comp_growth ? json(*s2.avg_comp_growth) : json(nullptr)},
            {"year_ms", y->year_ms}};
  } else if (const auto* e = std::get_if<app::EvaluationEvent>(&event.data)) {
    type = "evaluation";
    json levers = json::object();
    for (std::size_t i = 0; i < e->variables.size() && i < e->record.x.size(); ++i)
      levers[e->variables[i]] = e->record.x[i];
    data = {{"evaluation", e->record.index},
            {"iteration", e->record.iteration},
            {"budget", e->budget},
            {"growth", e->record.metrics.growth},
            {"gap", e->record.gap},
            {"total_cost", e->record.metrics.total_cost},
            {"feasible", e->record.feasible},
            {"levers", levers},
            {"ms", e->record.ms}};
  }
  return "id: " + std::to_string(event.seq) + "\nevent: " + type + "\ndata: " + data.dump() +
         "\n\n";
}

std::optional<std::string> ResponseCache::get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->second;
}

void ResponseCache::put(const std::string& key, std::string body) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    entries_.erase(it->second);
    index_.erase(it);
  }
  entries_.emplace_front(key, std::move(body));
  index_[key] = entries_.begin();
  while (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

std::string ResponseCache::get_or_compute(const std::string& key,
                                          const std::function<std::string()>& compute) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    computed_.wait(lock, [&] { return in_flight_.count(key) == 0; });
    if (auto it = index_.find(key); it != index_.end()) {
      entries_.splice(entries_.begin(), entries_, it->second);
      return it->second->second;
    }
    in_flight_.insert(key);
  }
  // Whatever happens, the key stops being in flight and the waiters wake.
  struct Done {
    ResponseCache& cache;
    const std::string& key;
    ~Done() {
      {
        std::lock_guard<std::mutex> lock(cache.mutex_);
        cache.in_flight_.erase(key);
      }
      cache.computed_.notify_all();
    }
  } done{*this, key};
  std::string body = compute();
  put(key, body);
  return body;
}

Service::Service(ServiceConfig config) : config_(std::move(config)) {
  if (config_.version.empty()) config_.version = engine::kEngineVersion;
  // Every request and job copies these inputs and so shares one census cache.
  if (!config_.inputs.census_cache)
    config_.inputs.census_cache = std::make_shared<app::CensusCache>();
  auto workspace = app::LeverWorkspace::open(config_.inputs, config_.db_path);
  if (!workspace) throw std::runtime_error(workspace.error().to_string());
  workspace_ = std::move(workspace).value();
  jobs_ = std::make_unique<app::JobQueue>();
  if (!config_.users) reload_users();
  uploads_ = std::make_unique<app::CensusUploads>(app::census_folder(config_.db_path));
  configured_census_ = app::configured_census(config_.inputs);
  active_census_ = configured_census_;
  janitor_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(janitor_mutex_);
    while (!janitor_wake_.wait_for(lock, std::chrono::minutes(1), [this] { return janitor_stop_; }))
      uploads_->sweep();
  });
  // No users and no admin token: a personal session, like a notebook
  // server's. Its token is printed in the URL that starts the dashboard.
  if (config_.token.empty() && !config_.users && !has_users()) login_token_ = random_token();
}

void Service::reload_users() {
  auto directory = app::load_user_directory(config_.db_path);
  if (!directory) throw std::runtime_error(directory.error().to_string());
  auto loaded = std::make_shared<const app::UserDirectory>(std::move(directory).value());
  std::lock_guard<std::mutex> lock(users_mutex_);
  directory_ = std::move(loaded);
}

bool Service::has_users() const {
  std::lock_guard<std::mutex> lock(users_mutex_);
  return directory_ && !directory_->empty();
}

HeavySlot Service::try_heavy() {
  std::lock_guard<std::mutex> lock(heavy_mutex_);
  if (heavy_in_use_ >= std::max<std::size_t>(1, config_.heavy_limit)) return nullptr;
  ++heavy_in_use_;
  return HeavySlot(static_cast<void*>(this), [this](void*) {
    std::lock_guard<std::mutex> release(heavy_mutex_);
    --heavy_in_use_;
  });
}

std::optional<Identity> Service::identify_token(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  if (!config_.token.empty() && constant_time_equal(token, config_.token))
    return Identity{config_.admin_name, app::Role::kAdmin};
  if (!login_token_.empty() && constant_time_equal(token, login_token_))
    return Identity{config_.local_user, app::Role::kAdmin};
  if (config_.users) return config_.users(token);
  std::shared_ptr<const app::UserDirectory> directory;
  {
    std::lock_guard<std::mutex> lock(users_mutex_);
    directory = directory_;
  }
  if (!directory) return std::nullopt;
  if (auto user = directory->authenticate(token)) return Identity{user->name, user->role};
  return std::nullopt;
}

std::optional<Identity> Service::authenticate(const Request& request) {
  static constexpr std::string_view kBearer = "Bearer ";
  static constexpr std::string_view kLocalCli = "PlanwiseLocal ";
  if (request.authorization.rfind(kLocalCli, 0) == 0)
    return authenticate_local_cli(request,
                                  std::string_view(request.authorization).substr(kLocalCli.size()));
  if (!request.authorization.empty()) {
    // A wrong bearer token is refused even when a cookie would pass.
    const std::string_view header = request.authorization;
    if (header.substr(0, kBearer.size()) != kBearer) return std::nullopt;
    return identify_token(header.substr(kBearer.size()));
  }
  if (auto id = cookie_value(request.cookie, kSessionCookie)) return sessions_.find(*id);
  return std::nullopt;
}

Identity Service::require_identity(const Request& request) {
  if (std::optional<Identity> who = authenticate(request)) return *who;
  ApiError e{401, "unauthorized", "Authorization",
             "sign in: send `Authorization: Bearer <token>`, or open the dashboard with the "
             "URL the server printed"};
  e.headers.push_back({"WWW-Authenticate", "Bearer realm=\"planwise\""});
  throw e;
}

// POST /api/session {token}: trade a token for the dashboard's cookie.
// GET: who am I. DELETE: sign out.
Response Service::session_route(const Request& request) {
  if (request.method == "POST") {
    const json body = parse_body(request);
    const auto token = string_field(body, "token");
    if (!token || token->empty()) fail(400, "invalid_input", "token", "token is required");
    const std::optional<Identity> who = identify_token(*token);
    if (!who)
      fail(401, "unauthorized", "token", "the token is not valid (or its user is disabled)");
    Response out = json_response({{"user", who->name},
                                  {"role", app::role_name(who->role)},
                                  {"rights", rights_json(*who, config_.policy)}});
    out.headers.push_back(
        {"Set-Cookie", session_cookie(sessions_.open(*who), false, config_.secure_cookie)});
    return out;
  }
  const std::optional<Identity> who = authenticate(request);
  if (!who) fail(401, "unauthorized", "Authorization", "not signed in");
  if (request.method == "GET") {
    return json_response({{"user", who->name},
                          {"role", app::role_name(who->role)},
                          {"rights", rights_json(*who, config_.policy)}});
  }
  if (request.method == "DELETE") {
    if (auto id = cookie_value(request.cookie, kSessionCookie)) sessions_.close(*id);
    Response out = json_response({{"signed_out", true}});
    out.headers.push_back({"Set-Cookie", session_cookie("", true, config_.secure_cookie)});
    return out;
  }
  fail(404, "not_found", "", "no such route: " + request.method + " " + request.path);
}

Response Service::error(int status, const std::string& kind, const std::string& field,
                        const std::string& detail) {
  return error_response({status, kind, field, detail});
}

// jobs_ is destroyed before workspace_: ~JobQueue finishes or cancels the
// jobs while the database they write is still open. The uploads go with the
// server (~CensusUploads deletes them).
Service::~Service() {
  {
    std::lock_guard<std::mutex> lock(janitor_mutex_);
    janitor_stop_ = true;
  }
  janitor_wake_.notify_all();
  if (janitor_.joinable()) janitor_.join();
}

Response Service::handle(const Request& request) {
  try {
    const std::vector<std::string> parts = split_path(request.path);
    if (parts.empty() || parts[0] != "api")
      fail(404, "not_found", "", "no such route: " + request.path);
    if (parts.size() == 2 && parts[1] == "session") return session_route(request);
    const Identity who = require_identity(request);
    // The switched-to census for this whole request (issue 14 item 1): the
    // routes and the jobs they start copy these inputs.
    ServiceConfig config = config_;
    const app::CensusChoice census = active_census();
    if (!census.path.empty()) config.inputs.census_path = census.path;
    Context context{*this, config, *jobs_, who, census};
    context.require(route_right(request.method, parts), request.method + " " + request.path);
    for (auto* group : {&misc_routes, &scenario_routes, &lever_routes, &run_routes,
                        &optimization_routes, &user_routes, &compare_routes, &request_routes,
                        &report_routes, &ensemble_routes, &census_routes, &cli_routes}) {
      if (auto response = group(context, request, parts)) return *response;
    }
    fail(404, "not_found", "", "no such route: " + request.method + " " + request.path);
  } catch (const ApiError& e) {
    return error_response(e);
  } catch (const json::exception& e) {
    return error_response({400, "invalid_input", "", std::string("bad JSON value: ") + e.what()});
  } catch (const std::exception& e) {
    return error_response({500, "internal", "", e.what()});
  }
}

}  // namespace planwise::api
