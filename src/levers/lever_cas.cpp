// Issue 15 item 4: the compare-and-swap of a lever write. A plan is made
// from the values its writer read; LeverStore::apply calls this inside its
// write transaction, before writing anything, so no other write can come
// between the check and the commit (writers of a file take turns, store/
// database.hpp). A cell that changed since is reported with its value now
// and who changed it, from the audit trail.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "common/number_text.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_catalogue.hpp"
#include "levers/lever_store.hpp"

namespace planwise::levers {

namespace {

struct StaleCell {
  int year = 0;
  int level = 0;
  engine::LeverParam param = engine::LeverParam::kMeritBase;
  std::string planned;  // what the plan was made from, e.g. "0.035" or "unlocked"
  std::string now;      // what the cell holds now
};

std::string lock_text(bool locked) {
  return locked ? "locked" : "unlocked";
}

}  // namespace

Status LeverStore::check_still_current(const LeverPlan& plan) {
  if (plan.changes.empty() && plan.lock_changes.empty()) return Status::success();
  auto now = effective(plan.scenario_id, plan.current.start_year(), plan.current.end_year());
  if (!now) return std::move(now).error();
  auto stored = store::stored_cells(db_, plan.scenario_id);
  if (!stored) return std::move(stored).error();
  std::map<std::tuple<int, int, std::string>, bool> locked;
  for (const store::LeverCell& c : *stored)
    locked[{c.fiscal_year, c.job_level, c.parameter_name}] = c.is_locked;
  const engine::ResolvedLevers& lv = now->levers;
  auto in_range = [&](int year, int level) {
    return year >= lv.start_year() && year <= lv.end_year() && level >= 1 &&
           level <= lv.level_count();
  };

  std::vector<StaleCell> stale;
  for (const CellChange& c : plan.changes) {
    if (!in_range(c.year, c.level)) continue;
    const double current = lv.value(c.param, c.year, c.level);
    const double seen = c.expected.value_or(c.old_value);
    // Both: the writer's own reading (expected) and the plan's (old_value),
    // so the audit's old value is the one the write replaced.
    if (current != c.old_value || current != seen)
      stale.push_back({c.year, c.level, c.param, shortest_text(seen), shortest_text(current)});
  }
  for (const LockChange& c : plan.lock_changes) {
    auto it = locked.find({c.year, c.level, std::string(spec_of(c.param).name)});
    const bool is_locked = it != locked.end() && it->second;
    if (is_locked == c.locked) {
      stale.push_back({c.year, c.level, c.param, lock_text(!c.locked), lock_text(is_locked)});
    } else if (it == locked.end() && in_range(c.year, c.level) &&
               lv.value(c.param, c.year, c.level) != plan.current.value(c.param, c.year, c.level)) {
      // A lock on a cell the scenario does not store stores the value the
      // plan saw; an inherited value that changed since must not be pinned.
      stale.push_back({c.year, c.level, c.param,
                       shortest_text(plan.current.value(c.param, c.year, c.level)),
                       shortest_text(lv.value(c.param, c.year, c.level))});
    }
  }
  if (stale.empty()) return Status::success();

  // Who: the newest audit entry about the cell in the scenario or any
  // scenario its value resolves through (its bases, then the default).
  auto links = chain(plan.scenario_id);
  if (!links) return std::move(links).error();
  std::vector<std::string> sources = *links;
  if (std::find(sources.begin(), sources.end(), kDefaultScenario) == sources.end())
    sources.push_back(kDefaultScenario);
  std::string list;
  for (const StaleCell& s : stale) {
    const std::string name(spec_of(s.param).name);
    std::optional<store::AuditRow> last;
    for (const std::string& source : sources) {
      store::AuditFilter filter;
      filter.scenario_id = source;
      filter.parameter_name = name;
      filter.fiscal_year = s.year;
      filter.job_level = s.level;
      auto rows = store::audit_rows(db_, filter);
      if (!rows) return std::move(rows).error();
      if (!rows->empty() && (!last || rows->back().seq > last->seq)) last = rows->back();
    }
    std::string who = "changed by an unknown writer (no audit entry names the cell)";
    if (last) {
      who = "changed by " + last->actor + " at " + last->occurred_at + " (" + last->event_type +
            (last->scenario_id == plan.scenario_id ? "" : " of scenario " + last->scenario_id) +
            (last->reason.empty() ? "" : ": \"" + last->reason + "\"") + ")";
    }
    list += "\n  scenario " + plan.scenario_id + ", " + std::to_string(s.year) + " level " +
            std::to_string(s.level) + ", " + name + ": " + s.now + " now (planned from " +
            s.planned + "), " + who;
  }
  Error e =
      Error::make(ErrorKind::kConflict,
                  std::to_string(stale.size()) + " lever cell" + (stale.size() == 1 ? "" : "s") +
                      " changed since this change was planned; nothing was saved (read "
                      "the levers again and redo the change):" +
                      list);
  e.rule = kStaleWriteRule;
  e.column = "cells";
  return e;
}

}  // namespace planwise::levers
