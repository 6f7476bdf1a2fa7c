// Issue 12 item 2: two plans compared seed by seed with the same draws:
// two scenarios, or a scenario and a proposed lever set (a lever CSV file,
// or cell edits over the scenario's stored levers: the Impact tab).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/cell_edit.hpp"
#include "app/inputs.hpp"
#include "app/run_target.hpp"
#include "common/result.hpp"
#include "ensemble/ensemble_summary.hpp"
#include "ensemble/paired.hpp"

namespace planwise::app {

// One side of a comparison: a scenario's levers (from the store at db_path,
// or the bundled levers without a store), optionally with a lever CSV file
// instead, or with cell edits on top.
struct PlanSide {
  std::string label;  // shown in tables: the scenario, the file name, "proposed"
  std::string scenario;
  std::optional<std::filesystem::path> levers_file;
  std::vector<CellEdit> edits;
};

struct PairedCompareRequest {
  InputRequest inputs;                 // census, configuration, years
  std::optional<std::string> db_path;  // the lever store; nullopt: bundled levers
  PlanSide a;
  PlanSide b;
  std::vector<std::uint64_t> seeds;
  std::optional<RunTarget> target;  // nullopt: A's scenario's target
  int threads = 0;
};

struct PairedCompareOutcome {
  std::string label_a;
  std::string label_b;
  int start_year = 0;
  int end_year = 0;
  RunTarget target;
  ensemble::EnsembleSummary summary_a;
  ensemble::EnsembleSummary summary_b;
  ensemble::PairedComparison paired;
  // The single-seed difference at the first seed (what one run would say).
  std::vector<ensemble::SeedOutcome> per_seed_a;
  std::vector<ensemble::SeedOutcome> per_seed_b;
  double simulate_ms = 0.0;
};

// Errors name the side ("a.scenario", "b.levers_file", "b.edits[2].value")
// and the seeds ("seeds").
Result<PairedCompareOutcome> compare_paired_plans(const PairedCompareRequest& request);

// Same, with inputs already loaded (the server's Impact tab): A and B are
// resolved lever sets over `inputs`.
Result<PairedCompareOutcome> compare_paired_levers(const LoadedInputs& inputs,
                                                   const engine::ResolvedLevers& a,
                                                   const engine::ResolvedLevers& b,
                                                   const std::vector<std::uint64_t>& seeds,
                                                   const RunTarget& target, int threads);

// One row per year x metric (then the headline and total cost): mean, P10,
// P90 of A and B, the difference's mean, its 95 % interval, distinguishable.
std::string paired_comparison_csv(const PairedCompareOutcome& outcome);

}  // namespace planwise::app
