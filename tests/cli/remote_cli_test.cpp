// Issue 14 item 4: with `planwise serve` holding the database, `runs list`,
// `sql`, `levers show` and `levers set` from the CLI binary go through the
// server and print what they print on their own; the write is audited under
// the CLI's user; other commands stop with a message naming the server; a
// stale discovery file is ignored and the lock is reported as before.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "api/serve_discovery.hpp"
#include "app/users.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

// A stored run in `dir/<name>` (the bundled inputs, 2 years).
fs::path simulated_db(const TempDir& dir, const std::string& name) {
  const fs::path db = dir / name;
  const CommandResult made = run_command(cli() + " simulate --quiet --end-year 2026 --db " + q(db));
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return db;
}

CommandResult planwise(const std::string& args, const fs::path& db) {
  return run_command(cli() + " " + args + " --db " + q(db));
}

// The first value of a one-column CSV ("run_id\nrun_x\n" -> "run_x").
std::string first_value(const std::string& csv) {
  const std::size_t start = csv.find('\n') + 1;
  const std::size_t end = csv.find('\n', start);
  return start == 0 || end == std::string::npos ? "" : csv.substr(start, end - start);
}

// The output without its measured time ("Time: 12.3 ms").
std::string without_time(const std::string& text) {
  const std::size_t at = text.find("Time: ");
  return at == std::string::npos ? text : text.substr(0, at);
}

class ServedDatabase {
 public:
  explicit ServedDatabase(const fs::path& db)
      : db_(db),
        server_({"/bin/sh", "-c", "exec " + cli() + " serve --port 0 --db " + q(db) + " 1>&2"}) {
    ready_ = server_.wait_for_line("dashboard: http://");
  }
  ~ServedDatabase() {
    server_.terminate();
    server_.wait();
  }
  bool ready() const { return ready_; }
  const std::string& log() const { return server_.stderr_seen(); }
  void stop() {
    server_.terminate();
    server_.wait();
  }

 private:
  fs::path db_;
  ChildProcess server_;
  bool ready_ = false;
};

// A database with a stored run; serve() starts a server on it.
class RemoteCli : public ::testing::Test {
 protected:
  RemoteCli() : db_(simulated_db(dir_, "served.duckdb")) {}
  void serve() {
    server_ = std::make_unique<ServedDatabase>(db_);
    ASSERT_TRUE(server_->ready()) << server_->log();
    discovery_ = api::read_discovery(db_.string());
    ASSERT_TRUE(discovery_) << "no discovery file beside " << db_;
  }
  TempDir dir_;
  fs::path db_;
  std::unique_ptr<ServedDatabase> server_;
  std::optional<api::ServeDiscovery> discovery_;
};

const char* const kSql = "SELECT run_id, seed, start_year FROM runs ORDER BY run_id";

TEST_F(RemoteCli, ReadsAndLeverWritesGoThroughTheServerAndPrintWhatTheLocalCommandsPrint) {
  const fs::path& db = db_;
  // The same database, for the local form of the write.
  const fs::path twin = dir_ / "twin.duckdb";
  fs::copy_file(db, twin);
  const CommandResult runs = planwise("runs list", db);
  const CommandResult run_ids = planwise("sql --format csv \"SELECT run_id FROM runs\"", db);
  const std::string run_id = first_value(run_ids.out);
  ASSERT_FALSE(run_id.empty()) << run_ids.out << run_ids.err;
  const CommandResult shown = planwise("runs show " + run_id, db);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const CommandResult sql = planwise(std::string("sql \"") + kSql + "\"", db);
  const CommandResult sql_csv = planwise(std::string("sql --format csv \"") + kSql + "\"", db);
  const CommandResult levers = planwise("levers show --year 2026", db);
  const std::string set_args = "levers set merit_base=0.041 --year 2026 --level 2 --reason FY26";
  const CommandResult set_local = planwise(set_args, twin);
  ASSERT_EQ(set_local.exit_code, 0) << set_local.err;
  const std::string lock_args = "levers lock merit_base --year 2027 --reason freeze";
  const CommandResult lock_local = planwise(lock_args, twin);
  ASSERT_EQ(lock_local.exit_code, 0) << lock_local.err;

  serve();
  struct stat st {};
  ASSERT_EQ(::stat(api::discovery_path(db.string()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  for (const auto& [args, local] : std::vector<std::pair<std::string, CommandResult>>{
           {"runs list", runs},
           {"runs show " + run_id, shown},
           {std::string("sql \"") + kSql + "\"", sql},
           {std::string("sql --format csv \"") + kSql + "\"", sql_csv},
           {"levers show --year 2026", levers}}) {
    const CommandResult remote = planwise(args, db);
    EXPECT_EQ(remote.exit_code, 0) << args << ": " << remote.err;
    EXPECT_EQ(remote.out, local.out) << args;
  }
  const CommandResult set_remote = planwise(set_args, db);
  ASSERT_EQ(set_remote.exit_code, 0) << set_remote.err;
  EXPECT_EQ(without_time(set_remote.out), without_time(set_local.out));
  EXPECT_TRUE(contains(set_remote.out, "merit_base 2026 L2")) << set_remote.out;
  const CommandResult lock_remote = planwise(lock_args, db);
  ASSERT_EQ(lock_remote.exit_code, 0) << lock_remote.err;
  EXPECT_EQ(lock_remote.out, lock_local.out);
  const CommandResult audit_remote = planwise("audit log --scenario default", db);
  ASSERT_EQ(audit_remote.exit_code, 0) << audit_remote.err;

  // The write is in the served database, audited under the CLI's user.
  const std::string os_user = app::cli_actor(db.string(), "").value();
  const CommandResult audit = planwise(
      "sql \"SELECT actor, reason FROM audit_log WHERE parameter_name = 'merit_base' AND "
      "fiscal_year = 2026 AND job_level = 2\" --format csv",
      db);
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_EQ(audit.out, "actor,reason\n" + os_user + ",FY26\n");

  // A snapshot through the server opens on its own while the server runs.
  const CommandResult snapshot = planwise("snapshot", db);
  ASSERT_EQ(snapshot.exit_code, 0) << snapshot.err;
  const std::string written = snapshot.out.substr(6, snapshot.out.find(" (") - 6);
  EXPECT_TRUE(fs::exists(written)) << snapshot.out;
  const CommandResult in_copy =
      run_command(cli() + " sql --format csv \"SELECT run_id FROM runs\" --db " + q(written));
  ASSERT_EQ(in_copy.exit_code, 0) << in_copy.err;
  EXPECT_EQ(first_value(in_copy.out), run_id);

  // A write the sandbox refuses names the field.
  const CommandResult write = planwise("sql \"DELETE FROM runs\"", db);
  EXPECT_EQ(write.exit_code, 2) << write.err;
  EXPECT_TRUE(contains(write.err, "column 'query'")) << write.err;
  EXPECT_TRUE(contains(write.err, "DELETE is refused")) << write.err;

  server_->stop();
  EXPECT_FALSE(fs::exists(api::discovery_path(db.string())));
  // The same trail, read locally once the server has stopped.
  const CommandResult audit_local = planwise("audit log --scenario default", db);
  ASSERT_EQ(audit_local.exit_code, 0) << audit_local.err;
  EXPECT_EQ(audit_remote.out, audit_local.out);
  EXPECT_TRUE(contains(audit_local.out, "freeze")) << audit_local.out;
}

TEST_F(RemoteCli, ACommandNotOfferedThroughTheServerNamesItAndWhatToDo) {
  serve();
  const fs::path& db = db_;
  const auto& discovery = discovery_;
  const CommandResult r = planwise("scenario list", db);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, "PID " + std::to_string(discovery->pid))) << r.err;
  EXPECT_TRUE(contains(r.err, ":" + std::to_string(discovery->port))) << r.err;
  EXPECT_TRUE(contains(r.err, "`planwise scenario list` does not go through it")) << r.err;
  EXPECT_TRUE(contains(r.err, "stop the server")) << r.err;
  // --as must name an enabled user; a database without users has only the
  // OS user running the server.
  const CommandResult as = planwise("levers set merit_base=0.04 --reason x --as nobody", db);
  EXPECT_NE(as.exit_code, 0);
  EXPECT_TRUE(contains(as.err, "X-Planwise-Actor")) << as.err;
}

TEST_F(RemoteCli, AStaleDiscoveryFileIsIgnoredAndTheLockIsReportedAsBefore) {
  serve();
  const fs::path& db = db_;
  const auto& good = discovery_;
  auto expect_lock_error = [&](const std::string& why) {
    const CommandResult r = planwise("runs list", db);
    EXPECT_NE(r.exit_code, 0) << why;
    EXPECT_TRUE(contains(r.err, "is in use by PID " + std::to_string(good->pid))) << why << r.err;
  };
  // Wrong port: nothing of ours answers there.
  api::ServeDiscovery wrong_port = *good;
  wrong_port.port = 1;
  ASSERT_TRUE(api::write_discovery(db.string(), wrong_port).ok());
  expect_lock_error("wrong port");
  // A dead server's PID.
  api::ServeDiscovery dead = *good;
  dead.pid = 0x3ffffff;
  ASSERT_TRUE(api::write_discovery(db.string(), dead).ok());
  expect_lock_error("dead PID");
  // Readable by others: not trusted.
  ASSERT_TRUE(api::write_discovery(db.string(), *good).ok());
  fs::permissions(api::discovery_path(db.string()), fs::perms::others_read, fs::perm_options::add);
  expect_lock_error("world-readable");
  // Restored: the same command goes through.
  fs::permissions(api::discovery_path(db.string()), fs::perms::others_read,
                  fs::perm_options::remove);
  EXPECT_EQ(planwise("runs list", db).exit_code, 0);
}

}  // namespace
}  // namespace planwise::test
