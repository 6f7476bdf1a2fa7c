// Change requests (issue 11 items 1, 2, 7): create, submit, rebase, show,
// list; each scenario's governance policy; the direct-edit guard.
#include <chrono>

#include "app/governance.hpp"
#include "app/governance_support.hpp"
#include "common/number_text.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_catalogue.hpp"
#include "store/transaction.hpp"

namespace planwise::app {

using namespace governance_support;
using governance::RequestAction;
using governance::RequestState;

namespace {

// The file an error names: the API's request or the CLI's command line.
std::string source_of(const CreateRequest& r) {
  return r.cells.empty() ? "command line" : "request";
}

// The plan of a new request: its cells over the scenario's published
// levers. Locked cells, lever-rule errors and a change that changes
// nothing are refused here, before anything is simulated.
Result<levers::LeverPlan> plan_of(LeverWorkspace& ws, const CreateRequest& r) {
  levers::LeverStore& store = ws.levers();
  Result<levers::LeverPlan> plan = Error::make(ErrorKind::kInternal, "no plan");
  std::vector<governance::CellKey> requested;
  if (!r.cells.empty()) {
    if (!r.assignments.empty()) {
      return Error::invalid_input("request", 0, "cells", "one_form", "",
                                  "give cells or assignments, not both");
    }
    std::vector<engine::LeverRow> rows;
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      auto row = cell_row(r.cells[i], i, r.target.scenario);
      if (!row) return std::move(row).error();
      rows.push_back(*row);
      requested.push_back({r.cells[i].year, r.cells[i].level, r.cells[i].parameter});
    }
    plan = store.plan_import(r.target.scenario, rows);
  } else {
    auto values = parse_assignments(r.assignments);
    if (!values) return std::move(values).error();
    auto where = parse_selector(r.where);
    if (!where) return std::move(where).error();
    plan = store.plan_set(r.target.scenario, *values, *where);
  }
  if (!plan) return plan;
  if (!plan->skipped_locked.empty()) {
    std::vector<governance::CellKey> locked;
    for (const levers::SkippedCell& s : plan->skipped_locked)
      locked.push_back({s.year, s.level, lever_name(s.param)});
    if (requested.empty()) {
      // Selector form: the cells in the order the plan saw them.
      for (const levers::CellChange& c : plan->changes)
        requested.push_back({c.year, c.level, lever_name(c.param)});
      requested.insert(requested.end(), locked.begin(), locked.end());
    }
    PLANWISE_RETURN_IF_ERROR(governance::check_no_locked_cells(requested, locked, source_of(r)));
  }
  if (levers::has_errors(plan->issues)) {
    std::string list;
    Error e = Error::make(ErrorKind::kInvalidInput, "");
    for (const levers::LeverIssue& i : plan->issues) {
      if (i.severity != levers::Severity::kError) continue;
      list += "\n  " + describe_issue(i);
      if (e.column.empty()) {
        e.column = i.parameter_name;
        e.rule = i.rule;
      }
    }
    e.file = source_of(r);
    e.message = "the requested levers break the lever rules; no request was made:" + list;
    return e;
  }
  if (plan->changes.empty()) {
    return Error::invalid_input(source_of(r), 0, r.cells.empty() ? "assignment" : "cells",
                                "nothing_changes", "",
                                "every requested cell already has that value in the published "
                                "levers of scenario " +
                                    r.target.scenario + ": there is nothing to request");
  }
  return plan;
}

Status insert_with_events(store::Database& db, const store::ChangeRequest& request,
                          const std::vector<store::AuditRow>& events) {
  auto tx = store::Transaction::begin(db);
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::insert_request(db, request));
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(db, events));
  return tx->commit();
}

// A new request from a plan: simulated, stored with its CHANGE_REQUESTED
// entry, and when asked submitted in the same transaction (a process killed
// in between would leave a draft nobody asked for; issue 15 item 1). An
// auto-approval follows as its own decision.
Result<RequestView> new_request(LeverWorkspace& ws, const LeverTarget& target,
                                const levers::LeverPlan& plan, governance::RequestKind kind,
                                const std::string& justification, const Actor& actor, bool submit,
                                const std::string& optimization_run_id,
                                const std::string& rollback_of) {
  store::ChangeRequest request;
  store::ChangeRequestRow& row = request.row;
  row.scenario_id = plan.scenario_id;
  row.kind = governance::kind_name(kind);
  row.state = governance::state_name(RequestState::kDraft);
  row.requester = actor.name;
  row.justification = justification;
  row.optimization_run_id = optimization_run_id;
  row.rollback_of = rollback_of;
  double simulate_ms = 0.0;
  PLANWISE_RETURN_IF_ERROR(simulate_into(ws, target, plan, request, simulate_ms));
  auto id = store::next_request_id(ws.db());
  if (!id) return std::move(id).error();
  row.request_id = *id;
  row.created_at = now_utc();
  std::vector<store::AuditRow> events = {
      request_event(kChangeRequested, request, actor.name, justification, row.created_at)};
  if (submit) {
    row.state = governance::state_name(RequestState::kPending);
    row.submitted_at = now_utc();
    events.push_back(
        request_event(kChangeSubmitted, request, actor.name, justification, row.submitted_at));
  }
  PLANWISE_RETURN_IF_ERROR(insert_with_events(ws.db(), request, events));
  Result<RequestView> view =
      submit ? after_submit(ws, target, std::move(request), actor) : view_of(ws, request);
  if (view) view->simulate_ms = simulate_ms;
  return view;
}

}  // namespace

Result<RequestView> create_request(const CreateRequest& r) {
  PLANWISE_RETURN_IF_ERROR(require_right(r.actor, Right::kEditLevers, "requesting a change"));
  PLANWISE_RETURN_IF_ERROR(governance::require_justification(
      r.justification, r.cells.empty() ? "--justification" : "justification"));
  auto ws = LeverWorkspace::open(r.target);
  if (!ws) return std::move(ws).error();
  PLANWISE_RETURN_IF_ERROR((*ws)->levers().require_editable(r.target.scenario));
  auto plan = plan_of(**ws, r);
  if (!plan) return std::move(plan).error();
  return new_request(**ws, r.target, *plan, governance::RequestKind::kChange, r.justification,
                     r.actor, r.submit, "", "");
}

Result<RequestView> request_from_plan(LeverWorkspace& ws, const LeverTarget& target,
                                      const levers::LeverPlan& plan,
                                      const std::string& optimization_run_id,
                                      const std::string& justification, const Actor& actor,
                                      bool submit) {
  PLANWISE_RETURN_IF_ERROR(governance::require_justification(justification, "reason"));
  if (plan.changes.empty()) {
    return Error::make(ErrorKind::kConflict,
                       "the proposal changes no cell of scenario " + plan.scenario_id);
  }
  return new_request(ws, target, plan, governance::RequestKind::kOptimization, justification, actor,
                     submit, optimization_run_id, "");
}

Result<RequestView> rollback_request(const LeverTarget& target, const std::string& request_id,
                                     const Actor& actor, const std::string& justification,
                                     bool submit) {
  PLANWISE_RETURN_IF_ERROR(require_right(actor, Right::kEditLevers, "requesting a rollback"));
  PLANWISE_RETURN_IF_ERROR(governance::require_justification(justification, "--justification"));
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  auto original = load_request((*ws)->db(), request_id);
  if (!original) return std::move(original).error();
  auto next = governance::next_state(request_id, state_of(original->row), RequestAction::kRollBack);
  if (!next) return std::move(next).error();
  // One rollback at a time: another open one for the same request wins.
  auto others = store::list_requests((*ws)->db(), {original->row.scenario_id, "", ""});
  if (!others) return std::move(others).error();
  for (const store::ChangeRequestRow& o : *others) {
    const RequestState s = state_of(o);
    if (o.rollback_of == request_id && (s == RequestState::kDraft || s == RequestState::kPending ||
                                        s == RequestState::kApproved)) {
      return Error::make(ErrorKind::kConflict, "request " + o.request_id + " already rolls back " +
                                                   request_id + " (" + o.state + ")");
    }
  }
  // Rollback restores the values the request replaced, only while they are
  // still the ones it wrote: a later change to a cell must be undone first.
  levers::LeverStore& store = (*ws)->levers();
  auto range = store.year_range();
  if (!range) return std::move(range).error();
  auto now = store.effective(original->row.scenario_id, range->first, range->second);
  if (!now) return std::move(now).error();
  std::vector<engine::LeverRow> rows;
  for (const store::RequestCellRow& c : original->cells) {
    const levers::LeverSpec* spec = levers::find_spec(c.parameter);
    if (spec == nullptr) continue;
    const double current = now->levers.value(spec->param, c.year, c.level);
    if (current != c.new_value) {
      return Error::make(ErrorKind::kConflict, c.parameter + " " + std::to_string(c.year) +
                                                   " level " + std::to_string(c.level) + " is " +
                                                   shortest_text(current) + " now, not the " +
                                                   shortest_text(c.new_value) + " " + request_id +
                                                   " published: roll back the later change first");
    }
    engine::LeverRow row;
    row.scenario_id = original->row.scenario_id;
    row.fiscal_year = c.year;
    row.job_level = c.level;
    row.event_type = std::string(spec->event_type);
    row.param = spec->param;
    row.value = c.old_value;
    row.line = static_cast<std::int64_t>(rows.size() + 1);
    rows.push_back(row);
  }
  auto plan = store.plan_import(original->row.scenario_id, rows);
  if (!plan) return std::move(plan).error();
  LeverTarget t = target;
  t.scenario = original->row.scenario_id;
  return new_request(**ws, t, *plan, governance::RequestKind::kRollback, justification, actor,
                     submit, "", request_id);
}

Result<RequestView> submit_request(const LeverTarget& target, const std::string& request_id,
                                   const Actor& actor) {
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  auto request = load_request((*ws)->db(), request_id);
  if (!request) return std::move(request).error();
  if (request->row.requester != actor.name) {
    PLANWISE_RETURN_IF_ERROR(
        require_right(actor, Right::kManageUsers, "submitting another person's request"));
  }
  auto next = governance::next_state(request_id, state_of(request->row), RequestAction::kSubmit);
  if (!next) return std::move(next).error();
  request->row.state = governance::state_name(*next);
  request->row.submitted_at = now_utc();
  auto tx = store::Transaction::begin((*ws)->db());
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::update_request_row((*ws)->db(), request->row));
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(
      (*ws)->db(), {request_event(kChangeSubmitted, *request, actor.name,
                                  request->row.justification, request->row.submitted_at)}));
  PLANWISE_RETURN_IF_ERROR(tx->commit());
  return after_submit(**ws, target, std::move(request).value(), actor);
}

Result<RequestView> rebase_request(const LeverTarget& target, const std::string& request_id,
                                   const Actor& actor) {
  PLANWISE_RETURN_IF_ERROR(
      require_any_right(actor, Right::kEditLevers, Right::kApprove, "rebasing a request"));
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  auto request = load_request((*ws)->db(), request_id);
  if (!request) return std::move(request).error();
  auto next = governance::next_state(request_id, state_of(request->row), RequestAction::kRebase);
  if (!next) return std::move(next).error();
  auto plan = (*ws)->levers().plan_import(request->row.scenario_id, request_rows(*request));
  if (!plan) return std::move(plan).error();
  if (!plan->skipped_locked.empty()) {
    return Error::make(ErrorKind::kConflict, "a cell of " + request_id +
                                                 " was locked since it was requested; it cannot "
                                                 "be rebased (reject it and request again)");
  }
  if (plan->changes.empty()) {
    return Error::make(ErrorKind::kConflict,
                       "the published levers already hold every value " + request_id +
                           " asks for: nothing is left to change (reject it)");
  }
  double simulate_ms = 0.0;
  PLANWISE_RETURN_IF_ERROR(simulate_into(**ws, target, *plan, *request, simulate_ms));
  // An approval was given for the old impact: the new one needs its own.
  if (*next == RequestState::kApproved) {
    request->row.state = governance::state_name(RequestState::kPending);
    request->row.decided_at.clear();
    request->row.decided_by.clear();
    request->row.decision_reason.clear();
    request->row.auto_approved = false;
  }
  auto tx = store::Transaction::begin((*ws)->db());
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::replace_request((*ws)->db(), *request));
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(
      (*ws)->db(), {request_event(kChangeRebased, *request, actor.name,
                                  "impact simulated again against the published levers",
                                  request->row.simulated_at)}));
  PLANWISE_RETURN_IF_ERROR(tx->commit());
  auto view = view_of(**ws, std::move(request).value());
  if (view) view->simulate_ms = simulate_ms;
  return view;
}

Result<RequestView> show_request(const LeverTarget& target, const std::string& request_id) {
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  auto request = load_request((*ws)->db(), request_id);
  if (!request) return std::move(request).error();
  return view_of(**ws, std::move(request).value());
}

Result<std::vector<store::ChangeRequestRow>> list_requests(const LeverTarget& target,
                                                           const store::RequestFilter& filter) {
  if (!filter.state.empty() && !governance::parse_state(filter.state)) {
    return Error::invalid_input("command line", 0, "--state", "state_name", filter.state,
                                "expected draft, pending, approved, rejected, published or "
                                "rolled_back");
  }
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  return store::list_requests((*ws)->db(), filter);
}

Result<std::int64_t> count_awaiting(const std::string& db_path, const Actor& actor) {
  if (!role_allows(actor.role, Right::kApprove)) return std::int64_t{0};
  auto db = store::Database::open(db_path, store::OpenMode::kReadOnly);
  if (!db) return std::move(db).error();
  auto rows = store::list_requests(**db, {"", "pending", ""});
  if (!rows) return std::move(rows).error();
  std::int64_t n = 0;
  for (const store::ChangeRequestRow& r : *rows) n += r.requester != actor.name ? 1 : 0;
  return n;
}

Result<ScenarioGovernance> scenario_governance(const LeverTarget& target) {
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  PLANWISE_RETURN_IF_ERROR((*ws)->levers().require_scenario(target.scenario));
  auto row = store::scenario_governance((*ws)->db(), target.scenario);
  if (!row) return std::move(row).error();
  return ScenarioGovernance{target.scenario, policy_of(*row), !row->published_at.empty(), *row};
}

Result<ScenarioGovernance> set_governance_policy(const LeverTarget& target,
                                                 const PolicyChange& change, const Actor& actor,
                                                 const std::string& reason) {
  PLANWISE_RETURN_IF_ERROR(
      require_right(actor, Right::kApprove, "changing a scenario's approval policy"));
  PLANWISE_RETURN_IF_ERROR(levers::require_reason({actor.name, reason, ""}));
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  PLANWISE_RETURN_IF_ERROR((*ws)->levers().require_editable(target.scenario));
  auto row = store::scenario_governance((*ws)->db(), target.scenario);
  if (!row) return std::move(row).error();
  if (change.approval_threshold) row->approval_threshold = *change.approval_threshold;
  if (change.auto_approve) row->auto_approve = *change.auto_approve;
  if (change.auto_publish) row->auto_publish = *change.auto_publish;
  PLANWISE_RETURN_IF_ERROR(governance::validate_policy(policy_of(*row), "--threshold"));
  const levers::ChangeContext ctx = LeverWorkspace::context(actor.name, reason);
  auto tx = store::Transaction::begin((*ws)->db());
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::write_scenario_governance((*ws)->db(), *row));
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(
      (*ws)->db(),
      {levers::scenario_event(kGovernancePolicySet, target.scenario, ctx,
                              "approval threshold " + dollars_text(row->approval_threshold) +
                                  ", auto-approve " + (row->auto_approve ? "on" : "off") +
                                  ", auto-publish " + (row->auto_publish ? "on" : "off"))}));
  PLANWISE_RETURN_IF_ERROR(tx->commit());
  return ScenarioGovernance{target.scenario, policy_of(*row), !row->published_at.empty(), *row};
}

Status check_direct_edit(store::Database& db, const std::string& scenario) {
  auto row = store::scenario_governance(db, scenario);
  if (!row) return std::move(row).error();
  if (row->published_at.empty()) return Status::success();
  Error e = Error::make(
      ErrorKind::kConflict,
      "scenario " + scenario + " is published (since " + row->published_at +
          "): its levers change through a change request that is approved and published "
          "(planwise request create NAME=VALUE --scenario " +
          scenario + " --justification TEXT; the dashboard's Request approval)");
  e.rule = "approval_required";
  e.column = "scenario";
  return e;
}

}  // namespace planwise::app
