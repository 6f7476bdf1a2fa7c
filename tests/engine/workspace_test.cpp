// SimulationWorkspace (simulate.hpp): a run in a frame that earlier runs
// used gives exactly what a run in a fresh frame gives, although the frame's
// columns leave added rows unset and so still hold the earlier runs' values.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "engine/simulate.hpp"
#include "tuning/tuning_fixture.hpp"

namespace planwise::engine {
namespace {

// FNV-1a over the bytes of every column of each year's event log and of the
// frame's outcome columns, in year order.
class DigestSink final : public YearSink {
 public:
  Status on_year(const YearOutput& y) override {
    const EventLog& e = *y.events;
    add(e.row), add(e.category), add(e.date), add(e.sequence), add(e.amount), add(e.previous);
    add(e.level), add(e.new_level), add(e.probability), add(e.weight), add(e.draw);
    add(e.merit_rate), add(e.cola_rate), add(e.promotion_raise_rate), add(e.band_floor);
    add(e.source);
    const YearFrame& f = y.frame;
    add(f.ref), add(f.salary), add(f.level), add(f.prorated), add(f.status), add(f.exit_date);
    return Status::success();
  }
  std::uint64_t digest = kFnvBasis;

 private:
  template <class Column>
  void add(const Column& column) {
    const auto* bytes = reinterpret_cast<const char*>(column.data());
    for (std::size_t k = 0; k < column.size() * sizeof(column[0]); ++k)
      digest = fnv1a_step(digest, bytes[k]);
  }
};

struct DigestedRun {
  SimulationResult result;
  std::uint64_t digest = 0;
};

DigestedRun run(std::uint64_t seed, SimulationWorkspace* workspace) {
  const app::LoadedInputs& in = tuning::testing::bundled();
  EngineConfig config = in.config.engine;
  config.random_seed = seed;
  SimulationOptions options;
  options.workspace = workspace;
  DigestSink sink;
  auto result = simulate({config, in.seeds, in.levers, in.census}, options, &sink);
  EXPECT_TRUE(result) << result.error().to_string();
  return {std::move(result).value(), sink.digest};
}

TEST(SimulationWorkspace, ARunInAReusedWorkspaceEqualsARunInAFreshOne) {
  const DigestedRun fresh = run(42, nullptr);
  SimulationWorkspace workspace;
  run(7, &workspace);  // leaves its rows in the workspace's columns
  const DigestedRun reused = run(42, &workspace);
  EXPECT_EQ(reused.digest, fresh.digest);
  ASSERT_EQ(reused.result.years.size(), fresh.result.years.size());
  for (std::size_t y = 0; y < fresh.result.years.size(); ++y) {
    EXPECT_EQ(reused.result.years[y].end_headcount, fresh.result.years[y].end_headcount);
    EXPECT_EQ(reused.result.years[y].total_prorated_compensation,
              fresh.result.years[y].total_prorated_compensation);
    EXPECT_EQ(reused.result.years[y].pay_equity_cv, fresh.result.years[y].pay_equity_cv);
  }
  ASSERT_EQ(reused.result.validation.size(), fresh.result.validation.size());
  for (std::size_t k = 0; k < fresh.result.validation.size(); ++k) {
    EXPECT_EQ(reused.result.validation[k].message, fresh.result.validation[k].message);
    EXPECT_EQ(reused.result.validation[k].value, fresh.result.validation[k].value);
  }
  // The digest sees the seed: another seed's run differs.
  EXPECT_NE(run(7, nullptr).digest, fresh.digest);
}

}  // namespace
}  // namespace planwise::engine
