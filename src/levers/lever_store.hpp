// The lever store (issue 3): scenarios of lever values in the DuckDB
// database, resolved scenario (-> the bases it inherits from, issue 10) ->
// default -> catalogue (seed-table) default,
// validated before every write, with locks that no write path can pass and
// an audit entry for every change.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "engine/levers.hpp"
#include "engine/seed_tables.hpp"
#include "levers/lever_resolution.hpp"
#include "levers/lever_validation.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "store/lever_tables.hpp"

namespace planwise::levers {

// Who makes a change, why, and when (ISO-8601 UTC): the audit fields.
struct ChangeContext {
  std::string actor = "analyst";
  std::string reason;
  std::string timestamp;
};

// An audit entry of `type` about a scenario, stamped with the context.
store::AuditRow scenario_event(const char* type, const std::string& scenario,
                               const ChangeContext& ctx, std::string details);

// Every scenario change carries a reason (issue 10 item 1): an error naming
// --reason (the API's field "reason") when it is blank.
Status require_reason(const ChangeContext& ctx);

// A new cell of `scenario`, its event type and name from the catalogue.
store::LeverCell make_cell(const std::string& scenario, int year, int level,
                           engine::LeverParam param, double value);

// Which cells an operation touches; nullopt means every year or level.
struct CellSelector {
  std::optional<int> year;
  std::optional<int> level;
};

struct CellChange {
  int year = 0;
  int level = 0;
  engine::LeverParam param = engine::LeverParam::kMeritBase;
  double old_value = 0.0;  // the effective value the plan was made from
  engine::ParamSource old_source = engine::ParamSource::kNone;
  double new_value = 0.0;
  // Issue 15 item 4: the value the writer saw before it planned (the API's
  // "expected", the value an optimizer started from). The write is refused
  // unless the cell still holds it, and old_value, inside its transaction.
  std::optional<double> expected;
};

// The rule of a write refused because a cell it changes no longer holds the
// value its plan was made from (HTTP 409 stale_write, CLI exit 4).
inline constexpr const char* kStaleWriteRule = "stale_write";

struct LockChange {
  int year = 0;
  int level = 0;
  engine::LeverParam param = engine::LeverParam::kMeritBase;
  double value = 0.0;
  bool locked = true;  // the state after the change
};

struct SkippedCell {
  int year = 0;
  int level = 0;
  engine::LeverParam param = engine::LeverParam::kMeritBase;
  double locked_value = 0.0;
  double requested_value = 0.0;
};

// A write worked out before it happens: what changes, what a lock keeps,
// and the scenario's effective levers before and after.
struct LeverPlan {
  std::string scenario_id;
  std::vector<CellChange> changes;
  std::vector<SkippedCell> skipped_locked;
  std::vector<LockChange> lock_changes;
  std::size_t unchanged = 0;
  engine::ResolvedLevers current;
  engine::ResolvedLevers proposed;
  std::vector<LeverIssue> issues;  // validation of the proposed set
};

// `levers` with the plan's changed cells (those within its years): the
// proposed set an impact preview or a change request simulates.
engine::ResolvedLevers with_changes(const engine::ResolvedLevers& levers, const LeverPlan& plan);

struct ScenarioDiff {
  struct Cell {
    int year;
    int level;
    engine::LeverParam param;
    double a;
    double b;
  };
  struct YearMetrics {
    int year;
    std::int64_t end_headcount_a, end_headcount_b;
    double avg_fye_a, avg_fye_b;
    double growth_a, growth_b;
    double total_cost_a, total_cost_b;
  };
  std::string a;
  std::string b;
  std::vector<Cell> cells;
  std::optional<std::string> run_a;
  std::optional<std::string> run_b;
  std::vector<YearMetrics> years;  // filled when both scenarios have runs
};

class LeverStore {
 public:
  LeverStore(store::Database& db, const engine::SeedTables& seeds) : db_(db), seeds_(seeds) {}

  // A new database starts with `rows` (the bundled comp_levers.csv) as the
  // default scenario; an existing one is left alone.
  Status seed_default_if_empty(const std::vector<engine::LeverRow>& rows, const std::string& source,
                               const ChangeContext& ctx);
  // Years the default scenario stores values for (the lever range).
  Result<std::pair<int, int>> year_range();

  Result<std::vector<store::LeverCell>> cells(const std::string& scenario_id);
  // The stored rows resolution reads: the scenario's chain folded into its
  // own rows (fold_chain), then the default's.
  Result<std::vector<engine::LeverRow>> resolution_rows(const std::string& scenario_id);
  Result<LeverResolution> effective(const std::string& scenario_id, int first_year, int last_year);
  Result<std::vector<LeverIssue>> validate(const std::string& scenario_id);

  Result<LeverPlan> plan_set(const std::string& scenario_id,
                             const std::vector<std::pair<engine::LeverParam, double>>& values,
                             const CellSelector& where);
  Result<LeverPlan> plan_import(const std::string& scenario_id,
                                const std::vector<engine::LeverRow>& rows);
  Result<LeverPlan> plan_lock(const std::string& scenario_id, engine::LeverParam param,
                              const CellSelector& where, bool locked);
  // Writes a plan in one transaction with its audit entries. A plan with a
  // validation error is refused and nothing is written. `also` runs inside
  // the same transaction after the plan's writes (an optimizer's record and
  // its OPTIMIZATION_RUN entry); its error rolls everything back.
  // Compare-and-swap (issue 15 item 4): inside the transaction, before any
  // write, every changed cell must still hold its old_value (and expected),
  // and every lock change find the lock state it was planned from; otherwise
  // kConflict with rule kStaleWriteRule naming each such cell, its value now
  // and who changed it (check_still_current). When the caller already has a
  // transaction open on this database (it planned inside it), the plan is
  // written in that one, which the caller commits.
  Status apply(const LeverPlan& plan, const ChangeContext& ctx,
               const std::function<Status()>& also = {});

  // The scenario's effective values in comp_levers.csv rows.
  Result<std::vector<engine::LeverRow>> export_rows(const std::string& scenario_id);
  Result<std::vector<store::AuditRow>> history(const store::AuditFilter& filter);

  // Issue 10 item 1. A copy (inherit=false) stores every effective value of
  // `from` for the lever years, with the locks `from` holds; inherit=true
  // stores nothing and resolves through `from`. Both take its target and
  // budget caps. Every scenario change needs ctx.reason. An import into a
  // new scenario passes copy_locks=false: the file brings its own locks.
  Status create_scenario(const std::string& scenario_id, const std::string& from,
                         const std::string& description, const ChangeContext& ctx,
                         bool inherit = false, bool copy_locks = true);
  Result<std::vector<store::ScenarioRecord>> scenarios();
  Result<store::ScenarioRecord> scenario(const std::string& scenario_id);
  Status rename_scenario(const std::string& from, const std::string& to, const ChangeContext& ctx);
  // Refused while runs or audit entries name it, or scenarios inherit from it.
  Status delete_scenario(const std::string& scenario_id, const ChangeContext& ctx);
  // An archived scenario is hidden from default lists and cannot be edited
  // (levers, locks, target, caps); it can still be run, copied and diffed.
  Status set_archived(const std::string& scenario_id, bool archived, const ChangeContext& ctx);
  // Issue 10 items 3, 4: validated (errors name the CLI flag, e.g. --growth).
  Status set_target(const std::string& scenario_id, const store::ScenarioTarget& target,
                    const ChangeContext& ctx);
  Status set_budget_caps(const std::string& scenario_id, const std::vector<store::BudgetCap>& caps,
                         const ChangeContext& ctx);
  Result<std::vector<store::BudgetCap>> budget_caps(const std::string& scenario_id);
  // The scenarios `scenario_id` resolves through: itself, then each base
  // it inherits from; the default excluded. A cycle is an error.
  Result<std::vector<std::string>> chain(const std::string& scenario_id);
  Result<ScenarioDiff> diff(const std::string& a, const std::string& b);

  Status require_scenario(const std::string& scenario_id);
  // The error of a scenario the store does not have.
  static Error no_scenario(const std::string& scenario_id);
  // The scenario's place in its inheritance chain; no_scenario when absent.
  Result<store::ScenarioLink> scenario_link(const std::string& scenario_id);
  // kConflict when the scenario is archived.
  Status require_editable(const std::string& scenario_id);

 private:
  Result<LeverPlan> start_plan(const std::string& scenario_id);
  // The compare-and-swap of apply (lever_cas.cpp); runs inside its transaction.
  Status check_still_current(const LeverPlan& plan);
  void finish_plan(LeverPlan& plan, const std::vector<store::LeverCell>& stored);

  store::Database& db_;
  const engine::SeedTables& seeds_;
};

}  // namespace planwise::levers
