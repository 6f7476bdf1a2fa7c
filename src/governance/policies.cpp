#include "governance/policies.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/number_text.hpp"

namespace planwise::governance {

namespace {

bool blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

// A flag ("--reason") is the CLI's; a plain field name is the API request's.
std::string source_of(const std::string& field) {
  return field.rfind("--", 0) == 0 ? "command line" : "request";
}

Error conflict(const std::string& rule, const std::string& message) {
  Error e = Error::make(ErrorKind::kConflict, message);
  e.rule = rule;
  return e;
}

}  // namespace

Status validate_policy(const GovernancePolicy& policy, const std::string& field) {
  if (!std::isfinite(policy.approval_threshold) || policy.approval_threshold < 0.0) {
    return Error::invalid_input(source_of(field), 0, field, "threshold_nonnegative",
                                shortest_text(policy.approval_threshold),
                                "the approval threshold is a dollar amount of at least 0");
  }
  return Status::success();
}

Status require_justification(const std::string& text, const std::string& field) {
  if (!blank(text)) return Status::success();
  return Error::invalid_input(
      source_of(field), 0, field, "justification_required", text,
      "every change request needs a business justification: why the plan should change");
}

Status require_rejection_reason(const std::string& text, const std::string& field) {
  if (!blank(text)) return Status::success();
  return Error::invalid_input(source_of(field), 0, field, "reason_required", text,
                              "a rejection needs a reason the requester can act on");
}

Status check_separation_of_duties(const std::string& request_id, const std::string& requester,
                                  const std::string& decider) {
  if (requester != decider) return Status::success();
  Error e = conflict("separation_of_duties",
                     decider + " requested " + request_id +
                         " and cannot also decide it: another approver must (separation of "
                         "duties)");
  e.column = "as";
  return e;
}

bool needs_approval(double cost_impact, const GovernancePolicy& policy) {
  return std::fabs(cost_impact) > policy.approval_threshold;
}

bool auto_approves(double cost_impact, const GovernancePolicy& policy) {
  return policy.auto_approve && !needs_approval(cost_impact, policy);
}

Status check_publishable(const std::string& request_id, double cost_impact, bool auto_approved,
                         const GovernancePolicy& policy) {
  if (!auto_approved || !needs_approval(cost_impact, policy)) return Status::success();
  return conflict("approval_required",
                  "request " + request_id + " costs " + dollars_text(std::fabs(cost_impact)) +
                      ", above the scenario's approval threshold of " +
                      dollars_text(policy.approval_threshold) +
                      ": it cannot be published without an approver's approval");
}

Status check_not_stale(const std::string& request_id, const std::string& simulated_against,
                       const std::string& current) {
  if (simulated_against == current) return Status::success();
  Error e = conflict("stale_request",
                     "request " + request_id +
                         " was simulated against an older published plan; rebase it (planwise "
                         "request rebase " +
                         request_id + ") so its impact is simulated again before approval");
  e.column = "request_id";
  return e;
}

Status check_no_locked_cells(const std::vector<CellKey>& requested,
                             const std::vector<CellKey>& locked, const std::string& file) {
  ErrorCollector errors;
  for (std::size_t i = 0; i < requested.size(); ++i) {
    const CellKey& c = requested[i];
    if (std::find(locked.begin(), locked.end(), c) == locked.end()) continue;
    errors.add(Error::invalid_input(
        file, static_cast<std::int64_t>(i + 1), c.parameter, "cell_locked",
        std::to_string(c.year) + " level " + std::to_string(c.level),
        "the cell " + c.parameter + " " + std::to_string(c.year) + " level " +
            std::to_string(c.level) + " is locked and cannot be in a change request"));
  }
  if (errors.empty()) return Status::success();
  return errors.take();
}

}  // namespace planwise::governance
