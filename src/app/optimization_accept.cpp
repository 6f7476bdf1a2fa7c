// Accepting a proposed optimization (issue 5's Auto-Optimize tab): the
// stored best point of a dry run is written to its scenario through the
// lever store, with the same actor, reason and audit as an accepted run.
#include "app/optimization_accept.hpp"

#include <algorithm>
#include <optional>

#include "app/governance.hpp"
#include "app/lever_workspace.hpp"
#include "app/optimization_record.hpp"
#include "app/unlocked_past.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_catalogue.hpp"
#include "store/governance_tables.hpp"
#include "store/optimization_tables.hpp"
#include "store/transaction.hpp"
#include "tuning/lever_space.hpp"

namespace planwise::app {

Result<AcceptOutcome> accept_optimization(const InputRequest& inputs, const std::string& db_path,
                                          const std::string& opt_run_id, const std::string& actor,
                                          const AcceptOptions& options) {
  const std::string& reason = options.reason;
  auto ws = LeverWorkspace::open(inputs, db_path);
  if (!ws) return std::move(ws).error();
  store::Database& db = (*ws)->db();
  // Issue 15 item 4: the checks that the proposal still applies (not yet
  // applied, the levers and locks it started from) and the write are one
  // transaction, so no other write can come between them. A published
  // scenario's path writes a request instead and lets this one go.
  std::optional<store::Transaction> turn;
  {
    auto tx = store::Transaction::begin(db);
    if (!tx) return std::move(tx).error();
    turn.emplace(std::move(tx).value());
  }
  auto record = store::read_optimization(db, opt_run_id);
  if (!record) return std::move(record).error();
  const store::OptimizationRunRow& run = record->run;
  const store::OptimizationEvaluationRow* best = record->evaluation(run.best_evaluation);
  const store::OptimizationEvaluationRow* initial = record->evaluation(run.initial_evaluation);
  if (run.applied) {
    return Error::make(ErrorKind::kConflict, "optimization " + opt_run_id + " was already applied");
  }
  if (best == nullptr || initial == nullptr || run.status == "error") {
    return Error::make(ErrorKind::kConflict, "optimization " + opt_run_id + " ended " + run.status +
                                                 " and has no point to accept");
  }
  if (!result_reachable(run) && !options.accept_closest) {
    Error e = Error::make(
        ErrorKind::kConflict,
        "optimization " + opt_run_id + " ended " + run.status +
            ": its best point is the closest to the target, not on it; set accept_closest to "
            "accept it anyway");
    e.file = "request";
    e.column = kAcceptClosestField;
    e.rule = "confirmation_required";
    return e;
  }
  // The scenario as it is now, with its locks, over the optimization's years.
  auto effective = (*ws)->levers().effective(run.scenario, run.start_year, run.end_year);
  if (!effective) return std::move(effective).error();
  auto cells = (*ws)->levers().cells(run.scenario);
  if (!cells) return std::move(cells).error();
  tuning::LockedCells locked;
  for (const store::LeverCell& c : *cells) {
    const levers::LeverSpec* spec = levers::find_spec(c.parameter_name);
    if (c.is_locked && spec != nullptr) locked.insert({c.fiscal_year, c.job_level, spec->param});
  }
  std::vector<tuning::LeverGroup> groups;
  for (const std::string& v : run.variables) {
    auto g = tuning::parse_lever_group(v.substr(0, v.find("_L")));
    if (g && std::find(groups.begin(), groups.end(), *g) == groups.end()) groups.push_back(*g);
  }
  auto space = tuning::LeverSpace::build(effective->levers, locked, groups, {});
  std::vector<std::string> names;
  if (space) {
    for (const tuning::LeverVariable& v : space->variables()) names.push_back(v.name);
  }
  // The proposal is about the levers it started from: if they or the locks
  // changed since, it no longer applies.
  // The searches start from the current levers brought within their bounds
  // and guard rails, so the start is compared both as it is and so projected.
  auto started_here = [&] {
    const std::vector<double> now = space->measure(space->base());
    if (now == initial->levers) return true;
    tuning::LeverSpace recorded = *space;
    for (std::size_t i = 0; i < run.variables.size() && i < run.lower.size(); ++i) {
      if (!recorded.narrow(run.variables[i], run.lower[i], run.upper[i], "", "").ok()) return false;
    }
    if (run.rails_recorded && run.rail_merit_ordering) recorded.keep_merit_descending();
    return recorded.project(now) == initial->levers;
  };
  if (!space || names != run.variables || !started_here()) {
    return Error::make(ErrorKind::kConflict, "the levers or locks of scenario " + run.scenario +
                                                 " changed since optimization " + opt_run_id +
                                                 " ran; nothing was written (run it again)");
  }
  auto plan = (*ws)->levers().plan_import(
      run.scenario, cells_to_write(*space, space->apply(best->levers), run.scenario));
  if (!plan) return std::move(plan).error();
  AcceptOutcome out;
  out.changes = applied_cells(*plan);
  // Issue 11: a published scenario's plan changes through a request, which
  // the scenario's policy may approve and publish at once.
  auto governed = store::scenario_governance(db, run.scenario);
  if (!governed) return std::move(governed).error();
  if (!governed->published_at.empty()) {
    turn.reset();  // nothing written yet; the request has its own transactions
    LeverTarget target{inputs, db_path, run.scenario};
    const std::string justification = reason.empty() ? "optimization " + opt_run_id + " (" +
                                                           run.algorithm + ") accepted by " + actor
                                                     : reason;
    auto request = request_from_plan(**ws, target, *plan, opt_run_id, justification,
                                     Actor{actor, Role::kAnalyst}, true);
    if (!request) return std::move(request).error();
    out.request_id = request->request.row.request_id;
    out.request_state = request->request.row.state;
    store::OptimizationRecord proposed = *record;
    proposed.run.applied = true;
    proposed.run.apply_note = "accepted by " + actor + " as change request " + *out.request_id +
                              " (" + out.request_state + ")";
    const levers::ChangeContext ctx = LeverWorkspace::context(actor, opt_run_id);
    auto tx = store::Transaction::begin(db);
    if (!tx) return std::move(tx).error();
    PLANWISE_RETURN_IF_ERROR(
        store::mark_optimization_applied(db, opt_run_id, proposed.run.apply_note));
    PLANWISE_RETURN_IF_ERROR(levers::append_audit(db, {optimization_run_entry(proposed, ctx)}));
    PLANWISE_RETURN_IF_ERROR(tx->commit());
    return out;
  }
  PLANWISE_RETURN_IF_ERROR(
      check_plan_unlocked_past((*ws)->levers(), run.scenario, *plan, options.confirm));
  const std::string note = "accepted by " + actor + ": wrote " +
                           std::to_string(plan->changes.size()) + " cells to scenario " +
                           run.scenario + (reason.empty() ? "" : " (" + reason + ")");
  store::OptimizationRecord applied = *record;
  applied.run.applied = true;
  applied.run.apply_note = note;
  const levers::ChangeContext ctx = LeverWorkspace::context(actor, opt_run_id);
  const Status written = (*ws)->levers().apply(*plan, ctx, [&]() -> Status {
    PLANWISE_RETURN_IF_ERROR(store::mark_optimization_applied(db, opt_run_id, note));
    return levers::append_audit(db, {optimization_run_entry(applied, ctx)});
  });
  if (!written.ok()) return written.error();
  PLANWISE_RETURN_IF_ERROR(turn->commit());
  return out;
}

}  // namespace planwise::app
