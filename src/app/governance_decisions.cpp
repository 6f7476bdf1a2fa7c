// The approval workflow's decisions (issue 11 item 2, tuning.md §6.2):
// approve, reject, publish; approval and publication by policy.
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

// Approving (or publishing) a request simulated against another plan than
// the published one is refused until it is rebased.
Status check_current(LeverWorkspace& ws, const store::ChangeRequest& request) {
  auto digest = published_digest(ws.levers(), request.row.scenario_id);
  if (!digest) return std::move(digest).error();
  return governance::check_not_stale(request.row.request_id, request.row.base_digest, *digest);
}

Status write_decision(LeverWorkspace& ws, const store::ChangeRequest& request,
                      const std::string& actor, const std::string& reason) {
  auto tx = store::Transaction::begin(ws.db());
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::update_request_row(ws.db(), request.row));
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(
      ws.db(),
      {request_event(kParameterApproval, request, actor, reason, request.row.decided_at)}));
  return tx->commit();
}

// Decides a pending request: the checks approve and reject share.
Result<store::ChangeRequest> decidable(LeverWorkspace& ws, const std::string& request_id,
                                       const Actor& actor, RequestAction action) {
  PLANWISE_RETURN_IF_ERROR(require_right(
      actor, Right::kApprove,
      action == RequestAction::kApprove ? "approving a request" : "rejecting a request"));
  auto request = load_request(ws.db(), request_id);
  if (!request) return std::move(request).error();
  auto next = governance::next_state(request_id, state_of(request->row), action);
  if (!next) return std::move(next).error();
  PLANWISE_RETURN_IF_ERROR(
      governance::check_separation_of_duties(request_id, request->row.requester, actor.name));
  request->row.state = governance::state_name(*next);
  return request;
}

}  // namespace

namespace governance_support {

Result<RequestView> after_submit(LeverWorkspace& ws, const LeverTarget& target,
                                 store::ChangeRequest request, const Actor& actor) {
  auto g = store::scenario_governance(ws.db(), request.row.scenario_id);
  if (!g) return std::move(g).error();
  const governance::GovernancePolicy policy = policy_of(*g);
  if (!governance::auto_approves(request.row.cost_impact, policy)) {
    return view_of(ws, std::move(request));
  }
  request.row.state = governance::state_name(RequestState::kApproved);
  request.row.decided_at = now_utc();
  request.row.decided_by = governance::kAutoApprover;
  request.row.decision_reason = "cost impact within the scenario's approval threshold of " +
                                dollars_text(policy.approval_threshold) + " (auto-approve on)";
  request.row.auto_approved = true;
  PLANWISE_RETURN_IF_ERROR(
      write_decision(ws, request, governance::kAutoApprover, request.row.decision_reason));
  if (policy.auto_publish) return publish_loaded(ws, target, std::move(request), actor);
  return view_of(ws, std::move(request));
}

Result<RequestView> publish_loaded(LeverWorkspace& ws, const LeverTarget& target,
                                   store::ChangeRequest request, const Actor& actor) {
  (void)target;
  const std::string id = request.row.request_id;
  auto next = governance::next_state(id, state_of(request.row), RequestAction::kPublish);
  if (!next) return std::move(next).error();
  auto g = store::scenario_governance(ws.db(), request.row.scenario_id);
  if (!g) return std::move(g).error();
  PLANWISE_RETURN_IF_ERROR(governance::check_publishable(id, request.row.cost_impact,
                                                         request.row.auto_approved, policy_of(*g)));
  PLANWISE_RETURN_IF_ERROR(check_current(ws, request));
  auto plan = ws.levers().plan_import(request.row.scenario_id, request_rows(request));
  if (!plan) return std::move(plan).error();
  if (!plan->skipped_locked.empty()) {
    return Error::make(ErrorKind::kConflict, "a cell of " + id +
                                                 " was locked since it was approved; nothing was "
                                                 "published");
  }
  // Issue 15 item 4: each cell must still hold the published value the
  // request was simulated against, checked inside the publishing write.
  for (levers::CellChange& ch : plan->changes) {
    for (const store::RequestCellRow& c : request.cells) {
      if (c.parameter == levers::spec_of(ch.param).name && c.year == ch.year && c.level == ch.level)
        ch.expected = c.old_value;
    }
  }
  // The original of a rollback, marked rolled back in the same transaction.
  std::optional<store::ChangeRequest> undone;
  if (!request.row.rollback_of.empty()) {
    auto original = load_request(ws.db(), request.row.rollback_of);
    if (!original) return std::move(original).error();
    auto rolled = governance::next_state(original->row.request_id, state_of(original->row),
                                         RequestAction::kRollBack);
    if (!rolled) return std::move(rolled).error();
    original->row.state = governance::state_name(*rolled);
    undone = std::move(original).value();
  }
  const std::string now = now_utc();
  const std::string loaded_state = request.row.state;
  request.row.state = governance::state_name(*next);
  request.row.published_at = now;
  request.row.published_by = actor.name;
  store::ScenarioGovernanceRow published = *g;
  published.published_at = now;
  published.published_by = actor.name;
  published.published_request = id;
  ++published.publications;
  // One PARAMETER_CHANGE per cell (the lever store's), with the request in
  // the reason so the change history joins them.
  const levers::ChangeContext ctx =
      LeverWorkspace::context(actor.name, id + ": " + request.row.justification);
  const Status written = ws.levers().apply(*plan, ctx, [&]() -> Status {
    // Two publishers of one request: only the first finds it as it was read.
    auto fresh = load_request(ws.db(), id);
    if (!fresh) return std::move(fresh).error();
    if (fresh->row.state != loaded_state) {
      return Error::make(ErrorKind::kConflict, "request " + id + " became " + fresh->row.state +
                                                   " meanwhile; nothing was published");
    }
    PLANWISE_RETURN_IF_ERROR(store::update_request_row(ws.db(), request.row));
    PLANWISE_RETURN_IF_ERROR(store::write_scenario_governance(ws.db(), published));
    std::vector<store::AuditRow> events;
    if (undone) {
      undone->row.rolled_back_at = now;
      undone->row.rolled_back_by_request = id;
      PLANWISE_RETURN_IF_ERROR(store::update_request_row(ws.db(), undone->row));
      store::AuditRow rollback =
          request_event(kParameterRollback, request, actor.name, request.row.justification, now);
      rollback.details.insert(rollback.details.size() - 1,
                              ",\"rolled_back_request\":\"" + undone->row.request_id + "\"");
      events.push_back(rollback);
    }
    events.push_back(
        request_event(kScenarioPublished, request, actor.name, request.row.justification, now));
    return levers::append_audit(ws.db(), events);
  });
  if (!written.ok()) return written.error();
  auto view = view_of(ws, std::move(request));
  if (view) view->published_now = true;
  return view;
}

}  // namespace governance_support

Result<RequestView> approve_request(const LeverTarget& target, const std::string& request_id,
                                    const Actor& actor, const std::string& note) {
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  auto request = decidable(**ws, request_id, actor, RequestAction::kApprove);
  if (!request) return std::move(request).error();
  PLANWISE_RETURN_IF_ERROR(check_current(**ws, *request));
  request->row.decided_at = now_utc();
  request->row.decided_by = actor.name;
  request->row.decision_reason = note;
  request->row.auto_approved = false;
  PLANWISE_RETURN_IF_ERROR(write_decision(**ws, *request, actor.name, note));
  auto g = store::scenario_governance((*ws)->db(), request->row.scenario_id);
  if (!g) return std::move(g).error();
  if (g->auto_publish) return publish_loaded(**ws, target, std::move(request).value(), actor);
  return view_of(**ws, std::move(request).value());
}

Result<RequestView> reject_request(const LeverTarget& target, const std::string& request_id,
                                   const Actor& actor, const std::string& reason) {
  PLANWISE_RETURN_IF_ERROR(governance::require_rejection_reason(reason, "--reason"));
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  auto request = decidable(**ws, request_id, actor, RequestAction::kReject);
  if (!request) return std::move(request).error();
  request->row.decided_at = now_utc();
  request->row.decided_by = actor.name;
  request->row.decision_reason = reason;
  PLANWISE_RETURN_IF_ERROR(write_decision(**ws, *request, actor.name, reason));
  return view_of(**ws, std::move(request).value());
}

Result<RequestView> publish_request(const LeverTarget& target, const std::string& request_id,
                                    const Actor& actor) {
  PLANWISE_RETURN_IF_ERROR(
      require_any_right(actor, Right::kEditLevers, Right::kApprove, "publishing a request"));
  auto ws = LeverWorkspace::open(target);
  if (!ws) return std::move(ws).error();
  auto request = load_request((*ws)->db(), request_id);
  if (!request) return std::move(request).error();
  return publish_loaded(**ws, target, std::move(request).value(), actor);
}

}  // namespace planwise::app
