// libFuzzer target: the seed-table readers (spec §1.7; issue 15 item 3). The
// first byte picks one of the seed files the engine reads; the rest replaces
// it in a copy of the bundled seeds folder. The tables must be refused as
// input errors naming a file, or read; seeds read must pass the engine's
// checks against the bundled configuration and levers or be refused, and
// then simulate the bundled census's first rows.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "engine/simulate.hpp"
#include "fuzz/bundled_plan.hpp"
#include "fuzz/fuzz_support.hpp"
#include "io/seed_reader.hpp"
#include "levers/lever_resolution.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const auto& kSeedFiles = planwise::io::kSeedFileNames;

// A copy of the bundled seeds folder, made once.
const fs::path& seeds_copy() {
  static const fs::path dir = [] {
    const fs::path to = planwise::fuzz::scratch_dir() / "seeds";
    fs::create_directories(to);
    for (const char* name : kSeedFiles)
      fs::copy_file(planwise::fuzz::data_dir() / "seeds" / name, to / name,
                    fs::copy_options::overwrite_existing);
    return to;
  }();
  return dir;
}

}  // namespace

// The bundled plan is loaded before the first input, not in its time.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)planwise::fuzz::bundled_plan();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace planwise;
  if (size == 0) return 0;
  const fuzz::BundledPlan& plan = fuzz::bundled_plan();
  const char* name = kSeedFiles[data[0] % kSeedFiles.size()];
  const fs::path dir = seeds_copy();
  fuzz::write_scratch("seeds/" + std::string(name), fuzz::text_of(data + 1, size - 1));

  auto seeds = io::read_seed_tables(dir, plan.config.distribution_profile);
  // The next input starts from the bundled folder again.
  fs::copy_file(fuzz::data_dir() / "seeds" / name, dir / name,
                fs::copy_options::overwrite_existing);
  if (!seeds) {
    fuzz::expect_input_refusal(seeds.error());
    return 0;
  }
  const engine::EngineConfig& config = plan.config;
  if (Status fits = engine::validate_against_seeds(config, *seeds); !fits.ok()) {
    fuzz::expect_input_refusal(fits.error());
    return 0;
  }
  auto levers = levers::resolve_levers(plan.lever_rows, config.scenario_id, config.start_year,
                                       config.end_year, *seeds);
  if (!levers) return 0;  // the bundled levers name levels these seeds lack
  auto staged = engine::stage_census(plan.small_census_rows, config, *seeds);
  if (!staged) {
    fuzz::expect_input_refusal(staged.error());
    return 0;
  }
  fuzz::expect_simulates(config, *seeds, levers->levers, *staged, "a seed table");
  return 0;
}
