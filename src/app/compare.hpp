// Issue 10 item 2: two to four scenarios (or stored runs) side by side — the
// lever cells that differ, and per year headcount, average FYE pay, growth
// and cost, with each item's difference to the first (contract C).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "app/run_target.hpp"
#include "common/result.hpp"

namespace planwise::app {

struct CompareRequest {
  InputRequest inputs;  // configuration, census and seeds, to simulate a scenario without runs
  std::string db_path;
  std::vector<std::string> scenarios;  // either these (each one's latest stored run) ...
  std::vector<std::string> runs;       // ... or these stored runs
};

// The per-year figures, in this order (API keys and CSV columns):
// headcount (year-end actives), avg_fye (their average FYE pay), growth (its
// growth, avg_comp_growth), total_payroll_prorated (pay earned in the year by
// everyone paid, any status), run_rate_payroll_fye (31 Dec FYE pay of the
// actives), and the annualised merit, cola, promotion and new_hire_premium
// pools (from the run's pay_budget rows; null without them).
inline constexpr std::array<const char*, 9> kCompareMetrics = {
    "headcount", "avg_fye", "growth",    "total_payroll_prorated", "run_rate_payroll_fye",
    "merit",     "cola",    "promotion", "new_hire_premium"};
using CompareValues = std::array<std::optional<double>, kCompareMetrics.size()>;

struct CompareItem {
  std::string label;
  std::string scenario;
  std::optional<std::string> run_id;  // nullopt: simulated now (no stored run)
  bool simulated = false;
  bool what_if = false;
  std::optional<RunTarget> target;  // null for a run stored before targets were recorded
};

struct LeverDifference {
  std::string parameter;
  int year = 0;
  int level = 0;
  std::vector<std::optional<double>> values;  // per item; null where an item has no such cell
};

struct CompareYear {
  int year = 0;
  std::vector<CompareValues> values;  // per item; all null where an item has no such year
  std::vector<CompareValues> deltas;  // per item: item minus item 0 (null when either is)
};

struct Comparison {
  std::vector<CompareItem> items;
  std::vector<LeverDifference> lever_differences;
  std::vector<CompareYear> years;
  std::vector<std::optional<double>> mean_growth;            // per item, mean of its years
  std::vector<std::optional<std::int64_t>> final_headcount;  // per item, its last year's
};

// Fewer than 2 or more than 4 items is an input error naming "scenarios"
// (or "runs"); an unknown scenario or run is not-found naming it.
Result<Comparison> compare(const CompareRequest& request);

// One row per year x item: year, item, label, scenario, run_id, simulated,
// what_if, the kCompareMetrics, then delta_<metric> for each.
std::string comparison_csv(const Comparison& comparison);

}  // namespace planwise::app
