// Issue 14 item 2: `runs export`, `optimize export`, `ensembles export`,
// `compare ... --format xlsx|csv --out PATH` and `report NAME --format xlsx`,
// registered by export_flags.cpp on the subcommands main.cpp already made
// (runs, compare, optimize, ensembles, report); handlers in
// export_commands.cpp.
#pragma once

#include <memory>
#include <optional>

#include "app/compare.hpp"
#include "cli/command_group.hpp"

namespace planwise::cli {

class ExportCommands : public CommandGroup {
 public:
  // After `compare` was parsed into `request`: the exit code of writing the
  // comparison to --out, or nullopt without --format (print it).
  virtual std::optional<int> run_compare(const app::CompareRequest& request) = 0;
};

// Call after the runs, compare, optimize, ensembles and report subcommands
// are registered.
std::unique_ptr<ExportCommands> add_export_commands(CLI::App& app);

}  // namespace planwise::cli
