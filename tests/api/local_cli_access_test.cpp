// Issue 14 item 4: the local CLI's credential (the discovery file's) is
// accepted from loopback only, acts as an enabled user of the database (or,
// without users, as the OS user running the server) with that user's role,
// and POST /api/sql keeps `planwise sql`'s sandbox and the employee_data
// right. Through api::Service::handle; tests/cli/remote_cli_test.cpp runs
// the same through a real server and the CLI binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "api/cli_json.hpp"
#include "api/service.hpp"
#include "app/sql_query.hpp"
#include "app/users.hpp"
#include "support/stored_run.hpp"
#include "support/test_paths.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

constexpr const char* kCredential = "local-cli-credential-for-the-tests-000000000000000000000001";

class LocalCliAccess : public ::testing::Test {
 protected:
  // `users`: add alice (analyst), erin (executive) and dave (disabled)
  // before the service starts.
  void start(bool users) {
    db_ = (dir_ / "cli.duckdb").string();
    if (users) {
      ASSERT_TRUE(app::add_user(db_, "alice", app::Role::kAnalyst, "setup"));
      ASSERT_TRUE(app::add_user(db_, "erin", app::Role::kExecutive, "setup"));
      ASSERT_TRUE(app::add_user(db_, "dave", app::Role::kAnalyst, "setup"));
      ASSERT_TRUE(app::disable_user(db_, "dave", "setup").ok());
    }
    ServiceConfig config;
    config.inputs.data_dir = test::data_dir();
    config.db_path = db_;
    config.local_user = "osuser";
    config.cli_credential = kCredential;
    service_ = std::make_unique<Service>(config);
  }
  Response call(const std::string& actor, const std::string& method, const std::string& path,
                const std::string& body = "", const std::string& credential = kCredential,
                const std::string& client = "127.0.0.1") {
    Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.content_type = "application/json";
    r.client = client;
    r.actor = actor;
    if (!credential.empty()) r.authorization = "PlanwiseLocal " + credential;
    return service_->handle(r);
  }
  static void expect_error(const Response& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(json::parse(r.body)["field"], field) << r.body;
  }
  test::TempDir dir_;
  std::string db_;
  std::unique_ptr<Service> service_;
};

TEST_F(LocalCliAccess, AWrongOrAbsentCredentialIs401) {
  start(false);
  expect_error(call("osuser", "GET", "/api/cli/runs", "", "not-the-credential"), 401,
               "Authorization");
  // The same length as the real one, one character off.
  std::string near = kCredential;
  near.back() = '2';
  expect_error(call("osuser", "GET", "/api/cli/runs", "", near), 401, "Authorization");
  expect_error(call("osuser", "GET", "/api/cli/runs", "", ""), 401, "Authorization");
  EXPECT_EQ(call("osuser", "GET", "/api/cli/runs").status, 200);
}

TEST_F(LocalCliAccess, TheCredentialFromANonLoopbackPeerIsRefused) {
  start(false);
  expect_error(call("osuser", "GET", "/api/cli/runs", "", kCredential, "192.168.1.20"), 403,
               "Authorization");
  expect_error(call("osuser", "GET", "/api/cli/runs", "", kCredential, "::ffff:10.0.0.7"), 403,
               "Authorization");
  EXPECT_EQ(call("osuser", "GET", "/api/cli/runs", "", kCredential, "::1").status, 200);
  EXPECT_EQ(call("osuser", "GET", "/api/cli/runs", "", kCredential, "::ffff:127.0.0.1").status,
            200);
}

TEST_F(LocalCliAccess, WithoutUsersTheCliActsAsTheServersOsUserOnly) {
  start(false);
  const Response who = call("osuser", "GET", "/api/session");
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(json::parse(who.body)["user"], "osuser");
  EXPECT_EQ(json::parse(who.body)["role"], "admin");
  expect_error(call("mallory", "GET", "/api/session"), 403, "X-Planwise-Actor");
  expect_error(call("", "GET", "/api/session"), 401, "X-Planwise-Actor");
}

TEST_F(LocalCliAccess, WithUsersTheCliActsAsAnEnabledUserWithItsRoleAndTheAuditNamesIt) {
  start(true);
  expect_error(call("osuser", "GET", "/api/session"), 403, "X-Planwise-Actor");
  expect_error(call("dave", "GET", "/api/session"), 403, "X-Planwise-Actor");
  EXPECT_EQ(json::parse(call("erin", "GET", "/api/session").body)["role"], "executive");

  const std::string set = levers_set_request_json("default", {"merit_base=0.041"}, {"2027", "2"},
                                                  "FY27 via CLI", false);
  // An executive may not edit levers, as in the dashboard.
  expect_error(call("erin", "POST", "/api/cli/levers/set", set), 403, "role");
  const Response saved = call("alice", "POST", "/api/cli/levers/set", set);
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto outcome = lever_outcome_from_json(saved.body);
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_TRUE(outcome->written);
  ASSERT_EQ(outcome->plan.changes.size(), 1u);
  EXPECT_DOUBLE_EQ(outcome->plan.changes[0].new_value, 0.041);

  const Response audit = call("alice", "POST", "/api/sql",
                              sql_request_json("SELECT actor, reason FROM audit_log WHERE "
                                               "parameter_name = 'merit_base' AND fiscal_year = "
                                               "2027 AND job_level = 2",
                                               "rows"));
  ASSERT_EQ(audit.status, 200) << audit.body;
  auto table = query_table_from_json(audit.body);
  ASSERT_TRUE(table) << table.error().to_string();
  ASSERT_EQ(table->rows.size(), 1u) << audit.body;
  EXPECT_EQ(table->rows[0][0].value_or(""), "alice");
  EXPECT_EQ(table->rows[0][1].value_or(""), "FY27 via CLI");
}

TEST_F(LocalCliAccess, SqlNeedsTheEmployeeDataRight) {
  start(true);
  const Response refused =
      call("erin", "POST", "/api/sql", sql_request_json("SELECT 1 AS one", "json"));
  expect_error(refused, 403, "role");
  EXPECT_NE(json::parse(refused.body)["detail"].get<std::string>().find("employee_data"),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(call("alice", "POST", "/api/sql", sql_request_json("SELECT 1 AS one", "json")).status,
            200);
}

TEST_F(LocalCliAccess, SqlKeepsTheSandboxOfPlanwiseSqlAndNamesTheField) {
  start(false);
  for (const char* write :
       {"DELETE FROM audit_log", "CREATE TABLE t (x INT)",
        "COPY audit_log TO '/tmp/planwise-leak.csv'", "SELECT * FROM read_csv('/etc/passwd')",
        "SET threads = 1", "ATTACH '/tmp/other.duckdb' AS other"}) {
    expect_error(call("osuser", "POST", "/api/sql", sql_request_json(write, "json")), 400, "query");
  }
  expect_error(call("osuser", "POST", "/api/sql", sql_request_json("", "json")), 400, "query");
  expect_error(call("osuser", "POST", "/api/sql", sql_request_json("SELECT 1", "xml")), 400,
               "format");
  // The database is unchanged: the audit trail is still there.
  EXPECT_EQ(
      call("osuser", "POST", "/api/sql", sql_request_json("SELECT count(*) FROM audit_log", "json"))
          .status,
      200);
}

TEST_F(LocalCliAccess, SqlStreamsCsvAsPlanwiseSqlWritesIt) {
  start(false);
  const std::string query = "SELECT i, 'a,\"b\"' AS quoted, NULL AS nothing FROM range(10000) t(i)";
  const Response r = call("osuser", "POST", "/api/sql", sql_request_json(query, "csv"));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.producer);
  EXPECT_EQ(r.content_type.rfind("text/csv", 0), 0u);
  std::string streamed;
  int pieces = 0;
  r.producer([&](const char* data, std::size_t size) {
    streamed.append(data, size);
    ++pieces;
    return true;
  });
  const Response rows = call("osuser", "POST", "/api/sql", sql_request_json(query, "rows"));
  auto table = query_table_from_json(rows.body);
  ASSERT_TRUE(table) << table.error().to_string();
  EXPECT_EQ(table->rows.size(), 10000u);
  EXPECT_EQ(streamed, app::query_table_csv(*table));
  EXPECT_GT(pieces, 1);
}

TEST_F(LocalCliAccess, SqlSeesEveryWriteCommittedBeforeIt) {
  start(false);
  auto count = [&] {
    const Response r = call("osuser", "POST", "/api/sql",
                            sql_request_json("SELECT count(*) FROM audit_log", "rows"));
    EXPECT_EQ(r.status, 200) << r.body;
    auto table = query_table_from_json(r.body);
    return table && !table->rows.empty() ? std::stoll(table->rows[0][0].value_or("-1")) : -1;
  };
  const long long before = count();
  EXPECT_EQ(count(), before);  // the copy is reused: nothing changed
  const std::string set =
      levers_set_request_json("default", {"merit_base=0.041"}, {"2027", "all"}, "more", false);
  ASSERT_EQ(call("osuser", "POST", "/api/cli/levers/set", set).status, 200);
  EXPECT_GT(count(), before);
}

TEST_F(LocalCliAccess, ASnapshotIsADatabaseThatOpensOnItsOwnWhileTheServerHoldsTheFile) {
  start(true);
  const Response r = call("alice", "POST", "/api/snapshots");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string path = json::parse(r.body)["path"];
  auto users = app::run_read_only_sql(path, "SELECT name FROM users ORDER BY name");
  ASSERT_TRUE(users) << users.error().to_string();
  ASSERT_EQ(users->rows.size(), 3u);
  EXPECT_EQ(users->rows[0][0].value_or(""), "alice");
  expect_error(call("erin", "POST", "/api/snapshots"), 403, "role");
}

// A run's rows are files beside the database (store/row_files.hpp): the SQL
// copy and a snapshot carry them, so both show the run as the store does.
TEST_F(LocalCliAccess, SqlAndSnapshotsShowTheRowsOfAStoredRun) {
  db_ = (dir_ / "cli.duckdb").string();
  {
    test::BundledRunInputs inputs;
    auto db = store::Database::open(db_, store::OpenMode::kReadWrite);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    ASSERT_TRUE(test::store_bundled_run(**db, inputs, "run_a", true).ok());
  }
  const std::string sql = "SELECT count(*) FROM workforce_snapshot WHERE run_id = 'run_a'";
  auto direct = app::run_read_only_sql(db_, sql);
  ASSERT_TRUE(direct) << direct.error().to_string();
  const std::string rows = direct->rows.at(0).at(0).value_or("");
  EXPECT_NE(rows, "0");
  start(false);
  const Response r = call("osuser", "POST", "/api/sql", sql_request_json(sql, "rows"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto table = query_table_from_json(r.body);
  ASSERT_TRUE(table && !table->rows.empty());
  EXPECT_EQ(table->rows[0][0].value_or(""), rows);
  const Response snap = call("osuser", "POST", "/api/snapshots");
  ASSERT_EQ(snap.status, 201) << snap.body;
  const std::string snapshot = json::parse(snap.body)["path"].get<std::string>();
  auto copied = app::run_read_only_sql(snapshot, sql);
  ASSERT_TRUE(copied) << copied.error().to_string();
  EXPECT_EQ(copied->rows.at(0).at(0).value_or(""), rows);
  // A notebook's own DuckDB has none of planwise's views over the files: a
  // snapshot holds the rows in its tables, with no folder beside it.
  EXPECT_FALSE(std::filesystem::exists(snapshot + ".rows"));
  auto notebook = store::Database::open(":memory:", store::OpenMode::kScratch);
  ASSERT_TRUE(notebook.ok()) << notebook.error().to_string();
  ASSERT_TRUE(
      (*notebook)->execute("ATTACH " + store::sql_literal(snapshot) + " AS snap (READ_ONLY)").ok());
  for (const char* query :
       {"SELECT count(*) FROM snap.main.workforce_snapshot WHERE run_id = 'run_a'",
        "SELECT count(*) FROM snap.main.snapshot_rows s JOIN snap.main.runs r USING (run_key) "
        "WHERE r.run_id = 'run_a'"}) {
    auto read = (*notebook)->query(query);
    ASSERT_TRUE(read.ok()) << query << ": " << read.error().to_string();
    EXPECT_EQ(read->rows.at(0).at(0).value_or(""), rows) << query;
  }
}

}  // namespace
}  // namespace planwise::api
