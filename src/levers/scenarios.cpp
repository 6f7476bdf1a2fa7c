// Issue 3 item 3, issue 10 item 1: scenarios. A copy stores the effective
// values and the locks of the scenario it starts from, so it neither
// changes when that one does nor loses its protection; a scenario created
// with inherit resolves through its base instead (a chain, never a cycle).
#include <algorithm>
#include <cctype>

#include "levers/audit_trail.hpp"
#include "levers/lever_catalogue.hpp"
#include "levers/lever_store.hpp"
#include "store/run_store.hpp"
#include "store/transaction.hpp"

namespace planwise::levers {

namespace {

Status check_name(const std::string& id) {
  const bool ok = !id.empty() && id.size() <= 50 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (ok) return Status::success();
  return Error::invalid_input("command line", 0, "scenario", "scenario_name", id,
                              "a scenario name has 1 to 50 letters, digits, '_' or '-'");
}

std::optional<double> number_at(const store::TextResult& t, std::size_t row,
                                const std::string& column) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c] == column && t.rows[row][c]) return std::stod(*t.rows[row][c]);
  }
  return std::nullopt;
}

}  // namespace

store::AuditRow scenario_event(const char* type, const std::string& scenario,
                               const ChangeContext& ctx, std::string details) {
  store::AuditRow a;
  a.occurred_at = ctx.timestamp;
  a.event_type = type;
  a.scenario_id = scenario;
  a.actor = ctx.actor;
  a.reason = ctx.reason;
  a.details = std::move(details);
  return a;
}

Status LeverStore::create_scenario(const std::string& id, const std::string& from,
                                   const std::string& description, const ChangeContext& ctx,
                                   bool inherit, bool copy_locks) {
  PLANWISE_RETURN_IF_ERROR(check_name(id));
  PLANWISE_RETURN_IF_ERROR(require_reason(ctx));
  auto source = scenario(from);
  if (!source) return std::move(source).error();
  auto existing = store::find_scenario(db_, id);
  if (!existing) return std::move(existing).error();
  if (*existing)
    return Error::make(ErrorKind::kConflict, "a scenario named '" + id + "' already exists");
  auto caps = store::budget_caps(db_, from);
  if (!caps) return std::move(caps).error();
  std::vector<store::LeverCell> copies;
  std::size_t locks = 0;
  if (!inherit) {
    auto rows = export_rows(from);  // every effective value, with `from`'s own locks
    if (!rows) return std::move(rows).error();
    for (const engine::LeverRow& r : *rows) {
      store::LeverCell c = make_cell(id, r.fiscal_year, r.job_level, r.param, r.value);
      c.is_locked = copy_locks && r.is_locked.value_or(false);
      c.updated_at = ctx.timestamp;
      c.updated_by = ctx.actor;
      locks += c.is_locked ? 1 : 0;
      copies.push_back(std::move(c));
    }
  }
  store::ScenarioSettings settings;
  settings.inherits = inherit;
  settings.target = source->settings.target;
  store::ScenarioRecord record;
  record.scenario_id = id;
  record.description = description;
  record.base_scenario_id = from;
  record.created_at = ctx.timestamp;
  record.created_by = ctx.actor;
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::insert_scenario(db_, record));
  PLANWISE_RETURN_IF_ERROR(store::write_scenario_settings(db_, id, settings));
  PLANWISE_RETURN_IF_ERROR(store::replace_budget_caps(db_, id, *caps));
  PLANWISE_RETURN_IF_ERROR(store::upsert_cells(db_, copies));
  const std::string details =
      inherit ? "inherits from " + from + ": stores no values and resolves through " + from
              : "copy of " + from + " with " + std::to_string(copies.size()) +
                    " stored values (its effective levers) and " + std::to_string(locks) + " locks";
  PLANWISE_RETURN_IF_ERROR(append_audit(
      db_, {scenario_event(
               kScenarioCreated, id, ctx,
               details + "; target and " + std::to_string(caps->size()) + " budget caps copied")}));
  return tx->commit();
}

Result<std::vector<store::ScenarioRecord>> LeverStore::scenarios() {
  return store::list_scenarios(db_);
}

Result<store::ScenarioRecord> LeverStore::scenario(const std::string& scenario_id) {
  auto found = store::find_scenario(db_, scenario_id);
  if (!found) return std::move(found).error();
  if (!*found) return no_scenario(scenario_id);
  return std::move(**found);
}

Result<std::vector<std::string>> LeverStore::chain(const std::string& scenario_id) {
  std::vector<std::string> links;
  std::string current = scenario_id;
  for (;;) {
    auto record = scenario_link(current);
    if (!record) return std::move(record).error();
    links.push_back(current);
    const std::string& base = record->base_scenario_id;
    if (!record->inherits || base.empty() || base == kDefaultScenario) break;
    if (std::find(links.begin(), links.end(), base) != links.end()) {
      std::string path;
      for (const std::string& l : links) path += l + " -> ";
      return Error::make(ErrorKind::kInternal,
                         "scenario inheritance forms a cycle: " + path + base);
    }
    current = base;
  }
  return links;
}

Status LeverStore::rename_scenario(const std::string& from, const std::string& to,
                                   const ChangeContext& ctx) {
  PLANWISE_RETURN_IF_ERROR(check_name(to));
  PLANWISE_RETURN_IF_ERROR(require_reason(ctx));
  PLANWISE_RETURN_IF_ERROR(require_scenario(from));
  if (from == kDefaultScenario)
    return Error::make(ErrorKind::kConflict, "the default scenario cannot be renamed");
  auto existing = store::find_scenario(db_, to);
  if (!existing) return std::move(existing).error();
  if (*existing)
    return Error::make(ErrorKind::kConflict, "a scenario named '" + to + "' already exists");
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::rename_scenario(db_, from, to));
  // Earlier audit entries keep the old name; this entry links the two.
  PLANWISE_RETURN_IF_ERROR(
      append_audit(db_, {scenario_event(kScenarioRenamed, to, ctx, "renamed from " + from)}));
  return tx->commit();
}

Status LeverStore::delete_scenario(const std::string& id, const ChangeContext& ctx) {
  PLANWISE_RETURN_IF_ERROR(require_reason(ctx));
  PLANWISE_RETURN_IF_ERROR(require_scenario(id));
  if (id == kDefaultScenario)
    return Error::make(ErrorKind::kConflict, "the default scenario cannot be deleted");
  auto heirs = store::inheritors_of(db_, id);
  if (!heirs) return std::move(heirs).error();
  if (!heirs->empty()) {
    std::string list;
    for (const std::string& h : *heirs) list += (list.empty() ? "" : ", ") + h;
    return Error::make(ErrorKind::kConflict, "scenario '" + id + "' is inherited by " + list +
                                                 "; deleting it would change their levers, so "
                                                 "it is kept");
  }
  auto audit = store::count_audit_rows_about(db_, id);
  if (!audit) return std::move(audit).error();
  auto runs = store::count_runs_of(db_, id);
  if (!runs) return std::move(runs).error();
  if (*audit > 0 || *runs > 0) {
    return Error::make(ErrorKind::kConflict,
                       "scenario '" + id + "' is referenced by " + std::to_string(*audit) +
                           " audit entries and " + std::to_string(*runs) +
                           " stored runs; deleting it would orphan them, so it is kept");
  }
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  PLANWISE_RETURN_IF_ERROR(store::delete_scenario(db_, id));
  PLANWISE_RETURN_IF_ERROR(
      append_audit(db_, {scenario_event(kScenarioDeleted, id, ctx, "deleted")}));
  return tx->commit();
}

Result<ScenarioDiff> LeverStore::diff(const std::string& a, const std::string& b) {
  auto range = year_range();
  if (!range) return std::move(range).error();
  auto la = effective(a, range->first, range->second);
  if (!la) return std::move(la).error();
  auto lb = effective(b, range->first, range->second);
  if (!lb) return std::move(lb).error();
  ScenarioDiff d;
  d.a = a;
  d.b = b;
  for (int year = range->first; year <= range->second; ++year) {
    for (const LeverSpec& spec : lever_specs()) {
      for (int level = 1; level <= la->levers.level_count(); ++level) {
        const double va = la->levers.value(spec.param, year, level);
        const double vb = lb->levers.value(spec.param, year, level);
        if (va != vb) d.cells.push_back({year, level, spec.param, va, vb});
      }
    }
  }
  auto run_a = store::latest_run_of(db_, a);
  if (!run_a) return std::move(run_a).error();
  auto run_b = store::latest_run_of(db_, b);
  if (!run_b) return std::move(run_b).error();
  d.run_a = *run_a;
  d.run_b = *run_b;
  if (d.run_a && d.run_b) {
    auto ya = store::run_table(db_, *d.run_a, "year_summary");
    if (!ya) return std::move(ya).error();
    auto yb = store::run_table(db_, *d.run_b, "year_summary");
    if (!yb) return std::move(yb).error();
    for (std::size_t i = 0; i < ya->rows.size(); ++i) {
      for (std::size_t j = 0; j < yb->rows.size(); ++j) {
        if (number_at(*ya, i, "simulation_year") != number_at(*yb, j, "simulation_year")) continue;
        ScenarioDiff::YearMetrics m{};
        m.year = static_cast<int>(*number_at(*ya, i, "simulation_year"));
        m.end_headcount_a =
            static_cast<std::int64_t>(number_at(*ya, i, "end_headcount").value_or(0));
        m.end_headcount_b =
            static_cast<std::int64_t>(number_at(*yb, j, "end_headcount").value_or(0));
        m.avg_fye_a = number_at(*ya, i, "avg_fye_active").value_or(0);
        m.avg_fye_b = number_at(*yb, j, "avg_fye_active").value_or(0);
        m.growth_a = number_at(*ya, i, "avg_comp_growth").value_or(0);
        m.growth_b = number_at(*yb, j, "avg_comp_growth").value_or(0);
        m.total_cost_a = number_at(*ya, i, "total_prorated_compensation").value_or(0);
        m.total_cost_b = number_at(*yb, j, "total_prorated_compensation").value_or(0);
        d.years.push_back(m);
      }
    }
  }
  return d;
}

}  // namespace planwise::levers
