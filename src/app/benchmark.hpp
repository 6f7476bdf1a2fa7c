// `planwise bench` / `make bench`: the engine's reference timings (issue 2):
// bundled census × 5 years, 60,000 × 5 with the DuckDB write, 1,000,000 × 10
// aggregates only, with the event log in memory, and written to DuckDB.
// Each case checks its answer, so a fast wrong result fails.
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
  double peak_rss_mb = 0.0;  // process peak so far
};

Result<std::vector<BenchMeasurement>> run_benchmarks(
    const BenchOptions& options, const std::function<void(const BenchMeasurement&)>& on_case);

}  // namespace planwise::app
