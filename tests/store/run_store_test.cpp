// The run store: one transaction per run, rollback on failure, read-only
// access, and ordered reads.
#include "store/run_store.hpp"

#include <gtest/gtest.h>

#include "support/stored_run.hpp"
#include "support/test_paths.hpp"

namespace planwise::store {
namespace {

using test::TempDir;

std::int64_t count_rows(Database& db, const std::string& table) {
  auto r = db.query("SELECT count(*) FROM " + table);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return std::stoll(*r->rows.front().front());
}

using Fixture = test::BundledRunInputs;

Status write_run(Database& db, const Fixture& f, const std::string& id, bool commit) {
  return test::store_bundled_run(db, f, id, commit);
}

TEST(RunStore, CommittedRunIsListedWithItsRows) {
  TempDir dir;
  Fixture f;
  auto db = Database::open((dir / "s.duckdb").string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  ASSERT_TRUE(write_run(**db, f, "run_a", true).ok());
  auto runs = list_runs(**db);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().run_id, "run_a");
  EXPECT_EQ(runs->front().seed, 42u);
  EXPECT_GT(count_rows(**db, "yearly_events"), 0);
  auto years = run_table(**db, "run_a", "year_summary");
  ASSERT_TRUE(years.ok());
  ASSERT_EQ(years->rows.size(), 2u);
  EXPECT_EQ(*years->rows[0][0], "2025");
  EXPECT_EQ(*years->rows[1][0], "2026");
  EXPECT_EQ(years->columns[0], "simulation_year");
}

TEST(RunStore, UncommittedRunLeavesNoRowsInAnyTable) {
  TempDir dir;
  Fixture f;
  auto db = Database::open((dir / "s.duckdb").string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(write_run(**db, f, "run_b", false).ok());
  for (const char* t :
       {"runs", "yearly_events", "workforce_snapshot", "year_summary", "compensation_growth",
        "baseline_workforce", "effective_parameters", "validation_report"}) {
    EXPECT_EQ(count_rows(**db, t), 0) << t;
  }
  // The database stays usable for the next run.
  ASSERT_TRUE(write_run(**db, f, "run_c", true).ok());
  EXPECT_EQ(count_rows(**db, "runs"), 1);
}

TEST(RunStore, OnlyTheSelectedOutputTablesGetRows) {
  TempDir dir;
  Fixture f;
  f.in.config.output_tables = {"year_summary", "compensation_growth"};
  auto db = Database::open((dir / "s.duckdb").string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(write_run(**db, f, "run_e", true).ok());
  EXPECT_EQ(count_rows(**db, "runs"), 1);
  EXPECT_EQ(count_rows(**db, "year_summary"), 2);
  EXPECT_EQ(count_rows(**db, "compensation_growth"), 2 * 10);
  EXPECT_EQ(count_rows(**db, "workforce_snapshot"), 0);
  EXPECT_EQ(count_rows(**db, "yearly_events"), 0);
}

TEST(RunStore, DeletedRunIsGoneFromEveryTable) {
  TempDir dir;
  Fixture f;
  auto db = Database::open((dir / "s.duckdb").string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(write_run(**db, f, "run_d", true).ok());
  ASSERT_TRUE(delete_run(**db, "run_d").ok());
  EXPECT_EQ(count_rows(**db, "runs"), 0);
  EXPECT_EQ(count_rows(**db, "workforce_snapshot"), 0);
}

TEST(RunStore, ReadOnlyDatabaseRefusesWrites) {
  TempDir dir;
  {
    auto db = Database::open((dir / "s.duckdb").string(), OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok());
  }
  auto db = Database::open((dir / "s.duckdb").string(), OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok()) << db.error().to_string();
  EXPECT_FALSE((*db)->execute("DELETE FROM runs").ok());
  auto writer = RunWriter::begin(**db, "x", {"year_summary"});
  EXPECT_FALSE(writer.ok());
}

TEST(RunStore, UnknownRunIsNotFound) {
  TempDir dir;
  auto db = Database::open((dir / "s.duckdb").string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  auto run = get_run(**db, "nope");
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().kind, ErrorKind::kNotFound);
}

TEST(RunStore, QueryBindsParametersAsValuesNotSql) {
  TempDir dir;
  auto db = Database::open((dir / "s.duckdb").string(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  auto r = (*db)->query("SELECT count(*) FROM runs WHERE run_id = $1", {"x' OR '1'='1"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->rows.front().front(), "0");
}

}  // namespace
}  // namespace planwise::store
