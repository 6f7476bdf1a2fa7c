// Issue 14 items 1 and 6: `planwise census import|list` as an analyst uses
// it: the proposed map and preview printed, nothing stored without --yes, a
// saved map reused for next month's file, an ambiguous date format asked
// about (exit 2) until --date-format answers it, and a run on a stored
// census picked by name.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/hris_files.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

struct CensusCliDir {
  TempDir dir;
  fs::path db = dir / "planwise.duckdb";
  fs::path file = dir / "workday.csv";
  CensusCliDir() { write_file(file, workday_csv(workday_rows(40))); }
  CommandResult run(const std::string& args) const {
    return run_command(cli() + " census " + args + " --db " + q(db));
  }
  std::size_t stored_files() const {
    if (!fs::exists(dir / "censuses")) return 0;
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir / "censuses")) n += e.is_regular_file();
    return n;
  }
};

TEST(CensusCli, ImportPrintsMapAndPreviewAndStoresNothingWithoutYes) {
  CensusCliDir d;
  const CommandResult r = d.run("import " + q(d.file));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  for (const char* part :
       {"Proposed map", "Worker ID", "Workday name 'Worker ID'", "Annual Base Salary",
        "Hourly Rate", "MM/DD/YYYY", "not used: Original Hire Date, Worker Type, Cost Center",
        "rows: 41 in the file", "Annual pay", "Level mix", "Nothing is stored yet", "--yes"}) {
    EXPECT_TRUE(contains(r.out, part)) << part << "\n" << r.out;
  }
  EXPECT_FALSE(contains(r.out, "123-45-")) << "no SSN on screen";
  EXPECT_EQ(d.stored_files(), 0u);
  EXPECT_FALSE(fs::exists(d.db));
}

TEST(CensusCli, YesStoresAndListShowsIt) {
  CensusCliDir d;
  const CommandResult r = d.run("import " + q(d.file) + " --yes --name december");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(contains(r.out, "Stored census 'december'")) << r.out;
  EXPECT_EQ(d.stored_files(), 1u);
  const CommandResult list = d.run("list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(contains(list.out, "december")) << list.out;
  EXPECT_TRUE(contains(list.out, "workday.csv")) << list.out;
  EXPECT_TRUE(contains(list.out, "(1 censuses)")) << list.out;
  // A run picks the stored census by name and records its hash, the file's name.
  const CommandResult sim =
      run_command(cli() + " simulate --census december --quiet --db " + q(d.db));
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const CommandResult runs =
      run_command(cli() + " sql \"SELECT census_sha256 FROM runs\" --format csv --db " + q(d.db));
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  const fs::path stored = fs::directory_iterator(d.dir / "censuses")->path();
  EXPECT_TRUE(contains(runs.out, stored.stem().string())) << runs.out << stored;
}

TEST(CensusCli, SavedMapMapsNextMonthsFile) {
  CensusCliDir d;
  const fs::path map = d.dir / "hris.yaml";
  ASSERT_EQ(d.run("import " + q(d.file) + " --save-map " + q(map)).exit_code, 0);
  ASSERT_TRUE(fs::exists(map));
  EXPECT_TRUE(contains(read_file(map), "Worker ID"));
  // Next month: more rows, and only days of 12 or less, which alone would
  // leave the date format open; the saved map states it.
  std::vector<HrisRow> rows = workday_rows(50);
  for (HrisRow& row : rows) {
    row.birth.day = 1 + row.birth.day % 12;
    row.hire.day = 1 + row.hire.day % 12;
    if (row.termination) row.termination->day = 1 + row.termination->day % 12;
  }
  const fs::path next = d.dir / "workday_january.csv";
  write_file(next, workday_csv(rows));
  const CommandResult r = d.run("import " + q(next) + " --map " + q(map));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(contains(r.out, "Map (from the mapping file)")) << r.out;
  EXPECT_TRUE(contains(r.out, "rows: 51 in the file")) << r.out;
  EXPECT_FALSE(contains(r.out, "QUESTION")) << r.out;
}

TEST(CensusCli, AmbiguousDatesAreAskedUntilDateFormatAnswers) {
  CensusCliDir d;
  write_file(d.file,
             "Worker ID,National ID,Date of Birth,Hire Date,Annual Base Salary\n"
             "W1,123-45-6789,03/11/1980,06/01/2015,85000\n"
             "W2,123-45-6790,11/03/1975,01/12/2010,72000\n");
  const CommandResult asked = d.run("import " + q(d.file) + " --yes");
  EXPECT_EQ(asked.exit_code, 2) << asked.out;
  EXPECT_TRUE(contains(asked.out, "QUESTION")) << asked.out;
  EXPECT_TRUE(contains(asked.out, "MM/DD/YYYY or DD/MM/YYYY")) << asked.out;
  EXPECT_EQ(d.stored_files(), 0u);
  const CommandResult answered =
      d.run("import " + q(d.file) + " --date-format DD/MM/YYYY --yes --name two");
  EXPECT_EQ(answered.exit_code, 0) << answered.err << answered.out;
  EXPECT_EQ(d.stored_files(), 1u);
}

TEST(CensusCli, BadFlagValuesNameTheFlag) {
  CensusCliDir d;
  const CommandResult r = d.run("import " + q(d.file) + " --date-format YY.MM.DD");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--date-format")) << r.err;
  const CommandResult hours = d.run("import " + q(d.file) + " --standard-hours 0");
  EXPECT_EQ(hours.exit_code, 2);
  EXPECT_TRUE(contains(hours.err, "--standard-hours")) << hours.err;
}

}  // namespace
}  // namespace planwise::test
