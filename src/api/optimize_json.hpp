// JSON shape of an optimization run (issue 4 item 6), from its record: the
// `planwise optimize --json` object and, later, the server's response.
// Rates are fractions. Required keys: run_id, algorithm, converged,
// evaluations, final_growth, final_gap, best_levers, history[{iteration,
// levers, growth, gap}]; the rest adds the analysis and what was written.
#pragma once

#include <string>

#include "app/optimize.hpp"

namespace planwise::api {

std::string optimization_json(const store::OptimizationRecord& record,
                              const tuning::OptimizationSummary& summary,
                              const app::OptimizeOutcome* outcome, int indent = 2);
// The cells a run wrote: the "changes" of optimization_json.
std::string applied_changes_json(const std::vector<app::AppliedCell>& cells, int indent = 2);
// The list of stored runs, newest first.
std::string optimization_list_json(const std::vector<store::OptimizationRunRow>& runs,
                                   int indent = 2);

}  // namespace planwise::api
