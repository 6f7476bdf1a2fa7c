// Flags of `planwise optimize` and `optimize list|show|summary|report`
// (issue 6, issue 10 items 6 and 7), moved out of main.cpp to keep it a
// table of contents. Handlers are in optimize_commands.cpp.
#include <CLI/CLI.hpp>

#include <algorithm>

#include "app/users.hpp"
#include "cli/command_group.hpp"
#include "cli/commands.hpp"

namespace planwise::cli {

namespace {

class OptimizeCommands : public CommandGroup {
 public:
  OptimizeCommands(CLI::App& app, const std::filesystem::path& data_dir,
                   const std::string& command_line)
      : command_line_(command_line) {
    oq.inputs.data_dir = data_dir;
    optimize_ = app.add_subcommand("optimize",
                                   "Find the levers that hit an average-pay growth target "
                                   "(S045 loop, root finders, NLopt, NSGA-II)");
    optimize_->require_subcommand(0, 1);
    optimize_->add_option("--scenario", oq.scenario, "Lever scenario to tune")
        ->capture_default_str();
    optimize_->add_option("--target", oq.target, "Target growth as a fraction (0.02 = 2%)")
        ->capture_default_str();
    optimize_
        ->add_option("--tolerance", oq.tolerance, "Tolerance as a fraction (0.001 = 0.1 point)")
        ->capture_default_str();
    optimize_
        ->add_option("--max-iterations", oq.max_iterations,
                     "S045 iterations (1-20); 1 = one iteration")
        ->capture_default_str();
    optimize_->add_option("--mode", oq.mode, "S045 mode")
        ->check(CLI::IsMember({"conservative", "balanced", "aggressive"}))
        ->capture_default_str();
    std::string algorithm_help = "Search algorithm, by id:";  // with its plain name (issue 10)
    std::vector<std::string> algorithm_ids;
    for (const tuning::AlgorithmInfo& a : app::optimizer_algorithms()) {
      algorithm_help += "\n  " + a.id + ": " + a.label + " — " + a.description;
      algorithm_ids.push_back(a.id);
    }
    optimize_->add_option("--algorithm", oq.algorithm, algorithm_help)
        ->check(CLI::IsMember(algorithm_ids))
        ->capture_default_str();
    optimize_->add_option(
        "--levers", opt_levers_csv,
        "Lever groups to move: cola,merit,new_hire,promotion_probability,promotion_raise "
        "(default: cola,merit,new_hire for s045/secant/brent, all five otherwise)");
    optimize_
        ->add_option(
            "--mix", oq.mix,
            "secant/brent lever mix: cola, merit, new_hire, s045 or NAME=WEIGHT,... (merit is "
            "level-weighted 1.2-0.1*L)")
        ->capture_default_str();
    optimize_
        ->add_option("--metric", oq.metric, "Headline: mean, final or compound avg_comp_growth")
        ->check(CLI::IsMember({"mean", "final", "compound"}))
        ->capture_default_str();
    budget_evals = optimize_->add_option(
        "--budget-evals", budget_evals_value,
        "Evaluation budget (default: s045 iterations + 2, nsga2 1000, others 200)");
    budget_secs =
        optimize_->add_option("--budget-seconds", budget_seconds, "Wall-clock budget in seconds");
    cost_cap_opt = optimize_->add_option(
        "--cost-cap", cost_cap,
        "Cap in dollars on each year's total payroll (prorated) (cobyla, slsqp, nsga2)");
    // Robust targets (issue 12 item 5).
    optimize_
        ->add_option("--seeds", oq.seeds,
                     "Evaluate each candidate over this many seeds from --seed (the same seeds for "
                     "every candidate: common random numbers)")
        ->capture_default_str();
    optimize_
        ->add_option("--objective", oq.objective,
                     "With --seeds: tune the mean, p50 or p90 of the per-seed headline")
        ->capture_default_str();
    cap_opt = optimize_->add_option(
        "--cap", cap, "Chance constraint: growth at or below this fraction (with --probability)");
    budget_opt = optimize_->add_option("--budget", budget,
                                       "Chance constraint: total payroll (prorated) over the "
                                       "years at or below this many dollars (with --probability)");
    probability_opt = optimize_->add_option(
        "--probability", probability,
        "The share of seeds in which --cap and --budget must hold (0-1; default 1)");
    // Guard rails (issue 10 item 7): on by default, each adjustable.
    merit_floor_opt = optimize_->add_option(
        "--merit-floor", merit_floor,
        "Guard rail: every merit rate at least this fraction (default 0.01; 0 turns it off)");
    cola_floor_opt = optimize_->add_option(
        "--cola-floor", cola_floor,
        "Guard rail: every year's COLA at least this fraction (default 0: the configuration has no "
        "inflation floor)");
    optimize_->add_flag("--no-merit-ordering", no_merit_ordering,
                        "Guard rail off: allow a lower level less merit than a higher one");
    optimize_->add_flag("--no-promotion-ranges", no_promotion_ranges,
                        "Guard rail off: promotion probabilities anywhere in their hard range, not "
                        "only half to double the level's reference");
    optimize_->add_option("--weights", oq.weights,
                          "Objective weights: growth=W,cost=W,equity=W (bobyqa, cobyla, slsqp)");
    optimize_->add_option("--bounds", oq.bounds,
                          "Narrower bounds: VARIABLE=LOW:HIGH, e.g. merit_L1=0.02:0.05");
    optimize_->add_option("--population", oq.population, "NSGA-II population")
        ->capture_default_str();
    optimize_
        ->add_option("--spread-seeds", oq.spread_seeds,
                     "Seeds for the seed-to-seed spread (0: skip)")
        ->capture_default_str();
    optimize_->add_flag("--no-sensitivity", no_sensitivity, "Skip the sensitivity analysis");
    optimize_->add_flag("--dry-run", oq.dry_run, "Propose levers; change nothing in the scenario");
    optimize_->add_flag("--accept-best", oq.accept_best,
                        "Write the best point even when not converged");
    optimize_->add_flag("--confirm", oq.confirm,
                        "Write into a scenario that locks no past or current plan year");
    optimize_->add_option("--config", opt_config, "Run configuration YAML");
    optimize_->add_option("--census", opt_census, "Census file");
    optimize_->add_option("--levers-file", opt_levers,
                          "comp_levers.csv instead of the lever store (with --no-db)");
    opt_seed_opt = optimize_->add_option("--seed", opt_seed, "Random seed");
    opt_start_opt = optimize_->add_option("--start-year", opt_start, "First simulated year");
    opt_end_opt = optimize_->add_option("--end-year", opt_end, "Last simulated year");
    auto* opt_db_opt =
        optimize_->add_option("--db", opt_db, "Database file")->capture_default_str();
    optimize_->add_option("--as", opt_as,
                          "Who: an enabled user of the database, recorded in the audit trail "
                          "(default: the OS user)");
    optimize_->add_flag("--no-db", opt_no_db, "Store nothing (levers from the bundled file)")
        ->excludes(opt_db_opt);
    optimize_->add_flag("--json", opt.json, "Print one JSON object on stdout");
    optimize_->add_flag("--quiet", opt.quiet, "No progress on stderr");
    o_list = optimize_->add_subcommand("list", "List stored optimization runs");
    o_list->add_flag("--json", opt_list_json, "JSON output");
    o_show = optimize_->add_subcommand("show", "Show an optimization run and its evaluations");
    o_summary =
        optimize_->add_subcommand("summary", "The results summary of a run (tuning.md §4.7)");
    o_report = optimize_->add_subcommand("report", "The Markdown evidence report of a run");
    for (CLI::App* c : {o_show, o_summary, o_report})
      c->add_option("run_id", opt_run_id, "Optimization run id")->required();
    for (CLI::App* c : {o_show, o_summary}) c->add_flag("--json", opt_list_json, "JSON output");
    o_report->add_option("--out", opt_out, "Write the report to this file");
    for (CLI::App* c : {o_list, o_show, o_summary, o_report})
      c->add_option("--db", opt_db, "Database file")->capture_default_str();
  }

  std::optional<int> run() override {
    if (o_list->parsed()) return run_optimize_list(opt_db, opt_list_json);
    if (o_show->parsed()) return run_optimize_show(opt_db, opt_run_id, "show", opt_list_json, "");
    if (o_summary->parsed())
      return run_optimize_show(opt_db, opt_run_id, "summary", opt_list_json, "");
    if (o_report->parsed()) return run_optimize_show(opt_db, opt_run_id, "report", false, opt_out);
    if (optimize_->parsed()) {
      if (!opt_config.empty()) oq.inputs.config_path = opt_config;
      if (!opt_census.empty()) oq.inputs.census_path = opt_census;
      if (!opt_levers.empty()) oq.inputs.levers_path = opt_levers;
      if (opt_seed_opt->count()) oq.inputs.seed = opt_seed;
      if (opt_start_opt->count()) oq.inputs.start_year = opt_start;
      if (opt_end_opt->count()) oq.inputs.end_year = opt_end;
      if (budget_evals->count()) oq.budget_evaluations = budget_evals_value;
      if (budget_secs->count()) oq.budget_seconds = budget_seconds;
      if (cost_cap_opt->count()) oq.cost_cap = cost_cap;
      if (cap_opt->count()) oq.cap = cap;
      if (budget_opt->count()) oq.budget = budget;
      if (probability_opt->count()) oq.probability = probability;
      if (merit_floor_opt->count()) oq.merit_floor = merit_floor;
      if (cola_floor_opt->count()) oq.cola_floor = cola_floor;
      oq.merit_ordering = !no_merit_ordering;
      oq.promotion_ranges = !no_promotion_ranges;
      for (std::size_t pos = 0; pos < opt_levers_csv.size();) {
        const std::size_t end = std::min(opt_levers_csv.find(',', pos), opt_levers_csv.size());
        if (end > pos) oq.levers.push_back(opt_levers_csv.substr(pos, end - pos));
        pos = end + 1;
      }
      oq.sensitivity = !no_sensitivity;
      oq.db_path = opt_no_db ? std::nullopt : std::optional<std::string>(opt_db);
      oq.command = command_line_;
      auto actor = app::cli_actor(opt_db, opt_as);
      if (!actor) return fail(actor.error());
      oq.actor = std::move(actor).value();
      return run_optimize(opt);
    }
    return std::nullopt;
  }

 private:
  std::string command_line_;
  OptimizeOptions opt;
  app::OptimizeRequest& oq = opt.request;
  std::string opt_config, opt_census, opt_levers, opt_db = "planwise.duckdb", opt_run_id, opt_out;
  std::uint64_t opt_seed = 0;
  int opt_start = 0, opt_end = 0;
  bool opt_no_db = false, opt_list_json = false;
  std::string opt_levers_csv, opt_as;
  int budget_evals_value = 0;
  double budget_seconds = 0.0, cost_cap = 0.0, merit_floor = 0.0, cola_floor = 0.0, cap = 0.0,
         budget = 0.0, probability = 0.0;
  bool no_merit_ordering = false, no_promotion_ranges = false, no_sensitivity = false;
  CLI::App *optimize_ = nullptr, *o_list = nullptr, *o_show = nullptr, *o_summary = nullptr,
           *o_report = nullptr;
  CLI::Option *budget_evals = nullptr, *budget_secs = nullptr, *cost_cap_opt = nullptr,
              *merit_floor_opt = nullptr, *cola_floor_opt = nullptr, *opt_seed_opt = nullptr,
              *opt_start_opt = nullptr, *opt_end_opt = nullptr, *cap_opt = nullptr,
              *budget_opt = nullptr, *probability_opt = nullptr;
};

}  // namespace

std::unique_ptr<CommandGroup> add_optimize_commands(CLI::App& app,
                                                    const std::filesystem::path& data_dir,
                                                    const std::string& command_line) {
  return std::make_unique<OptimizeCommands>(app, data_dir, command_line);
}

}  // namespace planwise::cli
