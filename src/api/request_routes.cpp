// Change-request routes (issue 11 item 7, docs/api.md "Change requests"):
// list, create, show, the workflow actions, rollback, the approver's
// awaiting count, and a scenario's governance policy. The acting user is
// the signed-in one; the app layer checks their rights again.
#include "api/request_json.hpp"
#include "api/routes.hpp"

namespace planwise::api {

namespace {

app::Actor actor_of(const Service::Context& c) {
  return {c.user.name, c.user.role};
}

Response view_response(const app::RequestView& v, int status = 200) {
  Response r;
  r.status = status;
  r.body = request_view_json(v);
  return r;
}

// A locked cell names its 1-based row in the request and its parameter;
// the API names the cell as the body does (cells[i]) and lists every one.
[[noreturn]] void fail_create(const Error& e) {
  if (e.rule != "cell_locked" || e.row <= 0) fail(e);
  std::string detail = e.message;
  for (const Error& more : e.more) detail += "; " + more.message;
  fail(400, "invalid_input", "cells[" + std::to_string(e.row - 1) + "].parameter", detail);
}

app::RequestView create(Service::Context& c, const Request& r) {
  const json body = parse_body(r);
  app::CreateRequest q;
  q.target = lever_target(c, string_field(body, "scenario").value_or("default"));
  q.cells = cells_of(body);
  if (q.cells.empty()) fail(400, "invalid_input", "cells", "a request changes at least one cell");
  q.justification = string_field(body, "justification").value_or("");
  q.actor = actor_of(c);
  q.submit = bool_field(body, "submit").value_or(true);
  // Simulates the published and the proposed levers: a heavy request.
  const HeavySlot slot = heavy_slot(c);
  auto view = app::create_request(q);
  if (!view) fail_create(view.error());
  return std::move(view).value();
}

// publish, rebase: an analyst or an approver; submit: the requester's side.
void require_either(const Service::Context& c, const std::string& action) {
  if (c.allows(app::Right::kEditLevers) || c.allows(app::Right::kApprove)) return;
  c.require(app::Right::kApprove, action);
}

Response action(Service::Context& c, const Request& r, const std::string& id,
                const std::string& name) {
  const app::LeverTarget target = lever_target(c, "");
  const app::Actor actor = actor_of(c);
  const std::string what = "POST " + r.path;
  if (name == "submit") {
    c.require(app::Right::kEditLevers, what);
    return view_response(take(app::submit_request(target, id, actor)));
  }
  if (name == "approve") {
    const json body = parse_body(r);
    return view_response(
        take(app::approve_request(target, id, actor, string_field(body, "note").value_or(""))));
  }
  if (name == "reject") {
    const json body = parse_body(r);
    return view_response(
        take(app::reject_request(target, id, actor, string_field(body, "reason").value_or(""))));
  }
  if (name == "publish") {
    require_either(c, what);
    return view_response(take(app::publish_request(target, id, actor)));
  }
  if (name == "rebase") {
    require_either(c, what);
    const HeavySlot slot = heavy_slot(c);
    return view_response(take(app::rebase_request(target, id, actor)));
  }
  // rollback (route_right asked for edit_levers)
  const json body = parse_body(r);
  const HeavySlot slot = heavy_slot(c);
  return view_response(take(app::rollback_request(target, id, actor,
                                                  string_field(body, "justification").value_or(""),
                                                  bool_field(body, "submit").value_or(true))),
                       201);
}

Response governance_route(Service::Context& c, const Request& r, const std::string& scenario) {
  const app::LeverTarget target = lever_target(c, scenario);
  app::ScenarioGovernance g;
  if (r.method == "GET") {
    g = take(app::scenario_governance(target));
  } else {
    const json body = parse_body(r);
    app::PolicyChange change;
    change.approval_threshold = number_field(body, "approval_threshold");
    change.auto_approve = bool_field(body, "auto_approve");
    change.auto_publish = bool_field(body, "auto_publish");
    auto set = app::set_governance_policy(target, change, actor_of(c),
                                          string_field(body, "reason").value_or(""));
    if (!set) {
      // The shared check names the CLI's --threshold.
      Error e = set.error();
      if (e.column == "--threshold") e.column = "approval_threshold";
      fail(e);
    }
    g = std::move(set).value();
  }
  Response out;
  out.body = scenario_governance_json(g);
  return out;
}

}  // namespace

std::optional<Response> request_routes(Service::Context& c, const Request& r,
                                       const std::vector<std::string>& p) {
  const std::string& m = r.method;
  if (p.size() == 4 && p[1] == "scenarios" && p[3] == "governance" && (m == "GET" || m == "PUT"))
    return governance_route(c, r, p[2]);
  if (p.size() < 2 || p[1] != "requests") return std::nullopt;
  if (p.size() == 2 && m == "GET") {
    const store::RequestFilter filter{query_or(r, "scenario", ""), query_or(r, "state", ""),
                                      query_or(r, "requester", "")};
    Response out;
    out.body = request_list_json(take(app::list_requests(lever_target(c, ""), filter)));
    return out;
  }
  if (p.size() == 2 && m == "POST") return view_response(create(c, r), 201);
  if (p.size() == 3 && p[2] == "awaiting" && m == "GET")
    return json_response({{"count", take(app::count_awaiting(c.config.db_path, actor_of(c)))}});
  if (p.size() == 3 && m == "GET")
    return view_response(take(app::show_request(lever_target(c, ""), p[2])));
  static const std::vector<std::string> kActions = {"submit",  "approve", "reject",
                                                    "publish", "rebase",  "rollback"};
  if (p.size() == 4 && m == "POST" &&
      std::find(kActions.begin(), kActions.end(), p[3]) != kActions.end()) {
    return action(c, r, p[2], p[3]);
  }
  return std::nullopt;
}

}  // namespace planwise::api
