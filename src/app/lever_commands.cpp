#include "app/lever_commands.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "app/existing_database.hpp"
#include "app/governance.hpp"
#include "app/lever_workspace.hpp"
#include "app/unlocked_past.hpp"
#include "common/elapsed.hpp"
#include "common/number_text.hpp"
#include "io/lever_csv_reader.hpp"
#include "io/lever_csv_writer.hpp"
#include "levers/lever_catalogue.hpp"
#include "store/transaction.hpp"

namespace planwise::app {

namespace {

using Clock = std::chrono::steady_clock;

Result<std::optional<int>> parse_all_or_int(const std::string& text, const char* flag) {
  if (text == "all") return std::optional<int>();
  const auto v = parse_int(text);
  if (v && *v >= std::numeric_limits<int>::min() && *v <= std::numeric_limits<int>::max())
    return std::optional<int>(static_cast<int>(*v));
  return Error::invalid_input("command line", 0, flag, "selector_format", text,
                              "expected a number or 'all'");
}

Result<std::unique_ptr<store::Database>> open_existing(const std::string& db_path,
                                                       store::OpenMode mode) {
  return open_existing_database(db_path, mode,
                                "pass --db, or run a planwise command that creates it");
}

Status attach_expectations(const SetCellsRequest& request, levers::LeverPlan& plan);

// A planned change: on a dry run, the same census, configuration and seed
// simulated with the current and the proposed levers (nothing written);
// otherwise the plan written with its audit entries. `expectations`: the
// dashboard grid's cells, whose "expected" values the write must check
// (issue 15 item 4); null for the CLI, which plans inside the write's own
// transaction.
Result<LeverWriteOutcome> preview_or_write(LeverWorkspace& ws, const LeverTarget& target,
                                           levers::LeverPlan plan, bool dry_run, bool confirmed,
                                           const std::string& actor, const std::string& reason,
                                           Clock::time_point start,
                                           const SetCellsRequest* expectations = nullptr) {
  LeverWriteOutcome out;
  out.plan = std::move(plan);
  if (dry_run) {
    auto loaded = ws.load_with_levers(target.inputs, target.scenario);
    if (!loaded) return std::move(loaded).error();
    auto impact =
        preview_impact(*loaded, loaded->levers, levers::with_changes(loaded->levers, out.plan));
    if (!impact) return std::move(impact).error();
    out.impact = std::move(impact).value();
  } else {
    // Issue 11: a published scenario changes through requests only.
    PLANWISE_RETURN_IF_ERROR(check_direct_edit(ws.db(), target.scenario));
    PLANWISE_RETURN_IF_ERROR(
        check_plan_unlocked_past(ws.levers(), target.scenario, out.plan, confirmed));
    // A plan that fails validation is refused by apply for that first.
    if (expectations != nullptr && !levers::has_errors(out.plan.issues))
      PLANWISE_RETURN_IF_ERROR(attach_expectations(*expectations, out.plan));
    PLANWISE_RETURN_IF_ERROR(ws.levers().apply(out.plan, LeverWorkspace::context(actor, reason)));
    out.written = true;
  }
  out.elapsed_ms = ms_since(start);
  return out;
}

// A write plans inside its own write transaction (issue 15 item 4): what
// it read is what it writes over, so a CLI command needs no expectation.
// A dry run writes nothing and takes no transaction.
Result<std::optional<store::Transaction>> write_turn(LeverWorkspace& ws, bool dry_run) {
  using Turn = std::optional<store::Transaction>;
  if (dry_run) return Turn();
  auto tx = store::Transaction::begin(ws.db());
  if (!tx) return std::move(tx).error();
  return Turn(std::move(tx).value());
}

Result<LeverWriteOutcome> committed(Result<LeverWriteOutcome> outcome,
                                    std::optional<store::Transaction>& tx) {
  if (outcome && tx) PLANWISE_RETURN_IF_ERROR(tx->commit());
  return outcome;
}

// The save of the dashboard's grid: each cell's "expected" is required, and
// the plan's change of that cell is made to check it inside the write.
Status attach_expectations(const SetCellsRequest& request, levers::LeverPlan& plan) {
  std::map<std::tuple<std::string, int, int>, double> seen;
  for (std::size_t i = 0; i < request.cells.size(); ++i) {
    const CellEdit& c = request.cells[i];
    const std::optional<double> expected =
        i < request.expected.size() ? request.expected[i] : std::nullopt;
    if (!expected) {
      return Error::invalid_input(
          "request", static_cast<std::int64_t>(i + 1), "cells[" + std::to_string(i) + "].expected",
          "expected_required", "",
          "expected is required to save: the value the cell had when you read it (GET "
          "/api/levers), so a change made since is not overwritten");
    }
    seen[{c.parameter, c.year, c.level}] = *expected;
  }
  for (levers::CellChange& ch : plan.changes) {
    auto it = seen.find({lever_name(ch.param), ch.year, ch.level});
    if (it != seen.end()) ch.expected = it->second;
  }
  return Status::success();
}

}  // namespace

Result<levers::CellSelector> parse_selector(const SelectorText& text) {
  levers::CellSelector s;
  auto year = parse_all_or_int(text.year, "--year");
  if (!year) return std::move(year).error();
  auto level = parse_all_or_int(text.level, "--level");
  if (!level) return std::move(level).error();
  s.year = *year;
  s.level = *level;
  return s;
}

Result<std::vector<std::pair<engine::LeverParam, double>>> parse_assignments(
    const std::vector<std::string>& args) {
  std::vector<std::pair<engine::LeverParam, double>> out;
  if (args.empty()) {
    return Error::invalid_input("command line", 0, "assignment", "assignment_present", "",
                                "give at least one NAME=VALUE, e.g. merit_base=0.035");
  }
  for (const std::string& a : args) {
    const auto eq = a.find('=');
    const std::string name = a.substr(0, eq);
    const levers::LeverSpec* spec = levers::find_spec(name);
    if (eq == std::string::npos || spec == nullptr) {
      std::string known;
      for (const levers::LeverSpec& s : levers::lever_specs())
        known += (known.empty() ? "" : ", ") + std::string(s.name);
      return Error::invalid_input("command line", 0, "assignment", "assignment_format", a,
                                  "expected NAME=VALUE with NAME one of " + known);
    }
    const auto value = parse_double(a.substr(eq + 1));
    if (!value) {
      return Error::invalid_input("command line", 0, name, "number_format", a.substr(eq + 1),
                                  "expected a number (a fraction: 0.035 for 3.5 %)");
    }
    out.emplace_back(spec->param, *value);
  }
  return out;
}

Result<LeverView> show_levers(const LeverTarget& t) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  levers::LeverStore& store = (*ws)->levers();
  auto range = store.year_range();
  if (!range) return std::move(range).error();
  auto resolved = store.effective(t.scenario, range->first, range->second);
  if (!resolved) return std::move(resolved).error();
  auto cells = store.cells(t.scenario);
  if (!cells) return std::move(cells).error();
  LeverView view{resolved->levers, *cells, levers::validate_levers(resolved->levers, *cells)};
  return view;
}

Result<LeverWriteOutcome> set_levers(const SetLeversRequest& r) {
  const Clock::time_point start = Clock::now();
  auto values = parse_assignments(r.assignments);
  if (!values) return std::move(values).error();
  auto where = parse_selector(r.where);
  if (!where) return std::move(where).error();
  auto ws = LeverWorkspace::open(r.target);
  if (!ws) return std::move(ws).error();
  auto tx = write_turn(**ws, r.dry_run);
  if (!tx) return std::move(tx).error();
  auto plan = (*ws)->levers().plan_set(r.target.scenario, *values, *where);
  if (!plan) return std::move(plan).error();
  return committed(preview_or_write(**ws, r.target, std::move(plan).value(), r.dry_run, r.confirmed,
                                    r.actor, r.reason, start),
                   *tx);
}

Result<LeverWriteOutcome> set_lever_cells(const SetCellsRequest& r) {
  const Clock::time_point start = Clock::now();
  std::vector<engine::LeverRow> rows;
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    auto row = cell_row(r.cells[i], i, r.target.scenario);
    if (!row) return std::move(row).error();
    rows.push_back(std::move(row).value());
  }
  auto ws = LeverWorkspace::open(r.target);
  if (!ws) return std::move(ws).error();
  auto tx = write_turn(**ws, r.dry_run);
  if (!tx) return std::move(tx).error();
  auto plan = (*ws)->levers().plan_import(r.target.scenario, rows);
  if (!plan) return std::move(plan).error();
  return committed(preview_or_write(**ws, r.target, std::move(plan).value(), r.dry_run, r.confirmed,
                                    r.actor, r.reason, start, &r),
                   *tx);
}

Result<LeverWriteOutcome> lock_levers(const LeverTarget& t, const std::string& parameter,
                                      const SelectorText& where_text, bool lock,
                                      const std::string& reason, const std::string& actor) {
  const levers::LeverSpec* spec = levers::find_spec(parameter);
  if (spec == nullptr) {
    return Error::invalid_input("command line", 0, "parameter", "parameter_name", parameter,
                                "unknown lever name");
  }
  auto where = parse_selector(where_text);
  if (!where) return std::move(where).error();
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  auto tx = write_turn(**ws, false);
  if (!tx) return std::move(tx).error();
  auto plan = (*ws)->levers().plan_lock(t.scenario, spec->param, *where, lock);
  if (!plan) return std::move(plan).error();
  LeverWriteOutcome out;
  out.plan = std::move(plan).value();
  // A lock changes no value: only its own audit entries are written.
  out.plan.issues.clear();
  PLANWISE_RETURN_IF_ERROR((*ws)->levers().apply(out.plan, LeverWorkspace::context(actor, reason)));
  out.written = true;
  return committed(std::move(out), *tx);
}

Result<LeverWriteOutcome> import_levers(const LeverTarget& t, const std::string& file,
                                        const std::string& reason, const std::string& actor,
                                        bool dry_run) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  auto parsed = io::read_lever_csv(file, (*ws)->setup().seeds.level_count());
  if (!parsed) return std::move(parsed).error();
  // Rows of the target scenario when the file has them; otherwise a file
  // holding a single scenario is taken as the target's values.
  std::vector<engine::LeverRow> rows;
  std::vector<std::string> scenarios_in_file;
  for (const engine::LeverRow& r : parsed->rows) {
    if (std::find(scenarios_in_file.begin(), scenarios_in_file.end(), r.scenario_id) ==
        scenarios_in_file.end()) {
      scenarios_in_file.push_back(r.scenario_id);
    }
    if (r.scenario_id == t.scenario) rows.push_back(r);
  }
  if (rows.empty() && scenarios_in_file.size() == 1) rows = parsed->rows;
  if (rows.empty() && !parsed->rows.empty()) {
    std::string list;
    for (const std::string& s : scenarios_in_file) list += (list.empty() ? "" : ", ") + s;
    return Error::invalid_input(file, 0, "scenario_id", "scenario_in_file", t.scenario,
                                "the file holds scenarios " + list + " but not " + t.scenario +
                                    "; choose one with --scenario");
  }
  const auto ctx = LeverWorkspace::context(actor, reason);
  auto exists = store::find_scenario((*ws)->db(), t.scenario);
  if (!exists) return std::move(exists).error();
  if (!*exists && !dry_run) {
    levers::ChangeContext create_ctx = ctx;
    if (create_ctx.reason.empty()) create_ctx.reason = "import of " + file;
    PLANWISE_RETURN_IF_ERROR((*ws)->levers().create_scenario(
        t.scenario, levers::kDefaultScenario, "imported from " + file, create_ctx, false, false));
  }
  auto tx = write_turn(**ws, dry_run);
  if (!tx) return std::move(tx).error();
  auto plan = (*ws)->levers().plan_import(
      *exists || !dry_run ? t.scenario : std::string(levers::kDefaultScenario), rows);
  if (!plan) {
    Error e = std::move(plan).error();
    if (e.file.empty()) e.file = file;
    return e;
  }
  LeverWriteOutcome out;
  out.plan = std::move(plan).value();
  if (!dry_run) {
    PLANWISE_RETURN_IF_ERROR(check_direct_edit((*ws)->db(), t.scenario));
    PLANWISE_RETURN_IF_ERROR((*ws)->levers().apply(out.plan, ctx));
    out.written = true;
  }
  return committed(std::move(out), *tx);
}

Status export_levers(const LeverTarget& t, const std::string& file) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  auto rows = (*ws)->levers().export_rows(t.scenario);
  if (!rows) return std::move(rows).error();
  return io::write_lever_csv(file, *rows);
}

Result<std::vector<levers::LeverIssue>> validate_scenario(const LeverTarget& t) {
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  return (*ws)->levers().validate(t.scenario);
}

Result<std::vector<store::AuditRow>> lever_history(const LeverTarget& t,
                                                   const std::string& parameter,
                                                   const SelectorText& where_text) {
  auto where = parse_selector(where_text);
  if (!where) return std::move(where).error();
  auto ws = LeverWorkspace::open(t);
  if (!ws) return std::move(ws).error();
  PLANWISE_RETURN_IF_ERROR((*ws)->levers().require_scenario(t.scenario));
  store::AuditFilter filter;
  filter.scenario_id = t.scenario;
  filter.parameter_name = parameter;
  filter.fiscal_year = where->year;
  filter.job_level = where->level;
  return (*ws)->levers().history(filter);
}

const std::vector<engine::LeverParam>& lever_params() {
  static const std::vector<engine::LeverParam> kParams = [] {
    std::vector<engine::LeverParam> out;
    for (const levers::LeverSpec& s : levers::lever_specs()) out.push_back(s.param);
    return out;
  }();
  return kParams;
}

std::string lever_name(engine::LeverParam param) {
  return std::string(levers::spec_of(param).name);
}
bool is_multiplier(engine::LeverParam param) {
  return levers::spec_of(param).unit == "multiplier";
}
std::vector<LeverInfo> lever_catalogue_info() {
  std::vector<LeverInfo> out;
  for (const levers::LeverSpec& s : levers::lever_specs()) {
    out.push_back({std::string(s.name), std::string(s.event_type), std::string(s.unit), s.hard_min,
                   s.hard_max, std::string(s.default_text), std::string(s.description),
                   std::string(s.example)});
  }
  return out;
}

std::string describe_issue(const levers::LeverIssue& issue) {
  return levers::describe(issue);
}
bool has_errors(const std::vector<levers::LeverIssue>& issues) {
  return levers::has_errors(issues);
}

Result<std::vector<store::AuditRow>> audit_log(const std::string& db_path,
                                               const store::AuditFilter& filter) {
  auto db = open_existing(db_path, store::OpenMode::kReadOnly);
  if (!db) return std::move(db).error();
  return store::audit_rows(**db, filter);
}

Result<levers::AuditVerification> verify_audit_log(const std::string& db_path,
                                                   const levers::AuditVerifyOptions& options) {
  auto db = open_existing(db_path, store::OpenMode::kReadOnly);
  if (!db) return std::move(db).error();
  return levers::verify_audit(**db, options);
}

}  // namespace planwise::app
