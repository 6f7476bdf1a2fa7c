// `census anonymize` (issue 14 item 5): deterministic for a seed, no
// original id or SSN left, dates moved within ±N days inside their year,
// one pay factor for everyone, and bad input refused with nothing written.
#include "app/census_anonymizer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "app/census_file.hpp"
#include "common/date.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

// A small census the test writes: a duplicated id, a leaver whose dates sit
// near the year's ends, and a hire on 1 January.
const char* kSmallCensus =
    "employee_id,employee_ssn,employee_birth_date,employee_hire_date,employee_termination_date,"
    "employee_gross_compensation,active\n"
    "E1,SSN-100000001,1980-01-01,2010-06-15,,85000.0,true\n"
    "E2,SSN-100000002,1990-12-31,2024-01-01,2024-12-30,61000.0,false\n"
    "E1,SSN-100000001,1980-01-01,2010-06-15,,85000.0,true\n"
    "E3,SSN-100000003,1975-07-04,2000-02-29,,152500.0,true\n";

app::AnonymizeSpec spec_for(const fs::path& in, const fs::path& out, std::uint64_t seed) {
  app::AnonymizeSpec spec;
  spec.in = in;
  spec.out = out;
  spec.seed = seed;
  return spec;
}

engine::CensusRows read_rows(const fs::path& path) {
  auto rows = app::read_census_file(path);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().to_string());
  return rows.ok() ? std::move(rows).value() : engine::CensusRows{};
}

TEST(CensusAnonymizer, SameSeedGivesTheSameFileAndAnotherSeedAnother) {
  const TempDir dir;
  const fs::path in = data_dir() / "census_preprocessed.csv";
  ASSERT_TRUE(app::anonymize_census(spec_for(in, dir / "a.csv", 7)).ok());
  ASSERT_TRUE(app::anonymize_census(spec_for(in, dir / "b.csv", 7)).ok());
  ASSERT_TRUE(app::anonymize_census(spec_for(in, dir / "c.csv", 8)).ok());
  EXPECT_EQ(read_file(dir / "a.csv"), read_file(dir / "b.csv"));
  EXPECT_NE(read_file(dir / "a.csv"), read_file(dir / "c.csv"));
}

TEST(CensusAnonymizer, LeavesNoOriginalIdOrSsnInItsOutput) {
  const TempDir dir;
  const fs::path in = data_dir() / "census_preprocessed.csv";
  auto outcome = app::anonymize_census(spec_for(in, dir / "a.csv", 7));
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string();
  const engine::CensusRows original = read_rows(in);
  const engine::CensusRows anonymized = read_rows(dir / "a.csv");
  ASSERT_EQ(anonymized.size(), original.size());
  std::set<std::string> originals;
  for (std::size_t i = 0; i < original.size(); ++i) {
    originals.emplace(original.employee_id[i]);
    originals.emplace(original.employee_ssn[i]);
  }
  std::set<std::string> ids, ssns;
  for (std::size_t i = 0; i < anonymized.size(); ++i) {
    EXPECT_EQ(originals.count(std::string(anonymized.employee_id[i])), 0u);
    EXPECT_EQ(originals.count(std::string(anonymized.employee_ssn[i])), 0u);
    ids.emplace(anonymized.employee_id[i]);
    ssns.emplace(anonymized.employee_ssn[i]);
  }
  // The text itself holds none of them either (a field of any column).
  const std::string text = read_file(dir / "a.csv");
  EXPECT_EQ(text.find(std::string(original.employee_ssn[0])), std::string::npos);
  EXPECT_EQ(text.find(std::string(original.employee_id[0]) + ","), std::string::npos);
  // Distinct originals stay distinct.
  EXPECT_EQ(ids.size(), outcome->ids);
  EXPECT_EQ(ssns.size(), outcome->ssns);
  EXPECT_EQ(outcome->rows, original.size());
}

TEST(CensusAnonymizer, MovesDatesWithinTheLimitInsideTheirYearAndTheExitWithTheHire) {
  const TempDir dir;
  write_file(dir / "in.csv", kSmallCensus);
  app::AnonymizeSpec spec = spec_for(dir / "in.csv", dir / "out.csv", 11);
  spec.max_shift_days = 20;
  ASSERT_TRUE(app::anonymize_census(spec).ok());
  const engine::CensusRows in = read_rows(dir / "in.csv");
  const engine::CensusRows out = read_rows(dir / "out.csv");
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    for (auto [before, after] : {std::pair{in.birth_date[i], out.birth_date[i]},
                                 std::pair{in.hire_date[i], out.hire_date[i]}}) {
      EXPECT_LE(std::abs(after - before), 20) << "row " << i;
      EXPECT_EQ(year_of(after), year_of(before)) << "row " << i;
    }
    if (in.termination_date[i] == kNoDate) {
      EXPECT_EQ(out.termination_date[i], kNoDate);
    } else {
      EXPECT_EQ(out.termination_date[i] - in.termination_date[i],
                out.hire_date[i] - in.hire_date[i]);
      EXPECT_EQ(year_of(out.termination_date[i]), year_of(in.termination_date[i]));
    }
  }
  // The duplicated row keeps its twin: same pseudonym, same dates.
  EXPECT_EQ(out.employee_id[0], out.employee_id[2]);
  EXPECT_EQ(out.employee_ssn[0], out.employee_ssn[2]);
  EXPECT_EQ(out.birth_date[0], out.birth_date[2]);
  EXPECT_NE(out.employee_id[0], out.employee_id[1]);
}

TEST(CensusAnonymizer, ScalesAllPayByOneFactorWithinTheSpreadAndRounds) {
  const TempDir dir;
  const fs::path in = data_dir() / "census_preprocessed.csv";
  app::AnonymizeSpec spec = spec_for(in, dir / "a.csv", 3);
  spec.pay_spread = 0.08;
  spec.pay_round = 100.0;
  ASSERT_TRUE(app::anonymize_census(spec).ok());
  const engine::CensusRows before = read_rows(in);
  const engine::CensusRows after = read_rows(dir / "a.csv");
  // Every ratio lies within rounding of one common factor.
  double lo = 1e9, hi = 0.0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(std::fmod(after.gross_compensation[i], 100.0), 0.0) << "row " << i;
    const double b = before.gross_compensation[i];
    lo = std::max(0.0, std::min(lo, (after.gross_compensation[i] + 50.0) / b));
    hi = std::max(hi, (after.gross_compensation[i] - 50.0) / b);
  }
  // Some factor f lies in every row's interval [(a−50)/b, (a+50)/b].
  EXPECT_LE(hi, lo);
  EXPECT_GE(lo, 0.92 - 1e-9);
  EXPECT_LE(hi, 1.08 + 1e-9);
}

TEST(CensusAnonymizer, AKeyFileChangesThePseudonyms) {
  const TempDir dir;
  write_file(dir / "in.csv", kSmallCensus);
  write_file(dir / "key", "a long secret only the sender knows");
  ASSERT_TRUE(app::anonymize_census(spec_for(dir / "in.csv", dir / "plain.csv", 5)).ok());
  app::AnonymizeSpec keyed = spec_for(dir / "in.csv", dir / "keyed.csv", 5);
  keyed.key_file = dir / "key";
  ASSERT_TRUE(app::anonymize_census(keyed).ok());
  EXPECT_NE(read_rows(dir / "plain.csv").employee_id[0],
            read_rows(dir / "keyed.csv").employee_id[0]);
}

TEST(CensusAnonymizer, WritesParquetThatReadsBackAsTheSameRows) {
  const TempDir dir;
  write_file(dir / "in.csv", kSmallCensus);
  ASSERT_TRUE(app::anonymize_census(spec_for(dir / "in.csv", dir / "out.csv", 5)).ok());
  ASSERT_TRUE(app::anonymize_census(spec_for(dir / "in.csv", dir / "out.parquet", 5)).ok());
  const engine::CensusRows csv = read_rows(dir / "out.csv");
  const engine::CensusRows parquet = read_rows(dir / "out.parquet");
  ASSERT_EQ(csv.size(), parquet.size());
  for (std::size_t i = 0; i < csv.size(); ++i) {
    EXPECT_EQ(csv.employee_id[i], parquet.employee_id[i]);
    EXPECT_EQ(csv.hire_date[i], parquet.hire_date[i]);
    EXPECT_EQ(csv.gross_compensation[i], parquet.gross_compensation[i]);
  }
  EXPECT_FALSE(fs::exists(dir / "out.parquet.tmp.csv"));
}

TEST(CensusAnonymizer, ABadCensusCellIsNamedAndNothingIsWritten) {
  const TempDir dir;
  write_file(dir / "in.csv",
             "employee_id,employee_ssn,employee_birth_date,employee_hire_date,"
             "employee_termination_date,employee_gross_compensation,active\n"
             "E1,SSN-1,1980-01-01,2010-06-15,,85000.0,true\n"
             "E2,SSN-2,1990-13-01,2020-01-01,,61000.0,true\n");
  auto outcome = app::anonymize_census(spec_for(dir / "in.csv", dir / "out.csv", 1));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().file, (dir / "in.csv").string());
  EXPECT_EQ(outcome.error().row, 3);
  EXPECT_EQ(outcome.error().column, "employee_birth_date");
  EXPECT_FALSE(fs::exists(dir / "out.csv"));
}

TEST(CensusAnonymizer, RefusesOutOfRangeOptionsAndOverwritingTheInput) {
  const TempDir dir;
  write_file(dir / "in.csv", kSmallCensus);
  app::AnonymizeSpec spec = spec_for(dir / "in.csv", dir / "out.csv", 1);
  spec.max_shift_days = -1;
  auto bad_days = app::anonymize_census(spec);
  ASSERT_FALSE(bad_days.ok());
  EXPECT_EQ(bad_days.error().column, "--shift-days");
  spec.max_shift_days = 30;
  spec.pay_spread = 0.7;
  auto bad_spread = app::anonymize_census(spec);
  ASSERT_FALSE(bad_spread.ok());
  EXPECT_EQ(bad_spread.error().column, "--pay-spread");
  EXPECT_FALSE(fs::exists(dir / "out.csv"));
  auto same = app::anonymize_census(spec_for(dir / "in.csv", dir / "in.csv", 1));
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().column, "OUT");
  EXPECT_EQ(read_file(dir / "in.csv"), kSmallCensus);
}

TEST(CensusAnonymizer, HeadlineShiftOfAnIdenticalCopyIsZero) {
  const TempDir dir;
  fs::copy_file(data_dir() / "census_preprocessed.csv", dir / "copy.csv");
  app::InputRequest inputs;
  inputs.data_dir = data_dir();
  auto shift =
      app::headline_shift(inputs, data_dir() / "census_preprocessed.csv", dir / "copy.csv", 2);
  ASSERT_TRUE(shift.ok()) << shift.error().to_string();
  ASSERT_EQ(shift->rows.size(), 2u);
  EXPECT_EQ(shift->rows[0].seed + 1, shift->rows[1].seed);
  EXPECT_NE(shift->rows[0].original, shift->rows[1].original);  // seeds differ
  EXPECT_EQ(shift->max_abs_shift_points, 0.0);
  EXPECT_GT(shift->original_seed_sd_points, 0.0);
}

}  // namespace
}  // namespace planwise::test
