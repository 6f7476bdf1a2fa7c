// Flags of `planwise sweep LEVER=FROM:TO:STEP [LEVER=...] --seeds N`
// (issue 12 item 3), kept out of main.cpp. The handler is in
// sweep_commands.cpp.
#include <CLI/CLI.hpp>

#include "app/ensemble_run.hpp"
#include "cli/commands.hpp"
#include "cli/ensemble_commands.hpp"
#include "cli/ensemble_group.hpp"

namespace planwise::cli {

namespace {

class SweepCommands : public CommandGroup {
 public:
  SweepCommands(CLI::App& app, const std::filesystem::path& data_dir) {
    o_.request.inputs.data_dir = data_dir;
    sweep_ = app.add_subcommand(
        "sweep",
        "Run a grid of one or two levers, each point over a seed ensemble: headline band and "
        "total cost per point (locks hold)");
    sweep_
        ->add_option("axes", axes_,
                     "LEVER=FROM:TO:STEP, one or two: merit_base=0.02:0.05:0.0025 "
                     "cola_rate=0.01:0.03:0.005")
        ->required()
        ->expected(1, 2);
    seeds_opt_ = sweep_
                     ->add_option("--seeds", seeds_,
                                  "Seeds per grid point: N from the configured seed, or A..B")
                     ->capture_default_str();
    list_opt_ = sweep_->add_option("--seed-list", seed_list_, "The seeds as a list: 1,5,9");
    sweep_->add_option("--scenario", o_.request.scenario,
                       "Lever scenario (default: the configuration's)");
    sweep_->add_flag("--json", o_.json, "Print one JSON object");
    sweep_->add_option("--csv", o_.csv_file, "Also write the grid as CSV to this file");
    auto* db_opt =
        sweep_->add_option("--db", db_, "Database of the levers and locks")->capture_default_str();
    sweep_->add_flag("--no-db", no_db_, "The bundled levers, no locks")->excludes(db_opt);
    sweep_->add_option("--config", config_, "Run configuration YAML");
    sweep_->add_option("--census", census_, "Census file");
    start_opt_ = sweep_->add_option("--start-year", start_year_, "First simulated year");
    end_opt_ = sweep_->add_option("--end-year", end_year_, "Last simulated year");
    sweep_->add_option("--threads", o_.request.threads, "Threads (default 0: every core)");
    sweep_->add_flag("--quiet", o_.quiet, "No progress on stderr");
  }

  std::optional<int> run() override {
    if (!sweep_->parsed()) return std::nullopt;
    app::SweepRequest& r = o_.request;
    if (!config_.empty()) r.inputs.config_path = config_;
    if (!census_.empty()) r.inputs.census_path = census_;
    if (start_opt_->count()) r.inputs.start_year = start_year_;
    if (end_opt_->count()) r.inputs.end_year = end_year_;
    if (!no_db_) r.db_path = db_;
    auto axes = app::parse_sweep_axes(axes_);
    if (!axes) return fail(axes.error());
    r.axes = std::move(axes).value();
    const bool list = list_opt_->count() > 0;
    auto seeds = app::resolve_seed_list(
        r.inputs, list && !seeds_opt_->count() ? std::nullopt : std::optional<std::string>(seeds_),
        list ? std::optional<std::string>(seed_list_) : std::nullopt, "--seeds", "--seed-list");
    if (!seeds) return fail(seeds.error());
    r.seeds = std::move(seeds).value();
    return run_sweep(o_);
  }

 private:
  SweepCliOptions o_;
  std::vector<std::string> axes_;
  std::string seeds_ = "10", seed_list_, db_ = "planwise.duckdb", config_, census_;
  bool no_db_ = false;
  int start_year_ = 0, end_year_ = 0;
  CLI::App* sweep_ = nullptr;
  CLI::Option *seeds_opt_ = nullptr, *list_opt_ = nullptr, *start_opt_ = nullptr,
              *end_opt_ = nullptr;
};

}  // namespace

std::unique_ptr<CommandGroup> add_sweep_commands(CLI::App& app,
                                                 const std::filesystem::path& data_dir) {
  return std::make_unique<SweepCommands>(app, data_dir);
}

}  // namespace planwise::cli
