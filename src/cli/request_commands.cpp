// Handlers of `planwise request ...` and `planwise scenario policy` (issue
// 11 item 7): a request as a person reads it (state, impact in dollars,
// growth in points, risk with its factors, the cells old -> new), or the
// API's JSON with --json.
#include <cmath>
#include <iostream>

#include "api/request_json.hpp"
#include "app/users.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/governance_commands.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace planwise::cli {

namespace {

std::string signed_dollars(double v) {
  return (v < 0 ? "-" : "+") + dollars(std::fabs(v));
}

// A fraction's change in percentage points: "+0.12 pts".
std::string signed_points(double delta) {
  const double p = std::round(delta * 10000.0) / 100.0;
  return (p > 0 ? "+" : "") + money_text(p) + " pts";
}

// Rates in percent, multipliers as plain numbers (as `levers show`).
std::string cell_value(const std::string& parameter, double v) {
  for (const engine::LeverParam p : app::lever_params()) {
    if (app::lever_name(p) == parameter && app::is_multiplier(p))
      return shortest_text(std::round(v * 10000) / 10000);
  }
  return percent(v);
}

std::string state_label(const std::string& state) {
  const auto s = governance::parse_state(state);
  return s ? governance::state_label(*s) : state;
}

void print_history(const store::ChangeRequestRow& r) {
  std::cout << "  requested by " << r.requester << " at " << r.created_at << ": " << r.justification
            << "\n";
  if (!r.rollback_of.empty()) std::cout << "  rolls back " << r.rollback_of << "\n";
  if (!r.optimization_run_id.empty())
    std::cout << "  from optimization run " << r.optimization_run_id << "\n";
  if (!r.submitted_at.empty()) std::cout << "  submitted at " << r.submitted_at << "\n";
  if (!r.decided_at.empty()) {
    std::cout << "  " << (r.state == "rejected" ? "rejected" : "approved") << " by " << r.decided_by
              << (r.auto_approved ? " (by policy)" : "") << " at " << r.decided_at
              << (r.decision_reason.empty() ? "" : ": " + r.decision_reason) << "\n";
  }
  if (!r.published_at.empty())
    std::cout << "  published by " << r.published_by << " at " << r.published_at << "\n";
  if (!r.rolled_back_at.empty()) {
    std::cout << "  rolled back at " << r.rolled_back_at << " by request "
              << r.rolled_back_by_request << "\n";
  }
}

void print_impact(const app::RequestView& v) {
  const store::ChangeRequestRow& r = v.request.row;
  std::cout << "Impact (simulated against the published plan, seed " << r.seed << ", at "
            << r.simulated_at << ")\n"
            << "  cost: " << signed_dollars(r.cost_impact) << " over all years\n"
            << "  employees affected: " << with_commas(r.employees_affected) << "\n"
            << "  growth change: " << (r.growth_change ? signed_points(*r.growth_change) : "-")
            << " (mean average-pay growth)\n"
            << "  budget variance: "
            << (r.budget_variance ? signed_dollars(*r.budget_variance) + " against the caps"
                                  : std::string("no budget caps set"))
            << "\n  risk: " << governance::risk_level_name(v.risk.level) << " (score "
            << v.risk.score << "); cost impact class " << r.impact_class << "\n";
  for (const governance::RiskFactor& f : v.risk.factors)
    std::cout << "    " << f.factor << ": " << f.detail << " (+" << f.points << ")\n";
  std::cout << "  approval: "
            << (v.needs_approval ? "needed (cost above " : "not needed by cost (at most ")
            << dollars(v.policy.approval_threshold) << ")"
            << (v.policy.auto_approve ? "; auto-approve on" : "")
            << (v.policy.auto_publish ? "; auto-publish on" : "") << "\n";
  if (v.stale) {
    std::cout << "  STALE: the published plan changed since this was simulated; rebase it "
                 "(planwise request rebase "
              << r.request_id << ")\n";
  }
  TextTablePrinter years({"Year", "Cost published", "Cost proposed", "Change", "Headcount",
                          "Avg pay proposed", "Growth", "Proposed", "Budget variance"});
  for (const store::RequestYearRow& y : v.request.years) {
    years.add_row(
        {std::to_string(y.year), dollars(y.cost_published), dollars(y.cost_proposed),
         signed_dollars(y.cost_proposed - y.cost_published), with_commas(y.headcount_proposed),
         y.avg_pay_proposed ? dollars(*y.avg_pay_proposed) : "-", percent(y.growth_published),
         percent(y.growth_proposed), y.budget_variance ? signed_dollars(*y.budget_variance) : "-"});
  }
  std::cout << years.render();
}

void print_view(const app::RequestView& v, const std::string& done) {
  const store::ChangeRequestRow& r = v.request.row;
  if (!done.empty()) std::cout << done << "\n";
  std::cout << r.request_id << " [" << state_label(r.state) << "] " << r.kind
            << " request on scenario " << r.scenario_id << "\n";
  print_history(r);
  // After an explicit publish the history says so already.
  if (v.published_now && done.rfind("Published", 0) != 0)
    std::cout << "  published now (the scenario's auto-publish policy)\n";
  print_impact(v);
  TextTablePrinter cells({"Parameter", "Year", "Level", "Old", "New"});
  for (const store::RequestCellRow& c : v.request.cells) {
    cells.add_row({c.parameter, std::to_string(c.year), std::to_string(c.level),
                   cell_value(c.parameter, c.old_value), cell_value(c.parameter, c.new_value)});
  }
  std::cout << "Cells (" << v.request.cells.size() << ")\n" << cells.render({true});
  if (v.simulate_ms > 0) {
    std::cout << "Simulated both in " << shortest_text(std::round(v.simulate_ms * 10) / 10)
              << " ms\n";
  }
}

std::string done_text(const std::string& action, const app::RequestView& v) {
  const std::string& id = v.request.row.request_id;
  if (action == "submit") return "Submitted " + id;
  if (action == "approve") return "Approved " + id;
  if (action == "reject") return "Rejected " + id;
  if (action == "publish") return "Published " + id;
  return "Rebased " + id + " (impact simulated again against the published plan)";
}

}  // namespace

Result<app::Actor> governance_actor(const std::string& db_path, const std::string& as) {
  auto name = app::cli_actor(db_path, as);
  if (!name) return std::move(name).error();
  if (as.empty()) return app::Actor{std::move(name).value(), app::Role::kAdmin};
  auto user = app::find_user(db_path, as);
  if (!user) return std::move(user).error();
  // cli_actor found the enabled user just now.
  return app::Actor{std::move(name).value(), (*user)->role};
}

int run_request_create(const GovernanceOptions& o, const std::vector<std::string>& assignments) {
  auto actor = governance_actor(o.target.db_path, o.as);
  if (!actor) return fail(actor.error());
  app::CreateRequest q;
  q.target = o.target;
  q.assignments = assignments;
  q.where = o.where;
  q.justification = o.justification;
  q.actor = *actor;
  q.submit = o.submit;
  auto view = app::create_request(q);
  if (!view) return fail(view.error());
  print_view(*view, "Created " + view->request.row.request_id);
  return kExitOk;
}

int run_request_action(const GovernanceOptions& o, const std::string& action,
                       const std::string& request_id) {
  auto actor = governance_actor(o.target.db_path, o.as);
  if (!actor) return fail(actor.error());
  Result<app::RequestView> view = Error::make(ErrorKind::kInternal, "unknown action " + action);
  if (action == "submit") view = app::submit_request(o.target, request_id, *actor);
  if (action == "approve") view = app::approve_request(o.target, request_id, *actor, o.note);
  if (action == "reject") view = app::reject_request(o.target, request_id, *actor, o.reason);
  if (action == "publish") view = app::publish_request(o.target, request_id, *actor);
  if (action == "rebase") view = app::rebase_request(o.target, request_id, *actor);
  if (!view) return fail(view.error());
  print_view(*view, done_text(action, *view));
  return kExitOk;
}

int run_request_rollback(const GovernanceOptions& o, const std::string& request_id, bool submit) {
  auto actor = governance_actor(o.target.db_path, o.as);
  if (!actor) return fail(actor.error());
  auto view = app::rollback_request(o.target, request_id, *actor, o.justification, submit);
  if (!view) return fail(view.error());
  print_view(*view, "Created " + view->request.row.request_id + " to roll back " + request_id);
  return kExitOk;
}

int run_request_list(const GovernanceOptions& o) {
  store::RequestFilter filter{o.target.scenario, o.state, o.requester};
  auto rows = app::list_requests(o.target, filter);
  if (!rows) return fail(rows.error());
  if (o.json) {
    std::cout << api::request_list_json(*rows, 2) << "\n";
    return kExitOk;
  }
  TextTablePrinter t({"Request", "State", "Kind", "Scenario", "Requester", "Created (UTC)", "Cost",
                      "Employees", "Growth", "Risk", "Justification"});
  for (const store::ChangeRequestRow& r : *rows) {
    t.add_row({r.request_id, state_label(r.state), r.kind, r.scenario_id, r.requester, r.created_at,
               signed_dollars(r.cost_impact), with_commas(r.employees_affected),
               r.growth_change ? signed_points(*r.growth_change) : "-", r.risk_level,
               r.justification});
  }
  std::cout << t.render({true, true, true, true, true, true, false, false, false, true, true})
            << "(" << rows->size() << " requests)\n";
  return kExitOk;
}

int run_request_show(const GovernanceOptions& o, const std::string& request_id) {
  auto view = app::show_request(o.target, request_id);
  if (!view) return fail(view.error());
  if (o.json) {
    std::cout << api::request_view_json(*view, 2) << "\n";
    return kExitOk;
  }
  print_view(*view, "");
  return kExitOk;
}

int run_scenario_policy(const GovernanceOptions& o, const app::PolicyChange& change) {
  const bool changes = change.approval_threshold || change.auto_approve || change.auto_publish;
  Result<app::ScenarioGovernance> g = Error::make(ErrorKind::kInternal, "no policy");
  if (changes) {
    auto actor = governance_actor(o.target.db_path, o.as);
    if (!actor) return fail(actor.error());
    g = app::set_governance_policy(o.target, change, *actor, o.reason);
  } else {
    g = app::scenario_governance(o.target);
  }
  if (!g) return fail(g.error());
  const store::ScenarioGovernanceRow& r = g->row;
  std::cout << (changes ? "Set the approval policy of scenario " : "Scenario ") << g->scenario_id
            << "\n  approval threshold: " << dollars(g->policy.approval_threshold)
            << "\n  auto-approve: " << (g->policy.auto_approve ? "on" : "off")
            << "\n  auto-publish: " << (g->policy.auto_publish ? "on" : "off") << "\n  published: "
            << (g->published ? "yes, last at " + r.published_at + " by " + r.published_by + " (" +
                                   r.published_request + "; " + std::to_string(r.publications) +
                                   " publications)"
                             : std::string("no (a draft: its levers are edited directly)"))
            << "\n";
  return kExitOk;
}

}  // namespace planwise::cli
