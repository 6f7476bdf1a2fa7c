// Issue 3 items 1, 2, 4, 5, 6: reading, resolving, validating and writing
// lever cells. Every write is planned first (what changes, what a lock
// keeps, the effective set before and after), validated, then applied in one
// transaction together with its audit entries.
#include "levers/lever_store.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "common/number_text.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_catalogue.hpp"
#include "store/transaction.hpp"

namespace planwise::levers {

namespace {

using engine::LeverParam;
using Key = std::tuple<int, int, int>;  // year, level, parameter

Key key_of(int year, int level, LeverParam param) {
  return {year, level, static_cast<int>(param)};
}

std::map<Key, store::LeverCell> by_key(const std::vector<store::LeverCell>& cells) {
  std::map<Key, store::LeverCell> out;
  for (const store::LeverCell& c : cells) {
    if (const LeverSpec* spec = find_spec(c.parameter_name))
      out[key_of(c.fiscal_year, c.job_level, spec->param)] = c;
  }
  return out;
}

engine::LeverRow to_row(const store::LeverCell& c) {
  engine::LeverRow r;
  r.scenario_id = c.scenario_id;
  r.fiscal_year = c.fiscal_year;
  r.job_level = c.job_level;
  r.event_type = c.event_type;
  r.param = find_spec(c.parameter_name)->param;
  r.value = c.value;
  r.is_locked = c.is_locked;
  r.created_at = c.updated_at;
  r.created_by = c.updated_by;
  return r;
}

Error selector_error(const char* flag, int value, const std::string& allowed) {
  return Error::invalid_input("command line", 0, flag, "selector_range", std::to_string(value),
                              std::string("expected ") + allowed);
}

// --year and --level within the plan's years and levels.
Status check_selector(const CellSelector& where, const engine::ResolvedLevers& levers) {
  const int first = levers.start_year(), last = levers.end_year();
  if (where.year && (*where.year < first || *where.year > last)) {
    return selector_error(
        "--year", *where.year,
        "a year from " + std::to_string(first) + " to " + std::to_string(last) + ", or all");
  }
  if (where.level && (*where.level < 1 || *where.level > levers.level_count())) {
    return selector_error("--level", *where.level,
                          "a level from 1 to " + std::to_string(levers.level_count()) + ", or all");
  }
  return Status::success();
}

std::string source_name(engine::ParamSource s) {
  return std::string(engine::kParamSourceLabels[static_cast<std::size_t>(s)]);
}

// An audit entry about one cell.
store::AuditRow cell_event(const char* type, const std::string& scenario, int year, int level,
                           LeverParam param, double old_value, double new_value,
                           const ChangeContext& ctx, std::string details) {
  store::AuditRow a = scenario_event(type, scenario, ctx, std::move(details));
  a.fiscal_year = year;
  a.job_level = level;
  a.parameter_name = std::string(spec_of(param).name);
  a.old_value = old_value;
  a.new_value = new_value;
  return a;
}

std::string warnings_text(const std::vector<LeverIssue>& issues) {
  std::string out;
  for (const LeverIssue& i : issues) {
    if (i.severity == Severity::kWarning) out += (out.empty() ? "warnings: " : "; ") + describe(i);
  }
  return out;
}

}  // namespace

store::LeverCell make_cell(const std::string& scenario, int year, int level, LeverParam param,
                           double value) {
  const LeverSpec& spec = spec_of(param);
  store::LeverCell c;
  c.scenario_id = scenario;
  c.fiscal_year = year;
  c.job_level = level;
  c.event_type = std::string(spec.event_type);
  c.parameter_name = std::string(spec.name);
  c.value = value;
  return c;
}

Status require_reason(const ChangeContext& ctx) {
  if (ctx.reason.find_first_not_of(" \t\r\n") != std::string::npos) return Status::success();
  return Error::invalid_input("command line", 0, "--reason", "reason_required", "",
                              "a reason is required: it is recorded in the audit trail");
}

Error LeverStore::no_scenario(const std::string& scenario_id) {
  return Error::make(ErrorKind::kNotFound, "no lever scenario named '" + scenario_id +
                                               "' (create it with `planwise scenario create`)");
}

Result<store::ScenarioLink> LeverStore::scenario_link(const std::string& scenario_id) {
  auto found = store::find_scenario_link(db_, scenario_id);
  if (!found) return std::move(found).error();
  if (!*found) return no_scenario(scenario_id);
  return std::move(**found);
}

Status LeverStore::require_scenario(const std::string& scenario_id) {
  auto found = scenario_link(scenario_id);
  if (!found) return std::move(found).error();
  return Status::success();
}

Status LeverStore::seed_default_if_empty(const std::vector<engine::LeverRow>& rows,
                                         const std::string& source, const ChangeContext& ctx) {
  auto existing = store::find_scenario(db_, kDefaultScenario);
  if (!existing) return std::move(existing).error();
  if (*existing) return Status::success();
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  // Another connection of this process may have seeded it meanwhile (the
  // server opens the store from several requests): look again, now that
  // this transaction has the write turn.
  auto seeded = store::find_scenario(db_, kDefaultScenario);
  if (!seeded) return std::move(seeded).error();
  if (*seeded) return Status::success();
  std::vector<store::CatalogueEntry> catalogue;
  for (const LeverSpec& s : lever_specs()) {
    catalogue.push_back({std::string(s.name), std::string(s.event_type), std::string(s.unit),
                         s.hard_min, s.hard_max, std::string(s.default_text),
                         std::string(s.description)});
  }
  PLANWISE_RETURN_IF_ERROR(store::replace_catalogue(db_, catalogue));
  store::ScenarioRecord record;
  record.scenario_id = kDefaultScenario;
  record.description = "The bundled compensation levers";
  record.created_at = ctx.timestamp;
  record.created_by = ctx.actor;
  PLANWISE_RETURN_IF_ERROR(store::insert_scenario(db_, record));
  std::vector<store::LeverCell> cells;
  for (const engine::LeverRow& r : rows) {
    if (r.scenario_id != kDefaultScenario) continue;
    store::LeverCell c = make_cell(kDefaultScenario, r.fiscal_year, r.job_level, r.param, r.value);
    c.is_locked = r.is_locked.value_or(false);
    c.updated_at = ctx.timestamp;
    c.updated_by = ctx.actor;
    cells.push_back(std::move(c));
  }
  PLANWISE_RETURN_IF_ERROR(store::upsert_cells(db_, cells));
  store::AuditRow created =
      scenario_event(kScenarioCreated, kDefaultScenario, ctx,
                     "imported " + std::to_string(cells.size()) + " values from " + source);
  if (created.reason.empty()) created.reason = "new lever store";
  PLANWISE_RETURN_IF_ERROR(append_audit(db_, {created}));
  return tx->commit();
}

Result<std::pair<int, int>> LeverStore::year_range() {
  auto cells = store::stored_cells(db_, kDefaultScenario);
  if (!cells) return std::move(cells).error();
  if (cells->empty())
    return Error::make(ErrorKind::kNotFound, "the default lever scenario has no values");
  int first = cells->front().fiscal_year, last = first;
  for (const store::LeverCell& c : *cells) {
    first = std::min(first, c.fiscal_year);
    last = std::max(last, c.fiscal_year);
  }
  return std::make_pair(first, last);
}

Result<std::vector<store::LeverCell>> LeverStore::cells(const std::string& scenario_id) {
  PLANWISE_RETURN_IF_ERROR(require_scenario(scenario_id));
  return store::stored_cells(db_, scenario_id);
}

Result<std::vector<engine::LeverRow>> LeverStore::resolution_rows(const std::string& scenario_id) {
  auto links = chain(scenario_id);
  if (!links) return std::move(links).error();
  auto rows_of = [&](const std::string& s) -> Result<std::vector<engine::LeverRow>> {
    auto cells = store::stored_cells(db_, s);
    if (!cells) return std::move(cells).error();
    std::vector<engine::LeverRow> rows;
    for (const store::LeverCell& c : *cells) {
      if (find_spec(c.parameter_name) != nullptr) rows.push_back(to_row(c));
    }
    return rows;
  };
  std::vector<std::vector<engine::LeverRow>> chain_rows;
  for (const std::string& s : *links) {
    auto rows = rows_of(s);
    if (!rows) return std::move(rows).error();
    chain_rows.push_back(std::move(rows).value());
  }
  std::vector<engine::LeverRow> rows = fold_chain(chain_rows, scenario_id);
  if (scenario_id != kDefaultScenario) {
    auto defaults = rows_of(kDefaultScenario);
    if (!defaults) return std::move(defaults).error();
    rows.insert(rows.end(), defaults->begin(), defaults->end());
  }
  return rows;
}

Result<LeverResolution> LeverStore::effective(const std::string& scenario_id, int first_year,
                                              int last_year) {
  auto rows = resolution_rows(scenario_id);
  if (!rows) return std::move(rows).error();
  return resolve_levers(*rows, scenario_id, first_year, last_year, seeds_);
}

Result<std::vector<LeverIssue>> LeverStore::validate(const std::string& scenario_id) {
  auto range = year_range();
  if (!range) return std::move(range).error();
  auto resolved = effective(scenario_id, range->first, range->second);
  if (!resolved) return std::move(resolved).error();
  auto stored = store::stored_cells(db_, scenario_id);
  if (!stored) return std::move(stored).error();
  return validate_levers(resolved->levers, *stored);
}

Result<LeverPlan> LeverStore::start_plan(const std::string& scenario_id) {
  auto range = year_range();
  if (!range) return std::move(range).error();
  auto resolved = effective(scenario_id, range->first, range->second);
  if (!resolved) return std::move(resolved).error();
  LeverPlan plan;
  plan.scenario_id = scenario_id;
  plan.current = resolved->levers;
  plan.proposed = resolved->levers;
  return plan;
}

void LeverStore::finish_plan(LeverPlan& plan, const std::vector<store::LeverCell>& stored) {
  auto cells = by_key(stored);
  for (const CellChange& c : plan.changes) {
    auto& cell = cells[key_of(c.year, c.level, c.param)];
    if (cell.parameter_name.empty())
      cell = make_cell(plan.scenario_id, c.year, c.level, c.param, c.new_value);
    cell.value = c.new_value;
  }
  std::vector<store::LeverCell> proposed_cells;
  for (auto& [key, cell] : cells) proposed_cells.push_back(cell);
  plan.issues = validate_levers(plan.proposed, proposed_cells);
}

Result<LeverPlan> LeverStore::plan_set(const std::string& scenario_id,
                                       const std::vector<std::pair<LeverParam, double>>& values,
                                       const CellSelector& where) {
  auto started = start_plan(scenario_id);
  if (!started) return std::move(started).error();
  LeverPlan& plan = *started;
  const int first = plan.current.start_year(), last = plan.current.end_year(),
            levels = plan.current.level_count();
  PLANWISE_RETURN_IF_ERROR(check_selector(where, plan.current));
  auto stored = store::stored_cells(db_, scenario_id);
  if (!stored) return std::move(stored).error();
  const auto cells = by_key(*stored);
  for (const auto& [param, value] : values) {
    for (int year = where.year.value_or(first); year <= where.year.value_or(last); ++year) {
      for (int level = where.level.value_or(1); level <= where.level.value_or(levels); ++level) {
        const engine::ResolvedLever& cur = plan.current.at(param, year, level);
        auto it = cells.find(key_of(year, level, param));
        if (it != cells.end() && it->second.is_locked) {
          if (it->second.value == value) {
            ++plan.unchanged;
          } else {
            plan.skipped_locked.push_back({year, level, param, it->second.value, value});
          }
          continue;
        }
        if (cur.value == value) {  // already the effective value, stored or inherited
          ++plan.unchanged;
          continue;
        }
        plan.changes.push_back({year, level, param, cur.value, cur.source, value, std::nullopt});
        plan.proposed.at(param, year, level) = {value, engine::ParamSource::kScenario, false};
      }
    }
  }
  finish_plan(plan, *stored);
  return plan;
}

Result<LeverPlan> LeverStore::plan_import(const std::string& scenario_id,
                                          const std::vector<engine::LeverRow>& rows) {
  auto started = start_plan(scenario_id);
  if (!started) return std::move(started).error();
  LeverPlan& plan = *started;
  auto stored = store::stored_cells(db_, scenario_id);
  if (!stored) return std::move(stored).error();
  const auto cells = by_key(*stored);
  const int first = plan.current.start_year(), last = plan.current.end_year(),
            levels = plan.current.level_count();
  for (const engine::LeverRow& r : rows) {
    if (r.fiscal_year < first || r.fiscal_year > last || r.job_level < 1 || r.job_level > levels) {
      return Error::invalid_input(
          "", r.line, r.fiscal_year < first || r.fiscal_year > last ? "fiscal_year" : "job_level",
          "lever_range_of_store",
          std::to_string(r.fiscal_year < first || r.fiscal_year > last ? r.fiscal_year
                                                                       : r.job_level),
          "the lever store holds years " + std::to_string(first) + "-" + std::to_string(last) +
              " and levels 1-" + std::to_string(levels));
    }
    const engine::ResolvedLever& cur = plan.current.at(r.param, r.fiscal_year, r.job_level);
    auto it = cells.find(key_of(r.fiscal_year, r.job_level, r.param));
    const bool is_stored = it != cells.end();
    const bool locked = is_stored && it->second.is_locked;
    if (locked && it->second.value != r.value) {
      plan.skipped_locked.push_back(
          {r.fiscal_year, r.job_level, r.param, it->second.value, r.value});
      continue;
    }
    if (!locked && cur.value != r.value) {
      plan.changes.push_back(
          {r.fiscal_year, r.job_level, r.param, cur.value, cur.source, r.value, std::nullopt});
      plan.proposed.at(r.param, r.fiscal_year, r.job_level) = {
          r.value, engine::ParamSource::kScenario, false};
    } else {
      ++plan.unchanged;
    }
    // A lock in the file is applied (audited); an import never unlocks.
    if (r.is_locked.value_or(false) && !locked) {
      plan.lock_changes.push_back({r.fiscal_year, r.job_level, r.param, r.value, true});
    }
  }
  finish_plan(plan, *stored);
  return plan;
}

Result<LeverPlan> LeverStore::plan_lock(const std::string& scenario_id, LeverParam param,
                                        const CellSelector& where, bool locked) {
  auto started = start_plan(scenario_id);
  if (!started) return std::move(started).error();
  LeverPlan& plan = *started;
  auto stored = store::stored_cells(db_, scenario_id);
  if (!stored) return std::move(stored).error();
  const auto cells = by_key(*stored);
  const int first = plan.current.start_year(), last = plan.current.end_year(),
            levels = plan.current.level_count();
  PLANWISE_RETURN_IF_ERROR(check_selector(where, plan.current));
  for (int year = where.year.value_or(first); year <= where.year.value_or(last); ++year) {
    for (int level = where.level.value_or(1); level <= where.level.value_or(levels); ++level) {
      auto it = cells.find(key_of(year, level, param));
      const bool is_locked = it != cells.end() && it->second.is_locked;
      // Unlocking a cell the scenario does not store has nothing to unlock.
      if (is_locked == locked || (!locked && it == cells.end())) {
        ++plan.unchanged;
        continue;
      }
      plan.lock_changes.push_back(
          {year, level, param, plan.current.value(param, year, level), locked});
    }
  }
  finish_plan(plan, *stored);
  return plan;
}

Status LeverStore::apply(const LeverPlan& plan, const ChangeContext& ctx,
                         const std::function<Status()>& also) {
  if (has_errors(plan.issues)) {
    std::string list;
    for (const LeverIssue& i : plan.issues) {
      if (i.severity == Severity::kError) list += "\n  " + describe(i);
    }
    Error e =
        Error::make(ErrorKind::kInvalidInput, "the change is refused; nothing was saved:" + list);
    for (const LeverIssue& i : plan.issues) {
      if (i.severity == Severity::kError && e.column.empty()) {
        e.column = i.parameter_name;
        e.rule = i.rule;
      }
    }
    return e;
  }
  if (plan.changes.empty() && plan.lock_changes.empty() && !also) return Status::success();
  // The caller's transaction when it planned inside one; otherwise our own.
  std::optional<store::Transaction> own;
  if (!db_.in_transaction()) {
    auto tx = store::Transaction::begin(db_);
    if (!tx) return std::move(tx).error();
    own.emplace(std::move(tx).value());
  }
  PLANWISE_RETURN_IF_ERROR(require_editable(plan.scenario_id));
  PLANWISE_RETURN_IF_ERROR(check_still_current(plan));
  auto stored = store::stored_cells(db_, plan.scenario_id);
  if (!stored) return std::move(stored).error();
  auto cells = by_key(*stored);
  std::map<Key, store::LeverCell> touched;
  auto cell_for = [&](int year, int level, LeverParam param, double value) -> store::LeverCell& {
    const Key k = key_of(year, level, param);
    auto t = touched.find(k);
    if (t != touched.end()) return t->second;
    auto c = cells.find(k);
    store::LeverCell cell =
        c != cells.end() ? c->second : make_cell(plan.scenario_id, year, level, param, value);
    return touched.emplace(k, cell).first->second;
  };
  std::vector<store::AuditRow> audit;
  const std::string warnings = warnings_text(plan.issues);
  for (const CellChange& c : plan.changes) {
    // A lock set since the plan was made still holds: refuse the write.
    auto now = cells.find(key_of(c.year, c.level, c.param));
    if (now != cells.end() && now->second.is_locked) {
      return Error::make(ErrorKind::kConflict,
                         std::string(spec_of(c.param).name) + " " + std::to_string(c.year) +
                             " level " + std::to_string(c.level) + " of scenario " +
                             plan.scenario_id +
                             " was locked after this change was planned; nothing was saved");
    }
    store::LeverCell& cell = cell_for(c.year, c.level, c.param, c.new_value);
    cell.value = c.new_value;
    cell.updated_at = ctx.timestamp;
    cell.updated_by = ctx.actor;
    audit.push_back(cell_event(kParameterChange, plan.scenario_id, c.year, c.level, c.param,
                               c.old_value, c.new_value, ctx,
                               "previous value from " + source_name(c.old_source) +
                                   (warnings.empty() ? "" : "; " + warnings)));
  }
  for (const LockChange& c : plan.lock_changes) {
    store::LeverCell& cell = cell_for(c.year, c.level, c.param, c.value);
    cell.is_locked = c.locked;
    cell.updated_at = ctx.timestamp;
    cell.updated_by = ctx.actor;
    audit.push_back(cell_event(kLockChanged, plan.scenario_id, c.year, c.level, c.param, cell.value,
                               cell.value, ctx, c.locked ? "locked" : "unlocked"));
  }
  std::vector<store::LeverCell> writes;
  for (auto& [k, cell] : touched) writes.push_back(cell);
  PLANWISE_RETURN_IF_ERROR(store::upsert_cells(db_, writes));
  PLANWISE_RETURN_IF_ERROR(append_audit(db_, std::move(audit)));
  if (also) PLANWISE_RETURN_IF_ERROR(also());
  return own ? own->commit() : Status::success();
}

Result<std::vector<engine::LeverRow>> LeverStore::export_rows(const std::string& scenario_id) {
  auto range = year_range();
  if (!range) return std::move(range).error();
  auto resolved = effective(scenario_id, range->first, range->second);
  if (!resolved) return std::move(resolved).error();
  auto stored = store::stored_cells(db_, scenario_id);
  if (!stored) return std::move(stored).error();
  const auto cells = by_key(*stored);
  std::vector<engine::LeverRow> rows;
  const engine::ResolvedLevers& lv = resolved->levers;
  for (int year = lv.start_year(); year <= lv.end_year(); ++year) {
    for (const LeverSpec& spec : lever_specs()) {
      for (int level = 1; level <= lv.level_count(); ++level) {
        const engine::ResolvedLever& v = lv.at(spec.param, year, level);
        auto it = cells.find(key_of(year, level, spec.param));
        engine::LeverRow r;
        r.scenario_id = scenario_id;
        r.fiscal_year = year;
        r.job_level = level;
        r.event_type = std::string(spec.event_type);
        r.param = spec.param;
        r.value = v.value;
        r.is_locked = it != cells.end() && it->second.is_locked;
        r.created_at = it != cells.end() ? it->second.updated_at.substr(0, 10) : "";
        r.created_by =
            it != cells.end()
                ? it->second.updated_by
                : std::string(engine::kParamSourceLabels[static_cast<std::size_t>(v.source)]);
        rows.push_back(std::move(r));
      }
    }
  }
  return rows;
}

Result<std::vector<store::AuditRow>> LeverStore::history(const store::AuditFilter& filter) {
  return store::audit_rows(db_, filter);
}

engine::ResolvedLevers with_changes(const engine::ResolvedLevers& levers, const LeverPlan& plan) {
  engine::ResolvedLevers out = levers;
  for (const CellChange& c : plan.changes) {
    if (c.year >= out.start_year() && c.year <= out.end_year()) {
      out.at(c.param, c.year, c.level) = {c.new_value, engine::ParamSource::kScenario, false};
    }
  }
  return out;
}

}  // namespace planwise::levers
