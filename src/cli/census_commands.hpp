// `planwise census import|list` (issue 14 item 1): options and handlers.
// The flags are registered by census_flags.cpp under the `census` command
// that main.cpp makes, so other census subcommands can share it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/census_import.hpp"
#include "cli/command_group.hpp"

namespace planwise::cli {

struct CensusImportFlags {
  std::string file;
  std::string map_path;                  // --map: a saved mapping file instead of a proposal
  std::string save_map_path;             // --save-map: where to write the map used
  std::string date_format;               // --date-format: answers an ambiguous date format
  std::optional<double> standard_hours;  // --standard-hours: weekly hours of hourly pay
  std::string issues_csv;                // --issues-csv: every issue as CSV
  bool yes = false;                      // --yes: confirm and store
  std::string name;
  std::string db = "planwise.duckdb";
  std::string as;
  app::CensusImportOptions options;
};

int run_census_import(const CensusImportFlags& flags);
int run_census_list(const std::string& db);

// `census import` and `census list`, attached to `census`.
std::unique_ptr<CommandGroup> add_census_commands(CLI::App& census,
                                                  const std::filesystem::path& data_dir);

}  // namespace planwise::cli
