// Milliseconds of wall-clock time since a steady-clock point: the timings
// that runs, searches and jobs report.
#pragma once

#include <chrono>

namespace planwise {

inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace planwise
