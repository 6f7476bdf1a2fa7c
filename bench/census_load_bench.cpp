// Issue 13 item 5: the census load alone (goal: 1,000,000 rows under 0.3 s),
// the "Load ms" of `planwise bench` without the simulations around it.
//   planwise_census_load_bench [--census FILE] [--repeat N] [--no-steps]
// Times app::load_inputs (config, seeds, levers, census read + hash + parse
// + staging) N times and prints each time and the median, then the median
// of each census step on its own: read whole, hash, read + parse in chunks
// (all threads and one), staging.
#include <sys/resource.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"
#include "io/file_hash.hpp"

namespace {

using namespace planwise;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// User + system CPU time of the process so far: with other work on the
// machine, wall times vary a lot more than this.
double cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double median_ms(int repeat, const std::function<bool()>& step) {
  std::vector<double> times;
  for (int i = 0; i < repeat; ++i) {
    const Clock::time_point start = Clock::now();
    if (!step()) return -1.0;
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// The answer check: one census row per non-empty line after the header.
std::size_t data_lines(const fs::path& census) {
  std::FILE* f = std::fopen(census.string().c_str(), "rb");
  if (f == nullptr) return 0;
  std::size_t lines = 0;
  char last = '\n';
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) {
    lines += static_cast<std::size_t>(std::count(buffer, buffer + n, '\n'));
    last = buffer[n - 1];
  }
  std::fclose(f);
  return lines - (last == '\n' ? 1 : 0);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path census = "build/bench-data/census_1000000.csv";
  int repeat = 5;
  bool steps = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-steps") == 0) steps = false;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--census") == 0) census = argv[i + 1];
    if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::max(1, std::atoi(argv[i + 1]));
  }
  app::InputRequest request;
  request.data_dir = fs::path(PLANWISE_SOURCE_DIR) / "data";
  request.census_path = census;
  const std::size_t expected_rows = data_lines(census);

  std::vector<double> times;
  std::vector<double> cpu_times;
  for (int i = 0; i < repeat; ++i) {
    const double cpu_start = cpu_ms();
    const Clock::time_point start = Clock::now();
    auto loaded = app::load_inputs(request);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    cpu_times.push_back(cpu_ms() - cpu_start);
    if (!loaded) {
      std::fprintf(stderr, "%s\n", loaded.error().to_string_all().c_str());
      return 1;
    }
    if (loaded->census.census_rows != expected_rows) {
      std::fprintf(stderr, "read %zu census rows, the file has %zu\n", loaded->census.census_rows,
                   expected_rows);
      return 1;
    }
    std::printf("load_inputs %s: %.1f ms (CPU %.1f ms)\n", census.string().c_str(), ms,
                cpu_times.back());
    times.push_back(ms);
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu_times.begin(), cpu_times.end());
  std::printf("load_inputs median of %d: %.1f ms (best %.1f), CPU median %.1f ms\n", repeat,
              times[times.size() / 2], times.front(), cpu_times[cpu_times.size() / 2]);

  if (!steps) return 0;
  auto base = app::load_config_and_seeds(request);
  if (!base) return 1;
  std::string text;
  const double read_ms = median_ms(repeat, [&] {
    auto bytes = io::read_text_file(census);
    if (bytes) text = std::move(bytes).value();
    return bytes.ok();
  });
  const double hash_file_ms = median_ms(repeat, [&] { return io::sha256_file(census).ok(); });
  const double hash_text_ms = median_ms(repeat, [&] { return !io::sha256_text(text).empty(); });
  engine::CensusRows rows;
  auto parse_with = [&](std::size_t chunks) {
    return median_ms(repeat, [&] {
      auto r = io::read_census_csv(census, {chunks});
      if (r) rows = std::move(r).value();
      return r.ok();
    });
  };
  const double parse1_ms = parse_with(1);
  const double parse_ms = parse_with(0);
  const double stage_ms = median_ms(
      repeat, [&] { return engine::stage_census(rows, base->config.engine, base->seeds).ok(); });
  std::printf(
      "steps alone, median of %d: read file %.1f ms; sha256 of the file %.1f ms, of the bytes "
      "%.1f ms; read + parse %.1f ms (one thread %.1f ms); staging %.1f ms\n",
      repeat, read_ms, hash_file_ms, hash_text_ms, parse_ms, parse1_ms, stage_ms);
  return 0;
}
