// Issue 13 item 6: the machine's side of the benchmark's roofline, measured
// in the benchmark itself (docs/performance.md "Roofline"): memory bandwidth
// by a STREAM-style triad on every core, the engine's compute bound as the
// rate of its own counter-hash draws (spec §3) on every core, and the peak
// RSS of one benchmark case rather than of the process so far.
#pragma once

#include <cstddef>

namespace planwise::app {

// Threads the engine's OpenMP loops use: OMP_NUM_THREADS when set, else the
// CPUs this process may run on (libgomp's default).
int engine_threads();

// The last-level cache's size from /sys; 32 MiB when it cannot be read.
std::size_t last_level_cache_bytes();

// a[i] = b[i] + s × c[i] over three arrays of `array_bytes` each, split over
// `threads` threads that first-touch their own part; the best of
// `repetitions`, counted as STREAM counts it (24 bytes per element, no
// write-allocate). Bytes per second.
double triad_bandwidth(std::size_t array_bytes, int repetitions, int threads);

// engine::uniform draws per second on `threads` threads, each making
// `draws_per_thread` draws of distinct (state, stream) counters; the best of
// `repetitions`.
double draw_rate(std::size_t draws_per_thread, int repetitions, int threads);

// The peak resident set of one case. On Linux, writing "5" to
// /proc/self/clear_refs resets VmHWM to the current RSS, so the peak read
// later from /proc/self/status is this case's; where that fails it is the
// process peak so far, and per_case() says so. The mark is the process's:
// one case at a time, and a later CaseMemory resets it for earlier ones.
class CaseMemory {
 public:
  CaseMemory();  // resets the high-water mark
  double peak_mb() const;
  bool per_case() const { return per_case_; }

 private:
  bool per_case_ = false;
};

// User + system CPU seconds of the process so far (every thread).
double cpu_seconds();

}  // namespace planwise::app
