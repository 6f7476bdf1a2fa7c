// Accepting the proposal of a stored optimization run (a dry run): its best
// levers are written to the scenario with the accepting user as actor, the
// run id as reason, and an OPTIMIZATION_RUN entry, in one transaction.
// Refused (conflict) when already applied, when the run has no acceptable
// point, or when the scenario's levers or locks changed since it ran.
#pragma once

#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "app/optimize.hpp"
#include "common/result.hpp"

namespace planwise::app {

struct AcceptOutcome {
  std::vector<AppliedCell> changes;
};

Result<AcceptOutcome> accept_optimization(const InputRequest& inputs, const std::string& db_path,
                                          const std::string& opt_run_id, const std::string& actor,
                                          const std::string& reason);

}  // namespace planwise::app
