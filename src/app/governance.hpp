// Governance use cases (issue 11, tuning.md §6), shared by the CLI and the
// server: change requests against a scenario's published levers, their
// simulated impact and risk, the approval workflow, publish and rollback,
// and each scenario's governance policy. The rules are governance/'s; this
// file wires them to the lever store, the engine and the audit trail.
//
// The published set of a scenario is its stored levers. A draft scenario
// (never published) is edited directly; once a request is published into
// it, its levers change only through requests (check_direct_edit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/cell_edit.hpp"
#include "app/lever_commands.hpp"
#include "app/lever_workspace.hpp"
#include "app/roles.hpp"
#include "common/result.hpp"
#include "governance/policies.hpp"
#include "governance/request_state.hpp"
#include "governance/risk.hpp"
#include "store/governance_tables.hpp"

namespace planwise::app {

// Audit event types of governance (tuning.md §6.1), beside PARAMETER_CHANGE
// and OPTIMIZATION_RUN (levers/audit_trail.hpp).
inline constexpr const char* kChangeRequested = "CHANGE_REQUESTED";
inline constexpr const char* kChangeSubmitted = "CHANGE_REQUEST_SUBMITTED";
inline constexpr const char* kChangeRebased = "CHANGE_REQUEST_REBASED";
inline constexpr const char* kParameterApproval = "PARAMETER_APPROVAL";
inline constexpr const char* kScenarioPublished = "SCENARIO_PUBLISHED";
inline constexpr const char* kParameterRollback = "PARAMETER_ROLLBACK";
inline constexpr const char* kGovernancePolicySet = "GOVERNANCE_POLICY_SET";

// Who acts: a signed-in user of the server, or the CLI's user (--as NAME
// with that user's role; the local OS user is trusted like an admin).
struct Actor {
  std::string name;
  Role role = Role::kAdmin;
};

// A request as the transports show it: the stored request, whether its
// impact was simulated against the plan published now, and its risk.
struct RequestView {
  store::ChangeRequest request;
  governance::RequestState state = governance::RequestState::kDraft;
  bool stale = false;  // the published plan changed since it was simulated
  governance::RiskAssessment risk;
  governance::GovernancePolicy policy;  // of its scenario
  bool needs_approval = false;          // |cost| above the scenario's threshold
  // Set by publish when the scenario's policy or an auto-publish did it.
  bool published_now = false;
  double simulate_ms = 0.0;  // the impact simulation of this call, if any
};

struct CreateRequest {
  LeverTarget target;  // inputs, database and scenario
  // The CLI's form: NAME=VALUE with --year/--level selectors (as `levers set`).
  std::vector<std::string> assignments;
  SelectorText where;
  // The API's form: individual cells (as the lever grid saves them).
  std::vector<CellEdit> cells;
  std::string justification;
  Actor actor;
  bool submit = false;  // submit at once (the dashboard's "Request approval")
};
// Draft (or, with submit, pending) request with its impact simulated
// against the published levers. Refused: blank justification, locked
// cells, a change that breaks the lever rules, nothing changing.
Result<RequestView> create_request(const CreateRequest& request);

// Each refuses a request in the wrong state (conflict naming its state).
Result<RequestView> submit_request(const LeverTarget& target, const std::string& request_id,
                                   const Actor& actor);
// Approving needs the approve right, another person than the requester and
// a request simulated against the current plan (else 409 stale_request).
Result<RequestView> approve_request(const LeverTarget& target, const std::string& request_id,
                                    const Actor& actor, const std::string& note);
Result<RequestView> reject_request(const LeverTarget& target, const std::string& request_id,
                                   const Actor& actor, const std::string& reason);
// Applies the request's cells to the published set in one transaction
// through the lever store (one PARAMETER_CHANGE per cell), marks the
// scenario published and appends SCENARIO_PUBLISHED; a rollback request
// also marks the request it undoes rolled back (PARAMETER_ROLLBACK).
Result<RequestView> publish_request(const LeverTarget& target, const std::string& request_id,
                                    const Actor& actor);
// A new request (kind rollback) restoring the values a published request
// replaced; refused when any of its cells changed since it was published.
// With `submit` it is submitted at once.
Result<RequestView> rollback_request(const LeverTarget& target, const std::string& request_id,
                                     const Actor& actor, const std::string& justification,
                                     bool submit = true);
// Re-reads the published values of the request's cells and simulates its
// impact again (draft, pending or approved; an approved request goes back
// to pending, since its approval was for the old impact).
Result<RequestView> rebase_request(const LeverTarget& target, const std::string& request_id,
                                   const Actor& actor);

Result<RequestView> show_request(const LeverTarget& target, const std::string& request_id);
// Newest first; target.scenario empty: every scenario.
Result<std::vector<store::ChangeRequestRow>> list_requests(const LeverTarget& target,
                                                           const store::RequestFilter& filter);
// Pending requests `actor` may decide: none unless the role approves;
// never their own.
Result<std::int64_t> count_awaiting(const std::string& db_path, const Actor& actor);

// Used by the optimizer's accept (optimization_accept.cpp): a request for a
// whole planned lever set, of kind optimization.
Result<RequestView> request_from_plan(LeverWorkspace& ws, const LeverTarget& target,
                                      const levers::LeverPlan& plan,
                                      const std::string& optimization_run_id,
                                      const std::string& justification, const Actor& actor,
                                      bool submit);

// A scenario's governance: its policy and whether (and when) it was published.
struct ScenarioGovernance {
  std::string scenario_id;
  governance::GovernancePolicy policy;
  bool published = false;
  store::ScenarioGovernanceRow row;
};
Result<ScenarioGovernance> scenario_governance(const LeverTarget& target);
// Fields left unset keep their values. Needs a reason (audited).
struct PolicyChange {
  std::optional<double> approval_threshold;
  std::optional<bool> auto_approve;
  std::optional<bool> auto_publish;
};
Result<ScenarioGovernance> set_governance_policy(const LeverTarget& target,
                                                 const PolicyChange& change, const Actor& actor,
                                                 const std::string& reason);

// A direct lever write into a published scenario: a conflict with rule
// "approval_required" naming the scenario and the command to use instead.
// Saving levers and importing call this; locks stay direct.
Status check_direct_edit(store::Database& db, const std::string& scenario);

}  // namespace planwise::app
