// Accepting the proposal of a stored optimization run (a dry run): its best
// levers are written to the scenario with the accepting user as actor, the
// run id as reason, and an OPTIMIZATION_RUN entry, in one transaction.
// Refused (conflict) when already applied, when the run has no acceptable
// point, when it is unreachable and accept_closest is not set, or when the
// scenario's levers or locks changed since it ran.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "app/optimize.hpp"
#include "common/result.hpp"

namespace planwise::app {

struct AcceptOutcome {
  std::vector<AppliedCell> changes;
  // Issue 11: into a published scenario, the proposal becomes a change
  // request (submitted; approved and published when the policy says so).
  std::optional<std::string> request_id;
  std::string request_state;
};

// What the accepting user confirmed, besides the reason.
struct AcceptOptions {
  std::string reason;
  // Issue 10 item 7: an unreachable (or infeasible) run's best point is only
  // the closest to its target; accepting it must be asked for explicitly.
  bool accept_closest = false;
  // Issue 10 item 6: writing into a scenario without locks on a past or
  // current plan year must be confirmed (app/unlocked_past.hpp).
  bool confirm = false;
};

// The column of the error that asks for accept_closest (a conflict the API
// answers 409 "confirmation_required").
inline constexpr const char* kAcceptClosestField = "accept_closest";

Result<AcceptOutcome> accept_optimization(const InputRequest& inputs, const std::string& db_path,
                                          const std::string& opt_run_id, const std::string& actor,
                                          const AcceptOptions& options);

}  // namespace planwise::app
