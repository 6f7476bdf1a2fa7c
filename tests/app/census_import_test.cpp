// Issue 14 items 1 and 6: the preview's counts, distributions and level mix
// recomputed here from the rows the test wrote; errors named by file, row
// and the file's column; nothing stored before confirm or with an error;
// a confirmed census stored under its content hash with a registry row and
// an audit entry, and read by a run that records that hash.
#include "app/census_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "io/file_hash.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "store/parquet_files.hpp"
#include "support/hris_files.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using test::HrisRow;

CensusImportOptions bundled_options() {
  CensusImportOptions o;
  o.inputs.data_dir = test::data_dir();
  return o;
}

struct WorkdayFile {
  test::TempDir dir;
  std::vector<HrisRow> rows = test::workday_rows(60);
  fs::path file = dir / "workday.csv";
  fs::path db = dir / "planwise.duckdb";
  WorkdayFile() { test::write_file(file, test::workday_csv(rows)); }

  io::CensusMap map() const {
    auto m = propose_census_map({file, ""});
    EXPECT_TRUE(m.ok()) << m.error().to_string_all();
    io::CensusMap out = m.ok() ? *m : io::CensusMap{};
    out.exclude.push_back({"Worker Type", {"Contractor"}, ""});
    return out;
  }
};

// The rows a run keeps, recomputed from the test's own values: contractors
// out, then one row per id (latest hire date, then highest pay, §1.3).
std::vector<HrisRow> kept_rows(const std::vector<HrisRow>& rows, std::size_t* duplicates) {
  std::map<std::string, HrisRow> by_id;
  std::size_t considered = 0;
  for (const HrisRow& r : rows) {
    if (r.type == "Contractor") continue;
    ++considered;
    auto [it, inserted] = by_id.emplace(r.id, r);
    if (!inserted && (r.hire > it->second.hire)) it->second = r;
  }
  *duplicates = considered - by_id.size();
  std::vector<HrisRow> out;
  for (auto& [id, r] : by_id) out.push_back(r);
  return out;
}

TEST(CensusImport, PreviewCountsMatchTheRowsRecomputed) {
  WorkdayFile f;
  auto preview = preview_census_import({f.file, ""}, f.map(), bundled_options());
  ASSERT_TRUE(preview.ok()) << preview.error().to_string_all();
  std::size_t duplicates = 0;
  const std::vector<HrisRow> kept = kept_rows(f.rows, &duplicates);
  const std::size_t contractors = static_cast<std::size_t>(
      std::count_if(f.rows.begin(), f.rows.end(), [](auto& r) { return r.type == "Contractor"; }));
  std::vector<double> active_pay;
  std::vector<int> active_birth_years;
  std::size_t terminated = 0;
  for (const HrisRow& r : kept) {
    if (r.termination) {
      ++terminated;
    } else {
      active_pay.push_back(r.annual_pay());
      active_birth_years.push_back(r.birth.year);
    }
  }
  const CensusCounts& c = preview->counts;
  EXPECT_EQ(c.rows_total, f.rows.size());
  EXPECT_EQ(c.active, active_pay.size());
  EXPECT_EQ(c.terminated, terminated);
  EXPECT_EQ(c.excluded, contractors + duplicates);
  EXPECT_EQ(c.rows_total, c.active + c.terminated + c.excluded);
  ASSERT_EQ(c.excluded_by_reason.size(), 2u);
  EXPECT_EQ(c.excluded_by_reason[0].reason, "Worker Type is Contractor");
  EXPECT_EQ(c.excluded_by_reason[0].rows, contractors);
  EXPECT_EQ(c.excluded_by_reason[1].rows, duplicates);
  EXPECT_EQ(duplicates, 1u);

  std::sort(active_pay.begin(), active_pay.end());
  EXPECT_EQ(preview->pay.count, active_pay.size());
  EXPECT_DOUBLE_EQ(preview->pay.min, active_pay.front());
  EXPECT_DOUBLE_EQ(preview->pay.max, active_pay.back());
  double mean_age = 0;
  for (int y : active_birth_years) mean_age += 2025 - y;
  mean_age /= static_cast<double>(active_birth_years.size());
  EXPECT_NEAR(preview->age.mean, mean_age, 1e-9);

  // Level l: the highest level whose minimum pay the salary reaches.
  auto config = load_config_and_seeds(bundled_options().inputs);
  ASSERT_TRUE(config.ok());
  std::map<int, std::size_t> levels;
  for (double pay : active_pay) {
    int level = 1;
    for (const auto& l : config->seeds.levels)
      if (l.min_compensation <= pay) level = l.level_id;
    ++levels[level];
  }
  std::size_t total = 0;
  for (const LevelShare& l : preview->level_mix) {
    EXPECT_EQ(l.count, levels[l.level]) << "level " << l.level;
    total += l.count;
  }
  EXPECT_EQ(total, c.active);
  std::size_t band_total = 0;
  for (const Band& b : preview->pay.bands) band_total += b.count;
  EXPECT_EQ(band_total, c.active);
  EXPECT_EQ(preview->errors, 0u);
  EXPECT_TRUE(preview->can_confirm);
  EXPECT_FALSE(fs::exists(census_folder(f.db.string())));  // a preview stores nothing
}

TEST(CensusImport, StagingErrorsNameTheFilesRowAndColumn) {
  test::TempDir dir;
  std::vector<HrisRow> rows = test::workday_rows(12);
  rows[2].hire = {2026, 3, 14};  // after the census date 2024-12-31, line 4
  rows[5].annual = -5;           // line 7
  const fs::path file = dir / "bad.csv";
  test::write_file(file, test::workday_csv(rows));
  auto preview = preview_census_import(
      {file, "upload.csv"}, *propose_census_map({file, "upload.csv"}), bundled_options());
  ASSERT_TRUE(preview.ok()) << preview.error().to_string_all();
  EXPECT_FALSE(preview->can_confirm);
  ASSERT_EQ(preview->errors, 2u) << census_issues_csv(*preview);
  const CensusIssue& hire = preview->issues[0];
  EXPECT_EQ(hire.row, 4);
  EXPECT_EQ(hire.column, "Hire Date");
  EXPECT_EQ(hire.field, "hire_date");
  EXPECT_EQ(hire.rule, "hire_on_or_before_census_date");
  EXPECT_EQ(hire.value, "2026-03-14");
  const CensusIssue& pay = preview->issues[1];
  EXPECT_EQ(pay.row, 7);
  EXPECT_EQ(pay.column, "Annual Base Salary");
  EXPECT_EQ(pay.rule, "salary_positive");
  const std::string csv = census_issues_csv(*preview);
  EXPECT_NE(csv.find("error,4,Hire Date,hire_date,hire_on_or_before_census_date,2026-03-14,"),
            std::string::npos)
      << csv;
  EXPECT_EQ(preview->counts.rows_total,
            preview->counts.active + preview->counts.terminated + preview->counts.excluded);
  EXPECT_EQ(preview->source_name, "upload.csv");
}

TEST(CensusImport, EveryErrorIsListedPastTheStagingCap) {
  test::TempDir dir;
  std::vector<HrisRow> rows = test::workday_rows(130);
  for (std::size_t i = 0; i < 120; ++i) rows[i].hire = {2025, 6, 15};
  const fs::path file = dir / "late.csv";
  test::write_file(file, test::workday_csv(rows));
  auto preview =
      preview_census_import({file, ""}, *propose_census_map({file, ""}), bundled_options());
  ASSERT_TRUE(preview.ok()) << preview.error().to_string_all();
  // Each active late hire fails a staging rule (hired after the census
  // date); a late hire that left in 2024 was hired after leaving, which
  // excludes the row with a warning (issue 15 item 6).
  const auto leavers = static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.begin() + 120, [](auto& r) { return r.termination; }));
  const std::size_t expected = 120 - leavers;
  EXPECT_GT(leavers, 0u);
  EXPECT_EQ(preview->errors, expected);
  const auto listed_errors =
      std::count_if(preview->issues.begin(), preview->issues.end(),
                    [](auto& i) { return i.severity == IssueSeverity::kError; });
  EXPECT_EQ(static_cast<std::size_t>(listed_errors), expected);
  EXPECT_GT(expected, 50u);
}

TEST(CensusImport, StatedLevelsAreComparedWithTheLevelsDerivedFromPay) {
  test::TempDir dir;
  const fs::path file = dir / "levels.csv";
  // 85,000 and 125,000 derive levels 2 and 3 from the bundled bands.
  test::write_file(file,
                   "Worker ID,National ID,Date of Birth,Hire Date,Annual Base Salary,Job Level\n"
                   "W1,123-45-6789,1980-03-14,2015-06-21,85000,2\n"
                   "W2,123-45-6790,1975-11-23,2010-01-15,125000,2\n");
  auto map = propose_census_map({file, ""});
  ASSERT_EQ(map->field(io::CensusField::kLevel).column, "Job Level");
  auto preview = preview_census_import({file, ""}, *map, bundled_options());
  ASSERT_TRUE(preview.ok()) << preview.error().to_string_all();
  EXPECT_TRUE(preview->can_confirm);  // a difference is a warning
  std::vector<CensusIssue> level_issues;
  for (const CensusIssue& i : preview->issues)
    if (i.rule == "level_differs") level_issues.push_back(i);
  ASSERT_EQ(level_issues.size(), 1u);
  EXPECT_EQ(level_issues[0].row, 3);
  EXPECT_EQ(level_issues[0].column, "Job Level");
  EXPECT_EQ(level_issues[0].value, "2");
  EXPECT_NE(level_issues[0].message.find("derives level 3"), std::string::npos);
}

TEST(CensusImport, AmbiguousDatesAskAndCannotBeConfirmed) {
  test::TempDir dir;
  const fs::path file = dir / "ambiguous.csv";
  test::write_file(file,
                   "Worker ID,National ID,Date of Birth,Hire Date,Annual Base Salary\n"
                   "W1,123-45-6789,03/14/1980,06/01/2015,85000\n"
                   "W2,123-45-6790,11/23/1975,01/12/2010,72000\n");
  io::CensusMap map = *propose_census_map({file, ""});
  auto preview = preview_census_import({file, ""}, map, bundled_options());
  ASSERT_TRUE(preview.ok());
  EXPECT_FALSE(preview->can_confirm);
  ASSERT_EQ(preview->questions.size(), 1u);
  EXPECT_EQ(preview->questions[0].field, "hire_date");
  EXPECT_EQ(preview->questions[0].column, "Hire Date");
  EXPECT_EQ(preview->questions[0].options, (std::vector<std::string>{"MM/DD/YYYY", "DD/MM/YYYY"}));
  const fs::path db = dir / "p.duckdb";
  auto refused =
      confirm_census_import(db.string(), {file, ""}, map, "", "tester", bundled_options());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(refused.error().rule, "date_format_ambiguous");
  EXPECT_FALSE(fs::exists(db));
  EXPECT_FALSE(fs::exists(census_folder(db.string())));
  io::state_open_date_formats(map, io::DateFormat::kDaySlash);
  preview = preview_census_import({file, ""}, map, bundled_options());
  ASSERT_TRUE(preview.ok());
  EXPECT_TRUE(preview->questions.empty());
  EXPECT_EQ(preview->errors, 0u);
}

TEST(CensusImport, ConfirmStoresTheFileUnderItsHashWithRegistryRowAndAudit) {
  WorkdayFile f;
  auto stored = confirm_census_import(f.db.string(), {f.file, ""}, f.map(), "december", "tester",
                                      bundled_options());
  ASSERT_TRUE(stored.ok()) << stored.error().to_string_all();
  EXPECT_EQ(stored->path, census_folder(f.db.string()) / (stored->sha256 + ".csv"));
  ASSERT_TRUE(fs::exists(stored->path));
  EXPECT_EQ(*io::sha256_file(stored->path), stored->sha256);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(census_folder(f.db.string())))
    files += e.is_regular_file();
  EXPECT_EQ(files, 1u);  // no temp file left
  // Personal data: readable by the owner alone.
  EXPECT_EQ(fs::status(stored->path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(census_folder(f.db.string())).permissions() & fs::perms::all,
            fs::perms::owner_all);

  auto listed = list_censuses(f.db.string());
  ASSERT_TRUE(listed.ok()) << listed.error().to_string_all();
  ASSERT_EQ(listed->size(), 1u);
  const StoredCensus& row = listed->front();
  EXPECT_EQ(row.sha256, stored->sha256);
  EXPECT_EQ(row.name, "december");
  EXPECT_EQ(row.source_name, "workday.csv");
  EXPECT_EQ(row.imported_by, "tester");
  EXPECT_EQ(row.active, stored->active);
  EXPECT_EQ(row.rows_total, f.rows.size());
  EXPECT_NE(row.map_yaml.find("Worker Type"), std::string::npos);
  EXPECT_EQ(find_census(f.db.string(), stored->sha256.substr(0, 10))->name, "december");
  EXPECT_EQ(find_census(f.db.string(), "december")->sha256, stored->sha256);

  auto db = store::Database::open(f.db.string(), store::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto audit = store::all_audit_rows(**db);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().event_type, kCensusImported);
  EXPECT_EQ(audit->front().actor, "tester");
  EXPECT_NE(audit->front().details.find(stored->sha256), std::string::npos);
  db->reset();

  // A run on the stored census records its hash, which is its file name.
  InputRequest request = bundled_options().inputs;
  request.census_path = stored->path;
  auto inputs = load_inputs(request);
  ASSERT_TRUE(inputs.ok()) << inputs.error().to_string_all();
  EXPECT_EQ(inputs->hashes.census, stored->sha256);
  EXPECT_EQ(inputs->census.baseline_size(), stored->active);

  // The same content again is a conflict, and nothing more is stored.
  auto again = confirm_census_import(f.db.string(), {f.file, ""}, f.map(), "january", "tester",
                                     bundled_options());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(list_censuses(f.db.string())->size(), 1u);
}

TEST(CensusImport, CensusWithErrorsIsNotConfirmedAndNothingIsStored) {
  test::TempDir dir;
  std::vector<HrisRow> rows = test::workday_rows(12);
  rows[3].termination.reset();
  rows[3].hire = test::HrisDate{2030, 1, 20};  // an active row hired after the census date, line 5
  const fs::path file = dir / "bad.csv";
  test::write_file(file, test::workday_csv(rows));
  const fs::path db = dir / "p.duckdb";
  auto stored = confirm_census_import(db.string(), {file, ""}, *propose_census_map({file, ""}), "",
                                      "tester", bundled_options());
  ASSERT_FALSE(stored.ok());
  EXPECT_EQ(stored.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(stored.error().file, "bad.csv");
  EXPECT_EQ(stored.error().row, 5);
  EXPECT_EQ(stored.error().column, "Hire Date");
  EXPECT_EQ(stored.error().rule, "hire_on_or_before_census_date");
  EXPECT_FALSE(fs::exists(db));
  EXPECT_FALSE(fs::exists(census_folder(db.string())));
}

TEST(CensusImport, ParquetExportGivesTheSameCounts) {
  WorkdayFile f;
  const fs::path parquet = f.dir / "upload.part";  // told by its magic bytes, not its name
  ASSERT_TRUE(store::convert_csv_to_parquet(f.file, parquet).ok());
  auto csv_preview = preview_census_import({f.file, ""}, f.map(), bundled_options());
  auto map = propose_census_map({parquet, "workday.parquet"});
  ASSERT_TRUE(map.ok()) << map.error().to_string_all();
  map->exclude.push_back({"Worker Type", {"Contractor"}, ""});
  auto parquet_preview =
      preview_census_import({parquet, "workday.parquet"}, *map, bundled_options());
  ASSERT_TRUE(parquet_preview.ok()) << parquet_preview.error().to_string_all();
  EXPECT_EQ(parquet_preview->errors, 0u);
  EXPECT_EQ(parquet_preview->counts.active, csv_preview->counts.active);
  EXPECT_EQ(parquet_preview->counts.terminated, csv_preview->counts.terminated);
  EXPECT_EQ(parquet_preview->counts.excluded, csv_preview->counts.excluded);
  EXPECT_DOUBLE_EQ(parquet_preview->pay.mean, csv_preview->pay.mean);
}

}  // namespace
}  // namespace planwise::app
