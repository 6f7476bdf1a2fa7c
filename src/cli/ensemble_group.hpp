// Issue 12: the flags that turn `simulate` and `compare` into seed
// ensembles (--seeds, --seed-list, ...), registered on those subcommands by
// ensemble_flags.cpp, and `ensembles list|show`. main.cpp builds a plain
// run's request as before and asks this group first.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/run_simulation.hpp"
#include "cli/command_group.hpp"

namespace planwise::cli {

class EnsembleCommands : public CommandGroup {
 public:
  // After `simulate` was parsed into `base`: the exit code of an ensemble,
  // or nullopt when neither --seeds nor --seed-list was given (one run).
  virtual std::optional<int> run_simulate(const app::SimulateRequest& base, bool json,
                                          bool quiet) = 0;
  // After `compare` was parsed: the exit code of a paired comparison, or
  // nullopt without --seeds / --seed-list (the comparison of stored runs).
  struct CompareFlags {
    std::vector<std::string> names;
    bool runs = false;
    std::string db;
    std::string csv_file;
    app::InputRequest inputs;
  };
  virtual std::optional<int> run_compare(const CompareFlags& flags) = 0;
};

std::unique_ptr<EnsembleCommands> add_ensemble_commands(CLI::App& app, CLI::App& simulate,
                                                        CLI::App& compare);

// `sweep LEVER=FROM:TO:STEP [LEVER=...] --seeds N` (issue 12 item 3).
std::unique_ptr<CommandGroup> add_sweep_commands(CLI::App& app,
                                                 const std::filesystem::path& data_dir);

}  // namespace planwise::cli
