// `planwise bench` / `make bench`: the engine's reference timings (issue 2):
// bundled census × 5 years, 60,000 × 5 with the DuckDB write, 1,000,000 × 10
// aggregates only, with the event log in memory, and written to DuckDB.
// Each case checks its answer, so a fast wrong result fails. Issue 13 item 6
// adds the roofline: per-core rates, bytes of hot state per employee-year,
// the machine's measured bandwidth and draw rate, how far each case is from
// both bounds, and each case's own peak RSS (docs/performance.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace planwise::app {

struct BenchOptions {
  std::filesystem::path data_dir = "data";
  std::filesystem::path work_dir = "build/bench-data";
  int repeat = 3;
  bool quick = false;  // small sizes, for the ctest smoke run
  // Only the cases whose "<name>, <mode>" contains this text ("" : every
  // case); one that matches none is an input error naming --only.
  std::string only;
  // Bytes of each triad array; 0: four times the last-level cache (STREAM's rule).
  std::size_t triad_array_bytes = 0;
};

// The machine's bounds, measured before the cases (app/roofline.hpp).
struct BenchMachine {
  int hardware_threads = 0;
  int engine_threads = 0;     // OpenMP threads of the engine's parallel loops
  std::size_t llc_bytes = 0;  // last-level cache
  std::size_t triad_array_bytes = 0;
  double bandwidth_bytes_per_s = 0.0;  // STREAM triad, every core, best of repeats
  double draws_per_s = 0.0;            // engine::uniform, every core
  double draws_per_s_per_core = 0.0;
};

struct BenchMeasurement {
  std::string name;
  std::int64_t employees = 0;  // census rows
  int years = 0;
  std::string mode;                 // aggregates, events in memory, DuckDB write
  std::int64_t employee_years = 0;  // snapshot rows: Σ (N_Y + H_Y)
  std::int64_t events = 0;
  double load_ms = 0.0;    // reading and staging the census (once)
  double median_ms = 0.0;  // engine (+ store) wall time, median of repeats
  double min_ms = 0.0;
  double employee_years_per_s = 0.0;
  // CPU seconds per wall second over the repeats (engine threads, DuckDB's).
  double cores_busy = 0.0;
  double employee_years_per_core_s = 0.0;    // employee_years_per_s / cores_busy
  std::int64_t hires = 0;                    // Σ H_Y
  double frame_mb = 0.0;                     // the largest year's YearFrame columns
  double hot_bytes_per_employee_year = 0.0;  // engine::traffic, see docs/performance.md
  double draws_per_employee_year = 0.0;
  // This case's hot-state traffic over the triad bandwidth; its draws over
  // the draw rate. 1.0 = at the bound.
  double bandwidth_fraction = 0.0;
  double compute_fraction = 0.0;
  double peak_rss_mb = 0.0;
  bool rss_per_case = false;  // false: the process peak so far (clear_refs failed)
};

struct BenchReport {
  BenchMachine machine;
  std::vector<BenchMeasurement> cases;
};

// The machine's bounds, then every case: on_case is called after each.
Result<BenchReport> run_benchmarks(const BenchOptions& options,
                                   const std::function<void(const BenchMeasurement&)>& on_case);

// Fills the roofline fields of `m` from its counts and timings.
// `row_checks`: the row checks ran every year (checks full), else in the
// last year only (checks final).
void place_on_roofline(const BenchMachine& machine, bool event_log, bool row_checks,
                       BenchMeasurement& m);

}  // namespace planwise::app
