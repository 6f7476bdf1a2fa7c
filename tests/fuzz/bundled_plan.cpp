#include "fuzz/bundled_plan.hpp"

#include "engine/simulate.hpp"
#include "fuzz/fuzz_support.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"
#include "io/lever_csv_reader.hpp"
#include "io/run_config.hpp"
#include "io/seed_reader.hpp"
#include "levers/lever_resolution.hpp"

namespace planwise::fuzz {

namespace {

// Enough rows to fill every level with a few reference hires, few enough
// for thousands of runs a second.
constexpr std::size_t kSmallCensusLines = 60;

BundledPlan load_bundled_plan() {
  BundledPlan plan;
  auto run_config = io::read_run_config(data_dir() / "simulation_config.yaml", data_dir());
  if (!run_config) broken("the bundled configuration does not load", &run_config.error());
  plan.config = run_config->engine;
  plan.config.end_year = plan.config.start_year + 1;
  auto seeds = io::read_seed_tables(run_config->seeds_dir, plan.config.distribution_profile);
  if (!seeds) broken("the bundled seeds do not load", &seeds.error());
  plan.seeds = std::move(seeds).value();
  auto levers =
      io::read_lever_csv(run_config->seeds_dir / "comp_levers.csv", plan.seeds.level_count());
  if (!levers) broken("the bundled levers do not load", &levers.error());
  plan.lever_rows = levers->rows;
  auto resolved = levers::resolve_levers(plan.lever_rows, plan.config.scenario_id,
                                         plan.config.start_year, plan.config.end_year, plan.seeds);
  if (!resolved) broken("the bundled levers do not resolve", &resolved.error());
  plan.levers = std::move(resolved->levers);

  auto text = io::read_text_file(run_config->census_path);
  if (!text) broken("the bundled census does not load", &text.error());
  std::size_t end = 0;  // just past the last line taken
  for (std::size_t line = 0; line < kSmallCensusLines; ++line) {
    const std::size_t newline = text->find('\n', end);
    if (newline == std::string::npos) {
      end = text->size();
      break;
    }
    end = newline + 1;
  }
  auto rows = io::parse_census_csv(std::string_view(*text).substr(0, end), "census.csv");
  if (!rows) broken("the small census does not parse", &rows.error());
  plan.small_census_rows = std::move(rows).value();
  auto staged = engine::stage_census(plan.small_census_rows, plan.config, plan.seeds);
  if (!staged) broken("the small census does not stage", &staged.error());
  plan.small_census = std::move(staged).value();
  return plan;
}

}  // namespace

const BundledPlan& bundled_plan() {
  static const BundledPlan plan = load_bundled_plan();
  return plan;
}

void expect_simulates(const engine::EngineConfig& config, const engine::SeedTables& seeds,
                      const engine::ResolvedLevers& levers, const engine::StagedCensus& census,
                      const std::string& what) {
  const engine::SimulationInputs inputs{config, seeds, levers, census};
  auto simulated = engine::simulate(inputs, engine::SimulationOptions{}, nullptr);
  if (!simulated) broken(what + " passed its checks but did not simulate", &simulated.error());
}

}  // namespace planwise::fuzz
