// The approval policies of issue 11 item 2 (tuning.md §6.2), enforced the
// same way by the server and the CLI: a justification on every request, a
// reason on every rejection, separation of duties, approval above the
// scenario's cost threshold, no locked cell in a request, and no approval
// of a request simulated against an older published plan.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace planwise::governance {

// A scenario's governance settings; a scenario without stored settings has
// these defaults.
struct GovernancePolicy {
  // A request whose |cost impact| is above this cannot be published without
  // an approver's approval (§6.2: "> $1 M require approval").
  double approval_threshold = 1'000'000.0;
  // Requests at or under the threshold are approved when submitted.
  bool auto_approve = false;
  // An approved request (and an accepted optimization) is published at once
  // instead of waiting for someone to publish it.
  bool auto_publish = false;
};

// Who decided an auto-approved request (stored as its approver).
inline constexpr const char* kAutoApprover = "policy:auto-approve";

// A threshold below zero or not a number: an input error naming `field`.
Status validate_policy(const GovernancePolicy& policy, const std::string& field);

// Blank or whitespace-only text: an input error naming `field`
// ("--justification" on the CLI, "justification" in the API).
Status require_justification(const std::string& text, const std::string& field);
Status require_rejection_reason(const std::string& text, const std::string& field);

// A requester cannot approve (or reject) their own request: a conflict with
// rule "separation_of_duties" (the API answers 403).
Status check_separation_of_duties(const std::string& request_id, const std::string& requester,
                                  const std::string& decider);

// Whether a cost impact needs an approver: |cost| > threshold.
bool needs_approval(double cost_impact, const GovernancePolicy& policy);
// Whether submitting approves the request by policy.
bool auto_approves(double cost_impact, const GovernancePolicy& policy);

// Publishing a request approved only by policy when its cost needs an
// approver (the policy or the impact changed since): a conflict with rule
// "approval_required".
Status check_publishable(const std::string& request_id, double cost_impact, bool auto_approved,
                         const GovernancePolicy& policy);

// Approving or publishing a request simulated against another published
// plan than the current one: a conflict with rule "stale_request" asking
// for a rebase.
Status check_not_stale(const std::string& request_id, const std::string& simulated_against,
                       const std::string& current);

// One cell of a request, as the lock check sees it.
struct CellKey {
  int year = 0;
  int level = 0;
  std::string parameter;
  friend bool operator==(const CellKey&, const CellKey&) = default;
};

// A requested cell that is locked: an input error naming the cell's row in
// the request (1-based), its parameter and rule "cell_locked". Every locked
// cell is reported, not only the first.
Status check_no_locked_cells(const std::vector<CellKey>& requested,
                             const std::vector<CellKey>& locked, const std::string& file);

}  // namespace planwise::governance
