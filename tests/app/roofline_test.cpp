// Issue 13 item 6: the machine side of the benchmark's roofline.
#include "app/roofline.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

namespace planwise::app {
namespace {

TEST(Roofline, TriadAndDrawRateMeasureSomething) {
  // Small arrays: this checks the measurement runs and answers, not its size.
  EXPECT_GT(triad_bandwidth(std::size_t{4} << 20, 2, 2), 0.0);
  EXPECT_GT(draw_rate(std::size_t{1} << 16, 2, 2), 0.0);
  EXPECT_GE(engine_threads(), 1);
  EXPECT_GE(last_level_cache_bytes(), std::size_t{1} << 20);
}

// A case's peak RSS must not carry an earlier case's peak (Linux resets
// VmHWM through /proc/self/clear_refs).
TEST(Roofline, CaseMemoryForgetsAnEarlierCasesPeak) {
  constexpr std::size_t kBytes = std::size_t{256} << 20;
  double first_peak = 0.0;
  {
    const CaseMemory first;
    ASSERT_TRUE(first.per_case());
    std::unique_ptr<char[]> big(new char[kBytes]);
    std::memset(big.get(), 1, kBytes);
    // The block is never read: without this barrier clang drops the
    // allocation and the memset as dead (C++ allows eliding a new-expression).
    asm volatile("" : : "r"(big.get()) : "memory");
    first_peak = first.peak_mb();
    EXPECT_GT(first_peak, 256.0);
  }
  const CaseMemory second;
  EXPECT_LT(second.peak_mb(), first_peak - 200.0);
}

TEST(Roofline, CpuSecondsGrowWithWork) {
  const double before = cpu_seconds();
  EXPECT_GT(draw_rate(std::size_t{1} << 24, 1, 1), 0.0);
  EXPECT_GT(cpu_seconds(), before);
}

}  // namespace
}  // namespace planwise::app
