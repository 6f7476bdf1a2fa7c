// Internal to the optimize use case: turning a tuning outcome into its
// stored record, and writing it (with the accepted levers, their audit and
// the OPTIMIZATION_RUN entry) in one transaction.
#pragma once

#include <optional>
#include <vector>

#include "app/inputs.hpp"
#include "app/optimize.hpp"
#include "levers/lever_store.hpp"
#include "tuning/lever_space.hpp"
#include "tuning/sensitivity.hpp"

namespace planwise::app {

struct RecordContext {
  const OptimizeRequest& request;
  const LoadedInputs& inputs;
  const tuning::LeverSpace& space;
  const tuning::Evaluator& evaluator;
  const tuning::Budget& budget;
  const tuning::GuardRails& rails;
};

store::OptimizationRecord build_record(const RecordContext& context,
                                       const tuning::TuningOutcome& outcome,
                                       const std::vector<tuning::LeverSensitivity>& sensitivity,
                                       const std::optional<tuning::SeedSpread>& spread);

// With a database: records the run and, when accepted and not a dry run,
// writes the best levers to the scenario. Fills out.changes, skipped_locked
// and the record's applied / apply_note.
Status store_outcome(const RecordContext& context, OptimizeOutcome& out);
// The best levers as comp_levers rows for every unlocked cell the space
// moves (every year of the run, each variable's levels).
std::vector<engine::LeverRow> cells_to_write(const tuning::LeverSpace& space,
                                             const engine::ResolvedLevers& best,
                                             const std::string& scenario);
// What a plan writes, as the outcome and the API report it.
std::vector<AppliedCell> applied_cells(const levers::LeverPlan& plan);
// The OPTIMIZATION_RUN audit entry of a record.
store::AuditRow optimization_run_entry(const store::OptimizationRecord& record,
                                       const levers::ChangeContext& ctx);

// Without a database: the changes the best levers would make.
Status propose_changes(const RecordContext& context, OptimizeOutcome& out);

}  // namespace planwise::app
