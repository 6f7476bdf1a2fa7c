// Internals shared by the governance use cases (governance_requests.cpp,
// governance_decisions.cpp): the workspace of one call, the impact
// simulation of a lever plan, the audit entries and the checks of rights.
// Not for transports: they call app/governance.hpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/governance.hpp"
#include "app/lever_workspace.hpp"
#include "app/request_impact.hpp"
#include "store/audit_table.hpp"

namespace planwise::app::governance_support {

// A right the actor's role lacks: a conflict with rule "forbidden" naming
// --as (the API answers 403).
Status require_right(const Actor& actor, Right right, const std::string& action);
// Either of two rights (publishing: an analyst or an approver).
Status require_any_right(const Actor& actor, Right a, Right b, const std::string& action);

// The request, or not found naming it.
Result<store::ChangeRequest> load_request(store::Database& db, const std::string& request_id);
governance::RequestState state_of(const store::ChangeRequestRow& row);
governance::GovernancePolicy policy_of(const store::ScenarioGovernanceRow& row);

// The risk of a request from its stored impact and cells (§6.3).
governance::RiskAssessment risk_of(const store::ChangeRequest& request);
// The risk factors as a JSON array, for the table and the reports.
std::string risk_factors_json(const governance::RiskAssessment& risk);

// Simulates `plan` (its changes over the published levers of its scenario)
// and fills the request's cells, years, impact, digest, seed and risk.
Status simulate_into(LeverWorkspace& ws, const LeverTarget& target, const levers::LeverPlan& plan,
                     store::ChangeRequest& request, double& simulate_ms);

// The cells of a request as lever rows of its scenario (new values).
std::vector<engine::LeverRow> request_rows(const store::ChangeRequest& request);

// Audit entries: `type` about the request's scenario, with the request's
// approval fields and impact as JSON details (tuning.md §6.1).
store::AuditRow request_event(const char* type, const store::ChangeRequest& request,
                              const std::string& actor, const std::string& reason,
                              const std::string& timestamp);

// "2026-12-03T11:04:46Z".
std::string now_utc();

// The view transports show.
Result<RequestView> view_of(LeverWorkspace& ws, store::ChangeRequest request);

// Approves by policy when it allows (and publishes when auto-publish is
// on): the tail of submit and create --submit. `request` is pending.
Result<RequestView> after_submit(LeverWorkspace& ws, const LeverTarget& target,
                                 store::ChangeRequest request, const Actor& actor);
// Publishes an approved request (publish_request's body, also auto-publish).
Result<RequestView> publish_loaded(LeverWorkspace& ws, const LeverTarget& target,
                                   store::ChangeRequest request, const Actor& actor);

}  // namespace planwise::app::governance_support
