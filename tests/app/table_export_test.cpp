// Exports of a stored run's tables (issue 9): personal data masked unless
// asked for in full, the same in CSV and Parquet; streamed CSV identical to
// the in-memory CSV; errors before the first byte; no temporary folder left.
#include "app/table_export.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <regex>

#include "app/run_simulation.hpp"
#include "app/sql_query.hpp"
#include "app/stored_run_fixture.hpp"
#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// One bundled-census run, stored once for the suite.
class TableExport : public test_support::StoredBundledRun {
 protected:
  static store::TextResult table(const std::string& name, PersonalData personal) {
    auto t = stored_table(db_path(), run_id(), name, personal);
    EXPECT_TRUE(t.ok()) << t.error().to_string();
    return t.ok() ? std::move(t).value() : store::TextResult{};
  }
};

int export_column(const store::TextResult& t, const std::string& name) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c] == name) return static_cast<int>(c);
  }
  return -1;
}

// Every row of a Parquet file, read back with DuckDB.
store::TextResult read_parquet(const std::string& bytes, const TempDir& dir) {
  const fs::path file = dir / "t.parquet";
  test::write_file(file, bytes);
  auto db = store::Database::open(":memory:", store::OpenMode::kReadWrite);
  EXPECT_TRUE(db.ok());
  auto r = (*db)->query("SELECT * FROM read_parquet(" + store::sql_literal(file.string()) + ")");
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() ? std::move(r).value() : store::TextResult{};
}

std::string streamed_export(const std::string& db, const std::string& run, const std::string& table,
                            PersonalData personal, std::size_t* pieces = nullptr) {
  std::string out;
  std::size_t count = 0;
  Status s = stream_table_csv(db, run, table, personal, [&](const char* data, std::size_t size) {
    out.append(data, size);
    ++count;
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  if (pieces) *pieces = count;
  return out;
}

TEST_F(TableExport, MaskedSnapshotShowsTheLastFourOfSsnsAndOnlyBirthYears) {
  const store::TextResult full = table("workforce_snapshot", PersonalData::kFull);
  const store::TextResult masked = table("workforce_snapshot", PersonalData::kMasked);
  ASSERT_GT(full.rows.size(), 4378u);
  ASSERT_EQ(masked.rows.size(), full.rows.size());
  const int ssn = export_column(full, "employee_ssn"),
            birth = export_column(full, "employee_birth_date");
  ASSERT_GE(ssn, 0);
  ASSERT_GE(birth, 0);
  EXPECT_EQ(export_column(masked, "employee_birth_date"), -1);
  EXPECT_EQ(export_column(masked, "employee_birth_year"), birth) << "same position";
  EXPECT_EQ(export_column(masked, "employee_ssn"), ssn);
  // Census SSNs (SSN-717186057) keep their last four digits; hires'
  // generated ones (SSN-NH-2025-000001) are not SSN-shaped.
  const std::regex census_ssn(R"(SSN-\d{9})"), hire_ssn(R"(SSN-NH-\d{4}-\d+)"),
      birth_shape(R"(\d{4}-\d{2}-\d{2})");
  std::size_t census_rows = 0, hire_rows = 0;
  for (std::size_t i = 0; i < full.rows.size(); ++i) {
    const std::string& s = *full.rows[i][static_cast<std::size_t>(ssn)];
    const std::string& b = *full.rows[i][static_cast<std::size_t>(birth)];
    const std::string& m = *masked.rows[i][static_cast<std::size_t>(ssn)];
    if (std::regex_match(s, census_ssn)) {
      ++census_rows;
      ASSERT_EQ(m, "***-**-" + s.substr(s.size() - 4)) << i;
    } else {
      ASSERT_TRUE(std::regex_match(s, hire_ssn)) << s;
      ++hire_rows;
      ASSERT_EQ(m, "***-**-****") << i;
    }
    ASSERT_TRUE(std::regex_match(b, birth_shape)) << b;
    ASSERT_EQ(*masked.rows[i][static_cast<std::size_t>(birth)], b.substr(0, 4)) << i;
  }
  EXPECT_GT(census_rows, 4378u);
  EXPECT_GT(hire_rows, 0u);
  // Everything else is untouched.
  for (std::size_t c = 0; c < full.columns.size(); ++c) {
    if (static_cast<int>(c) == ssn || static_cast<int>(c) == birth) continue;
    EXPECT_EQ(masked.columns[c], full.columns[c]);
    EXPECT_EQ(masked.rows.back()[c], full.rows.back()[c]) << full.columns[c];
  }
}

TEST_F(TableExport, ParquetIsMaskedExactlyAsCsvAndFullWhenAskedFor) {
  TempDir tmp;
  for (PersonalData personal : {PersonalData::kMasked, PersonalData::kFull}) {
    auto bytes = stored_table_parquet(db_path(), run_id(), "workforce_snapshot", personal);
    ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
    ASSERT_EQ(bytes->substr(0, 4), "PAR1");
    const store::TextResult parquet = read_parquet(*bytes, tmp);
    const store::TextResult csv = table("workforce_snapshot", personal);
    EXPECT_EQ(parquet.columns, csv.columns);
    EXPECT_EQ(parquet.types, csv.types);
    ASSERT_EQ(parquet.rows.size(), csv.rows.size());
    EXPECT_TRUE(parquet.rows == csv.rows);
  }
  const store::TextResult masked = table("workforce_snapshot", PersonalData::kMasked);
  EXPECT_EQ(masked.types[static_cast<std::size_t>(export_column(masked, "employee_birth_year"))],
            "BIGINT");
}

TEST_F(TableExport, StreamedCsvIsByteForByteTheInMemoryCsv) {
  for (const char* t : {"workforce_snapshot", "yearly_events", "year_summary", "baseline_workforce",
                        "census_duplicates_audit", "effective_parameters", "validation_report"}) {
    for (PersonalData personal : {PersonalData::kFull, PersonalData::kMasked}) {
      std::size_t pieces = 0;
      const std::string stream = streamed_export(db_path(), run_id(), t, personal, &pieces);
      const std::string memory = query_table_csv(table(t, personal));
      ASSERT_EQ(stream.size(), memory.size()) << t;
      EXPECT_TRUE(stream == memory) << t;
      if (std::string(t) == "workforce_snapshot") {
        EXPECT_GT(pieces, stream.size() / (128 * 1024)) << "written in pieces, not at once";
      }
    }
  }
}

TEST_F(TableExport, StreamingStopsWhenTheWriterSaysSo) {
  std::size_t calls = 0, bytes = 0;
  Status s = stream_table_csv(db_path(), run_id(), "workforce_snapshot", PersonalData::kFull,
                              [&](const char*, std::size_t size) {
                                ++calls;
                                bytes += size;
                                return false;
                              });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kCancelled);
  EXPECT_EQ(calls, 1u);
  EXPECT_LT(bytes, 80u * 1024);
}

TEST_F(TableExport, UnknownTableOrRunFailsBeforeTheFirstByte) {
  std::size_t bytes = 0;
  auto writer = [&](const char*, std::size_t size) {
    bytes += size;
    return true;
  };
  Status s = stream_table_csv(db_path(), run_id(), "secrets", PersonalData::kFull, writer);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(s.error().column, "table");
  EXPECT_EQ(s.error().value, "secrets");
  s = stream_table_csv(db_path(), "run_missing", "workforce_snapshot", PersonalData::kFull, writer);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(s.error().message.find("run_missing"), std::string::npos);
  EXPECT_EQ(bytes, 0u);
  EXPECT_EQ(check_table_export(db_path(), "run_missing", "year_summary").error().kind,
            ErrorKind::kNotFound);
  EXPECT_TRUE(check_table_export(db_path(), run_id(), "year_summary").ok());
}

TEST_F(TableExport, ParquetRefusesARunIdWithUnsafeCharacters) {
  auto bytes = stored_table_parquet(db_path(), "../run_x", "year_summary", PersonalData::kFull);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(bytes.error().column, "run_id");
  EXPECT_EQ(bytes.error().value, "../run_x");
}

// Points the system temporary folder at a test folder while it lives.
class TmpDirOverride {
 public:
  explicit TmpDirOverride(const fs::path& dir) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~TmpDirOverride() {
    if (old_) {
      ::setenv("TMPDIR", old_->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }

 private:
  std::optional<std::string> old_;
};

bool is_empty_dir(const fs::path& dir) {
  return fs::is_directory(dir) && fs::directory_iterator(dir) == fs::directory_iterator();
}

TEST_F(TableExport, ParquetLeavesNoTemporaryFolderAfterSuccessOrFailure) {
  TempDir tmp, copy;
  const fs::path broken = copy / "broken.duckdb";
  fs::copy_file(db_path(), broken);
  {
    // A table the run store lost: the export fails inside COPY, after the
    // temporary folder was made.
    auto db = store::Database::open(broken.string(), store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE(
        (*db)->execute("DROP VIEW compensation_growth; DROP TABLE compensation_growth").ok());
  }
  TmpDirOverride scope(tmp.path());
  ASSERT_EQ(fs::temp_directory_path(), tmp.path());
  auto ok = stored_table_parquet(db_path(), run_id(), "year_summary", PersonalData::kFull);
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_TRUE(is_empty_dir(tmp.path()));
  auto failed =
      stored_table_parquet(broken.string(), run_id(), "compensation_growth", PersonalData::kFull);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("compensation_growth"), std::string::npos)
      << failed.error().message;
  EXPECT_TRUE(is_empty_dir(tmp.path()));
}

}  // namespace
}  // namespace planwise::app
