// Roles and the rights they carry (issue 9; spec tuning.md §6.2). A route or
// command asks for a Right; a user holds one Role. Which roles may see
// employee-level personal data (SSNs, birth dates) is configurable; the
// rest follow the table in roles.cpp and docs/security.md.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::app {

enum class Role { kAnalyst, kApprover, kCompliance, kExecutive, kAdmin };

enum class Right {
  kRead,          // dashboards: levers, runs' aggregates, optimizations, headline
  kEditLevers,    // lever cells, locks, scenarios
  kRun,           // start and cancel simulations
  kOptimize,      // start, cancel and accept optimizations
  kApprove,       // approve or reject change requests (governance)
  kAudit,         // the audit trail and reports
  kEmployeeData,  // unmasked SSNs and full birth dates in employee-level exports
  kManageUsers,   // add, disable, rotate users
};

std::string role_name(Role role);
std::optional<Role> parse_role(std::string_view text);
const std::vector<Role>& all_roles();
std::string right_name(Right right);

// What a deployment may change: the roles that see personal data unmasked
// (admin and analyst by default).
struct AccessPolicy {
  std::set<Role> employee_data_roles = {Role::kAdmin, Role::kAnalyst};
};

bool role_allows(Role role, Right right, const AccessPolicy& policy = {});
// The roles that hold a right, for a 403's message ("needs analyst or admin").
std::vector<Role> roles_with(Right right, const AccessPolicy& policy = {});

}  // namespace planwise::app
