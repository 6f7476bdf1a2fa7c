// Issue 14 item 3: exports written once to a file and served with their
// size; the created_at an export shows (the run record's time) while the
// stored rows keep the logical one; year_summary's hires per level as the
// long table hires_by_level.
#include "app/export_files.hpp"

#include <gtest/gtest.h>

#include "app/existing_database.hpp"
#include "app/stored_run_fixture.hpp"
#include "store/run_store.hpp"
#include "store/run_tables.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

using ExportFiles = test_support::StoredBundledRun;

std::string streamed(const std::string& db, const std::string& run, const std::string& table,
                     PersonalData personal, CreatedAt created_at, std::size_t* pieces) {
  std::string out;
  const Status s = stream_table_csv(
      db, run, table, personal,
      [&](const char* data, std::size_t size) {
        out.append(data, size);
        ++*pieces;
        return true;
      },
      created_at);
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  return out;
}

int column(const store::TextResult& t, const std::string& name) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c] == name) return static_cast<int>(c);
  }
  return -1;
}

store::RunRecord run_record(const std::string& db_path, const std::string& run_id) {
  auto db = open_existing_database(db_path);
  EXPECT_TRUE(db.ok());
  auto run = store::get_run(**db, run_id);
  EXPECT_TRUE(run.ok());
  return run.ok() ? *run : store::RunRecord{};
}

TEST_F(ExportFiles, ACsvFileHoldsTheBytesOfTheStreamedExportAndItsSizeIsTheFileSize) {
  ExportFileCache cache(4, std::uint64_t{1} << 30);
  auto file = cache.get(db_path(), run_id(), "yearly_events", "csv", PersonalData::kFull);
  ASSERT_TRUE(file.ok()) << file.error().to_string();
  std::size_t pieces = 0;
  const std::string csv = streamed(db_path(), run_id(), "yearly_events", PersonalData::kFull,
                                   CreatedAt::kRunRecord, &pieces);
  EXPECT_GT(pieces, 1u) << "read back in pieces";
  EXPECT_EQ(test::read_file((*file)->path), csv);
  EXPECT_EQ((*file)->size, csv.size());
  EXPECT_EQ(fs::file_size((*file)->path), (*file)->size);
}

TEST_F(ExportFiles, ASecondRequestIsServedFromTheFileAndEachPersonalDataLevelHasItsOwn) {
  ExportFileCache cache(4, std::uint64_t{1} << 30);
  auto full = cache.get(db_path(), run_id(), "workforce_snapshot", "csv", PersonalData::kFull);
  auto again = cache.get(db_path(), run_id(), "workforce_snapshot", "csv", PersonalData::kFull);
  ASSERT_TRUE(full.ok() && again.ok());
  EXPECT_EQ(full->get(), again->get());
  EXPECT_EQ(cache.writes(), 1u);
  auto masked = cache.get(db_path(), run_id(), "workforce_snapshot", "csv", PersonalData::kMasked);
  ASSERT_TRUE(masked.ok());
  EXPECT_EQ(cache.writes(), 2u);
  const std::string text = test::read_file((*masked)->path);
  EXPECT_NE(text.find("***-**-"), std::string::npos);
  EXPECT_EQ(text.find("employee_birth_date"), std::string::npos) << "birth year only";
  EXPECT_NE(text.find("employee_birth_year"), std::string::npos);
}

TEST_F(ExportFiles, AParquetFileIsWholeAndTheErrorsComeBeforeAnyFile) {
  ExportFileCache cache(4, std::uint64_t{1} << 30);
  auto file = cache.get(db_path(), run_id(), "year_summary", "parquet", PersonalData::kFull);
  ASSERT_TRUE(file.ok()) << file.error().to_string();
  const std::string bytes = test::read_file((*file)->path);
  EXPECT_EQ(bytes.size(), (*file)->size);
  EXPECT_EQ(bytes.substr(0, 4), "PAR1");
  EXPECT_EQ(bytes.substr(bytes.size() - 4), "PAR1");
  auto bad = cache.get(db_path(), run_id(), "secrets", "csv", PersonalData::kFull);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().column, "table");
  auto missing = cache.get(db_path(), "run_missing", "year_summary", "csv", PersonalData::kFull);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto format = cache.get(db_path(), run_id(), "year_summary", "xml", PersonalData::kFull);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.error().column, "format");
  EXPECT_EQ(cache.writes(), 1u);
}

TEST_F(ExportFiles, AnEvictedFileStaysUntilItsLastReaderLetsGo) {
  ExportFileCache cache(1, std::uint64_t{1} << 30);
  auto first = cache.get(db_path(), run_id(), "year_summary", "csv", PersonalData::kFull);
  ASSERT_TRUE(first.ok());
  std::shared_ptr<const ExportFile> held = std::move(*first);
  const fs::path path = held->path;
  auto second = cache.get(db_path(), run_id(), "pay_budget", "csv", PersonalData::kFull);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(fs::exists(path)) << "still held by a download";
  held.reset();
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(ExportFiles, AnExportShowsTheRunRecordsCreatedAtWhileTheStoredRowsKeepTheLogicalOne) {
  const store::RunRecord run = run_record(db_path(), run_id());
  ASSERT_FALSE(run.created_at.empty());
  ASSERT_NE(run.created_at, "1970-01-01T00:00:00Z");
  for (const char* table : {"yearly_events", "workforce_snapshot", "year_summary"}) {
    auto exported = stored_table(db_path(), run_id(), table, PersonalData::kFull);
    ASSERT_TRUE(exported.ok()) << exported.error().to_string();
    const int c = column(*exported, "created_at");
    ASSERT_GE(c, 0) << table;
    ASSERT_FALSE(exported->rows.empty());
    for (const auto& row : exported->rows) ASSERT_EQ(row[c], run.created_at) << table;
    auto db = open_existing_database(db_path());
    ASSERT_TRUE(db.ok());
    auto stored = store::run_table(**db, run_id(), table);
    ASSERT_TRUE(stored.ok());
    for (const auto& row : stored->rows) ASSERT_EQ(row[c], "1970-01-01T00:00:00Z") << table;
  }
  std::size_t pieces = 0;
  const std::string csv = streamed(db_path(), run_id(), "year_summary", PersonalData::kFull,
                                   CreatedAt::kRunRecord, &pieces);
  EXPECT_NE(csv.find("," + run.created_at + "\n"), std::string::npos);
  EXPECT_EQ(csv.find("1970-01-01"), std::string::npos);
  const std::string logical = streamed(db_path(), run_id(), "year_summary", PersonalData::kFull,
                                       CreatedAt::kLogical, &pieces);
  EXPECT_NE(logical.find(",1970-01-01T00:00:00Z\n"), std::string::npos);
  auto parquet = stored_table_parquet(db_path(), run_id(), "year_summary", PersonalData::kFull);
  ASSERT_TRUE(parquet.ok());
  EXPECT_NE(parquet->find(run.created_at), std::string::npos);
}

TEST_F(ExportFiles, HiresByLevelHoldsEveryLevelOfEveryYearAndSumsToTheYearsHires) {
  auto summary = stored_table(db_path(), run_id(), "year_summary", PersonalData::kFull);
  auto by_level = stored_table(db_path(), run_id(), "hires_by_level", PersonalData::kFull);
  ASSERT_TRUE(summary.ok() && by_level.ok());
  EXPECT_EQ(column(*summary, "hires_by_level"), -1) << "the pipe-joined column is gone";
  EXPECT_EQ(by_level->columns, (std::vector<std::string>{"simulation_year", "level_id", "hires"}));
  ASSERT_EQ(by_level->rows.size(), summary->rows.size() * 5) << "5 levels a year";
  const int year_col = column(*summary, "simulation_year");
  const int hires_col = column(*summary, "hires");
  for (const auto& year : summary->rows) {
    long long sum = 0;
    int levels = 0;
    for (const auto& row : by_level->rows) {
      if (row[0] != year[year_col]) continue;
      ++levels;
      EXPECT_EQ(*row[1], std::to_string(levels)) << "levels 1..5 in order";
      sum += std::stoll(*row[2]);
    }
    EXPECT_EQ(levels, 5);
    EXPECT_EQ(std::to_string(sum), *year[hires_col]) << *year[year_col];
  }
}

}  // namespace
}  // namespace planwise::app
