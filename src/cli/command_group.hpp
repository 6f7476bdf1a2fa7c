// A group of subcommands whose flags are registered by a file of its own
// (governance_flags.cpp, optimize_flags.cpp, ...), so main.cpp stays a table of
// contents. CLI11 is included only by the files that register flags; this
// header forward-declares it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace planwise::cli {

class CommandGroup {
 public:
  virtual ~CommandGroup() = default;
  // After parsing: the exit code of the group's parsed subcommand, or
  // nullopt when none of its subcommands was on the command line.
  virtual std::optional<int> run() = 0;
};

// `request create|submit|list|show|approve|reject|publish|rollback|rebase`
// and `scenario policy` (under `scenario`) (issue 11 item 7).
std::unique_ptr<CommandGroup> add_governance_commands(CLI::App& app, CLI::App& scenario,
                                                      const std::filesystem::path& data_dir);

// `report NAME` (issue 11 items 5 and 7).
std::unique_ptr<CommandGroup> add_report_commands(CLI::App& app,
                                                  const std::filesystem::path& data_dir);

// `optimize` and `optimize list|show|summary|report`; `command_line` is
// recorded with the run.
std::unique_ptr<CommandGroup> add_optimize_commands(CLI::App& app,
                                                    const std::filesystem::path& data_dir,
                                                    const std::string& command_line);

// `census anonymize IN OUT --seed S` (issue 14 item 5), under `census`.
std::unique_ptr<CommandGroup> add_anonymize_command(CLI::App& census,
                                                    const std::filesystem::path& data_dir);

}  // namespace planwise::cli
