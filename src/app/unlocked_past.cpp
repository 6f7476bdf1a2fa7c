// Issue 10 item 6: the unlocked-past guard.
#include "app/unlocked_past.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace planwise::app {

Status check_unlocked_past(levers::LeverStore& store, const std::string& scenario,
                           const std::vector<int>& years_touched, bool confirmed,
                           int current_year) {
  if (confirmed) return Status::success();
  std::set<int> past;
  for (int year : years_touched) {
    if (year <= current_year) past.insert(year);
  }
  if (past.empty()) return Status::success();
  auto cells = store.cells(scenario);
  if (!cells) return std::move(cells).error();
  const bool protected_past = std::any_of(
      cells->begin(), cells->end(),
      [&](const store::LeverCell& c) { return c.is_locked && c.fiscal_year <= current_year; });
  if (protected_past) return Status::success();
  std::string years;
  for (int y : past) years += (years.empty() ? "" : ", ") + std::to_string(y);
  Error e = Error::make(
      ErrorKind::kConflict,
      "scenario '" + scenario + "' has no locked cell in a plan year up to " +
          std::to_string(current_year) + ", and this change writes " + years +
          " (past or current): confirm to write it (\"confirm\": true in the API, --confirm "
          "on the command line), or lock the years that are settled");
  e.file = "command line";
  e.column = "--confirm";
  e.rule = "confirmation_required";
  return e;
}

Status check_plan_unlocked_past(levers::LeverStore& store, const std::string& scenario,
                                const levers::LeverPlan& plan, bool confirmed) {
  std::vector<int> years;
  for (const levers::CellChange& c : plan.changes) years.push_back(c.year);
  return check_unlocked_past(store, scenario, years, confirmed, current_calendar_year());
}

int current_calendar_year() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(std::chrono::year_month_day(today).year());
}

}  // namespace planwise::app
