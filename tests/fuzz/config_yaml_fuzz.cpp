// libFuzzer target: the YAML readers (issue 15 item 3): the run
// configuration (spec §1.6) and the census mapping file (issue 14). Both
// must accept the text or refuse it as an input error naming the file. A
// configuration that is accepted, fits the bundled seeds and levers and
// spans at most a few years must also stage the bundled census's first rows
// and simulate them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/simulate.hpp"
#include "fuzz/bundled_plan.hpp"
#include "fuzz/fuzz_support.hpp"
#include "io/census_map_yaml.hpp"
#include "io/run_config.hpp"
#include "levers/lever_resolution.hpp"

namespace {

// Years simulated at most per input: a long span is no different code, only
// slower.
constexpr int kMaxYears = 4;

void expect_accepted_config_runs(const planwise::io::RunConfig& run_config) {
  using namespace planwise;
  const fuzz::BundledPlan& plan = fuzz::bundled_plan();
  const engine::EngineConfig& config = run_config.engine;
  if (config.end_year - config.start_year >= kMaxYears) return;
  if (Status fits = engine::validate_against_seeds(config, plan.seeds); !fits.ok()) {
    fuzz::expect_input_refusal(fits.error());
    return;
  }
  auto levers = levers::resolve_levers(plan.lever_rows, config.scenario_id, config.start_year,
                                       config.end_year, plan.seeds);
  if (!levers) return;  // a scenario or years the bundled levers do not cover
  auto staged = engine::stage_census(plan.small_census_rows, config, plan.seeds);
  if (!staged) {
    fuzz::expect_input_refusal(staged.error());
    return;
  }
  fuzz::expect_simulates(config, plan.seeds, levers->levers, *staged, "a configuration");
}

}  // namespace

// The bundled plan is loaded before the first input, not in its time.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)planwise::fuzz::bundled_plan();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace planwise;
  const std::string text(fuzz::text_of(data, size));
  const std::string file = "simulation_config.yaml";

  auto config = io::parse_run_config(text, file, fuzz::data_dir());
  if (!config)
    fuzz::expect_input_refusal(config.error());
  else
    expect_accepted_config_runs(*config);

  auto map = io::parse_census_map_yaml(text, "census_map.yaml");
  if (!map) fuzz::expect_input_refusal(map.error());
  return 0;
}
