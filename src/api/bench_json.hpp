// `planwise bench --json`: the machine's roofline and every case, one
// object, for scripts that track the engine's speed (issue 13 item 6).
#pragma once

#include <string>

#include "app/benchmark.hpp"

namespace planwise::api {

// {"machine": {...}, "cases": [{...}, ...]}: rates per second, bytes,
// fractions of the bounds (1.0 = at the bound), RSS in MiB.
std::string bench_json(const app::BenchReport& report, int indent = 2);

}  // namespace planwise::api
