// Issue 12's speed goals and figures, on this machine, as Markdown:
//   25 seeds x the bundled census x 5 years (the Impact tab's live band),
//   100 seeds x 60,000 employees x 5 years, aggregates only,
// and the figures docs/uncertainty.md quotes: the headline's seed spread at
// the bundled levers (bundled census and 60,000, 100 seeds each) and the
// paired band of merit +0.5 point against the single-run difference.
// `make bench-ensemble`; never part of `make test`'s pass/fail.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/census_generator.hpp"
#include "app/inputs.hpp"
#include "ensemble/ensemble_summary.hpp"
#include "ensemble/paired.hpp"
#include "ensemble/runner.hpp"

namespace {

using namespace planwise;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "planwise_ensemble_bench: %s\n", what.c_str());
  std::exit(1);
}

app::LoadedInputs load(const std::optional<fs::path>& census) {
  app::InputRequest r;
  r.data_dir = PLANWISE_SOURCE_DIR "/data";
  r.census_path = census;
  auto loaded = app::load_inputs(r);
  if (!loaded) die(loaded.error().to_string());
  return std::move(loaded).value();
}

std::vector<std::uint64_t> seeds_from(std::uint64_t first, int count) {
  std::vector<std::uint64_t> s;
  for (int k = 0; k < count; ++k) s.push_back(first + static_cast<std::uint64_t>(k));
  return s;
}

struct Timing {
  double best = 0.0;
  double median = 0.0;
  double worst = 0.0;
};

// Runs `seeds` on `levers` `repeat` times; the outcomes of the last run.
Timing time_ensemble(const app::LoadedInputs& in, const engine::ResolvedLevers& levers,
                     const std::vector<std::uint64_t>& seeds, int repeat,
                     std::vector<ensemble::SeedOutcome>& out) {
  std::vector<double> ms(static_cast<std::size_t>(repeat), 0.0);
  for (std::size_t r = 0; r < ms.size(); ++r) {
    const auto t = Clock::now();
    auto outcomes = ensemble::run_seeds({in.config.engine, in.seeds, levers, in.census}, seeds, {});
    ms[r] = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
    if (!outcomes) die(outcomes.error().to_string());
    out = std::move(outcomes).value();
  }
  std::sort(ms.begin(), ms.end());
  return {ms[0], ms[ms.size() / 2], ms[ms.size() - 1]};
}

std::string pt(double growth) {  // a growth fraction in percentage points
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", growth * 100.0);
  return buf;
}

void spread_row(const char* label, const std::vector<ensemble::SeedOutcome>& o) {
  std::vector<double> h;
  for (const auto& s : o) h.push_back(s.headline);
  const ensemble::Band b = ensemble::band_of(h);
  std::printf("| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", label, b.n, pt(b.mean).c_str(),
              pt(b.sd).c_str(), pt(b.min).c_str(), pt(b.p10).c_str(), pt(b.p50).c_str(),
              pt(b.p90).c_str(), pt(b.max).c_str());
}

engine::ResolvedLevers merit_plus(const engine::ResolvedLevers& base, double delta) {
  engine::ResolvedLevers out = base;
  for (int y = base.start_year(); y <= base.end_year(); ++y) {
    for (int l = 1; l <= base.level_count(); ++l) {
      out.at(engine::LeverParam::kMeritBase, y, l).value += delta;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path work = "build/bench-data";
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--work-dir") {
      work = argv[i + 1];
    } else if (flag == "--repeat") {
      repeat = std::max(1, std::atoi(argv[i + 1]));
    } else {
      die("unknown flag " + flag + " (--work-dir DIR, --repeat N)");
    }
  }
  fs::create_directories(work);
  const fs::path census60k = work / "census_60000.csv";
  if (!fs::exists(census60k)) {
    app::CensusSpec spec;
    spec.employees = 60000;
    spec.seed = 20261127;
    if (auto s = app::generate_census(spec, census60k); !s.ok()) die(s.error().to_string());
  }
  const app::LoadedInputs bundled = load(std::nullopt);
  const app::LoadedInputs big = load(census60k);
  const std::uint64_t base = bundled.config.engine.random_seed;

  std::printf("## Speed (best / median / worst of %d, ms, every core)\n\n", repeat);
  std::printf("| case | goal ms | best | median | worst |\n|---|---|---|---|---|\n");
  std::vector<ensemble::SeedOutcome> b25;
  Timing t = time_ensemble(bundled, bundled.levers, seeds_from(base, 25), repeat, b25);
  std::printf("| 25 seeds x bundled census (%zu) x 5 years | 100 | %.1f | %.1f | %.1f |\n",
              bundled.census.baseline_size(), t.best, t.median, t.worst);
  std::vector<ensemble::SeedOutcome> g100;
  t = time_ensemble(big, big.levers, seeds_from(base, 100), std::max(1, repeat / 2), g100);
  std::printf("| 100 seeds x 60,000 x 5 years | 2000 | %.1f | %.1f | %.1f |\n\n", t.best, t.median,
              t.worst);

  std::vector<ensemble::SeedOutcome> b100;
  time_ensemble(bundled, bundled.levers, seeds_from(base, 100), 1, b100);
  std::printf("## Headline seed spread at the bundled levers (mean pay growth, points)\n\n");
  std::printf("| census | seeds | mean | SD | min | P10 | P50 | P90 | max |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  spread_row("bundled (5,000 rows)", b100);
  spread_row("generated 60,000", g100);

  std::printf("\n## Merit +0.5 point, paired against the bundled levers\n\n");
  const engine::ResolvedLevers merit = merit_plus(bundled.levers, 0.005);
  for (int n : {25, 100}) {
    std::vector<ensemble::SeedOutcome> a;
    std::vector<ensemble::SeedOutcome> b;
    time_ensemble(bundled, bundled.levers, seeds_from(base, n), 1, a);
    time_ensemble(bundled, merit, seeds_from(base, n), 1, b);
    auto paired = ensemble::compare_paired(a, b);
    if (!paired) die(paired.error().to_string());
    const ensemble::PairedBand& h = paired->headline;
    std::printf(
        "- %d seeds: difference mean %s pt, 95%% interval [%s, %s], per-seed P10-P90 [%s, %s], "
        "SD %s; each plan's own SD %s / %s; single run (seed %llu) %s pt\n",
        n, pt(h.diff.mean).c_str(), pt(h.diff_95.low).c_str(), pt(h.diff_95.high).c_str(),
        pt(h.diff.p10).c_str(), pt(h.diff.p90).c_str(), pt(h.diff.sd).c_str(), pt(h.a.sd).c_str(),
        pt(h.b.sd).c_str(), static_cast<unsigned long long>(a.front().seed),
        pt(b.front().headline - a.front().headline).c_str());
  }
  return 0;
}
