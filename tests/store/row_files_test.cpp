// A run's row-level tables as Parquet files beside the database (issue 13
// item 4, store/row_files.hpp): the views read them as the tables, a run
// that does not commit and a deleted run leave no file, files no run names
// are removed by the next read-write open, and a query-only open reads the
// runs' files and nothing else.
#include <gtest/gtest.h>

#include <set>

#include "store/database.hpp"
#include "store/run_purge.hpp"
#include "store/run_store.hpp"
#include "store/schema.hpp"
#include "support/stored_run.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

namespace fs = std::filesystem;

using RowFilesInputs = test::BundledRunInputs;
using test::store_bundled_run;

// Every file under the database's row folder, as "table/name".
std::set<std::string> row_files_of(const fs::path& db) {
  std::set<std::string> names;
  const fs::path dir = db.string() + ".rows";
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      names.insert(entry.path().parent_path().filename().string() + "/" +
                   entry.path().filename().string());
  }
  return names;
}

std::string one_value(Database& db, const std::string& sql) {
  auto r = db.query(sql);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() && !r->rows.empty() ? r->rows.front().front().value_or("NULL") : "";
}

// A store at `path` holding one committed bundled run, r1, then closed.
void store_one_run(const fs::path& path) {
  RowFilesInputs f;
  auto db = Database::open(path.string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  ASSERT_TRUE(store_bundled_run(**db, f, "r1", true).ok());
}

// Every table kept as files: the keyed tables and the output tables.
std::vector<std::string> file_tables() {
  std::vector<std::string> tables = keyed_tables();
  for (const engine::TableDef* t : plain_tables()) tables.emplace_back(t->name);
  return tables;
}

// Each table's folder holding `name`.
std::set<std::string> in_every_folder(const std::string& name) {
  std::set<std::string> files;
  for (const std::string& table : file_tables()) files.insert(table + "/" + name);
  return files;
}

const std::set<std::string> kEmptyFiles = in_every_folder("empty.parquet");

TEST(RowFiles, AStoredRunsRowsAreItsFilesAndTheViewsReadThem) {
  test::TempDir dir;
  RowFilesInputs f;
  const fs::path path = dir / "s.duckdb";
  auto db = Database::open(path.string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_EQ(row_files_of(path), kEmptyFiles);
  ASSERT_TRUE(store_bundled_run(**db, f, "r1", true).ok());
  // The bundled configuration stores every output table.
  std::set<std::string> expected = kEmptyFiles;
  expected.merge(in_every_folder("run_1.parquet"));
  EXPECT_EQ(row_files_of(path), expected);
  // The rows are in the files, none in the database's own tables.
  EXPECT_EQ(one_value(**db, "SELECT count(*) FROM s.main.event_rows"), "0");
  const std::string events = one_value(**db, "SELECT count(*) FROM yearly_events");
  EXPECT_GT(std::stoll(events), 0);
  EXPECT_EQ(one_value(**db, "SELECT count(*) FROM event_rows"), events);
  // Every snapshot row finds its employee, and hires keep their own ids.
  EXPECT_EQ(one_value(**db, "SELECT count(*) FROM workforce_snapshot"),
            one_value(**db, "SELECT count(*) FROM snapshot_rows"));
  EXPECT_EQ(one_value(**db, "SELECT count(DISTINCT employee_id) = count(*) FROM employees"),
            "true");

  ASSERT_TRUE(delete_run(**db, "r1").ok());
  EXPECT_EQ(row_files_of(path), kEmptyFiles);
  EXPECT_EQ(one_value(**db, "SELECT count(*) FROM yearly_events"), "0");
}

TEST(RowFiles, ARunThatDoesNotCommitLeavesNoFile) {
  test::TempDir dir;
  RowFilesInputs f;
  const fs::path path = dir / "s.duckdb";
  auto db = Database::open(path.string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(store_bundled_run(**db, f, "r1", false).ok());
  EXPECT_EQ(row_files_of(path), kEmptyFiles);
  EXPECT_EQ(one_value(**db, "SELECT count(*) FROM snapshot_rows"), "0");
}

TEST(RowFiles, TheNextReadWriteOpenRemovesFilesNoRunNames) {
  test::TempDir dir;
  const fs::path path = dir / "s.duckdb";
  store_one_run(path);
  // What a kill leaves: a run's files renamed into place before its commit,
  // and a writer's temporary.
  const fs::path rows = path.string() + ".rows";
  fs::copy_file(rows / "event_rows" / "run_1.parquet", rows / "event_rows" / "run_77.parquet");
  fs::copy_file(rows / "employees" / "run_1.parquet",
                rows / "employees" / "run_78.parquet.tmp-12345");
  {
    auto reader = Database::open(path.string(), OpenMode::kReadOnly);
    ASSERT_TRUE(reader.ok());
    // A reader removes nothing, and shows no row of a run that never committed.
    EXPECT_TRUE(row_files_of(path).count("event_rows/run_77.parquet"));
    EXPECT_EQ(one_value(**reader, "SELECT count(DISTINCT run_key) FROM event_rows"), "1");
  }
  auto db = Database::open(path.string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  const auto files = row_files_of(path);
  EXPECT_FALSE(files.count("event_rows/run_77.parquet"));
  EXPECT_FALSE(files.count("employees/run_78.parquet.tmp-12345"));
  EXPECT_TRUE(files.count("event_rows/run_1.parquet"));
  EXPECT_EQ(one_value(**db, "SELECT count(DISTINCT run_key) FROM event_rows"), "1");
}

// Issue 13 item 4: a connection makes its eleven views (about 7 ms) before
// its first statement that names a run table or a view over one; a command
// that only writes a run never makes them.
TEST(RowFiles, AConnectionMakesTheViewsWhenAStatementFirstNamesARunTable) {
  test::TempDir dir;
  const fs::path path = dir / "s.duckdb";
  store_one_run(path);
  auto db = Database::open(path.string(), OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  const std::string temporary_views =
      "SELECT count(*) FROM duckdb_views() WHERE temporary AND database_name = 'temp'";
  EXPECT_EQ(one_value(**db, "SELECT count(*) FROM runs"), "1");
  EXPECT_EQ(one_value(**db, temporary_views), "0");
  // Named in any case, through a view over the tables as well.
  EXPECT_GT(std::stoll(one_value(**db, "SELECT count(*) FROM Workforce_Snapshot")), 0);
  EXPECT_EQ(one_value(**db, temporary_views), std::to_string(file_tables().size()));
}

// Views made inside a write transaction go with its rollback: the next
// statement that needs them makes them again, and still reads the files.
TEST(RowFiles, ViewsMadeInARolledBackTransactionAreMadeAgain) {
  test::TempDir dir;
  const fs::path path = dir / "s.duckdb";
  store_one_run(path);
  auto db = Database::open(path.string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  ASSERT_TRUE((*db)->begin_transaction().ok());
  const std::string events = one_value(**db, "SELECT count(*) FROM event_rows");
  EXPECT_GT(std::stoll(events), 0);
  (*db)->rollback();
  EXPECT_EQ(one_value(**db, "SELECT count(*) FROM event_rows"), events);
}

// A view that cannot be made fails the statement that needed it (which
// would otherwise read the database's table alone, without the file runs)
// and stays pending for the next one.
TEST(RowFiles, AViewThatCannotBeMadeFailsTheStatementAndIsMadeLater) {
  test::TempDir dir;
  const fs::path path = dir / "s.duckdb";
  store_one_run(path);
  auto db = Database::open(path.string(), OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  const fs::path folder = path.string() + ".rows/event_rows";
  fs::rename(folder, folder.string() + ".away");
  auto failed = (*db)->query("SELECT count(*) FROM event_rows");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kStorage);
  EXPECT_NE(
      failed.error().message.find("cannot make the views over the run files of " + path.string()),
      std::string::npos)
      << failed.error().message;
  fs::rename(folder.string() + ".away", folder);
  EXPECT_GT(std::stoll(one_value(**db, "SELECT count(*) FROM event_rows")), 0);
}

TEST(RowFiles, AQueryOnlyOpenReadsTheRunsFilesAndNoOtherFile) {
  test::TempDir dir;
  const fs::path path = dir / "s.duckdb";
  store_one_run(path);
  test::write_file(dir / "other.csv", "a\n1\n");
  auto db = Database::open(path.string(), OpenMode::kQueryOnly);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_GT(std::stoll(one_value(**db, "SELECT count(*) FROM workforce_snapshot")), 0);
  auto outside =
      (*db)->query("SELECT * FROM read_csv(" + sql_literal((dir / "other.csv").string()) + ")");
  EXPECT_FALSE(outside.ok());
  auto unlock = (*db)->query("SET enable_external_access = true");
  EXPECT_FALSE(unlock.ok());
}

// A purge of r1. `commit`: whether its transaction commits; `finish`:
// whether the files it set aside are then dealt with (false: a kill).
void purge_r1(const fs::path& path, bool commit, bool finish) {
  auto db = Database::open(path.string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  auto candidates = purge_candidates(**db, "2100-01-01");
  ASSERT_TRUE(candidates.ok()) << candidates.error().to_string();
  ASSERT_EQ(candidates->size(), 1u);
  ASSERT_TRUE((*db)->begin_transaction().ok());
  ASSERT_TRUE(purge_run_rows(**db, candidates->front(), "2026-12-05T12:00:00Z", "tester").ok());
  if (commit)
    ASSERT_TRUE((*db)->commit().ok());
  else
    (*db)->rollback();
  if (finish) finish_purged_row_files(**db, candidates->front(), commit);
}

std::string read_only_value(const fs::path& path, const std::string& sql) {
  auto db = Database::open(path.string(), OpenMode::kReadOnly);
  EXPECT_TRUE(db.ok());
  return db.ok() ? one_value(**db, sql) : "";
}

// What a purge keeps: the run's aggregates (year_summary, ...), not its
// employee-level rows.
void expect_purged(const fs::path& path) {
  const auto files = row_files_of(path);
  for (const char* gone : {"employees", "snapshot_rows", "event_rows", "baseline_workforce"}) {
    EXPECT_FALSE(files.count(std::string(gone) + "/run_1.parquet")) << gone;
    EXPECT_FALSE(files.count(std::string(gone) + "/run_1.parquet.purged")) << gone;
  }
  for (const char* kept : {"year_summary", "compensation_growth", "validation_report"})
    EXPECT_TRUE(files.count(std::string(kept) + "/run_1.parquet")) << kept;
  EXPECT_EQ(read_only_value(path, "SELECT count(*) FROM yearly_events"), "0");
  EXPECT_EQ(read_only_value(path, "SELECT count(*) FROM year_summary"), "2");
}

TEST(RowFiles, APurgeRemovesTheEmployeeLevelFilesAndKeepsTheAggregates) {
  test::TempDir dir;
  const fs::path path = dir / "s.duckdb";
  store_one_run(path);
  purge_r1(path, true, true);
  expect_purged(path);
}

TEST(RowFiles, APurgeKilledAfterItsCommitHidesThePersonalDataAtOnce) {
  test::TempDir dir;
  const fs::path path = dir / "s.duckdb";
  store_one_run(path);
  purge_r1(path, true, false);
  // Set aside inside the transaction: no reader sees the rows, even before
  // the next read-write open removes the files.
  EXPECT_TRUE(row_files_of(path).count("event_rows/run_1.parquet.purged"));
  EXPECT_EQ(read_only_value(path, "SELECT count(*) FROM employees"), "0");
  { auto db = Database::open(path.string(), OpenMode::kReadWrite); }
  expect_purged(path);
}

TEST(RowFiles, APurgeThatDoesNotCommitPutsTheFilesBack) {
  for (const bool killed : {false, true}) {
    test::TempDir dir;
    const fs::path path = dir / "s.duckdb";
    store_one_run(path);
    const std::string events = read_only_value(path, "SELECT count(*) FROM yearly_events");
    purge_r1(path, false, !killed);
    if (killed) {
      auto db = Database::open(path.string(), OpenMode::kReadWrite);
    }
    EXPECT_TRUE(row_files_of(path).count("event_rows/run_1.parquet")) << killed;
    EXPECT_EQ(read_only_value(path, "SELECT count(*) FROM yearly_events"), events) << killed;
  }
}

}  // namespace
}  // namespace planwise::store
