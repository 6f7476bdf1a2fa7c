// Scenario use cases over the lever store of a run database (issue 10).
#include "app/scenario_commands.hpp"

#include "app/lever_workspace.hpp"
#include "store/governance_tables.hpp"

namespace planwise::app {

namespace {

Result<ScenarioSummary> summary_of(LeverWorkspace& ws, store::ScenarioRecord record) {
  ScenarioSummary s;
  auto caps = store::budget_caps(ws.db(), record.scenario_id);
  if (!caps) return std::move(caps).error();
  auto last = store::last_run_of(ws.db(), record.scenario_id);
  if (!last) return std::move(last).error();
  auto governance = store::scenario_governance(ws.db(), record.scenario_id);
  if (!governance) return std::move(governance).error();
  s.published_at = governance->published_at;
  s.record = std::move(record);
  s.budget_caps = std::move(caps).value();
  s.last_run = std::move(last).value();
  return s;
}

}  // namespace

Status create_scenario(const LeverTarget& t, const std::string& from,
                       const std::string& description, const std::string& actor,
                       const std::string& reason, bool inherit) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  return (*ws)->levers().create_scenario(t.scenario, from, description,
                                         LeverWorkspace::context(actor, reason), inherit);
}

Result<std::vector<ScenarioSummary>> list_scenarios(const LeverTarget& t, bool include_archived) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  auto records = (*ws)->levers().scenarios();
  if (!records) return std::move(records).error();
  std::vector<ScenarioSummary> out;
  for (store::ScenarioRecord& r : *records) {
    if (r.settings.archived && !include_archived) continue;
    auto s = summary_of(**ws, std::move(r));
    if (!s) return std::move(s).error();
    out.push_back(std::move(s).value());
  }
  return out;
}

Result<ScenarioSummary> show_scenario(const LeverTarget& t) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  auto record = (*ws)->levers().scenario(t.scenario);
  if (!record) return std::move(record).error();
  return summary_of(**ws, std::move(record).value());
}

Status rename_scenario(const LeverTarget& t, const std::string& to, const std::string& actor,
                       const std::string& reason) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  return (*ws)->levers().rename_scenario(t.scenario, to, LeverWorkspace::context(actor, reason));
}

Status archive_scenario(const LeverTarget& t, bool archived, const std::string& actor,
                        const std::string& reason) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  return (*ws)->levers().set_archived(t.scenario, archived, LeverWorkspace::context(actor, reason));
}

Status delete_scenario(const LeverTarget& t, const std::string& actor, const std::string& reason) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  return (*ws)->levers().delete_scenario(t.scenario, LeverWorkspace::context(actor, reason));
}

Result<levers::ScenarioDiff> diff_scenarios(const LeverTarget& t, const std::string& other) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  return (*ws)->levers().diff(t.scenario, other);
}

Status set_scenario_target(const LeverTarget& t, const TargetChange& change,
                           const std::string& actor, const std::string& reason) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  auto record = (*ws)->levers().scenario(t.scenario);
  if (!record) return std::move(record).error();
  store::ScenarioTarget target = record->settings.target;
  if (change.growth) target.growth = *change.growth;
  if (change.tolerance) target.tolerance = *change.tolerance;
  if (change.metric) target.metric = *change.metric;
  return (*ws)->levers().set_target(t.scenario, target, LeverWorkspace::context(actor, reason));
}

Status set_budget_caps(const LeverTarget& t, const std::vector<store::BudgetCap>& caps,
                       const std::string& actor, const std::string& reason) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  return (*ws)->levers().set_budget_caps(t.scenario, caps, LeverWorkspace::context(actor, reason));
}

Status set_budget_cap(const LeverTarget& t, const store::BudgetCap& cap, const std::string& actor,
                      const std::string& reason) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  auto caps = (*ws)->levers().budget_caps(t.scenario);
  if (!caps) return std::move(caps).error();
  bool replaced = false;
  for (store::BudgetCap& c : *caps) {
    if (c.year == cap.year && c.pool == cap.pool) {
      c.amount = cap.amount;
      replaced = true;
    }
  }
  if (!replaced) caps->push_back(cap);
  return (*ws)->levers().set_budget_caps(t.scenario, *caps, LeverWorkspace::context(actor, reason));
}

Result<store::ScenarioTarget> scenario_target(const LeverTarget& t) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  auto record = (*ws)->levers().scenario(t.scenario);
  if (!record) return std::move(record).error();
  return record->settings.target;
}

}  // namespace planwise::app
