// Flags of `simulate --seeds|--seed-list` and `compare A B --seeds` and the
// `ensembles list|show` commands (issue 12 items 1 and 2), kept out of
// main.cpp. Handlers are in ensemble_commands.cpp and paired_commands.cpp.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/ensemble_commands.hpp"
#include "cli/ensemble_group.hpp"

namespace planwise::cli {

namespace {

std::optional<std::string> text_of(const CLI::Option* option, const std::string& value) {
  return option->count() ? std::optional<std::string>(value) : std::nullopt;
}

bool is_lever_file(const std::string& operand) {
  return operand.size() > 4 && operand.compare(operand.size() - 4, 4, ".csv") == 0;
}

class Ensembles : public EnsembleCommands {
 public:
  Ensembles(CLI::App& app, CLI::App& simulate, CLI::App& compare) {
    sim_seeds_ = simulate.add_option(
        "--seeds", seeds_,
        "Run an ensemble: N seeds counting up from the configured seed (25), or A..B (100..199)");
    sim_list_ =
        simulate.add_option("--seed-list", seed_list_, "Run an ensemble of these seeds: 1,5,9");
    keep_rows_ = simulate.add_option(
        "--keep-rows", keep_rows_seed_,
        "With --seeds: also store this seed as a full run (every table, a run id)");
    budget_ = simulate.add_option(
        "--budget", budget_value_,
        "With --seeds: the probability that total cost over the years exceeds this many dollars");
    attribute_ = simulate.add_flag(
        "--attribute", attribute_value_,
        "With --seeds: attribute the headline's variance to the draw groups (6 x the runs)");
    sim_threads_ =
        simulate.add_option("--threads", threads_, "With --seeds: threads (default 0: every core)");
    per_seed_ = simulate.add_flag("--per-seed", per_seed_value_,
                                  "With --seeds --json: include every seed's yearly metrics");

    cmp_seeds_ = compare.add_option(
        "--seeds", seeds_,
        "Compare A and B seed by seed with the same draws: N seeds from the configured seed, or "
        "A..B (B may be a lever CSV file)");
    cmp_list_ = compare.add_option("--seed-list", seed_list_, "The seeds as a list: 1,5,9");
    cmp_threads_ =
        compare.add_option("--threads", threads_, "With --seeds: threads (default 0: every core)");
    cmp_json_ = compare.add_flag("--json", cmp_json_value_, "With --seeds: print one JSON object");
    cmp_no_db_ = compare.add_flag("--no-db", cmp_no_db_value_,
                                  "With --seeds: the bundled levers, no lever store");
    cmp_no_db_->excludes(compare.get_option("--db"));

    ensembles_ = app.add_subcommand("ensembles", "List or show stored seed ensembles");
    ensembles_->require_subcommand(1);
    list_ = ensembles_->add_subcommand("list", "List stored ensembles");
    show_ = ensembles_->add_subcommand("show", "Show one ensemble: provenance and bands");
    show_->add_option("ensemble_id", ensemble_id_, "Ensemble id")->required();
    for (CLI::App* c : {list_, show_})
      c->add_option("--db", db_, "Run store database file")->capture_default_str();
  }

  std::optional<int> run() override {
    if (list_->parsed()) return run_ensembles_list(db_);
    if (show_->parsed()) return run_ensembles_show(db_, ensemble_id_);
    return std::nullopt;
  }

  std::optional<int> run_simulate(const app::SimulateRequest& base, bool json,
                                  bool quiet) override {
    if (!sim_seeds_->count() && !sim_list_->count()) {
      for (const CLI::Option* o : {keep_rows_, budget_, attribute_, sim_threads_, per_seed_}) {
        if (o->count()) return needs_seeds(o->get_name());
      }
      return std::nullopt;
    }
    if (base.inputs.seed) {
      return fail(
          Error::command_line(sim_seeds_->count() ? "--seeds" : "--seed-list", "one_seed_source",
                              sim_seeds_->count() ? seeds_ : seed_list_,
                              std::string(sim_seeds_->count() ? "--seeds" : "--seed-list") +
                                  " runs an ensemble and --seed runs one seed: give one of them"));
    }
    if (base.export_dir) {
      return fail(
          Error::command_line("--export", "export_one_run", base.export_dir->string(),
                              "--export writes one run's tables; with --seeds keep one seed as a "
                              "stored run with --keep-rows SEED, or run it alone with --seed"));
    }
    EnsembleCliOptions o;
    app::EnsembleRequest& r = o.request;
    r.inputs = base.inputs;
    r.db_path = base.db_path;
    r.extend_levers = base.extend_levers;
    r.command = base.command;
    r.actor = base.actor;
    auto seeds = app::resolve_seed_list(base.inputs, text_of(sim_seeds_, seeds_),
                                        text_of(sim_list_, seed_list_), "--seeds", "--seed-list");
    if (!seeds) return fail(seeds.error());
    r.seeds = std::move(seeds).value();
    if (keep_rows_->count()) r.keep_rows_seed = keep_rows_seed_;
    if (budget_->count()) r.budget = budget_value_;
    r.attribute = attribute_value_;
    r.threads = threads_;
    r.checks = base.checks.value_or(engine::ChecksLevel::kFinal);
    o.json = json;
    o.quiet = quiet;
    o.per_seed = per_seed_value_;
    return run_ensemble_simulate(o);
  }

  std::optional<int> run_compare(const CompareFlags& flags) override {
    if (!cmp_seeds_->count() && !cmp_list_->count()) {
      for (const CLI::Option* o : {cmp_threads_, cmp_json_, cmp_no_db_}) {
        if (o->count()) return needs_seeds(o->get_name());
      }
      return std::nullopt;
    }
    if (flags.runs) {
      return fail(
          Error::command_line("--runs", "paired_needs_plans", "",
                              "--runs compares stored runs; --seeds simulates two plans (scenarios "
                              "or lever CSV files) seed by seed"));
    }
    if (flags.names.size() != 2) {
      return fail(
          Error::command_line("names", "two_plans", std::to_string(flags.names.size()),
                              "compare --seeds takes exactly two plans, A B (a scenario or a lever "
                              "CSV file each)"));
    }
    PairedCliOptions o;
    app::PairedCompareRequest& r = o.request;
    r.inputs = flags.inputs;
    if (!cmp_no_db_value_) r.db_path = flags.db;
    app::PlanSide* sides[] = {&r.a, &r.b};
    for (std::size_t i = 0; i < 2; ++i) {
      if (is_lever_file(flags.names[i])) {
        sides[i]->levers_file = flags.names[i];
      } else {
        sides[i]->scenario = flags.names[i];
      }
    }
    // A lever file is a proposal for the other side's scenario.
    if (r.b.levers_file && !r.a.levers_file) r.b.scenario = r.a.scenario;
    if (r.a.levers_file && !r.b.levers_file) r.a.scenario = r.b.scenario;
    auto seeds = app::resolve_seed_list(flags.inputs, text_of(cmp_seeds_, seeds_),
                                        text_of(cmp_list_, seed_list_), "--seeds", "--seed-list");
    if (!seeds) return fail(seeds.error());
    r.seeds = std::move(seeds).value();
    r.threads = threads_;
    o.json = cmp_json_value_;
    o.csv_file = flags.csv_file;
    return run_paired_compare(o);
  }

 private:
  static int needs_seeds(const std::string& flag) {
    return fail(Error::command_line(
        flag, "needs_seeds", "", flag + " applies to an ensemble: add --seeds N or --seed-list"));
  }

  std::string seeds_, seed_list_, ensemble_id_, db_ = "planwise.duckdb";
  std::uint64_t keep_rows_seed_ = 0;
  double budget_value_ = 0.0;
  int threads_ = 0;
  bool attribute_value_ = false, per_seed_value_ = false, cmp_json_value_ = false,
       cmp_no_db_value_ = false;
  CLI::Option *sim_seeds_ = nullptr, *sim_list_ = nullptr, *keep_rows_ = nullptr,
              *budget_ = nullptr, *attribute_ = nullptr, *sim_threads_ = nullptr,
              *per_seed_ = nullptr, *cmp_seeds_ = nullptr, *cmp_list_ = nullptr,
              *cmp_threads_ = nullptr, *cmp_json_ = nullptr, *cmp_no_db_ = nullptr;
  CLI::App *ensembles_ = nullptr, *list_ = nullptr, *show_ = nullptr;
};

}  // namespace

std::unique_ptr<EnsembleCommands> add_ensemble_commands(CLI::App& app, CLI::App& simulate,
                                                        CLI::App& compare) {
  return std::make_unique<Ensembles>(app, simulate, compare);
}

}  // namespace planwise::cli
