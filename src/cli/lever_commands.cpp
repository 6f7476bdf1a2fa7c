// Handlers of levers, scenario diff and audit: print what app/lever_commands
// returns, as tables an analyst reads (rates in percent) or as CSV/JSON.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <tuple>

#include "api/audit_json.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace planwise::cli {

namespace {

using engine::LeverParam;

std::string lever_value(LeverParam param, double v) {
  if (app::is_multiplier(param)) return shortest_text(std::round(v * 10000) / 10000);
  return percent(v);
}

// A change in percentage points with a sign and two decimals: "+0.25".
std::string points(double delta) {
  const double p = std::round(delta * 10000.0) / 100.0;
  return (p > 0 ? "+" : "") + money_text(p);
}

std::string source_label(engine::ParamSource s) {
  return std::string(engine::kParamSourceLabels[static_cast<std::size_t>(s)]);
}

void print_issues(const std::vector<levers::LeverIssue>& issues) {
  for (const levers::LeverIssue& i : issues) std::cout << "  " << app::describe_issue(i) << "\n";
}

std::string cell_name(int year, int level, LeverParam param) {
  return app::lever_name(param) + " " + std::to_string(year) + " L" + std::to_string(level);
}

void print_plan(const levers::LeverPlan& plan, bool written) {
  std::cout << (written ? "Saved " : "Would change ") << plan.changes.size()
            << " values in scenario " << plan.scenario_id << " (" << plan.unchanged
            << " already had the value)\n";
  for (const levers::CellChange& c : plan.changes) {
    std::cout << "  " << cell_name(c.year, c.level, c.param) << ": "
              << lever_value(c.param, c.old_value) << " (" << source_label(c.old_source) << ") -> "
              << lever_value(c.param, c.new_value) << "\n";
  }
  for (const levers::LockChange& c : plan.lock_changes) {
    std::cout << "  " << cell_name(c.year, c.level, c.param) << ": "
              << (c.locked ? "locked" : "unlocked") << " at " << lever_value(c.param, c.value)
              << "\n";
  }
  if (!plan.skipped_locked.empty()) {
    std::cout << "Skipped " << plan.skipped_locked.size()
              << " locked values (unlock them first):\n";
    for (const levers::SkippedCell& s : plan.skipped_locked) {
      std::cout << "  " << cell_name(s.year, s.level, s.param) << " is locked at "
                << lever_value(s.param, s.locked_value) << " (requested "
                << lever_value(s.param, s.requested_value) << ")\n";
    }
  }
  if (!plan.issues.empty()) {
    std::cout << "Validation:\n";
    print_issues(plan.issues);
  }
}

void print_impact(const app::ImpactPreview& impact) {
  TextTablePrinter t({"Year", "Headcount", "Δ", "Avg FYE pay", "Δ", "Pay growth", "Δ pts",
                      "Payroll (prorated)", "Δ"});
  for (const app::ImpactYear& y : impact.years) {
    const double fye_delta = y.avg_fye_proposed.value_or(0) - y.avg_fye_current.value_or(0);
    const double growth_delta = y.growth_proposed.value_or(0) - y.growth_current.value_or(0);
    t.add_row({std::to_string(y.year), with_commas(y.headcount_proposed),
               with_commas(y.headcount_proposed - y.headcount_current),
               y.avg_fye_proposed ? dollars(*y.avg_fye_proposed) : "-", dollars(fye_delta),
               percent(y.growth_proposed), points(growth_delta), dollars(y.cost_proposed),
               dollars(y.cost_proposed - y.cost_current)});
  }
  std::cout
      << "\nImpact (simulated: current and proposed levers, same census and seed; nothing saved)\n"
      << t.render() << "Simulated both in "
      << shortest_text(std::round(impact.simulate_ms * 10) / 10) << " ms\n";
}

}  // namespace

int run_levers_show(const LeverOptions& o) {
  auto view = app::show_levers(o.target);
  if (!view) return fail(view.error());
  return print_levers_view(*view, o);
}

int print_levers_view(const app::LeverView& shown, const LeverOptions& o) {
  const app::LeverView* view = &shown;
  auto where = app::parse_selector(o.where);
  if (!where) return fail(where.error());
  const engine::ResolvedLevers& lv = view->levers;
  std::map<std::tuple<int, int, std::string>, bool> locked;
  for (const store::LeverCell& c : view->cells)
    locked[{c.fiscal_year, c.job_level, c.parameter_name}] = c.is_locked;
  std::vector<std::string> header = {"Parameter", "Year"};
  for (int l = 1; l <= lv.level_count(); ++l) header.push_back("L" + std::to_string(l));
  header.push_back("Source");
  TextTablePrinter t(header);
  for (const engine::LeverParam param : app::lever_params()) {
    const std::string name = app::lever_name(param);
    for (int year = lv.start_year(); year <= lv.end_year(); ++year) {
      if (where->year && *where->year != year) continue;
      std::vector<std::string> row = {name, std::to_string(year)};
      std::string sources;
      for (int l = 1; l <= lv.level_count(); ++l) {
        const engine::ResolvedLever& v = lv.at(param, year, l);
        const bool is_locked = locked[{year, l, name}];
        row.push_back((where->level && *where->level != l)
                          ? ""
                          : lever_value(param, v.value) + (is_locked ? " 🔒" : ""));
        const std::string s = source_label(v.source);
        if (sources.find(s) == std::string::npos) sources += (sources.empty() ? "" : "+") + s;
      }
      row.push_back(sources);
      t.add_row(row);
    }
  }
  std::cout << "Scenario " << o.target.scenario << " (effective values; 🔒 = locked)\n"
            << t.render({true});
  if (!view->issues.empty()) {
    std::cout << "Validation:\n";
    print_issues(view->issues);
  }
  return kExitOk;
}

int run_levers_set(const LeverOptions& o, const std::vector<std::string>& assignments) {
  app::SetLeversRequest r{o.target, assignments, o.where, o.reason, o.actor, o.dry_run, o.confirm};
  auto outcome = app::set_levers(r);
  if (!outcome) return fail(outcome.error());
  print_lever_outcome(*outcome);
  return kExitOk;
}

void print_lever_outcome(const app::LeverWriteOutcome& outcome) {
  print_plan(outcome.plan, outcome.written);
  if (outcome.impact) print_impact(*outcome.impact);
  std::cout << "Time: " << shortest_text(std::round(outcome.elapsed_ms * 10) / 10) << " ms\n";
}

int run_levers_import(const LeverOptions& o, const std::string& file) {
  auto outcome = app::import_levers(o.target, file, o.reason, o.actor, o.dry_run);
  if (!outcome) return fail(outcome.error());
  print_plan(outcome->plan, outcome->written);
  return kExitOk;
}

int run_levers_export(const LeverOptions& o, const std::string& file) {
  Status s = app::export_levers(o.target, file);
  if (!s) return fail(s.error());
  std::fprintf(stderr, "planwise: wrote the effective levers of scenario %s to %s\n",
               o.target.scenario.c_str(), file.c_str());
  return kExitOk;
}

int run_levers_validate(const LeverOptions& o) {
  auto issues = app::validate_scenario(o.target);
  if (!issues) return fail(issues.error());
  if (issues->empty())
    std::cout << "Scenario " << o.target.scenario << ": no errors, no warnings\n";
  print_issues(*issues);
  return app::has_errors(*issues) ? exit_code(ErrorKind::kInvalidInput) : kExitOk;
}

int run_levers_lock(const LeverOptions& o, const std::string& parameter, bool lock) {
  auto outcome = app::lock_levers(o.target, parameter, o.where, lock, o.reason, o.actor);
  if (!outcome) return fail(outcome.error());
  print_levers_lock(o, parameter, lock, *outcome);
  return kExitOk;
}

void print_levers_lock(const LeverOptions& o, const std::string& parameter, bool lock,
                       const app::LeverWriteOutcome& outcome) {
  std::cout << (lock ? "Locked " : "Unlocked ") << outcome.plan.lock_changes.size() << " cells of "
            << parameter << " in scenario " << o.target.scenario << " (" << outcome.plan.unchanged
            << " already were)\n";
}

void print_audit(const std::vector<store::AuditRow>& rows) {
  TextTablePrinter t({"Seq", "When (UTC)", "Event", "Scenario", "Year", "Level", "Parameter", "Old",
                      "New", "Actor", "Reason", "Details"});
  for (const store::AuditRow& a : rows) {
    t.add_row({std::to_string(a.seq), a.occurred_at, a.event_type, a.scenario_id,
               a.fiscal_year ? std::to_string(*a.fiscal_year) : "",
               a.job_level ? std::to_string(*a.job_level) : "", a.parameter_name,
               a.old_value ? shortest_text(*a.old_value) : "",
               a.new_value ? shortest_text(*a.new_value) : "", a.actor, a.reason, a.details});
  }
  std::cout << t.render(
                   {false, true, true, true, false, false, true, false, false, true, true, true})
            << "(" << rows.size() << " entries)\n";
}

int run_levers_history(const LeverOptions& o, const std::string& parameter) {
  auto rows = app::lever_history(o.target, parameter, o.where);
  if (!rows) return fail(rows.error());
  print_audit(*rows);
  return kExitOk;
}

int run_scenario_diff(const LeverOptions& o, const std::string& other) {
  auto d = app::diff_scenarios(o.target, other);
  if (!d) return fail(d.error());
  std::cout << "Lever differences " << d->a << " -> " << d->b << " (" << d->cells.size()
            << " values)\n";
  TextTablePrinter levers_table({"Parameter", "Year", "Level", d->a, d->b});
  for (const auto& c : d->cells) {
    levers_table.add_row({app::lever_name(c.param), std::to_string(c.year), std::to_string(c.level),
                          lever_value(c.param, c.a), lever_value(c.param, c.b)});
  }
  std::cout << levers_table.render({true});
  if (d->years.empty()) {
    std::cout << "\nNo metric comparison: " << (d->run_a ? "" : d->a + " has no stored run")
              << (d->run_a || d->run_b ? "" : "; ") << (d->run_b ? "" : d->b + " has no stored run")
              << "\n";
    return kExitOk;
  }
  std::cout << "\nMetrics of the latest runs " << *d->run_a << " and " << *d->run_b << "\n";
  TextTablePrinter m({"Year", "Headcount Δ", "Avg FYE " + d->a, "Avg FYE " + d->b, "Δ",
                      "Growth " + d->a, "Growth " + d->b, "Cost Δ"});
  for (const auto& y : d->years) {
    m.add_row({std::to_string(y.year), with_commas(y.end_headcount_b - y.end_headcount_a),
               dollars(y.avg_fye_a), dollars(y.avg_fye_b), dollars(y.avg_fye_b - y.avg_fye_a),
               percent(y.growth_a), percent(y.growth_b), dollars(y.total_cost_b - y.total_cost_a)});
  }
  std::cout << m.render();
  return kExitOk;
}

int run_audit_log(const std::string& db, const std::string& scenario, const std::string& since) {
  store::AuditFilter filter;
  filter.scenario_id = scenario;
  filter.since = since;
  auto rows = app::audit_log(db, filter);
  if (!rows) return fail(rows.error());
  print_audit(*rows);
  return kExitOk;
}

// The mode checked and what it covered (issue 11 item 4).
void print_audit_mode(const levers::AuditVerification& v) {
  std::cout << "Mode: " << v.mode << (v.keyed ? " (audit key set)" : " (no audit key set)") << "\n"
            << "Entries checked by hash format: " << v.legacy_entries << " legacy (1), "
            << v.sha256_entries << " SHA-256 (2), " << v.hmac_entries << " HMAC-SHA256 (3)\n";
  if (v.unkeyed_prefix > 0) {
    std::cout << "Unkeyed prefix: the first " << v.unkeyed_prefix
              << " entries were written before the key and are checked as a SHA-256 chain "
                 "only\n";
  }
  if (v.contents_unchecked > 0) {
    std::cout << "Not checked: the contents of " << v.contents_unchecked
              << " HMAC-SHA256 entries (their links were checked; set PLANWISE_AUDIT_KEY_FILE to "
                 "check them)\n";
  }
}

int run_audit_verify(const std::string& db, bool allow_unkeyed_prefix, bool json) {
  auto v = app::verify_audit_log(db, {allow_unkeyed_prefix});
  if (!v) return fail(v.error());
  const int code = v->intact ? kExitOk : exit_code(ErrorKind::kInvariantFailed);
  if (json) {
    std::cout << api::audit_verification_json(*v) << "\n";
    return code;
  }
  if (v->intact) {
    std::cout << "Audit trail intact: " << v->entries << " entries, hash chain verified\n";
  } else {
    std::cout << "Audit trail BROKEN at " << v->problem << "\n";
  }
  print_audit_mode(*v);
  return code;
}

}  // namespace planwise::cli
