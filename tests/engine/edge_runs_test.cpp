// Issue 15 item 5 "whole-run edge cases": small, odd and extreme runs
// through the real loaders and the engine, each checked against the spec §6
// properties re-derived from the output rows (support/property_checks) and
// against head counts worked out by hand from §4.2, §4.6 and §4.7.
// Every census is a few dozen rows in a temporary folder, so the suite
// stays cheap enough for the sanitizer build.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "support/collected_run.hpp"
#include "support/property_checks.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;
using app::InputRequest;

std::string joined(const Failures& f) {
  std::string out;
  for (const std::string& s : f) out += s + "\n";
  return out;
}

struct Person {
  int birth_year;
  std::string hire_date;  // YYYY-MM-DD
  double salary;
  std::string termination_date = "";
};

const char* kEdgeHeader =
    "employee_id,employee_ssn,employee_birth_date,employee_hire_date,"
    "employee_termination_date,employee_gross_compensation,active\n";

fs::path write_edge_census(const TempDir& dir, const std::vector<Person>& people) {
  std::string text = kEdgeHeader;
  for (std::size_t i = 0; i < people.size(); ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "EMP_%06zu", i + 1);
    const Person& p = people[i];
    text += std::string(id) + ",SSN-" + std::to_string(100000000 + i) + "," +
            std::to_string(p.birth_year) + "-06-15," + p.hire_date + "," + p.termination_date +
            "," + std::to_string(static_cast<long long>(p.salary)) + "," +
            (p.termination_date.empty() ? "true" : "false") + "\n";
  }
  const fs::path path = dir / "census.csv";
  write_file(path, text);
  return path;
}

// n people with ages 25-64, hire years 2000-2022 (no reference hires) and
// salaries across the five bundled bands (50,000-339,900).
std::vector<Person> varied_people(int n) {
  std::vector<Person> people;
  for (int i = 0; i < n; ++i) {
    const int hire_year = 2000 + (i * 7) % 23;
    people.push_back({1960 + (i * 11) % 40, std::to_string(hire_year) + "-04-01",
                      50000.0 + 100.0 * ((i * 7919) % 2900)});
  }
  return people;
}

InputRequest request_for(const fs::path& census) {
  InputRequest r = bundled_request();
  r.census_path = census;
  return r;
}

void expect_properties(const CollectedRun& run) {
  const Failures f = check_all(run);
  EXPECT_TRUE(f.empty()) << joined(f);
  for (const engine::ValidationItem& v : run.result.validation) {
    EXPECT_NE(v.status, engine::CheckStatus::kFail) << v.check_id << " " << v.message;
  }
}

bool has_warning(const CollectedRun& run, const std::string& check_id, int year) {
  for (const engine::ValidationItem& v : run.result.validation) {
    if (v.check_id == check_id && v.status == engine::CheckStatus::kWarn && v.year == year)
      return true;
  }
  return false;
}

struct Counts {
  std::int64_t start, leavers, target, hires, new_hire_leavers, end;
};
void expect_counts(const CollectedRun& run, const std::vector<Counts>& years) {
  ASSERT_EQ(run.result.years.size(), years.size());
  for (std::size_t k = 0; k < years.size(); ++k) {
    const engine::YearSummary& y = run.result.years[k];
    const Counts& c = years[k];
    EXPECT_EQ(y.start_headcount, c.start) << y.year;
    EXPECT_EQ(y.experienced_terminations, c.leavers) << y.year;
    EXPECT_EQ(y.target_end_headcount, c.target) << y.year;
    EXPECT_EQ(y.hires, c.hires) << y.year;
    EXPECT_EQ(y.new_hire_terminations, c.new_hire_leavers) << y.year;
    EXPECT_EQ(y.end_headcount, c.end) << y.year;
  }
}

// Bundled q = 0.12, g = 0.03, r = 0.25, 2025-2029.
//   N = 1:  T = round(0.12) = 0, target = round(1.03) = 1, X = 0, H = 0.
//   N = 2:  T = round(0.24) = 0, target = round(2.06) = 2, X = 0, H = 0.
//   N = 10: T = round(1.2) = 1, target = round(10.3) = 10, X = 1,
//           H = round(1 / 0.75) = round(1.33) = 1, NT = round(0.25) = 0.
TEST(EdgeRuns, CensusesOfOneTwoAndTenEmployees) {
  for (int n : {1, 2, 10}) {
    SCOPED_TRACE("census of " + std::to_string(n));
    TempDir dir;
    const CollectedRun run = collect_run(request_for(write_edge_census(dir, varied_people(n))));
    expect_properties(run);
    const std::int64_t t = n == 10 ? 1 : 0;
    const Counts year{n, t, n, t, 0, n};
    expect_counts(run, {year, year, year, year, year});
  }
}

// Levels 1 and 2 have recent hires (2023-2024), level 3 has members but
// none hired recently, levels 4-5 nobody. With min_reference_hires = 3,
// levels 3-5 take the original shares (20 / 8 / 2 %) and are priced on
// their band without COLA drift (M = 1); levels 1-2 on their reference
// salaries × M_Y (§4.6, §1.6).
// Weights: L1 5 × 100 = 500, L2 4 × 100 = 400, L3 20 × 9 = 180,
// L4 8 × 9 = 72, L5 2 × 9 = 18 (total 1,170).
// N = 40: T = round(4.8) = 5, target = round(41.2) = 41, X = 6,
// H = round(8) = 8; quotas 3.42, 2.74, 1.23, 0.49, 0.12 -> floors
// 3, 2, 1, 0, 0; the two seats left go to .74 (L2) and .49 (L4): 3|3|1|1|0.
TEST(EdgeRuns, LevelWithoutRecentHiresIsPricedOnItsBand) {
  std::vector<Person> people;
  for (int i = 0; i < 5; ++i)
    people.push_back({1995, "2024-02-0" + std::to_string(i + 1), 60000.0 + 2000 * i});
  for (int i = 0; i < 4; ++i)
    people.push_back({1990, "2023-03-0" + std::to_string(i + 1), 90000.0 + 5000 * i});
  for (int i = 0; i < 31; ++i) {
    const int level = i % 3;  // 0: L1, 1: L2, 2: L3, all hired 2005-2015
    const double pay[] = {65000, 100000, 140000};
    people.push_back(
        {1970 + i % 20, std::to_string(2005 + i % 11) + "-09-01", pay[level] + 100 * i});
  }
  TempDir dir;
  InputRequest request = request_for(write_edge_census(dir, people));
  request.end_year = 2026;
  const CollectedRun run =
      collect_run(request, [](app::LoadedInputs& in) { in.config.engine.min_reference_hires = 3; });
  expect_properties(run);
  ASSERT_EQ(run.result.years.size(), 2u);
  EXPECT_EQ(run.result.years[0].hires_by_level, (std::vector<std::int64_t>{3, 3, 1, 1, 0}));
  bool warned_level3 = false;
  for (const engine::ValidationItem& v : run.result.validation) {
    warned_level3 = warned_level3 || (v.check_id == "hiring_salary_model" &&
                                      v.message.find("level 3") != std::string::npos);
  }
  EXPECT_TRUE(warned_level3);
  // Bundled adjustment 1.1501700953602505 and COLA 0.020340190720501153.
  const double adj = 1.1501700953602505;
  int band_priced = 0;
  for (const SnapshotRow& r : run.snapshot) {
    if (r.status_code.rfind("new_hire", 0) != 0) continue;  // hires only
    if (r.start_level == 3) {
      // Band [121,000, 160,000] × adj, no COLA drift in any year.
      EXPECT_GE(r.start_salary, 121000 * adj - 0.01) << r.employee_id;
      EXPECT_LE(r.start_salary, 160000 * adj + 0.01) << r.employee_id;
      ++band_priced;
    }
    if (r.start_level == 1) {
      // Reference salaries 60,000-68,000 × M_Y × adj.
      const double m =
          r.year == 2025 ? 1.020340190720501153 : 1.020340190720501153 * 1.020340190720501153;
      EXPECT_GE(r.start_salary, 60000 * m * adj - 0.01) << r.employee_id;
      EXPECT_LE(r.start_salary, 68000 * m * adj + 0.01) << r.employee_id;
    }
  }
  EXPECT_GE(band_priced, 2);
}

// A copy of the bundled seeds with `levels` job levels and no lever rows,
// so every lever comes from the seed tables (§2.2).
fs::path seeds_with_levels(const TempDir& dir, int levels) {
  copy_bundled_inputs(dir.path());
  std::string csv =
      "level_id,name,min_compensation,max_compensation,avg_annual_merit_increase,"
      "promotion_probability\n";
  for (int l = 1; l <= levels; ++l) {
    const int min = 40000 + 30000 * (l - 1);
    csv += std::to_string(l) + ",L" + std::to_string(l) + "," + std::to_string(min) + "," +
           std::to_string(min + 45000) + ",0.03," + (l < levels ? "0.1" : "0") + "\n";
  }
  write_file(dir / "seeds" / "config_job_levels.csv", csv);
  write_file(dir / "seeds" / "comp_levers.csv",
             "scenario_id,fiscal_year,job_level,event_type,parameter_name,parameter_value,"
             "is_locked,created_at,created_by\n");
  return dir.path();
}

// Three and seven levels (bands 40,000 + 30,000 per level). Forty people
// with salaries spread over every band; hires spread evenly over the levels.
TEST(EdgeRuns, ThreeAndSevenLevels) {
  for (int levels : {3, 7}) {
    SCOPED_TRACE(std::to_string(levels) + " levels");
    TempDir dir;
    std::vector<Person> people;
    for (int i = 0; i < 40; ++i)
      people.push_back({1965 + i % 30, std::to_string(2003 + i % 21) + "-07-01",
                        41000.0 + 30000.0 * (i % levels) + 100 * i});
    InputRequest request = request_for(write_edge_census(dir, people));
    request.data_dir = seeds_with_levels(dir, levels);
    request.end_year = 2027;
    const CollectedRun run = collect_run(request, [levels](app::LoadedInputs& in) {
      in.config.engine.level_mix.assign(static_cast<std::size_t>(levels),
                                        ExactDecimal::from_int(1));
    });
    expect_properties(run);
    ASSERT_EQ(run.result.years.size(), 3u);
    for (const engine::YearSummary& y : run.result.years)
      EXPECT_EQ(y.hires_by_level.size(), static_cast<std::size_t>(levels));
    EXPECT_EQ(run.result.growth.size(), 3u * static_cast<std::size_t>(5 + levels));
    std::vector<int> seen(static_cast<std::size_t>(levels) + 1, 0);
    for (const SnapshotRow& r : run.snapshot) {
      ASSERT_GE(r.level, 1);
      ASSERT_LE(r.level, levels);
      ++seen[static_cast<std::size_t>(r.level)];
    }
    for (int l = 1; l <= levels; ++l) EXPECT_GT(seen[static_cast<std::size_t>(l)], 0) << l;
  }
}

// One year (Y0 = Y1) and twenty years (2025-2044, five leap years). The
// bundled COLA fallback ends in 2029, so the twenty-year run adds
// config_cola_by_year rows for 2030-2044. N = 30: T = round(3.6) = 4,
// target = round(30.9) = 31, X = 5, H = round(6.67) = 7, NT = round(1.75) = 2.
TEST(EdgeRuns, OneYearAndTwentyYearSpans) {
  TempDir dir;
  const fs::path census = write_edge_census(dir, varied_people(30));
  {
    InputRequest request = request_for(census);
    request.end_year = 2025;
    const CollectedRun run = collect_run(request);
    expect_properties(run);
    expect_counts(run, {{30, 4, 31, 7, 2, 31}});
  }
  copy_bundled_inputs(dir.path());
  std::string cola = read_file(dir / "seeds" / "config_cola_by_year.csv");
  for (int y = 2030; y <= 2044; ++y) cola += std::to_string(y) + ",0.02\n";
  write_file(dir / "seeds" / "config_cola_by_year.csv", cola);
  InputRequest request = request_for(census);
  request.data_dir = dir.path();
  request.end_year = 2044;
  const CollectedRun run = collect_run(request);
  expect_properties(run);
  ASSERT_EQ(run.result.years.size(), 20u);
  EXPECT_EQ(run.result.years.back().year, 2044);
  for (std::size_t k = 1; k < 20; ++k) {
    EXPECT_EQ(run.result.years[k].start_headcount, run.result.years[k - 1].end_headcount);
    EXPECT_EQ(run.result.years[k].end_headcount, run.result.years[k].target_end_headcount);
  }
}

// g = −0.2 on 30 people: the target is below what attrition alone reaches.
//   2025: N 30, T round(3.6) = 4, target round(24) = 24, X = −2: H = 0, end 26
//   2026: N 26, T round(3.12) = 3, target round(20.8) = 21, X = −2: end 23
//   2027: N 23, T round(2.76) = 3, target round(18.4) = 18, X = −2: end 20
// g = −0.05: target round(28.5) = 29 (half away from zero), X = 29 − 30 + 4
// = 3, H = round(4) = 4, NT = round(1) = 1, end 29: shrinking with hires.
TEST(EdgeRuns, NegativeGrowthShrinksTheWorkforce) {
  TempDir dir;
  const fs::path census = write_edge_census(dir, varied_people(30));
  InputRequest request = request_for(census);
  request.end_year = 2027;
  const CollectedRun run = collect_run(request, [](app::LoadedInputs& in) {
    in.config.engine.target_growth_rate = ExactDecimal::from_units(-200'000'000);
  });
  expect_properties(run);
  expect_counts(run, {{30, 4, 24, 0, 0, 26}, {26, 3, 21, 0, 0, 23}, {23, 3, 18, 0, 0, 20}});
  for (int y = 2025; y <= 2027; ++y)
    EXPECT_TRUE(has_warning(run, "hiring_target_below_attainable", y)) << y;

  request.end_year = 2025;
  const CollectedRun mild = collect_run(request, [](app::LoadedInputs& in) {
    in.config.engine.target_growth_rate = ExactDecimal::from_units(-50'000'000);
  });
  expect_properties(mild);
  expect_counts(mild, {{30, 4, 29, 4, 1, 29}});
  EXPECT_FALSE(has_warning(mild, "hiring_target_below_attainable", 2025));
}

// Seed 48292 puts NH_2025_000001 and NH_2025_000002 on 31 Dec 2025 (their
// U(HIRE_DATE) × 365 is 364.97 and 364.9999). N = 2, q = 0, g = 0.25,
// r = 0.4: target round(2.5) = 3, X = 1, H = round(1 / 0.6) = round(1.67)
// = 2, NT_req = round(0.8) = 1, but neither hire can leave after its hire
// date within the year: NT = 0, the year ends at 4, one above target, with
// the §4.7 shortfall warning, and no fatal check fails (§6.2 H3, H5).
TEST(EdgeRuns, NewHireTerminationShortfall) {
  TempDir dir;
  InputRequest request = request_for(write_edge_census(dir, varied_people(2)));
  request.seed = 48292;
  request.end_year = 2025;
  const CollectedRun run = collect_run(request, [](app::LoadedInputs& in) {
    in.config.engine.total_termination_rate = ExactDecimal::from_int(0);
    in.config.engine.target_growth_rate = ExactDecimal::from_units(250'000'000);
    in.config.engine.new_hire_termination_rate = ExactDecimal::from_units(400'000'000);
  });
  expect_counts(run, {{2, 0, 3, 2, 0, 4}});
  EXPECT_TRUE(has_warning(run, "new_hire_termination_shortfall", 2025));
  for (const engine::ValidationItem& v : run.result.validation)
    EXPECT_NE(v.status, engine::CheckStatus::kFail) << v.check_id << " " << v.message;
  // The head-count properties of support/property_checks expect NT = r × H
  // and do not know the shortfall exemption; the others apply as they are.
  for (const Failures& f : {check_structure(run), check_events(run), check_compensation(run)}) {
    EXPECT_TRUE(f.empty()) << joined(f);
  }
  int hires_on_last_day = 0;
  for (const SnapshotRow& r : run.snapshot) {
    if (r.status_code == "new_hire_active" && r.hire_date == day_number(2025, 12, 31))
      ++hires_on_last_day;
  }
  EXPECT_EQ(hires_on_last_day, 2);
}

// Every row has a termination date: nothing to simulate (§1.2 "An empty
// baseline is an error"). The error names the census file and the rule.
TEST(EdgeRuns, CensusWhereEveryRowIsTerminatedIsAClearError) {
  TempDir dir;
  const fs::path census = write_edge_census(dir, {{1980, "2010-01-01", 50000, "2024-03-31"},
                                                  {1985, "2015-06-01", 60000, "2023-12-31"},
                                                  {1990, "2020-09-01", 70000, "2024-12-31"}});
  auto loaded = app::load_inputs(request_for(census));
  ASSERT_FALSE(loaded.ok());
  const Error& e = loaded.error();
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(fs::path(e.file), census);
  EXPECT_EQ(e.row, 0);  // about the whole file, not one row
  EXPECT_EQ(e.column, "employee_termination_date");
  EXPECT_EQ(e.rule, "baseline_non_empty");
  const std::string text = e.to_string();
  EXPECT_TRUE(contains(text, census.string())) << text;
  EXPECT_TRUE(contains(text,
                       "the census has no active employee (every row has a termination "
                       "date), so there is nothing to simulate"))
      << text;
}

}  // namespace
}  // namespace planwise::test
