#include "app/benchmark.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "app/census_generator.hpp"
#include "app/inputs.hpp"
#include "app/roofline.hpp"
#include "common/elapsed.hpp"
#include "engine/simulate.hpp"
#include "engine/year_frame_traffic.hpp"
#include "io/lever_csv_reader.hpp"
#include "io/lever_csv_writer.hpp"
#include "store/database.hpp"
#include "store/run_store.hpp"

namespace planwise::app {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Counts rows and events, so the event log is really read.
class CountingSink final : public engine::YearSink {
 public:
  Status on_year(const engine::YearOutput& y) override {
    rows += static_cast<std::int64_t>(y.frame.size());
    if (y.events != nullptr) events += static_cast<std::int64_t>(y.events->size());
    return Status::success();
  }
  std::int64_t rows = 0;
  std::int64_t events = 0;
};

// The answer check: every year ends on its exact head-count target (§4.6).
Status check_answer(const std::string& name, const engine::SimulationResult& r) {
  for (const engine::YearSummary& y : r.years) {
    if (y.end_headcount != y.target_end_headcount || !y.success) {
      return Error::make(ErrorKind::kInternal,
                         "benchmark " + name + ": year " + std::to_string(y.year) + " ended at " +
                             std::to_string(y.end_headcount) + " instead of " +
                             std::to_string(y.target_end_headcount));
    }
  }
  return Status::success();
}

// kAggregatesFinal: aggregates with ChecksLevel::kFinal, as a tuning loop,
// an ensemble's seeds and a sweep's points run (docs/performance.md "Checks").
enum class Mode { kAggregates, kEvents, kDuckDb, kAggregatesFinal };

constexpr const char* kModeNames[] = {"aggregates only", "event log in memory",
                                      "event log to DuckDB", "aggregates, checks final"};

struct Case {
  std::string name;
  std::int64_t employees;  // 0: the bundled census
  int years;
  std::vector<Mode> modes;
};

// `memory` was reset before this case's part of the work began.
Result<BenchMeasurement> measure(const Case& c, Mode mode, const LoadedInputs& in, double load_ms,
                                 const BenchOptions& options, const CaseMemory& memory) {
  BenchMeasurement m;
  m.name = c.name;
  m.employees = static_cast<std::int64_t>(in.census.census_rows);
  m.years = c.years;
  m.mode = kModeNames[static_cast<int>(mode)];
  m.load_ms = load_ms;
  std::vector<double> times;
  double cpu_s = 0.0;
  double wall_s = 0.0;
  const fs::path db_path = options.work_dir / "bench.duckdb";
  engine::SimulationWorkspace workspace;
  for (int rep = 0; rep < std::max(1, options.repeat); ++rep) {
    std::error_code ec;
    fs::remove(db_path, ec);
    fs::remove(db_path.string() + ".wal", ec);
    CountingSink counter;
    engine::SimulationOptions sim_options;
    sim_options.build_events = mode == Mode::kEvents || mode == Mode::kDuckDb;
    if (mode == Mode::kAggregatesFinal) sim_options.checks = engine::ChecksLevel::kFinal;
    // The aggregates cases' runs share one frame and have no sink, as the
    // runs of a seed ensemble or a tuning loop (docs/performance.md
    // "Workspace"): the engine then skips the rows' detail columns in the
    // years it does not row-check, and the rows are counted from the
    // summaries.
    const bool aggregates = mode == Mode::kAggregates || mode == Mode::kAggregatesFinal;
    if (aggregates) sim_options.workspace = &workspace;
    const engine::SimulationInputs inputs{in.config.engine, in.seeds, in.levers, in.census};
    const Clock::time_point start = Clock::now();
    const double cpu_start = cpu_seconds();
    Result<engine::SimulationResult> result = Error::make(ErrorKind::kInternal, "not run");
    std::int64_t stored_events = -1;
    if (mode == Mode::kDuckDb) {
      // As run_simulation opens a run store to write a run: one DuckDB thread.
      auto db = store::Database::open(db_path.string(), store::OpenMode::kReadWrite, 1);
      if (!db) return std::move(db).error();
      auto writer = store::RunWriter::begin(**db, "bench", in.config.output_tables);
      if (!writer) return std::move(writer).error();
      PLANWISE_RETURN_IF_ERROR((*writer)->write_inputs(in.census, in.config.engine, in.levers));
      struct Both final : engine::YearSink {
        engine::YearSink* a;
        engine::YearSink* b;
        Status on_year(const engine::YearOutput& y) override {
          PLANWISE_RETURN_IF_ERROR(a->on_year(y));
          return b->on_year(y);
        }
      } both;
      both.a = writer->get();
      both.b = &counter;
      result = engine::simulate(inputs, sim_options, &both);
      if (!result) return std::move(result).error();
      store::RunRecord record;
      record.run_id = "bench";
      record.created_at = "2026-01-01T00:00:00Z";
      record.scenario = in.config.engine.scenario_id;
      record.start_year = in.config.engine.start_year;
      record.end_year = in.config.engine.end_year;
      record.engine_version = engine::kEngineVersion;
      record.year_ms = "{}";
      PLANWISE_RETURN_IF_ERROR((*writer)->commit(record, result->validation));
      times.push_back(ms_since(start));
      cpu_s += cpu_seconds() - cpu_start;
      auto count = (*db)->query("SELECT count(*) FROM yearly_events WHERE run_id = 'bench'");
      if (!count) return std::move(count).error();
      stored_events = std::stoll(*count->rows.front().front());
    } else {
      result = engine::simulate(inputs, sim_options, aggregates ? nullptr : &counter);
      times.push_back(ms_since(start));
      cpu_s += cpu_seconds() - cpu_start;
      if (!result) return std::move(result).error();
      if (aggregates) {
        for (const engine::YearSummary& y : result->years)
          counter.rows += y.start_headcount + y.hires;
      }
    }
    PLANWISE_RETURN_IF_ERROR(check_answer(c.name, *result));
    if (stored_events >= 0 && stored_events != counter.events) {
      return Error::make(ErrorKind::kInternal, "benchmark " + c.name + ": stored " +
                                                   std::to_string(stored_events) + " events of " +
                                                   std::to_string(counter.events));
    }
    wall_s += times.back() / 1000.0;
    m.employee_years = counter.rows;
    m.events = counter.events;
    m.hires = 0;
    std::int64_t most_rows = 0;
    for (const engine::YearSummary& y : result->years) {
      m.hires += y.hires;
      most_rows = std::max(most_rows, y.start_headcount + y.hires);
    }
    std::size_t row_bytes = 0;
    for (const auto& column : engine::traffic::kColumns) row_bytes += column.bytes;
    m.frame_mb = static_cast<double>(most_rows) * static_cast<double>(row_bytes) / (1 << 20);
  }
  std::sort(times.begin(), times.end());
  m.median_ms = times[times.size() / 2];
  m.min_ms = times.front();
  m.employee_years_per_s = static_cast<double>(m.employee_years) / (m.median_ms / 1000.0);
  m.cores_busy = wall_s > 0.0 ? cpu_s / wall_s : 0.0;
  m.employee_years_per_core_s = m.cores_busy > 0.0 ? m.employee_years_per_s / m.cores_busy : 0.0;
  m.peak_rss_mb = memory.peak_mb();
  m.rss_per_case = memory.per_case();
  return m;
}

BenchMachine measure_machine(const BenchOptions& options) {
  BenchMachine machine;
  machine.hardware_threads = static_cast<int>(std::thread::hardware_concurrency());
  machine.engine_threads = engine_threads();
  machine.llc_bytes = last_level_cache_bytes();
  // STREAM's rule: each array at least four times the last-level cache.
  machine.triad_array_bytes =
      options.triad_array_bytes > 0 ? options.triad_array_bytes : 4 * machine.llc_bytes;
  const int repeats = options.quick ? 3 : 10;
  machine.bandwidth_bytes_per_s =
      triad_bandwidth(machine.triad_array_bytes, repeats, machine.engine_threads);
  const std::size_t draws = options.quick ? std::size_t{1} << 20 : std::size_t{1} << 24;
  machine.draws_per_s = draw_rate(draws, repeats, machine.engine_threads);
  machine.draws_per_s_per_core = draw_rate(draws, repeats, 1);
  return machine;
}

// The bundled levers cover 2025-2029; a 10-year case needs every later
// year too (a missing COLA is an up-front error, spec §2.2). The last year's
// levers are carried forward into a benchmark copy of the file.
Result<fs::path> levers_through(const fs::path& data_dir, const fs::path& work_dir, int last_year) {
  auto file = io::read_lever_csv(data_dir / "seeds" / "comp_levers.csv", 5);
  if (!file) return std::move(file).error();
  int max_year = 0;
  for (const engine::LeverRow& r : file->rows) max_year = std::max(max_year, r.fiscal_year);
  std::vector<engine::LeverRow> rows = file->rows;
  for (const engine::LeverRow& r : file->rows) {
    if (r.fiscal_year != max_year) continue;
    for (int y = max_year + 1; y <= last_year; ++y) {
      engine::LeverRow copy = r;
      copy.fiscal_year = y;
      rows.push_back(copy);
    }
  }
  const fs::path out = work_dir / ("comp_levers_through_" + std::to_string(last_year) + ".csv");
  PLANWISE_RETURN_IF_ERROR(io::write_lever_csv(out, rows));
  return out;
}

}  // namespace

void place_on_roofline(const BenchMachine& machine, bool event_log, bool row_checks,
                       BenchMeasurement& m) {
  const auto rows = static_cast<double>(std::max<std::int64_t>(1, m.employee_years));
  engine::traffic::RunShape shape;
  shape.hire_share = static_cast<double>(m.hires) / rows;
  shape.events_per_row = event_log ? static_cast<double>(m.events) / rows : 0.0;
  shape.row_checks = row_checks;  // checks full every year, else the last year only
  // With checks final the row checks run in one year of the run's.
  const double check_share = row_checks ? 1.0 : 1.0 / std::max(1, m.years);
  shape.event_log = event_log;
  const std::vector<engine::traffic::Pass> passes = engine::traffic::year_passes();
  engine::traffic::Traffic t = engine::traffic::per_employee_year(passes, shape);
  if (!row_checks) {
    engine::traffic::RunShape with_checks = shape;
    with_checks.row_checks = true;
    const engine::traffic::Traffic full = engine::traffic::per_employee_year(passes, with_checks);
    t.bytes += check_share * (full.bytes - t.bytes);
    t.draws += check_share * (full.draws - t.draws);
  }
  m.hot_bytes_per_employee_year = t.bytes;
  m.draws_per_employee_year = t.draws;
  m.bandwidth_fraction = machine.bandwidth_bytes_per_s > 0.0
                             ? m.employee_years_per_s * t.bytes / machine.bandwidth_bytes_per_s
                             : 0.0;
  m.compute_fraction =
      machine.draws_per_s > 0.0 ? m.employee_years_per_s * t.draws / machine.draws_per_s : 0.0;
}

Result<BenchReport> run_benchmarks(const BenchOptions& options,
                                   const std::function<void(const BenchMeasurement&)>& on_case) {
  std::error_code ec;
  fs::create_directories(options.work_dir, ec);
  if (ec)
    return Error::make(ErrorKind::kStorage,
                       "cannot create " + options.work_dir.string() + ": " + ec.message());
  const std::int64_t mid = options.quick ? 6000 : 60000;
  const std::int64_t big = options.quick ? 20000 : 1000000;
  const std::vector<Case> cases = {
      {"bundled census", 0, 5, {Mode::kEvents, Mode::kDuckDb}},
      {std::to_string(mid) + " employees", mid, 5, {Mode::kDuckDb}},
      {std::to_string(big) + " employees",
       big,
       10,
       {Mode::kAggregates, Mode::kAggregatesFinal, Mode::kEvents, Mode::kDuckDb}},
  };
  auto label = [](const Case& c, Mode mode) {
    return c.name + ", " + kModeNames[static_cast<int>(mode)];
  };
  auto chosen = [&](const Case& c, Mode mode) {
    return label(c, mode).find(options.only) != std::string::npos;
  };
  std::string every_case;
  bool any = false;
  for (const Case& c : cases) {
    for (Mode m : c.modes) {
      any = any || chosen(c, m);
      every_case += (every_case.empty() ? "\"" : ", \"") + label(c, m) + "\"";
    }
  }
  if (!any) {
    return Error::invalid_input("command line", 0, "--only", "bench_case", options.only,
                                "no benchmark case matches; the cases are " + every_case);
  }
  BenchReport out;
  out.machine = measure_machine(options);
  if (out.machine.bandwidth_bytes_per_s <= 0.0 || out.machine.draws_per_s <= 0.0)
    return Error::make(ErrorKind::kInternal, "benchmark: the triad or draw-rate check failed");
  for (Case c : cases) {
    std::erase_if(c.modes, [&](Mode m) { return !chosen(c, m); });
    if (c.modes.empty()) continue;
    // Each case's peak RSS includes its census load, not earlier cases.
    std::optional<CaseMemory> memory;
    memory.emplace();
    InputRequest request;
    request.data_dir = options.data_dir;
    request.start_year = 2025;
    request.end_year = 2025 + c.years - 1;
    auto levers = levers_through(options.data_dir, options.work_dir, *request.end_year);
    if (!levers) return std::move(levers).error();
    request.levers_path = *levers;
    if (c.employees > 0) {
      const fs::path census = options.work_dir / ("census_" + std::to_string(c.employees) + ".csv");
      if (!fs::exists(census)) {
        CensusSpec spec;
        spec.employees = c.employees;
        spec.seed = 20261127;
        PLANWISE_RETURN_IF_ERROR(generate_census(spec, census));
      }
      request.census_path = census;
    }
    const Clock::time_point load_start = Clock::now();
    auto loaded = load_inputs(request);
    if (!loaded) return std::move(loaded).error();
    const double load_ms = ms_since(load_start);
    for (std::size_t k = 0; k < c.modes.size(); ++k) {
      if (k > 0) memory.emplace();
      auto m = measure(c, c.modes[k], *loaded, load_ms, options, *memory);
      if (!m) return std::move(m).error();
      const bool events = c.modes[k] == Mode::kEvents || c.modes[k] == Mode::kDuckDb;
      place_on_roofline(out.machine, events, c.modes[k] != Mode::kAggregatesFinal, *m);
      if (on_case) on_case(*m);
      out.cases.push_back(std::move(m).value());
    }
  }
  fs::remove(options.work_dir / "bench.duckdb", ec);
  return out;
}

}  // namespace planwise::app
