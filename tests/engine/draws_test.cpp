// Spec §3.5 test vectors (D1) and the derived draws of §3.4 and §0.3.
#include "engine/draws.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace planwise::engine {
namespace {

std::uint64_t draw64(std::uint64_t seed, std::string_view id, int year, std::uint16_t stream) {
  return draw64_from_state(draw_state(run_key(seed), id_key(id)), year, stream);
}

TEST(Draws, Mix64MatchesSpecVectors) {
  EXPECT_EQ(mix64(1), 0x5692161d100b05e5ULL);
  EXPECT_EQ(mix64(0x0123456789abcdefULL), 0xb2c058e4ebb5112cULL);
}

TEST(Draws, RunKeyMatchesSpecVectors) {
  EXPECT_EQ(run_key(0), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(run_key(42), 0xbdd732262feb6e95ULL);
}

TEST(Draws, IdKeyMatchesSpecVectors) {
  EXPECT_EQ(id_key(""), 0xf52a15e9a9b5e89bULL);
  EXPECT_EQ(id_key("EMP_000001"), 0xbf903b8d218f8737ULL);
  EXPECT_EQ(id_key("NH_2025_000001"), 0x3dd6917110e88647ULL);
}

TEST(Draws, Draw64AndUniformMatchSpecVectors) {
  EXPECT_EQ(draw64(42, "EMP_000001", 2025, 1), 0x37c6d6be23d05bacULL);
  EXPECT_EQ(unit_from_bits(draw64(42, "EMP_000001", 2025, 1)), 0.21787778989875173);
  EXPECT_EQ(draw64(42, "EMP_000001", 2025, 2), 0xd7f9e2263d9ecfb4ULL);
  EXPECT_EQ(unit_from_bits(draw64(42, "EMP_000001", 2025, 2)), 0.8436566680298895);
  EXPECT_EQ(draw64(42, "EMP_000001", 2025, 5), 0xde6b9563eb49e45fULL);
  EXPECT_EQ(unit_from_bits(draw64(42, "EMP_000001", 2025, 5)), 0.8688290947859866);
  EXPECT_EQ(draw64(42, "NH_2025_000001", 2025, 7), 0x17c9d40c893fb6feULL);
  EXPECT_EQ(unit_from_bits(draw64(42, "NH_2025_000001", 2025, 7)), 0.09292340570504976);
}

TEST(Draws, UniformNeverReachesZeroOrOne) {
  EXPECT_EQ(unit_from_bits(0), 0x1.0p-53);
  EXPECT_EQ(unit_from_bits(~0ULL), 1.0 - 0x1.0p-53);
}

TEST(Draws, UniformDayCoversEveryDayIncludingLeapDay) {
  EXPECT_EQ(uniform_day(0x1.0p-53, 2028), jan1(2028));
  EXPECT_EQ(uniform_day(1.0 - 0x1.0p-53, 2028), dec31(2028));
  EXPECT_EQ(uniform_day(59.5 / 366.0, 2028), day_number(2028, 2, 29));
  EXPECT_EQ(uniform_day(1.0 - 0x1.0p-53, 2025), dec31(2025));
}

TEST(Draws, CategoricalPicksSmallestIndexWithUBelowCumulativeShare) {
  const std::vector<double> w = {0.28, 0.03, 0.07, 0.18, 0.04, 0.05,
                                 0.23, 0.03, 0.04, 0.08, 0.02, 0.02};
  // The shares are normalised by the sum (1.07): January ends at 0.28/1.07.
  EXPECT_EQ(categorical(0.26, w), 0);
  EXPECT_EQ(categorical(0.2617, w), 1);
  EXPECT_EQ(categorical(1.0 - 0x1.0p-53, w), 11);
  const CategoricalTable table(w);
  for (double u : {0.0001, 0.2616, 0.2617, 0.5, 0.9, 0.99, 0.9999})
    EXPECT_EQ(table.pick(u), categorical(u, w)) << u;
}

TEST(Draws, CategoricalTableHoldsEveryHireAgeFrom16To80) {
  // Issue 15 item 6: spec §1.6 allows one weight per age 16-80.
  std::vector<double> w(65, 0.0);
  w[64] = 1.0;  // age 80 only
  const CategoricalTable only_last(w);
  EXPECT_EQ(only_last.size(), 65);
  for (double u : {0x1.0p-53, 0.5, 1.0 - 0x1.0p-53}) EXPECT_EQ(only_last.pick(u), 64) << u;
  std::vector<double> even(65, 1.0);
  const CategoricalTable uniform_ages(even);
  for (double u : {0.001, 0.3, 0.5, 0.77, 0.999})
    EXPECT_EQ(uniform_ages.pick(u), categorical(u, even)) << u;
}

// The table's pick looks up the thresholds below u's cell and compares only
// those inside it; it must count exactly as the comparison with every
// threshold does, at and around each threshold and each cell's edge.
TEST(Draws, CategoricalTablePickCountsAsEveryThresholdDoes) {
  const std::vector<std::vector<double>> tables = {
      {0.28, 0.03, 0.07, 0.18, 0.04, 0.05, 0.23, 0.03, 0.04, 0.08, 0.02, 0.02},
      {0.0, 1.0, 0.0, 0.0, 2.0},
      std::vector<double>(65, 1.0),
      {1.0, 1.0, 1.0, 1.0},  // thresholds on cell edges: 0.25, 0.5, 0.75
      {3.0, -1.0, 2.0},      // thresholds that decrease: counted one by one
  };
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const std::vector<double>& w = tables[t];
    const CategoricalTable table(w);
    std::vector<double> probes = {0.0, 0x1.0p-53, 0.5, 1.0 - 0x1.0p-53, 1.0, -0.25, 1.5};
    auto around = [&probes](double x) {
      probes.insert(probes.end(), {x, std::nextafter(x, -1.0), std::nextafter(x, 2.0)});
    };
    for (int c = 0; c <= 1024; ++c) around(c / 1024.0);
    double total = 0.0, running = 0.0;
    for (double v : w) total += v;
    for (double v : w) around((running += v) / total);  // each threshold, as the table makes it
    for (std::uint64_t k = 1; k <= 20000; ++k) probes.push_back(uniform(k, 2025, 3));
    int wrong = 0;
    for (double u : probes) wrong += table.pick(u) == table.count_at_or_below(u) ? 0 : 1;
    EXPECT_EQ(wrong, 0) << "table " << t;
    if (std::all_of(w.begin(), w.end(), [](double v) { return v >= 0.0; })) {
      for (double u : probes) {
        if (u >= 0.0 && u < 1.0) ASSERT_EQ(table.pick(u), categorical(u, w)) << t << " " << u;
      }
    }
  }
}

TEST(Draws, CategoricalSkipsZeroWeights) {
  const std::vector<double> w = {0.0, 1.0, 0.0};
  EXPECT_EQ(categorical(0x1.0p-53, w), 1);
  EXPECT_EQ(categorical(0.999, w), 1);
}

}  // namespace
}  // namespace planwise::engine
