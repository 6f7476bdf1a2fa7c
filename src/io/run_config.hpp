// Spec §1.6: the whole run configuration file, read from YAML. The engine
// part goes to the engine; paths and output selection stay with I/O.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/config.hpp"
#include "engine/validation_item.hpp"

namespace planwise::io {

// Spec §5 table names, in the order they are written.
inline constexpr const char* kOutputTables[] = {
    "yearly_events",      "workforce_snapshot",      "compensation_growth",  "year_summary",
    "baseline_workforce", "census_duplicates_audit", "effective_parameters", "validation_report",
    "pay_budget",         "hires_by_level"};

struct RunConfig {
  engine::EngineConfig engine;
  std::filesystem::path config_file;  // empty when built from defaults
  // Relative paths in the file are resolved against the config file's folder.
  std::filesystem::path census_path;
  std::filesystem::path seeds_dir;
  std::filesystem::path output_dir;
  std::vector<std::string> output_tables;  // default: every table of kOutputTables
  engine::ValidationItems warnings;        // unknown or unused keys (§1.6)

  bool wants_table(std::string_view name) const;
};

// Defaults of §1.6 with the bundled files beside `data_dir`.
RunConfig default_run_config(const std::filesystem::path& data_dir);

// Reads and validates a YAML file. Errors name the file, the line and the
// key. Paths the file leaves out default to the bundled files in `data_dir`.
Result<RunConfig> read_run_config(const std::filesystem::path& path,
                                  const std::filesystem::path& data_dir);
Result<RunConfig> parse_run_config(const std::string& yaml_text, const std::filesystem::path& path,
                                   const std::filesystem::path& data_dir);

}  // namespace planwise::io
