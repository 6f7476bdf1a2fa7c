#include "app/roofline.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/draws.hpp"

namespace planwise::app {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs work(t) on threads 0..n-1 and returns the wall seconds.
template <class Work>
double on_threads(int n, const Work& work) {
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(n));
  for (int t = 0; t < n; ++t) pool.emplace_back([&work, t] { work(t); });
  for (std::thread& th : pool) th.join();
  return seconds_since(start);
}

double status_kb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::strtod(line.c_str() + key.size() + 1, nullptr);
  }
  return -1.0;
}

}  // namespace

int engine_threads() {
  if (const char* env = std::getenv("OMP_NUM_THREADS"); env != nullptr) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

std::size_t last_level_cache_bytes() {
  std::size_t best = 0;
  for (int index = 0; index < 8; ++index) {
    std::ifstream file("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) +
                       "/size");
    std::string text;
    if (!(file >> text)) continue;
    std::size_t value = std::strtoull(text.c_str(), nullptr, 10);
    if (text.back() == 'K') value <<= 10;
    if (text.back() == 'M') value <<= 20;
    best = std::max(best, value);
  }
  return best > 0 ? best : std::size_t{32} << 20;
}

double triad_bandwidth(std::size_t array_bytes, int repetitions, int threads) {
  const std::size_t n = array_bytes / sizeof(double);
  // Not std::vector: its value-initialisation would touch every page on
  // this thread, before the workers first-touch their own parts.
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
  const auto part = [n, threads](int t) {
    return std::pair{n * static_cast<std::size_t>(t) / static_cast<std::size_t>(threads),
                     n * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(threads)};
  };
  on_threads(threads, [&](int t) {
    const auto [lo, hi] = part(t);
    for (std::size_t i = lo; i < hi; ++i) {
      a[i] = 0.0;
      b[i] = 1.0;
      c[i] = 2.0;
    }
  });
  const double scalar = 3.0;
  double best = 1e300;
  for (int rep = 0; rep < repetitions; ++rep) {
    best = std::min(best, on_threads(threads, [&](int t) {
                      const auto [lo, hi] = part(t);
                      double* __restrict out = a.get();
                      const double* __restrict x = b.get();
                      const double* __restrict y = c.get();
                      for (std::size_t i = lo; i < hi; ++i) out[i] = x[i] + scalar * y[i];
                    }));
  }
  // The answer check: every element is 1 + 3 × 2.
  if (a[0] != 7.0 || a[n - 1] != 7.0) return 0.0;
  return 3.0 * static_cast<double>(n * sizeof(double)) / best;
}

double draw_rate(std::size_t draws_per_thread, int repetitions, int threads) {
  std::vector<double> sums(static_cast<std::size_t>(threads) * 8, 0.0);  // one cache line each
  double best = 1e300;
  for (int rep = 0; rep < repetitions; ++rep) {
    best = std::min(best, on_threads(threads, [&](int t) {
                      double sum = 0.0;
                      const std::uint64_t base = engine::mix64(static_cast<std::uint64_t>(t + 1));
                      for (std::size_t i = 0; i < draws_per_thread; ++i) {
                        const std::uint64_t state = base + engine::kGamma * (i >> 2);
                        sum +=
                            engine::uniform(state, 2025, static_cast<std::uint16_t>(1 + (i & 3)));
                      }
                      sums[static_cast<std::size_t>(t) * 8] = sum;
                    }));
  }
  // The answer check: uniform draws average 1/2.
  for (int t = 0; t < threads; ++t) {
    const double mean =
        sums[static_cast<std::size_t>(t) * 8] / static_cast<double>(draws_per_thread);
    if (mean < 0.45 || mean > 0.55) return 0.0;
  }
  return static_cast<double>(draws_per_thread) * threads / best;
}

CaseMemory::CaseMemory() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  per_case_ = static_cast<bool>(clear) && status_kb("VmHWM") > 0.0;
}

double CaseMemory::peak_mb() const {
  if (per_case_) return status_kb("VmHWM") / 1024.0;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto sec = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return sec(usage.ru_utime) + sec(usage.ru_stime);
}

}  // namespace planwise::app
