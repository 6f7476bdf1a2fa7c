// Google Benchmark micro benchmarks of the engine on the bundled inputs.
// The reference cases of issue 2 (1,000,000 × 10 and the DuckDB write) are
// `planwise bench` (app/benchmark.cpp); these track the pieces.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "app/inputs.hpp"
#include "engine/draws.hpp"
#include "engine/simulate.hpp"

namespace {

using namespace planwise;

const app::LoadedInputs& bundled() {
  static const app::LoadedInputs inputs = [] {
    app::InputRequest r;
    r.data_dir = PLANWISE_SOURCE_DIR "/data";
    auto loaded = app::load_inputs(r);
    if (!loaded) std::abort();
    return std::move(loaded).value();
  }();
  return inputs;
}

void BM_Draw(benchmark::State& state) {
  const std::uint64_t s = engine::draw_state(engine::run_key(42), engine::id_key("EMP_000001"));
  int year = 2025;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine::uniform(s, year, engine::kTermSelect));
    ++year;
  }
}
BENCHMARK(BM_Draw);

void BM_SimulateBundled(benchmark::State& state) {
  const app::LoadedInputs& in = bundled();
  engine::SimulationOptions options;
  options.build_events = state.range(0) != 0;
  std::int64_t rows = 0;
  for (auto _ : state) {
    auto result =
        engine::simulate({in.config.engine, in.seeds, in.levers, in.census}, options, nullptr);
    if (!result || result->years.back().end_headcount != 5074) state.SkipWithError("wrong answer");
    for (const auto& y : result->years) rows += y.start_headcount + y.hires;
  }
  state.counters["employee_years/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulateBundled)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
