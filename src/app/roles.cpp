#include "app/roles.hpp"

namespace planwise::app {

std::string role_name(Role role) {
  switch (role) {
    case Role::kAnalyst:
      return "analyst";
    case Role::kApprover:
      return "approver";
    case Role::kCompliance:
      return "compliance";
    case Role::kExecutive:
      return "executive";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : all_roles()) {
    if (role_name(r) == text) return r;
  }
  return std::nullopt;
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> kRoles = {Role::kAnalyst, Role::kApprover, Role::kCompliance,
                                           Role::kExecutive, Role::kAdmin};
  return kRoles;
}

std::string right_name(Right right) {
  switch (right) {
    case Right::kRead:
      return "read";
    case Right::kEditLevers:
      return "edit_levers";
    case Right::kRun:
      return "run";
    case Right::kOptimize:
      return "optimize";
    case Right::kApprove:
      return "approve";
    case Right::kAudit:
      return "audit";
    case Right::kEmployeeData:
      return "employee_data";
    case Right::kManageUsers:
      return "manage_users";
  }
  return "unknown";
}

bool role_allows(Role role, Right right, const AccessPolicy& policy) {
  // The admin manages users and is also the single identity of a server run
  // with one --token or as a personal loopback session, so it holds every
  // right; docs/security.md says so.
  if (role == Role::kAdmin && right != Right::kEmployeeData) return true;
  switch (right) {
    case Right::kRead:
      return true;  // every role reads the dashboards' aggregates
    case Right::kEditLevers:
    case Right::kRun:
    case Right::kOptimize:
      return role == Role::kAnalyst;
    case Right::kApprove:
      return role == Role::kApprover;
    case Right::kAudit:
      return role == Role::kAnalyst || role == Role::kApprover || role == Role::kCompliance;
    case Right::kEmployeeData:
      return policy.employee_data_roles.count(role) > 0;
    case Right::kManageUsers:
      return false;  // admin only (above)
  }
  return false;
}

std::vector<Role> roles_with(Right right, const AccessPolicy& policy) {
  std::vector<Role> out;
  for (Role r : all_roles()) {
    if (role_allows(r, right, policy)) out.push_back(r);
  }
  return out;
}

}  // namespace planwise::app
