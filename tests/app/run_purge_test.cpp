// `runs purge` (issue 9): employee-level rows of old runs go, in one
// transaction with one audit entry; runs, aggregates and provenance stay;
// exports of a purged run's employee tables say so.
#include "app/run_purge.hpp"

#include <gtest/gtest.h>

#include "app/run_history.hpp"
#include "app/run_manifest.hpp"
#include "app/run_results.hpp"
#include "app/run_simulation.hpp"
#include "app/table_export.hpp"
#include "levers/audit_trail.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

using test::TempDir;

struct TwoRuns {
  TempDir dir;
  std::string db = (dir / "runs.duckdb").string();
  std::string old_run, new_run;

  TwoRuns() {
    for (std::string* id : {&old_run, &new_run}) {
      SimulateRequest r;
      r.inputs.data_dir = test::data_dir();
      r.inputs.end_year = 2026;
      r.db_path = db;
      r.actor = "tester";
      auto outcome = run_simulation(r, {});
      EXPECT_TRUE(outcome.ok()) << outcome.error().to_string_all();
      if (outcome.ok()) *id = *outcome->run_id;
    }
    auto d = store::Database::open(db, store::OpenMode::kReadWrite);
    EXPECT_TRUE(d.ok());
    auto moved = (*d)->query(
        "UPDATE runs SET created_at = CAST('2020-06-30T23:00:00Z' AS TIMESTAMPTZ) "
        "WHERE run_id = $1",
        {old_run});
    EXPECT_TRUE(moved.ok()) << moved.error().to_string();
  }

  // Rows of a run in a table; `by_key` for the compact tables keyed by run_key.
  std::int64_t rows(const std::string& table, const std::string& run, bool by_key) {
    auto d = store::Database::open(db, store::OpenMode::kReadOnly);
    EXPECT_TRUE(d.ok());
    const std::string where =
        by_key ? "run_key = (SELECT run_key FROM runs WHERE run_id = $1)" : "run_id = $1";
    auto r = (*d)->query("SELECT count(*) FROM " + table + " WHERE " + where, {run});
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? std::stoll(*r->rows.front().front()) : -1;
  }
  std::int64_t employee_rows(const std::string& run) {
    return rows("snapshot_rows", run, true) + rows("event_rows", run, true) +
           rows("employees", run, true) + rows("baseline_workforce", run, false) +
           rows("census_duplicates_audit", run, false);
  }
  std::int64_t kept_rows(const std::string& run) {
    return rows("runs", run, false) + rows("year_summary", run, false) +
           rows("compensation_growth", run, false) + rows("effective_parameters", run, false) +
           rows("validation_report", run, false);
  }
  std::vector<store::AuditRow> audit() {
    auto d = store::Database::open(db, store::OpenMode::kReadOnly);
    EXPECT_TRUE(d.ok());
    auto rows = store::all_audit_rows(**d);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? std::move(rows).value() : std::vector<store::AuditRow>{};
  }
  PurgeRequest request(const std::string& before, bool dry_run = false) {
    PurgeRequest r;
    r.db_path = db;
    r.before = before;
    r.actor = "dpo@example.com";
    r.command = "planwise runs purge --before " + before;
    r.dry_run = dry_run;
    return r;
  }
};

TEST(RunPurge, RemovesEmployeeRowsOfOldRunsOnlyAndKeepsAggregatesAndProvenance) {
  TwoRuns t;
  const std::int64_t old_rows = t.employee_rows(t.old_run);
  const std::int64_t new_rows = t.employee_rows(t.new_run);
  const std::int64_t old_kept = t.kept_rows(t.old_run);
  const std::size_t audit_before = t.audit().size();
  ASSERT_GT(old_rows, 4378);
  auto summary = purge_runs(t.request("2021-01-01"));
  ASSERT_TRUE(summary.ok()) << summary.error().to_string();
  ASSERT_EQ(summary->runs.size(), 1u);
  EXPECT_EQ(summary->runs[0].run_id, t.old_run);
  EXPECT_EQ(summary->runs[0].created_at, "2020-06-30T23:00:00Z");
  EXPECT_EQ(summary->rows, old_rows);
  EXPECT_FALSE(summary->dry_run);
  EXPECT_EQ(t.employee_rows(t.old_run), 0);
  EXPECT_EQ(t.employee_rows(t.new_run), new_rows);
  EXPECT_EQ(t.kept_rows(t.old_run), old_kept);
  auto details = show_stored_run(t.db, t.old_run);
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->run.census_sha256.size(), 64u) << "provenance kept";
  EXPECT_EQ(details->year_summary.rows.size(), 2u);
  ASSERT_TRUE(details->purge.has_value());
  EXPECT_EQ(details->purge->purged_by, "dpo@example.com");
  EXPECT_EQ(details->purge->rows, old_rows);
  EXPECT_FALSE(show_stored_run(t.db, t.new_run)->purge.has_value());
  // One audit entry with the actor, and the chain still verifies.
  const auto audit = t.audit();
  ASSERT_EQ(audit.size(), audit_before + 1);
  EXPECT_EQ(audit.back().event_type, kRunsPurged);
  EXPECT_EQ(audit.back().actor, "dpo@example.com");
  EXPECT_EQ(audit.back().reason, "planwise runs purge --before 2021-01-01");
  EXPECT_NE(audit.back().details.find(t.old_run), std::string::npos) << audit.back().details;
  EXPECT_EQ(audit.back().details.find(t.new_run), std::string::npos);
  auto d = store::Database::open(t.db, store::OpenMode::kReadOnly);
  ASSERT_TRUE(d.ok());
  auto verified = levers::verify_audit(**d);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact) << verified->problem;
  d->reset();
  // Purged runs are not purged again.
  auto again = purge_runs(t.request("2021-01-01"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->runs.empty());
  EXPECT_EQ(t.audit().size(), audit_before + 1);
}

TEST(RunPurge, ExportingAPurgedRunsEmployeeTableSaysWhenItWasPurged) {
  TwoRuns t;
  ASSERT_TRUE(purge_runs(t.request("2021-01-01")).ok());
  const std::string today = utc_now_iso().substr(0, 10);
  auto snapshot = stored_table(t.db, t.old_run, "workforce_snapshot", PersonalData::kFull);
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(snapshot.error().message.find("employee rows were purged on " + today),
            std::string::npos)
      << snapshot.error().message;
  std::size_t bytes = 0;
  Status streamed = stream_table_csv(t.db, t.old_run, "yearly_events", PersonalData::kMasked,
                                     [&](const char*, std::size_t n) {
                                       bytes += n;
                                       return true;
                                     });
  ASSERT_FALSE(streamed.ok());
  EXPECT_NE(streamed.error().message.find("purged on " + today), std::string::npos);
  EXPECT_EQ(bytes, 0u);
  auto parquet = stored_table_parquet(t.db, t.old_run, "baseline_workforce", PersonalData::kMasked);
  ASSERT_FALSE(parquet.ok());
  EXPECT_EQ(parquet.error().kind, ErrorKind::kNotFound);
  auto results = run_results(t.db, t.old_run, {});
  ASSERT_FALSE(results.ok()) << "not empty results";
  EXPECT_EQ(results.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(results.error().message.find("purged on " + today), std::string::npos);
  auto years = stored_table(t.db, t.old_run, "year_summary", PersonalData::kFull);
  ASSERT_TRUE(years.ok()) << years.error().to_string();
  EXPECT_EQ(years->rows.size(), 2u);
  auto still = stored_table(t.db, t.new_run, "workforce_snapshot", PersonalData::kFull);
  ASSERT_TRUE(still.ok());
  EXPECT_FALSE(still->rows.empty());
}

TEST(RunPurge, DryRunCountsAndChangesNothing) {
  TwoRuns t;
  const std::int64_t old_rows = t.employee_rows(t.old_run);
  const std::size_t audit_before = t.audit().size();
  auto summary = purge_runs(t.request("2021-01-01", true));
  ASSERT_TRUE(summary.ok()) << summary.error().to_string();
  EXPECT_TRUE(summary->dry_run);
  ASSERT_EQ(summary->runs.size(), 1u);
  EXPECT_EQ(summary->rows, old_rows);
  EXPECT_EQ(t.employee_rows(t.old_run), old_rows);
  EXPECT_EQ(t.audit().size(), audit_before);
  EXPECT_FALSE(show_stored_run(t.db, t.old_run)->purge.has_value());
}

TEST(RunPurge, RefusesAMalformedDateNamingBefore) {
  TempDir dir;
  for (const char* bad : {"2021-13-01", "yesterday", "2021-1-1", ""}) {
    PurgeRequest r;
    r.db_path = (dir / "runs.duckdb").string();
    r.before = bad;
    r.actor = "tester";
    auto summary = purge_runs(r);
    ASSERT_FALSE(summary.ok()) << bad;
    EXPECT_EQ(summary.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(summary.error().column, "--before");
    EXPECT_EQ(summary.error().value, bad);
    EXPECT_NE(summary.error().message.find("--before"), std::string::npos);
  }
}

}  // namespace
}  // namespace planwise::app
