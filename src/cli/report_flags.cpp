// Flags of `planwise report NAME [--format table|csv|html|xlsx] [--out FILE]
// [--scenario S] [--request CR-n]` (issue 11 items 5 and 7); the handler is
// in report_commands.cpp.
#include <CLI/CLI.hpp>

#include "cli/command_group.hpp"
#include "cli/report_commands.hpp"

namespace planwise::cli {

namespace {

class ReportCommands : public CommandGroup {
 public:
  ReportCommands(CLI::App& app, const std::filesystem::path& data_dir) {
    report_.target.inputs.data_dir = data_dir;
    report_cmd_ = app.add_subcommand("report",
                                     "Governance reports: audit-trail, approvals, change-history, "
                                     "executive-summary, compliance, executive-report");
    report_cmd_->add_option("name", report_name_, "Report name")->required();
    report_cmd_->add_option("--format", report_.format, "table, csv, html or xlsx (with --out)")
        ->check(CLI::IsMember({"table", "csv", "html", "xlsx"}))
        ->capture_default_str();
    report_cmd_->add_option("--out", report_.out, "Write to this file instead of stdout");
    report_scenario_ = report_cmd_->add_option(
        "--scenario", report_.target.scenario,
        "Only this scenario (executive-report: the scenario's published plan)");
    report_cmd_->add_option("--request", report_.request_id,
                            "executive-report: the change request (CR-n)");
    report_cmd_->add_option("--db", report_.target.db_path, "Database file")->capture_default_str();
    report_cmd_->add_option("--config", config_, "Run configuration YAML");
    report_cmd_->add_option("--as", report_.as,
                            "Who: an enabled user of the database, named in the executive "
                            "report (default: the OS user)");
  }

  std::optional<int> run() override {
    if (!report_cmd_->parsed()) return std::nullopt;
    if (!config_.empty()) report_.target.inputs.config_path = config_;
    report_.scenario_given = report_scenario_->count() > 0;
    return run_report(report_, report_name_);
  }

 private:
  ReportOptions report_;
  std::string config_, report_name_;
  CLI::App* report_cmd_ = nullptr;
  CLI::Option* report_scenario_ = nullptr;
};

}  // namespace

std::unique_ptr<CommandGroup> add_report_commands(CLI::App& app,
                                                  const std::filesystem::path& data_dir) {
  return std::make_unique<ReportCommands>(app, data_dir);
}

}  // namespace planwise::cli
