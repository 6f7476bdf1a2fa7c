// `planwise users` as an admin uses it: a token printed once on stdout, a
// list without secrets, exit codes and messages naming the field or flag,
// and --as accepted only for an enabled user of the database.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

struct CliUsersDb {
  TempDir dir;
  fs::path file = dir / "users.duckdb";
  CommandResult run(const std::string& args) const {
    return run_command(cli() + " " + args + " --db " + q(file));
  }
  std::vector<store::AuditRow> audit() const {
    auto db = store::Database::open(file.string(), store::OpenMode::kReadOnly);
    EXPECT_TRUE(db.ok()) << db.error().to_string();
    if (!db.ok()) return {};
    auto rows = store::all_audit_rows(**db);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<store::AuditRow>{};
  }
};

// The single line of stdout, without its newline.
std::string cli_token_of(const CommandResult& r) {
  EXPECT_EQ(r.out.size(), 65u) << r.out;
  EXPECT_EQ(r.out.back(), '\n');
  return r.out.substr(0, r.out.size() - 1);
}

bool is_hex64_text(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(UsersCli, AddPrintsTheTokenOnceAndListShowsNoSecret) {
  CliUsersDb db;
  const CommandResult added = db.run("users add ana --role approver");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string token = cli_token_of(added);
  EXPECT_TRUE(is_hex64_text(token)) << token;
  EXPECT_TRUE(contains(added.err, "will not be shown again")) << added.err;
  EXPECT_FALSE(contains(added.err, token));
  const CommandResult list = db.run("users list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(contains(list.out, "ana")) << list.out;
  EXPECT_TRUE(contains(list.out, "approver")) << list.out;
  EXPECT_TRUE(contains(list.out, "(1 users)")) << list.out;
  for (const char* column : {"Name", "Role", "Disabled", "Created (UTC)", "Token rotated (UTC)"})
    EXPECT_TRUE(contains(list.out, column)) << column << "\n" << list.out;
  EXPECT_FALSE(contains(list.out, token)) << list.out;
  const std::string digest_start = [&] {
    auto opened = store::Database::open(db.file.string(), store::OpenMode::kReadOnly);
    EXPECT_TRUE(opened.ok());
    auto r = (*opened)->query("SELECT token_digest FROM users");
    EXPECT_TRUE(r.ok());
    return r->rows.at(0).at(0).value_or("").substr(0, 16);
  }();
  EXPECT_FALSE(contains(list.out, digest_start)) << list.out;
}

TEST(UsersCli, RotateTokenPrintsANewTokenAndDisableIsListed) {
  CliUsersDb db;
  const CommandResult added = db.run("users add ana --role analyst");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const CommandResult rotated = db.run("users rotate-token ana");
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  const std::string token = cli_token_of(rotated);
  EXPECT_TRUE(is_hex64_text(token));
  EXPECT_NE(token, cli_token_of(added));
  EXPECT_TRUE(contains(rotated.err, "will not be shown again")) << rotated.err;
  const CommandResult disabled = db.run("users disable ana");
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_TRUE(contains(disabled.out, "Disabled user ana")) << disabled.out;
  const CommandResult list = db.run("users list");
  EXPECT_TRUE(contains(list.out, "yes")) << list.out;
  const CommandResult refused = db.run("users rotate-token ana");
  EXPECT_EQ(refused.exit_code, 4) << refused.err;
  EXPECT_TRUE(refused.out.empty()) << refused.out;
  std::vector<std::string> events;
  for (const store::AuditRow& r : db.audit()) events.push_back(r.event_type);
  EXPECT_EQ(events,
            (std::vector<std::string>{"USER_ADDED", "USER_TOKEN_ROTATED", "USER_DISABLED"}));
}

TEST(UsersCli, BadRoleExitsTwoNamingTheFlagAndListingTheRoles) {
  CliUsersDb db;
  const CommandResult r = db.run("users add ana --role boss");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "column '--role'")) << r.err;
  EXPECT_TRUE(contains(r.err, "value 'boss'")) << r.err;
  for (const char* role : {"analyst", "approver", "compliance", "executive", "admin"})
    EXPECT_TRUE(contains(r.err, role)) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(UsersCli, BadOrTakenNameExitsTwoNamingTheField) {
  CliUsersDb db;
  const CommandResult bad = db.run("users add 'a b' --role analyst");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_TRUE(contains(bad.err, "column 'name'")) << bad.err;
  EXPECT_TRUE(contains(bad.err, "rule user_name_format")) << bad.err;
  ASSERT_EQ(db.run("users add ana --role analyst").exit_code, 0);
  const CommandResult taken = db.run("users add ana --role admin");
  EXPECT_EQ(taken.exit_code, 2) << taken.err;
  EXPECT_TRUE(contains(taken.err, "column 'name'")) << taken.err;
  EXPECT_TRUE(contains(taken.err, "already exists")) << taken.err;
  EXPECT_TRUE(taken.out.empty()) << taken.out;
}

TEST(UsersCli, UnknownUserIsNotFound) {
  CliUsersDb db;
  ASSERT_EQ(db.run("users add ana --role analyst").exit_code, 0);
  EXPECT_EQ(db.run("users disable ghost").exit_code, 3);
  EXPECT_EQ(db.run("users rotate-token ghost").exit_code, 3);
}

TEST(UsersCli, AsAnUnknownUserExitsTwoNamingTheFlagAndSavesNothing) {
  CliUsersDb db;
  // No database yet, then a database with no users, then one without ghost.
  for (const char* setup : {"", "scenario list", "users add ana --role analyst"}) {
    if (*setup != '\0') ASSERT_EQ(db.run(setup).exit_code, 0) << setup;
    const CommandResult r = db.run("levers set merit_base=0.05 --year 2027 --as ghost");
    EXPECT_EQ(r.exit_code, 2) << setup << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "column '--as'")) << r.err;
    EXPECT_TRUE(contains(r.err, "no such user; add it with planwise users add")) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  for (const store::AuditRow& a : db.audit()) EXPECT_NE(a.event_type, "PARAMETER_CHANGE");
  const CommandResult sim = db.run("simulate --quiet --as ghost");
  EXPECT_EQ(sim.exit_code, 2) << sim.err;
  EXPECT_TRUE(contains(sim.err, "column '--as'")) << sim.err;
  const CommandResult add = db.run("users add cy --role admin --as ghost");
  EXPECT_EQ(add.exit_code, 2) << add.err;
}

TEST(UsersCli, AsAnExistingUserIsTheActorOfALeverChange) {
  CliUsersDb db;
  ASSERT_EQ(db.run("users add ana --role analyst").exit_code, 0);
  const CommandResult set = db.run("levers set merit_base=0.05 --year 2027 --level 3 --as ana");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  const std::vector<store::AuditRow> audit = db.audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().event_type, "PARAMETER_CHANGE");
  EXPECT_EQ(audit.back().actor, "ana");
  EXPECT_NE(audit.front().actor, "") << "the user's creator is the OS user";
  ASSERT_EQ(db.run("users disable ana").exit_code, 0);
  const CommandResult disabled = db.run("levers set merit_base=0.04 --year 2027 --as ana");
  EXPECT_EQ(disabled.exit_code, 2) << disabled.err;
  EXPECT_TRUE(contains(disabled.err, "column '--as'")) << disabled.err;
  EXPECT_TRUE(contains(disabled.err, "disabled")) << disabled.err;
}

}  // namespace
}  // namespace planwise::test
