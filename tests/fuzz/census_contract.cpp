#include "fuzz/census_contract.hpp"

#include "fuzz/bundled_plan.hpp"
#include "fuzz/fuzz_support.hpp"

namespace planwise::fuzz {

void expect_census_runs_or_is_refused(const Result<engine::CensusRows>& read,
                                      const std::string& file) {
  if (!read) {
    expect_census_refusal(read.error(), file);
    return;
  }
  const BundledPlan& plan = bundled_plan();
  auto staged = engine::stage_census(*read, plan.config, plan.seeds);
  if (!staged) {
    expect_census_refusal(staged.error(), file);
    return;
  }
  expect_simulates(plan.config, plan.seeds, plan.levers, *staged, "a census");
}

}  // namespace planwise::fuzz
