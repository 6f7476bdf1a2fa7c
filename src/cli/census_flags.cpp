// Flags of `planwise census import FILE [--map M.yaml] [--save-map M.yaml]
// [--date-format F] [--standard-hours H] [--yes] [--name N] [--db D]` and
// `planwise census list [--db D]` (issue 14 item 1); the handlers are in
// census_commands.cpp.
#include <CLI/CLI.hpp>

#include "cli/census_commands.hpp"

namespace planwise::cli {

namespace {

class CensusCommands : public CommandGroup {
 public:
  CensusCommands(CLI::App& census, const std::filesystem::path& data_dir) {
    import_.options.inputs.data_dir = data_dir;
    import_cmd_ = census.add_subcommand(
        "import", "Map an HRIS census (CSV or Parquet) to ours, preview it, and store it (--yes)");
    import_cmd_->add_option("file", import_.file, "The census file")->required();
    import_cmd_->add_option("--map", import_.map_path,
                            "A saved mapping file (YAML, docs/data.md) instead of a proposal");
    import_cmd_->add_option("--save-map", import_.save_map_path,
                            "Write the map used to this YAML file, for next month's file");
    import_cmd_->add_option("--date-format", import_.date_format,
                            "Format of date columns the map leaves open, e.g. MM/DD/YYYY");
    import_cmd_->add_option("--standard-hours", import_.standard_hours,
                            "Weekly hours of hourly pay where no standard-hours cell says");
    import_cmd_->add_option("--issues-csv", import_.issues_csv,
                            "Write every error and warning of the preview to this CSV file");
    import_cmd_->add_flag("--yes", import_.yes, "Confirm: store the census (refused with errors)");
    import_cmd_->add_option("--name", import_.name,
                            "Name of the stored census (default: file stem)");
    import_cmd_->add_option("--db", import_.db, "Database file")->capture_default_str();
    import_cmd_->add_option("--config", config_, "Run configuration YAML (census date, levels)");
    import_cmd_->add_option("--as", import_.as,
                            "Who: an enabled user of the database, recorded in the audit trail "
                            "(default: the OS user)");
    list_cmd_ = census.add_subcommand("list", "List the stored censuses");
    list_cmd_->add_option("--db", list_db_, "Database file")->capture_default_str();
  }

  std::optional<int> run() override {
    if (import_cmd_->parsed()) {
      if (!config_.empty()) import_.options.inputs.config_path = config_;
      return run_census_import(import_);
    }
    if (list_cmd_->parsed()) return run_census_list(list_db_);
    return std::nullopt;
  }

 private:
  CensusImportFlags import_;
  std::string config_, list_db_ = "planwise.duckdb";
  CLI::App* import_cmd_ = nullptr;
  CLI::App* list_cmd_ = nullptr;
};

}  // namespace

std::unique_ptr<CommandGroup> add_census_commands(CLI::App& census,
                                                  const std::filesystem::path& data_dir) {
  return std::make_unique<CensusCommands>(census, data_dir);
}

}  // namespace planwise::cli
