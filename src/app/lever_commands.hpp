// Lever and audit use cases (issue 3 item 8; scenarios: scenario_commands.hpp), shared by the CLI
// and, later, the server. Flags arrive as text and are parsed here, so an
// error names the flag or argument that caused it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/cell_edit.hpp"
#include "app/impact_preview.hpp"
#include "app/inputs.hpp"
#include "common/result.hpp"
#include "levers/audit_trail.hpp"
#include "levers/lever_store.hpp"

namespace planwise::app {

struct LeverTarget {
  InputRequest inputs;  // configuration and seed tables (data_dir, config_path)
  std::string db_path = "planwise.duckdb";
  std::string scenario = "default";
};

// "--year 2026" or "all", "--level 2" or "all".
struct SelectorText {
  std::string year = "all";
  std::string level = "all";
};
Result<levers::CellSelector> parse_selector(const SelectorText& text);
// "merit_base=0.035" -> (kMeritBase, 0.035).
Result<std::vector<std::pair<engine::LeverParam, double>>> parse_assignments(
    const std::vector<std::string>& args);

struct LeverView {
  engine::ResolvedLevers levers;        // effective values and their sources
  std::vector<store::LeverCell> cells;  // the scenario's stored cells (locks)
  std::vector<levers::LeverIssue> issues;
};
Result<LeverView> show_levers(const LeverTarget& target);

struct LeverWriteOutcome {
  levers::LeverPlan plan;
  bool written = false;
  std::optional<ImpactPreview> impact;  // dry runs of `set`
  double elapsed_ms = 0.0;
};

struct SetLeversRequest {
  LeverTarget target;
  std::vector<std::string> assignments;
  SelectorText where;
  std::string reason;
  std::string actor;
  bool dry_run = false;
  bool confirmed = false;  // --confirm: see check_unlocked_past (app/unlocked_past.hpp)
};
Result<LeverWriteOutcome> set_levers(const SetLeversRequest& request);
// Individual cells, as the dashboard's lever grid edits them, written in
// one transaction (locked cells are skipped and reported). A dry run
// simulates the current and proposed levers and saves nothing.
struct SetCellsRequest {
  LeverTarget target;
  std::vector<CellEdit> cells;
  // Issue 15 item 4: per cell, the value the editor read (the API's
  // "expected"). A save needs every one; the write is refused when a cell
  // holds another value now. Empty or nullopt only for a dry run.
  std::vector<std::optional<double>> expected;
  std::string reason;
  std::string actor;
  bool dry_run = false;
  bool confirmed = false;  // "confirm": see check_unlocked_past (app/unlocked_past.hpp)
};
Result<LeverWriteOutcome> set_lever_cells(const SetCellsRequest& request);
Result<LeverWriteOutcome> lock_levers(const LeverTarget& target, const std::string& parameter,
                                      const SelectorText& where, bool lock,
                                      const std::string& reason, const std::string& actor);
// Imports comp_levers.csv rows into target.scenario (created when missing).
Result<LeverWriteOutcome> import_levers(const LeverTarget& target, const std::string& file,
                                        const std::string& reason, const std::string& actor,
                                        bool dry_run);
Status export_levers(const LeverTarget& target, const std::string& file);
Result<std::vector<levers::LeverIssue>> validate_scenario(const LeverTarget& target);
Result<std::vector<store::AuditRow>> lever_history(const LeverTarget& target,
                                                   const std::string& parameter,
                                                   const SelectorText& where);

// For transports that print levers: the parameters in catalogue order, and
// how to name and show them.
const std::vector<engine::LeverParam>& lever_params();
std::string lever_name(engine::LeverParam param);
bool is_multiplier(engine::LeverParam param);
// The catalogue, for transports that show it (docs/levers.md).
struct LeverInfo {
  std::string name;
  std::string event_type;
  std::string unit;
  double min = 0.0;
  double max = 0.0;
  std::string default_text;
  std::string description;
  std::string example;
};
std::vector<LeverInfo> lever_catalogue_info();
std::string describe_issue(const levers::LeverIssue& issue);
bool has_errors(const std::vector<levers::LeverIssue>& issues);

Result<std::vector<store::AuditRow>> audit_log(const std::string& db_path,
                                               const store::AuditFilter& filter);
// With the process's audit key when one is set (audit_key_source.hpp).
Result<levers::AuditVerification> verify_audit_log(const std::string& db_path,
                                                   const levers::AuditVerifyOptions& options = {});

}  // namespace planwise::app
