#include "app/paired_compare.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "app/lever_workspace.hpp"
#include "app/run_levers.hpp"
#include "common/elapsed.hpp"
#include "common/number_text.hpp"
#include "ensemble/runner.hpp"
#include "ensemble/seed_list.hpp"
#include "io/lever_csv_reader.hpp"
#include "levers/lever_catalogue.hpp"
#include "levers/lever_resolution.hpp"

namespace planwise::app {

namespace {

// An error of one side, named for the side's field ("b.scenario").
Error on_side(Error error, const std::string& field) {
  if (error.kind == ErrorKind::kInvalidInput || error.kind == ErrorKind::kNotFound) {
    error.column = field;
    error.message = field + ": " + error.message;
  }
  return error;
}

// The edits over the side's rows: an unknown lever or a value outside the
// lever's hard range names the edit ("b.edits[2].value").
Status apply_edits(LeverRowsSource& source, const PlanSide& side, const std::string& name,
                   const std::string& scenario) {
  for (std::size_t i = 0; i < side.edits.size(); ++i) {
    const std::string field = name + ".edits[" + std::to_string(i) + "]";
    auto row = cell_row(side.edits[i], i, scenario);
    if (!row) return on_side(std::move(row).error(), field + ".parameter");
    const levers::LeverSpec& spec = levers::spec_of(row->param);
    if (!std::isfinite(row->value) || row->value < spec.hard_min || row->value > spec.hard_max) {
      return Error::invalid_input(
          "request", static_cast<std::int64_t>(i + 1), field + ".value", "hard_range",
          shortest_text(row->value),
          field + ".value " + shortest_text(row->value) + " is outside " + std::string(spec.name) +
              "'s range " + shortest_text(spec.hard_min) + " to " + shortest_text(spec.hard_max));
    }
  }
  return apply_overrides(source, side.edits, scenario);
}

// One side's lever rows: its levers file, else the lever store's rows of
// its scenario, else the bundled file; then its edits.
Result<LeverRowsSource> side_rows(const PairedCompareRequest& request, const PlanSide& side,
                                  const std::string& name, const InputRequest& inputs,
                                  const ConfigAndSeeds& setup) {
  const std::string& scenario = setup.config.engine.scenario_id;
  LeverRowsSource source;
  if (!side.levers_file && !request.db_path && scenario != levers::kDefaultScenario) {
    return Error::invalid_input("request", 0, name + ".scenario", "scenario_needs_store", scenario,
                                name +
                                    ".scenario: without a lever store (--no-db) a plan is the "
                                    "bundled 'default' levers or a lever CSV file, not '" +
                                    scenario + "'");
  }
  if (side.levers_file || !request.db_path) {
    const std::filesystem::path path =
        side.levers_file.value_or(setup.config.seeds_dir / "comp_levers.csv");
    if (side.levers_file && !std::filesystem::exists(path)) {
      return Error::invalid_input("request", 0, name + ".levers_file", "file_exists", path.string(),
                                  name + ".levers_file: no lever file " + path.string());
    }
    auto file = io::read_lever_csv(path, setup.seeds.level_count());
    if (!file) return on_side(std::move(file).error(), name + ".levers_file");
    source = {std::move(file->rows), path.string()};
    // A lever file written for another scenario id applies to this one.
    if (side.levers_file) {
      for (engine::LeverRow& r : source.rows) {
        if (r.scenario_id != levers::kDefaultScenario) r.scenario_id = scenario;
      }
    }
  } else {
    auto read = read_store_levers(inputs, *request.db_path, scenario);
    if (!read) return on_side(std::move(read).error(), name + ".scenario");
    source = std::move(read).value();
  }
  PLANWISE_RETURN_IF_ERROR(apply_edits(source, side, name, scenario));
  return source;
}

Result<LoadedInputs> load_side(const PairedCompareRequest& request, const PlanSide& side,
                               const std::string& name) {
  InputRequest inputs = request.inputs;
  inputs.seed.reset();
  inputs.levers_path.reset();
  if (!side.scenario.empty()) inputs.scenario = side.scenario;
  auto setup = load_config_and_seeds(inputs);
  if (!setup) return std::move(setup).error();
  auto rows = side_rows(request, side, name, inputs, *setup);
  if (!rows) return std::move(rows).error();
  inputs.lever_rows = std::move(rows).value();
  auto prepared = prepare_run_levers(inputs, {});
  if (!prepared) return std::move(prepared).error();
  auto loaded = load_inputs(inputs);
  if (!loaded) return std::move(loaded).error();
  auto checked = check_run_levers(*loaded, "plan " + name + " is refused: ");
  if (!checked) return on_side(std::move(checked).error(), name);
  return loaded;
}

std::string side_label(const PlanSide& side, const LoadedInputs& in) {
  if (!side.label.empty()) return side.label;
  if (side.levers_file) return side.levers_file->filename().string();
  return in.config.engine.scenario_id + (side.edits.empty() ? "" : " (proposed)");
}

Status check_seeds(const std::vector<std::uint64_t>& seeds) {
  if (seeds.empty() || seeds.size() > static_cast<std::size_t>(ensemble::kMaxSeeds)) {
    return Error::invalid_input("request", 0, "seeds", "seed_count", std::to_string(seeds.size()),
                                "seeds / --seeds: a paired comparison runs 1 to " +
                                    std::to_string(ensemble::kMaxSeeds) + " seeds");
  }
  return Status::success();
}

// CSV cells: NaN is empty.
std::string csv_row(const std::string& scope, const std::string& year, std::string_view metric,
                    const ensemble::PairedBand& p) {
  std::string out = scope + "," + year + "," + std::string(metric) + "," + std::to_string(p.diff.n);
  for (const ensemble::Band* b : {&p.a, &p.b})
    out += "," + shortest_text_or_blank(b->mean) + "," + shortest_text_or_blank(b->p10) + "," +
           shortest_text_or_blank(b->p90);
  out += "," + shortest_text_or_blank(p.diff.mean) + "," + shortest_text_or_blank(p.diff_95.low) +
         "," + shortest_text_or_blank(p.diff_95.high) + "," +
         (p.distinguishable ? "true" : "false");
  return out + "\n";
}

}  // namespace

Result<PairedCompareOutcome> compare_paired_levers(const LoadedInputs& inputs,
                                                   const engine::ResolvedLevers& a,
                                                   const engine::ResolvedLevers& b,
                                                   const std::vector<std::uint64_t>& seeds,
                                                   const RunTarget& target, int threads) {
  PLANWISE_RETURN_IF_ERROR(check_seeds(seeds));
  auto metric = ensemble::parse_headline_metric(target.metric, "target.metric");
  if (!metric) return std::move(metric).error();
  ensemble::RunnerOptions runner;
  runner.headline = *metric;
  runner.threads = threads;
  const auto started = std::chrono::steady_clock::now();
  const engine::EngineConfig& cfg = inputs.config.engine;
  auto run_a = ensemble::run_seeds({cfg, inputs.seeds, a, inputs.census}, seeds, runner);
  if (!run_a) return std::move(run_a).error();
  auto run_b = ensemble::run_seeds({cfg, inputs.seeds, b, inputs.census}, seeds, runner);
  if (!run_b) return std::move(run_b).error();
  PairedCompareOutcome out;
  out.start_year = cfg.start_year;
  out.end_year = cfg.end_year;
  out.target = target;
  const ensemble::TargetBand band{target.growth, target.tolerance};
  out.summary_a = ensemble::summarize(*run_a, *metric, band, std::nullopt);
  out.summary_b = ensemble::summarize(*run_b, *metric, band, std::nullopt);
  auto paired = ensemble::compare_paired(*run_a, *run_b);
  if (!paired) return std::move(paired).error();
  out.paired = std::move(paired).value();
  out.per_seed_a = std::move(run_a).value();
  out.per_seed_b = std::move(run_b).value();
  out.simulate_ms = ms_since(started);
  return out;
}

Result<PairedCompareOutcome> compare_paired_plans(const PairedCompareRequest& request) {
  PLANWISE_RETURN_IF_ERROR(check_seeds(request.seeds));
  if (request.threads < 0) {
    return Error::invalid_input("request", 0, "threads", "threads_non_negative",
                                std::to_string(request.threads),
                                "threads / --threads must be 0 (every core) or more");
  }
  auto a = load_side(request, request.a, "a");
  if (!a) return std::move(a).error();
  auto b = load_side(request, request.b, "b");
  if (!b) return std::move(b).error();
  auto target =
      requested_or_stored_target(request.target, request.db_path, a->config.engine.scenario_id);
  if (!target) return std::move(target).error();
  auto out =
      compare_paired_levers(*a, a->levers, b->levers, request.seeds, *target, request.threads);
  if (!out) return std::move(out).error();
  out->label_a = side_label(request.a, *a);
  out->label_b = side_label(request.b, *b);
  return out;
}

std::string paired_comparison_csv(const PairedCompareOutcome& outcome) {
  std::string out =
      "scope,year,metric,n,a_mean,a_p10,a_p90,b_mean,b_p10,b_p90,diff_mean,diff_low,diff_high,"
      "distinguishable\n";
  for (const ensemble::PairedYear& y : outcome.paired.years) {
    out += csv_row("year", std::to_string(y.year),
                   ensemble::kYearMetricNames[static_cast<std::size_t>(y.metric)], y.band);
  }
  out += csv_row("headline", "", ensemble::headline_metric_name(outcome.summary_a.headline_metric),
                 outcome.paired.headline);
  out += csv_row("total_cost", "", "total_cost", outcome.paired.total_cost);
  return out;
}

}  // namespace planwise::app
