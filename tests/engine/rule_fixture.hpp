// Shared by the hand-computed rule tests (issue 15 item 5): the seed tables
// as the bundled data/ folder holds them, read by the real loader (so a test
// that pins a multiplier pins the shipped file too), and a whole run on a
// census and levers built in memory, with every snapshot row kept.
//
// The draws U(id, Y, s) these tests quote were computed outside the engine,
// with an independent implementation of spec §3.2 (its outputs reproduce the
// test vectors of §3.5), and are written in the tests as literals.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "engine/census.hpp"
#include "engine/seed_tables.hpp"
#include "engine/simulate.hpp"
#include "support/collected_run.hpp"

namespace planwise::engine::testing {

inline const SeedTables& data_seeds() {
  static const SeedTables seeds = [] {
    auto loaded = app::load_config_and_seeds(planwise::test::bundled_request());
    EXPECT_TRUE(loaded.ok()) << loaded.error().to_string_all();
    return loaded.ok() ? loaded->seeds : SeedTables{};
  }();
  return seeds;
}

// A census row for CensusBuilder: dates as (y, m, d), no termination.
struct CensusPerson {
  std::string id;
  int birth_year;
  DayNumber hire_date;
  double gross;
};

inline CensusRows census_rows(const std::vector<CensusPerson>& people) {
  CensusRows rows;
  rows.file = "hand_census.csv";
  for (const CensusPerson& p : people) {
    rows.source_row.push_back(static_cast<std::int64_t>(rows.source_row.size()) + 2);
    rows.employee_id.push_back(p.id);
    rows.employee_ssn.push_back("SSN-" + p.id);
    rows.birth_date.push_back(day_number(p.birth_year, 6, 15));
    rows.hire_date.push_back(p.hire_date);
    rows.termination_date.push_back(kNoDate);
    rows.gross_compensation.push_back(p.gross);
    rows.active.push_back(-1);
  }
  return rows;
}

// One snapshot row of a hand run, as the frame holds it at the year's end.
struct HandRow {
  int year = 0;
  std::string id;
  bool hire = false;
  int start_level = 0;
  int level = 0;
  double start_salary = 0.0;
  double fye = 0.0;
  DayNumber exit_date = kNoDate;
};

struct HandRun {
  std::vector<HandRow> rows;
  SimulationResult result;
  const HandRow* find(int year, const std::string& id) const {
    for (const HandRow& r : rows) {
      if (r.year == year && r.id == id) return &r;
    }
    return nullptr;
  }
};

class HandRowSink final : public YearSink {
 public:
  explicit HandRowSink(std::vector<HandRow>& rows) : rows_(rows) {}
  Status on_year(const YearOutput& y) override {
    const YearFrame& f = y.frame;
    for (std::size_t i = 0; i < f.size(); ++i) {
      char buffer[kHireIdBufferSize];
      HandRow r;
      r.year = f.year;
      r.id = std::string(y.ids.id(f.ref[i], buffer));
      r.hire = f.is_hire_row(i);
      r.start_level = f.start_level[i];
      r.level = f.level[i];
      r.start_salary = f.start_salary[i];
      r.fye = f.salary[i];
      r.exit_date = f.exit_date[i];
      rows_.push_back(std::move(r));
    }
    return Status::success();
  }

 private:
  std::vector<HandRow>& rows_;
};

// Stages `people` under `config` with the bundled seeds and simulates.
inline HandRun hand_run(const EngineConfig& config, const ResolvedLevers& levers,
                        const std::vector<CensusPerson>& people) {
  HandRun run;
  auto census = stage_census(census_rows(people), config, data_seeds());
  if (!census.ok()) {
    ADD_FAILURE() << census.error().to_string_all();
    return run;
  }
  HandRowSink sink(run.rows);
  auto result = simulate({config, data_seeds(), levers, *census}, {}, &sink);
  if (!result.ok()) {
    ADD_FAILURE() << result.error().to_string_all();
    return run;
  }
  run.result = std::move(result).value();
  return run;
}

// Levers for Y0..Y1 over the five bundled levels, every value from the
// `scenario` tier; the caller sets each (parameter, year, level).
inline ResolvedLevers blank_levers(int start_year, int end_year) {
  return ResolvedLevers("default", start_year, end_year, 5);
}
inline void set_lever(ResolvedLevers& levers, LeverParam param, int year, int level, double value) {
  levers.at(param, year, level) = {value, ParamSource::kScenario, std::nullopt};
}

}  // namespace planwise::engine::testing

namespace planwise::engine::testing {

// Three years (2025-2027) on five census members, one per level, each hired
// in 2023-2024 (so each is its level's one reference hire), salaries 60,000,
// 90,000, 130,000, 200,000 and 300,000. q = 0, g = 0.5, r = 0,
// min_reference_hires = 1. Levers differ by year: COLA 0.01 / 0.02 / 0.03;
// merit 0.03 at L1-L4 and 0.02 / 0.03 / 0.04 at L5; promotion probability 0
// (nobody is promoted); new-hire adjustment 1.10 at L1, 0.95 at L2, 1.0
// above.
inline HandRun three_year_hand_run() {
  EngineConfig cfg;
  cfg.end_year = 2027;
  cfg.total_termination_rate = ExactDecimal::from_int(0);
  cfg.target_growth_rate = ExactDecimal::from_units(500'000'000);
  cfg.new_hire_termination_rate = ExactDecimal::from_int(0);
  cfg.min_reference_hires = 1;
  ResolvedLevers levers = blank_levers(2025, 2027);
  const double cola[] = {0.01, 0.02, 0.03};
  const double top_merit[] = {0.02, 0.03, 0.04};
  const double adjustment[] = {1.10, 0.95, 1.0, 1.0, 1.0};
  for (int y = 2025; y <= 2027; ++y) {
    const auto k = static_cast<std::size_t>(y - 2025);
    for (int l = 1; l <= 5; ++l) {
      set_lever(levers, LeverParam::kColaRate, y, l, cola[k]);
      set_lever(levers, LeverParam::kMeritBase, y, l, l == 5 ? top_merit[k] : 0.03);
      set_lever(levers, LeverParam::kPromotionProbability, y, l, 0.0);
      set_lever(levers, LeverParam::kPromotionRaise, y, l, 0.12);
      set_lever(levers, LeverParam::kNewHireSalaryAdjustment, y, l,
                adjustment[static_cast<std::size_t>(l - 1)]);
    }
  }
  return hand_run(cfg, levers,
                  {{"EMP_000001", 1990, day_number(2024, 3, 1), 60000},
                   {"EMP_000002", 1985, day_number(2024, 3, 1), 90000},
                   {"EMP_000003", 1980, day_number(2023, 3, 1), 130000},
                   {"EMP_000004", 1975, day_number(2023, 5, 1), 200000},
                   {"EMP_000005", 1970, day_number(2024, 1, 15), 300000}});
}

}  // namespace planwise::engine::testing
