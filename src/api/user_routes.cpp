// User management for the admin (issue 9 item 1), the same use cases as
// `planwise users`: while the server holds the database, the CLI cannot
// open it, so an admin manages users here. A new or rotated token is in
// the response once and never again; the directory the server checks
// tokens against is read again after every change.
#include "api/routes.hpp"

namespace planwise::api {

namespace {

json user_json(const app::User& u) {
  return {
      {"name", u.name},
      {"role", app::role_name(u.role)},
      {"disabled", u.disabled},
      {"created_at", u.created_at},
      {"created_by", u.created_by},
      {"token_rotated_at", u.token_rotated_at.empty() ? json(nullptr) : json(u.token_rotated_at)}};
}

Response issued(const app::IssuedToken& t, int status) {
  json out = user_json(t.user);
  out["token"] = t.token;
  return json_response(out, status);
}

}  // namespace

std::optional<Response> user_routes(Service::Context& c, const Request& r,
                                    const std::vector<std::string>& p) {
  if (p.size() < 2 || p[1] != "users") return std::nullopt;
  const std::string& m = r.method;
  if (p.size() == 2 && m == "GET") {
    json users = json::array();
    for (const app::User& u : take(app::list_users(c.config.db_path)))
      users.push_back(user_json(u));
    return json_response({{"users", users}});
  }
  if (p.size() == 2 && m == "POST") {
    const json body = parse_body(r);
    const auto name = string_field(body, "name");
    const auto role_text = string_field(body, "role");
    if (!name) fail(400, "invalid_input", "name", "name is required");
    if (!role_text) fail(400, "invalid_input", "role", "role is required");
    const auto role = app::parse_role(*role_text);
    if (!role) {
      fail(400, "invalid_input", "role",
           "role must be analyst, approver, compliance, executive or admin");
    }
    const app::IssuedToken t = take(app::add_user(c.config.db_path, *name, *role, c.user.name));
    c.service.reload_users();
    return issued(t, 201);
  }
  if (p.size() == 4 && m == "POST" && p[3] == "disable") {
    check(app::disable_user(c.config.db_path, p[2], c.user.name));
    c.service.reload_users();
    c.service.end_sessions_of(p[2]);
    return json_response({{"name", p[2]}, {"disabled", true}});
  }
  if (p.size() == 4 && m == "POST" && p[3] == "rotate-token") {
    const app::IssuedToken t = take(app::rotate_user_token(c.config.db_path, p[2], c.user.name));
    c.service.reload_users();
    c.service.end_sessions_of(p[2]);
    return issued(t, 200);
  }
  return std::nullopt;
}

}  // namespace planwise::api
