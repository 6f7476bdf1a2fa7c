// Issue 12: JSON shapes of ensembles, paired comparisons and sweeps: the
// bodies of `planwise simulate --seeds N --json`, `compare A B --seeds N
// --json`, `sweep ... --json` and of the matching API routes (docs/api.md).
//
// A band is {"n", "mean", "sd", "se", "min", "p10", "p25", "p50", "p75",
// "p90", "max"} (a NaN statistic is null). A paired band is {"a": band,
// "b": band, "diff": band, "diff_low", "diff_high", "distinguishable"}, the
// 95 % interval of the mean per-seed difference b - a.
#pragma once

#include <string>

#include "app/ensemble_run.hpp"
#include "app/paired_compare.hpp"
#include "app/sweep.hpp"

namespace planwise::api {

// {"ensemble_id", "kept_run_id", "scenario", "start_year", "end_year",
//  "seeds": [...], "seed_count", "seed_list": "42..66", "headline_metric",
//  "target": {"growth", "tolerance", "metric"}, "thin_sample_warning",
//  "headline": {"band", "p_in_target", "total_cost": band, "budget",
//               "p_over_budget"},
//  "years": [{"year", "metrics": {"headcount": band, ... kYearMetricNames}}],
//  "per_seed": [{"seed", "headline", "total_cost",
//                "years": [{"year", "headcount", ... }]}]   (with per_seed),
//  "attribution": null | {"base_seed", "seed_count", "total_variance",
//      "groups": [{"group", "variance", "share", "share_low", "share_high"}],
//      "share_sum", "share_sum_low", "share_sum_high", "bootstrap_resamples",
//      "simulations"},
//  "warnings": [{"check", "message"}], "simulate_ms", "total_ms"}
std::string ensemble_json(const app::EnsembleOutcome& outcome, bool per_seed, int indent = 2);

// {"label_a", "label_b", "start_year", "end_year", "seeds", "seed_count",
//  "target", "thin_sample_warning", "headline": paired band,
//  "total_cost": paired band,
//  "years": [{"year", "metrics": {"headcount": paired band, ...}}],
//  "single_seed": {"seed", "headline_diff", "total_cost_diff"},
//  "simulate_ms"}
std::string paired_compare_json(const app::PairedCompareOutcome& outcome, int indent = 2);

// {"scenario", "axes": [{"lever", "values"}], "seeds", "seed_count",
//  "target", "thin_sample_warning",
//  "points": [{"x": [...], "headline": band, "p_in_target",
//              "total_cost": band, "adjusted"}],
//  "locked_cells": [...], "simulations", "simulate_ms"}
std::string sweep_json(const app::SweepOutcome& outcome, int indent = 2);

}  // namespace planwise::api
