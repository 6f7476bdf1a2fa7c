// Issue 10 items 1, 3, 4: archiving a scenario, its target and its budget
// caps. Each change is validated, then written with its audit entry in one
// transaction; errors name the CLI flag (the API's field without "--").
#include <algorithm>
#include <cmath>

#include "common/number_text.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_store.hpp"
#include "store/transaction.hpp"

namespace planwise::levers {

namespace {

// Issue 10 item 4: a growth target outside ±50 % a year is a typo (5 for 0.05).
constexpr double kMaxTargetGrowth = 0.5;
// "total": the four pools' annualised sum; "payroll": the year's total
// payroll (prorated), the figure the optimizer's cost cap limits.
constexpr const char* kPools[] = {"merit", "cola", "promotion", "total", "payroll"};

Status check_target(const store::ScenarioTarget& t) {
  if (!std::isfinite(t.growth) || std::fabs(t.growth) > kMaxTargetGrowth) {
    return Error::command_line("--growth", "target_growth_range", shortest_text(t.growth),
                               "the target growth is a fraction from -0.5 to 0.5 (0.02 = 2 %)");
  }
  if (!std::isfinite(t.tolerance) || t.tolerance <= 0 || t.tolerance > kMaxTargetGrowth) {
    return Error::command_line(
        "--tolerance", "target_tolerance_range", shortest_text(t.tolerance),
        "the tolerance is a fraction above 0 and at most 0.5 (0.001 = 0.1 point)");
  }
  if (t.metric != "mean" && t.metric != "final") {
    return Error::command_line("--metric", "target_metric", t.metric,
                               "the metric is mean (of the years) or final (the last year)");
  }
  return Status::success();
}

Status check_caps(const std::vector<store::BudgetCap>& caps, std::pair<int, int> years) {
  for (std::size_t i = 0; i < caps.size(); ++i) {
    const store::BudgetCap& c = caps[i];
    const std::string which = caps.size() > 1 ? "cap " + std::to_string(i + 1) + ": " : "";
    if (c.year < years.first || c.year > years.second) {
      return Error::command_line("--year", "budget_year_range", std::to_string(c.year),
                                 which + "a budget cap's year is a lever year, " +
                                     std::to_string(years.first) + " to " +
                                     std::to_string(years.second));
    }
    if (std::find(std::begin(kPools), std::end(kPools), c.pool) == std::end(kPools)) {
      return Error::command_line("--pool", "budget_pool", c.pool,
                                 which + "the pool is merit, cola, promotion, total or payroll");
    }
    if (!std::isfinite(c.amount) || c.amount < 0) {
      return Error::command_line("--amount", "budget_amount", shortest_text(c.amount),
                                 which + "the amount is dollars, zero or more");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (caps[j].year == c.year && caps[j].pool == c.pool) {
        return Error::command_line("--pool", "budget_cap_unique", c.pool,
                                   which + "one cap per year and pool (" + std::to_string(c.year) +
                                       " " + c.pool + " is given twice)");
      }
    }
  }
  return Status::success();
}

std::string target_text(const store::ScenarioTarget& t) {
  return "growth " + shortest_text(t.growth) + ", tolerance " + shortest_text(t.tolerance) +
         ", metric " + t.metric;
}

std::string caps_text(const std::vector<store::BudgetCap>& caps) {
  if (caps.empty()) return "none";
  std::string out;
  for (const store::BudgetCap& c : caps) {
    out += (out.empty() ? "" : ", ") + std::to_string(c.year) + " " + c.pool + " " +
           money_text(c.amount);
  }
  return out;
}

}  // namespace

Status LeverStore::require_editable(const std::string& scenario_id) {
  auto record = scenario(scenario_id);
  if (!record) return std::move(record).error();
  if (!record->settings.archived) return Status::success();
  return Error::make(ErrorKind::kConflict,
                     "scenario '" + scenario_id + "' is archived: unarchive it before editing it");
}

Status LeverStore::set_archived(const std::string& id, bool archived, const ChangeContext& ctx) {
  PLANWISE_RETURN_IF_ERROR(require_reason(ctx));
  if (id == kDefaultScenario && archived)
    return Error::make(ErrorKind::kConflict, "the default scenario cannot be archived");
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  auto record = scenario(id);
  if (!record) return std::move(record).error();
  if (record->settings.archived == archived) return Status::success();
  store::ScenarioSettings settings = record->settings;
  settings.archived = archived;
  PLANWISE_RETURN_IF_ERROR(store::write_scenario_settings(db_, id, settings));
  PLANWISE_RETURN_IF_ERROR(
      append_audit(db_, {scenario_event(archived ? kScenarioArchived : kScenarioUnarchived, id, ctx,
                                        archived ? "archived" : "unarchived")}));
  return tx->commit();
}

Status LeverStore::set_target(const std::string& id, const store::ScenarioTarget& target,
                              const ChangeContext& ctx) {
  PLANWISE_RETURN_IF_ERROR(require_reason(ctx));
  PLANWISE_RETURN_IF_ERROR(check_target(target));
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(require_editable(id));
  auto record = scenario(id);
  if (!record) return std::move(record).error();
  store::ScenarioSettings settings = record->settings;
  settings.target = target;
  PLANWISE_RETURN_IF_ERROR(store::write_scenario_settings(db_, id, settings));
  store::AuditRow entry = scenario_event(
      kScenarioTargetSet, id, ctx,
      "target " + target_text(target) + " (was " + target_text(record->settings.target) + ")");
  entry.parameter_name = "target_growth";
  entry.old_value = record->settings.target.growth;
  entry.new_value = target.growth;
  PLANWISE_RETURN_IF_ERROR(append_audit(db_, {entry}));
  return tx->commit();
}

Status LeverStore::set_budget_caps(const std::string& id, const std::vector<store::BudgetCap>& caps,
                                   const ChangeContext& ctx) {
  PLANWISE_RETURN_IF_ERROR(require_reason(ctx));
  auto range = year_range();
  if (!range) return std::move(range).error();
  PLANWISE_RETURN_IF_ERROR(check_caps(caps, *range));
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(require_editable(id));
  auto before = store::budget_caps(db_, id);
  if (!before) return std::move(before).error();
  PLANWISE_RETURN_IF_ERROR(store::replace_budget_caps(db_, id, caps));
  auto after = store::budget_caps(db_, id);  // in the stored order
  if (!after) return std::move(after).error();
  PLANWISE_RETURN_IF_ERROR(append_audit(
      db_,
      {scenario_event(kBudgetCapsSet, id, ctx,
                      "budget caps " + caps_text(*after) + " (was " + caps_text(*before) + ")")}));
  return tx->commit();
}

Result<std::vector<store::BudgetCap>> LeverStore::budget_caps(const std::string& id) {
  PLANWISE_RETURN_IF_ERROR(require_scenario(id));
  return store::budget_caps(db_, id);
}

}  // namespace planwise::levers
