// Flags of the governance commands (issue 11 item 7): `planwise request
// ...` and `planwise scenario policy`. The cell syntax and selectors are
// those of `levers set`; the handlers are in request_commands.cpp.
#include <CLI/CLI.hpp>

#include "cli/command_group.hpp"
#include "cli/governance_commands.hpp"

namespace planwise::cli {

namespace {

constexpr const char* kAsHelp =
    "Who: an enabled user of the database, acting with that user's role (default: the OS "
    "user, trusted like an admin)";

class GovernanceCommands : public CommandGroup {
 public:
  GovernanceCommands(CLI::App& app, CLI::App& scenario, const std::filesystem::path& data_dir) {
    o_.target.inputs.data_dir = data_dir;
    add_requests(app);
    add_policy(scenario);
  }

  std::optional<int> run() override {
    if (!config_.empty()) o_.target.inputs.config_path = config_;
    if (create_->parsed()) return run_request_create(o_, assignments_);
    for (const auto& [name, cmd] : actions_) {
      if (cmd->parsed()) return run_request_action(o_, name, id_);
    }
    if (rollback_->parsed()) return run_request_rollback(o_, id_, !no_submit_);
    if (list_->parsed()) {
      if (!scenario_opt_list_->count()) o_.target.scenario.clear();  // every scenario
      return run_request_list(o_);
    }
    if (show_->parsed()) return run_request_show(o_, id_);
    if (policy_->parsed()) {
      app::PolicyChange change;
      change.approval_threshold = threshold_;
      if (auto_approve_) change.auto_approve = *auto_approve_ == "on";
      if (auto_publish_) change.auto_publish = *auto_publish_ == "on";
      return run_scenario_policy(o_, change);
    }
    return std::nullopt;
  }

 private:
  void add_common(CLI::App* c, bool scenario) {
    c->add_option("--db", o_.target.db_path, "Database file")->capture_default_str();
    if (scenario)
      c->add_option("--scenario", o_.target.scenario, "Lever scenario")->capture_default_str();
    c->add_option("--config", config_, "Run configuration YAML (seed tables, census, seed)");
    c->add_option("--as", o_.as, kAsHelp);
  }

  void add_requests(CLI::App& app) {
    CLI::App* req = app.add_subcommand(
        "request",
        "Change requests of a published plan: create, review, approve, publish, roll "
        "back (docs/governance.md)");
    req->require_subcommand(1);
    create_ = req->add_subcommand(
        "create",
        "Request lever changes: planwise request create merit_base=0.045 --year 2027 --level 3 "
        "--justification TEXT (the impact is simulated against the published levers)");
    create_->add_option("assignments", assignments_, "NAME=VALUE pairs (fractions: 0.035 = 3.5 %)")
        ->required();
    create_->add_option("--year", o_.where.year, "Fiscal year, or all")->capture_default_str();
    create_->add_option("--level", o_.where.level, "Job level, or all")->capture_default_str();
    create_->add_option("--justification", o_.justification, "Business justification (required)");
    create_->add_flag("--submit", o_.submit, "Submit for approval at once");
    add_common(create_, true);
    for (const char* name : {"submit", "approve", "reject", "publish", "rebase"}) {
      CLI::App* c = req->add_subcommand(name, action_help(name));
      c->add_option("id", id_, "Request id (CR-n)")->required();
      add_common(c, false);
      actions_.emplace_back(name, c);
    }
    actions_[1].second->add_option("--note", o_.note, "A note recorded with the approval");
    actions_[2].second->add_option("--reason", o_.reason, "Why it is rejected (required)");
    rollback_ = req->add_subcommand(
        "rollback", "Request the undoing of a published request: restores the values it replaced");
    rollback_->add_option("id", id_, "The published request (CR-n)")->required();
    rollback_->add_option("--justification", o_.justification, "Why (required)");
    rollback_->add_flag("--no-submit", no_submit_, "Leave the rollback request a draft");
    add_common(rollback_, false);
    list_ = req->add_subcommand("list", "List change requests, newest first");
    list_->add_option("--state", o_.state,
                      "draft, pending, approved, rejected, published or rolled_back");
    list_->add_option("--requester", o_.requester, "Only this requester's");
    list_->add_flag("--json", o_.json, "The JSON of GET /api/requests");
    add_common(list_, false);
    scenario_opt_list_ = list_->add_option("--scenario", o_.target.scenario,
                                           "Only this scenario (default: every scenario)");
    show_ = req->add_subcommand("show", "A request: impact, risk, cells, decisions");
    show_->add_option("id", id_, "Request id (CR-n)")->required();
    show_->add_flag("--json", o_.json, "The JSON of GET /api/requests/{id}");
    add_common(show_, false);
  }

  static std::string action_help(const std::string& name) {
    if (name == "submit") return "Submit a draft for approval";
    if (name == "approve") return "Approve a pending request (an approver, not its requester)";
    if (name == "reject") return "Reject a pending request (--reason required)";
    if (name == "publish") return "Apply an approved request to the published levers";
    return "Simulate a request's impact again against the plan published now";
  }

  void add_policy(CLI::App& scenario) {
    policy_ = scenario.add_subcommand(
        "policy", "Show or set a scenario's approval policy (unset flags keep their value)");
    policy_->add_option("--threshold", threshold_,
                        "Cost impact in dollars above which a request needs an approver");
    policy_
        ->add_option("--auto-approve", auto_approve_,
                     "on: requests at or under the threshold are approved when submitted")
        ->check(CLI::IsMember({"on", "off"}));
    policy_
        ->add_option("--auto-publish", auto_publish_,
                     "on: an approved request is published at once")
        ->check(CLI::IsMember({"on", "off"}));
    policy_->add_option("--reason", o_.reason, "Why: recorded in the audit trail");
    add_common(policy_, true);
  }

  GovernanceOptions o_;
  std::string config_, id_;
  std::vector<std::string> assignments_;
  bool no_submit_ = false;
  std::optional<double> threshold_;
  std::optional<std::string> auto_approve_, auto_publish_;
  CLI::App *create_ = nullptr, *rollback_ = nullptr, *list_ = nullptr, *show_ = nullptr,
           *policy_ = nullptr;
  CLI::Option* scenario_opt_list_ = nullptr;
  std::vector<std::pair<std::string, CLI::App*>> actions_;
};

}  // namespace

std::unique_ptr<CommandGroup> add_governance_commands(CLI::App& app, CLI::App& scenario,
                                                      const std::filesystem::path& data_dir) {
  return std::make_unique<GovernanceCommands>(app, scenario, data_dir);
}

}  // namespace planwise::cli
