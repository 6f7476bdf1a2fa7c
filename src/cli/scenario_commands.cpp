// Handlers of `planwise scenario` (issue 10 items 1, 3, 4): print what
// app/scenario_commands returns.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace planwise::cli {

namespace {

std::string target_text(const store::ScenarioTarget& t) {
  return percent(t.growth) + " ± " + percent(t.tolerance) + " (" + t.metric + ")";
}

std::string caps_text(const std::vector<store::BudgetCap>& caps) {
  std::string out;
  for (const store::BudgetCap& c : caps)
    out +=
        (out.empty() ? "" : "; ") + std::to_string(c.year) + " " + c.pool + " " + dollars(c.amount);
  return out;
}

std::string last_run_text(const std::optional<store::LastRun>& run) {
  if (!run) return "";
  return run->run_id + (run->what_if ? " (what-if)" : "") + ": " + percent(run->mean_growth) +
         " mean growth, " + (run->final_headcount ? with_commas(*run->final_headcount) : "-") +
         " heads";
}

// The scenario as it is now, after a change.
int print_scenario(const LeverOptions& o, const std::string& done) {
  auto s = app::show_scenario(o.target);
  if (!s) return fail(s.error());
  const store::ScenarioRecord& r = s->record;
  std::cout << done << "\nScenario " << r.scenario_id << (r.settings.archived ? " (archived)" : "")
            << "\n  based on: " << (r.base_scenario_id.empty() ? "-" : r.base_scenario_id)
            << (r.settings.inherits ? " (inherits: resolves through it)" : " (copy)")
            << "\n  target: " << target_text(r.settings.target)
            << "\n  budget caps: " << (s->budget_caps.empty() ? "none" : caps_text(s->budget_caps))
            << "\n";
  return kExitOk;
}

}  // namespace

int run_scenario_create(const LeverOptions& o, const std::string& from,
                        const std::string& description, bool inherit) {
  Status s = app::create_scenario(o.target, from, description, o.actor, o.reason, inherit);
  if (!s) return fail(s.error());
  return print_scenario(o, "Created scenario " + o.target.scenario +
                               (inherit ? " inheriting from " : " as a copy of ") + from);
}

int run_scenario_list(const LeverOptions& o, bool include_archived) {
  auto list = app::list_scenarios(o.target, include_archived);
  if (!list) return fail(list.error());
  TextTablePrinter t({"Scenario", "Based on", "Link", "Stored", "Locked", "Target", "Budget caps",
                      "Last run", "Created (UTC)", "By", "Description"});
  for (const app::ScenarioSummary& s : *list) {
    const store::ScenarioRecord& r = s.record;
    t.add_row({r.scenario_id + (r.settings.archived ? " (archived)" : ""), r.base_scenario_id,
               r.base_scenario_id.empty() ? "" : (r.settings.inherits ? "inherits" : "copy"),
               std::to_string(r.stored_cells), std::to_string(r.locked_cells),
               target_text(r.settings.target), std::to_string(s.budget_caps.size()),
               last_run_text(s.last_run), r.created_at, r.created_by, r.description});
  }
  std::cout << t.render({true, true, true, false, false, true, false, true, true, true, true});
  return kExitOk;
}

int run_scenario_rename(const LeverOptions& o, const std::string& to) {
  Status s = app::rename_scenario(o.target, to, o.actor, o.reason);
  if (!s) return fail(s.error());
  std::cout << "Renamed scenario " << o.target.scenario << " to " << to << "\n";
  return kExitOk;
}

int run_scenario_archive(const LeverOptions& o, bool archived) {
  Status s = app::archive_scenario(o.target, archived, o.actor, o.reason);
  if (!s) return fail(s.error());
  return print_scenario(
      o, (archived ? "Archived scenario " : "Unarchived scenario ") + o.target.scenario);
}

int run_scenario_delete(const LeverOptions& o) {
  Status s = app::delete_scenario(o.target, o.actor, o.reason);
  if (!s) return fail(s.error());
  std::cout << "Deleted scenario " << o.target.scenario << "\n";
  return kExitOk;
}

int run_scenario_target(const LeverOptions& o, const app::TargetChange& change) {
  Status s = app::set_scenario_target(o.target, change, o.actor, o.reason);
  if (!s) return fail(s.error());
  return print_scenario(o, "Set the target of scenario " + o.target.scenario);
}

int run_scenario_budget(const LeverOptions& o, const store::BudgetCap& cap) {
  Status s = app::set_budget_cap(o.target, cap, o.actor, o.reason);
  if (!s) return fail(s.error());
  return print_scenario(o, "Set the " + std::to_string(cap.year) + " " + cap.pool +
                               " budget cap of scenario " + o.target.scenario);
}

}  // namespace planwise::cli
