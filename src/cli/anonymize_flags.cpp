// Flags of `planwise census anonymize IN OUT --seed S` (issue 14 item 5);
// the handler is in anonymize_commands.cpp.
#include <CLI/CLI.hpp>

#include "cli/anonymize_commands.hpp"
#include "cli/command_group.hpp"

namespace planwise::cli {

namespace {

class AnonymizeCommand : public CommandGroup {
 public:
  AnonymizeCommand(CLI::App& census, const std::filesystem::path& data_dir) {
    options_.inputs.data_dir = data_dir;
    cmd_ = census.add_subcommand(
        "anonymize",
        "Write a shareable copy of a census: keyed pseudonyms for ids and SSNs, dates moved "
        "within ±N days, pay scaled by one secret factor (docs/data.md)");
    cmd_->add_option("in", in_, "Census to anonymize (.csv or .parquet)")->required();
    cmd_->add_option("out", out_, "Anonymized census to write (.csv or .parquet)")->required();
    cmd_->add_option("--seed", options_.spec.seed, "Seed of the pseudonyms and offsets (secret)")
        ->required();
    cmd_->add_option("--key-file", key_file_,
                     "File of secret bytes mixed into the pseudonym key (recommended)");
    cmd_->add_option("--shift-days", options_.spec.max_shift_days,
                     "Largest date shift in days (±N)")
        ->capture_default_str();
    cmd_->add_option("--pay-spread", options_.spec.pay_spread,
                     "The pay factor is drawn from [1 - spread, 1 + spread]")
        ->capture_default_str();
    cmd_->add_option("--pay-round", options_.spec.pay_round, "Round pay to a multiple of this")
        ->capture_default_str();
    cmd_->add_option("--config", config_,
                     "Run configuration for the headline check (default: the bundled one)");
    cmd_->add_option("--check-seeds", options_.check_seeds,
                     "Seeds of the headline check, from the configured one (0: no check)")
        ->capture_default_str();
  }

  std::optional<int> run() override {
    if (!cmd_->parsed()) return std::nullopt;
    options_.spec.in = in_;
    options_.spec.out = out_;
    if (!key_file_.empty()) options_.spec.key_file = key_file_;
    if (!config_.empty()) options_.inputs.config_path = config_;
    return run_anonymize(options_);
  }

 private:
  AnonymizeOptions options_;
  std::string in_, out_, key_file_, config_;
  CLI::App* cmd_ = nullptr;
};

}  // namespace

std::unique_ptr<CommandGroup> add_anonymize_command(CLI::App& census,
                                                    const std::filesystem::path& data_dir) {
  return std::make_unique<AnonymizeCommand>(census, data_dir);
}

}  // namespace planwise::cli
