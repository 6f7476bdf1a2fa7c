// libFuzzer target: the lever CSV reader (spec §2.1, §2.3; issue 15 item 3).
// The input is a comp_levers.csv. It must be refused as an input error
// naming the file, or read; levers read that resolve for the bundled plan
// and pass the lever validation (the checks a run makes first) must then
// simulate the bundled census's first rows.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/bundled_plan.hpp"
#include "fuzz/fuzz_support.hpp"
#include "io/csv_reader.hpp"
#include "io/lever_csv_reader.hpp"
#include "levers/lever_resolution.hpp"
#include "levers/lever_validation.hpp"

// The bundled plan is loaded before the first input, not in its time.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)planwise::fuzz::bundled_plan();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace planwise;
  const fuzz::BundledPlan& plan = fuzz::bundled_plan();
  auto table = io::parse_csv_text(fuzz::text_of(data, size), "comp_levers.csv");
  if (!table) {
    fuzz::expect_input_refusal(table.error());
    return 0;
  }
  auto file = io::parse_lever_table(*table, plan.seeds.level_count());
  if (!file) {
    fuzz::expect_input_refusal(file.error());
    return 0;
  }
  const engine::EngineConfig& config = plan.config;
  auto resolved = levers::resolve_levers(file->rows, config.scenario_id, config.start_year,
                                         config.end_year, plan.seeds);
  if (!resolved) {
    // As app::load_inputs does: a lever missing from every tier is about
    // the file the rows came from.
    Error error = resolved.error();
    if (error.file.empty()) error.file = table->file;
    fuzz::expect_input_refusal(error);
    return 0;
  }
  if (levers::has_errors(levers::validate_run_levers(resolved->levers, file->rows))) return 0;
  fuzz::expect_simulates(config, plan.seeds, resolved->levers, plan.small_census, "a lever file");
  return 0;
}
