// Issue 9 item 1 through its use cases: users added, listed, disabled and
// given new tokens; only a token's digest is stored; authentication by token;
// errors that name the field; an audit entry per change with its actor and
// without the token; the CLI's actor (--as) checked against the users.
#include "app/users.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/secrets.hpp"
#include "levers/audit_trail.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"
#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

using test::TempDir;

bool is_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

struct UsersDb {
  TempDir dir;
  std::string path = (dir / "users.duckdb").string();

  IssuedToken add(const std::string& name, Role role = Role::kAnalyst,
                  const std::string& actor = "root") {
    auto r = add_user(path, name, role, actor);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? *r : IssuedToken{};
  }
  std::vector<store::AuditRow> audit() const {
    auto db = store::Database::open(path, store::OpenMode::kReadOnly);
    EXPECT_TRUE(db.ok()) << db.error().to_string();
    auto rows = store::all_audit_rows(**db);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<store::AuditRow>{};
  }
};

TEST(Users, AddedUserIsListedAndFoundWithItsRoleAndCreator) {
  UsersDb db;
  const IssuedToken issued = db.add("ana", Role::kApprover, "root");
  EXPECT_TRUE(is_hex64(issued.token)) << issued.token;
  EXPECT_EQ(issued.user.name, "ana");
  EXPECT_EQ(issued.user.role, Role::kApprover);
  EXPECT_FALSE(issued.user.disabled);
  db.add("bo", Role::kAdmin);
  auto users = list_users(db.path);
  ASSERT_TRUE(users.ok()) << users.error().to_string();
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "ana");
  EXPECT_EQ((*users)[0].role, Role::kApprover);
  EXPECT_EQ((*users)[0].created_by, "root");
  EXPECT_EQ((*users)[0].created_at.size(), 20u) << (*users)[0].created_at;
  EXPECT_TRUE((*users)[0].token_rotated_at.empty());
  EXPECT_EQ((*users)[1].name, "bo");
  EXPECT_EQ((*users)[1].role, Role::kAdmin);
  auto found = find_user(db.path, "bo");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((**found).role, Role::kAdmin);
  auto missing = find_user(db.path, "cy");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST(Users, OnlyTheTokensDigestIsStored) {
  UsersDb db;
  const IssuedToken issued = db.add("ana");
  auto opened = store::Database::open(db.path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(opened.ok());
  auto rows = (*opened)->query("SELECT * FROM users");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows->rows.size(), 1u);
  bool digest_seen = false;
  for (std::size_t c = 0; c < rows->columns.size(); ++c) {
    const std::string value = rows->rows[0][c].value_or("");
    EXPECT_EQ(value.find(issued.token), std::string::npos) << rows->columns[c];
    if (rows->columns[c] == "token_digest") {
      EXPECT_EQ(value, token_digest(issued.token));
      digest_seen = true;
    }
  }
  EXPECT_TRUE(digest_seen);
}

TEST(Users, DirectoryAuthenticatesTheTokenAndNothingElse) {
  UsersDb db;
  const IssuedToken ana = db.add("ana", Role::kAnalyst);
  const IssuedToken bo = db.add("bo", Role::kExecutive);
  auto dir = load_user_directory(db.path);
  ASSERT_TRUE(dir.ok()) << dir.error().to_string();
  EXPECT_EQ(dir->size(), 2u);
  const auto who = dir->authenticate(bo.token);
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->name, "bo");
  EXPECT_EQ(who->role, Role::kExecutive);
  EXPECT_EQ(dir->authenticate(ana.token)->name, "ana");
  std::string wrong = ana.token;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_FALSE(dir->authenticate(wrong).has_value());
  EXPECT_FALSE(dir->authenticate("").has_value());
  EXPECT_FALSE(dir->authenticate(token_digest(ana.token)).has_value())
      << "the stored digest is not a token";
}

TEST(Users, RotatedTokenReplacesTheOldOne) {
  UsersDb db;
  const IssuedToken old_token = db.add("ana");
  auto rotated = rotate_user_token(db.path, "ana", "root");
  ASSERT_TRUE(rotated.ok()) << rotated.error().to_string();
  EXPECT_TRUE(is_hex64(rotated->token));
  EXPECT_NE(rotated->token, old_token.token);
  EXPECT_FALSE(rotated->user.token_rotated_at.empty());
  auto dir = load_user_directory(db.path);
  ASSERT_TRUE(dir.ok());
  EXPECT_FALSE(dir->authenticate(old_token.token).has_value());
  ASSERT_TRUE(dir->authenticate(rotated->token).has_value());
  EXPECT_EQ(dir->authenticate(rotated->token)->name, "ana");
  auto listed = find_user(db.path, "ana");
  ASSERT_TRUE(listed.ok() && listed->has_value());
  EXPECT_EQ((**listed).token_rotated_at, rotated->user.token_rotated_at);
}

TEST(Users, DisabledUserNeverAuthenticatesAndCannotBeRotated) {
  UsersDb db;
  const IssuedToken ana = db.add("ana");
  db.add("bo");
  ASSERT_TRUE(disable_user(db.path, "ana", "root").ok());
  auto dir = load_user_directory(db.path);
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(dir->size(), 1u);
  EXPECT_FALSE(dir->authenticate(ana.token).has_value());
  auto listed = find_user(db.path, "ana");
  ASSERT_TRUE(listed.ok() && listed->has_value());
  EXPECT_TRUE((**listed).disabled);
  auto rotated = rotate_user_token(db.path, "ana", "root");
  ASSERT_FALSE(rotated.ok());
  EXPECT_EQ(rotated.error().kind, ErrorKind::kConflict);
  EXPECT_NE(rotated.error().message.find("disabled"), std::string::npos);
  Status again = disable_user(db.path, "ana", "root");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  // A directory built from entries drops disabled users too.
  User off{"cy", Role::kAdmin, true, "", "", ""};
  std::vector<UserDirectory::Entry> entries = {{token_digest("t"), off}};
  const UserDirectory built(std::move(entries));
  EXPECT_TRUE(built.empty());
}

TEST(Users, UnknownUserCannotBeDisabledOrRotated) {
  UsersDb db;
  db.add("ana");
  Status disabled = disable_user(db.path, "ghost", "root");
  ASSERT_FALSE(disabled.ok());
  EXPECT_EQ(disabled.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(disabled.error().message.find("ghost"), std::string::npos);
  auto rotated = rotate_user_token(db.path, "ghost", "root");
  ASSERT_FALSE(rotated.ok());
  EXPECT_EQ(rotated.error().kind, ErrorKind::kNotFound);
  auto no_file = disable_user((db.dir / "none.duckdb").string(), "ana", "root");
  ASSERT_FALSE(no_file.ok());
  EXPECT_EQ(no_file.error().kind, ErrorKind::kNotFound);
}

TEST(Users, DuplicateNameIsAnErrorNamingTheField) {
  UsersDb db;
  db.add("ana");
  auto again = add_user(db.path, "ana", Role::kAdmin, "root");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(again.error().column, "name");
  EXPECT_EQ(again.error().rule, "user_name_unique");
  EXPECT_EQ(again.error().value, "ana");
  auto users = list_users(db.path);
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].role, Role::kAnalyst) << "the first user is unchanged";
}

TEST(Users, BadNameIsAnErrorNamingTheField) {
  UsersDb db;
  for (const std::string& name :
       {std::string(), std::string(65, 'a'), std::string("a b"), std::string("ana;drop"),
        std::string("jos\xc3\xa9"), std::string("a/b")}) {
    auto r = add_user(db.path, name, Role::kAnalyst, "root");
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput) << name;
    EXPECT_EQ(r.error().column, "name") << name;
    EXPECT_EQ(r.error().rule, "user_name_format") << name;
    EXPECT_EQ(r.error().value, name);
  }
  for (const std::string& name : {std::string(64, 'a'), std::string("A.b_c-9")}) {
    EXPECT_TRUE(add_user(db.path, name, Role::kAnalyst, "root").ok()) << name;
  }
}

TEST(Users, BadRoleNamesTheFlagAndListsTheRoles) {
  auto r = parse_role_flag("boss");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(r.error().column, "--role");
  EXPECT_EQ(r.error().value, "boss");
  for (const char* role : {"analyst", "approver", "compliance", "executive", "admin"})
    EXPECT_NE(r.error().message.find(role), std::string::npos) << r.error().message;
  auto ok = parse_role_flag("compliance");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, Role::kCompliance);
}

TEST(Users, EveryChangeIsAuditedWithItsActorAndWithoutTheToken) {
  UsersDb db;
  const IssuedToken ana = db.add("ana", Role::kAnalyst, "root");
  db.add("bo", Role::kAdmin, "ana");
  auto rotated = rotate_user_token(db.path, "bo", "bo");
  ASSERT_TRUE(rotated.ok());
  ASSERT_TRUE(disable_user(db.path, "ana", "bo").ok());
  const std::vector<store::AuditRow> rows = db.audit();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].event_type, kUserAdded);
  EXPECT_EQ(rows[0].actor, "root");
  EXPECT_EQ(rows[1].event_type, kUserAdded);
  EXPECT_EQ(rows[1].actor, "ana");
  EXPECT_EQ(rows[2].event_type, kUserTokenRotated);
  EXPECT_EQ(rows[2].actor, "bo");
  EXPECT_EQ(rows[3].event_type, kUserDisabled);
  EXPECT_EQ(rows[3].actor, "bo");
  EXPECT_NE(rows[0].details.find("ana"), std::string::npos) << rows[0].details;
  EXPECT_NE(rows[0].details.find("analyst"), std::string::npos) << rows[0].details;
  const std::vector<std::string> secrets = {ana.token, token_digest(ana.token), rotated->token,
                                            token_digest(rotated->token)};
  for (const store::AuditRow& r : rows) {
    for (const std::string& field :
         {r.event_type, r.scenario_id, r.parameter_name, r.actor, r.reason, r.details}) {
      for (const std::string& secret : secrets)
        EXPECT_EQ(field.find(secret), std::string::npos) << r.event_type << ": " << field;
    }
  }
  auto db_handle = store::Database::open(db.path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(db_handle.ok());
  auto verified = levers::verify_audit(**db_handle);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact) << verified->problem;
}

TEST(Users, FailedAddWritesNoAuditEntry) {
  UsersDb db;
  db.add("ana");
  ASSERT_FALSE(add_user(db.path, "ana", Role::kAdmin, "root").ok());
  EXPECT_EQ(db.audit().size(), 1u);
}

TEST(Users, CliActorIsTheOsUserOrAnEnabledUserNamedWithAs) {
  UsersDb db;
  auto os = cli_actor(db.path, "");
  ASSERT_TRUE(os.ok());
  EXPECT_FALSE(os->empty());
  // No database file, then a database without users: --as is refused.
  for (int step = 0; step < 2; ++step) {
    auto refused = cli_actor(db.path, "ana");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(refused.error().column, "--as");
    EXPECT_EQ(refused.error().value, "ana");
    EXPECT_NE(refused.error().message.find("no such user; add it with planwise users add"),
              std::string::npos)
        << refused.error().message;
    ASSERT_TRUE(store::Database::open(db.path, store::OpenMode::kReadWrite).ok());
  }
  db.add("ana");
  auto as_ana = cli_actor(db.path, "ana");
  ASSERT_TRUE(as_ana.ok()) << as_ana.error().to_string();
  EXPECT_EQ(*as_ana, "ana");
  auto unknown = cli_actor(db.path, "ghost");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().column, "--as");
  ASSERT_TRUE(disable_user(db.path, "ana", "root").ok());
  auto disabled = cli_actor(db.path, "ana");
  ASSERT_FALSE(disabled.ok());
  EXPECT_EQ(disabled.error().column, "--as");
  EXPECT_EQ(disabled.error().rule, "user_enabled");
}

TEST(Users, DatabaseWithoutTheUsersTableHasNoUsersAndGainsItOnAWriteOpen) {
  UsersDb db;
  {
    auto opened = store::Database::open(db.path, store::OpenMode::kReadWrite);
    ASSERT_TRUE(opened.ok());
    ASSERT_TRUE((*opened)->execute("DROP TABLE users").ok());
  }
  auto users = list_users(db.path);
  ASSERT_TRUE(users.ok()) << users.error().to_string();
  EXPECT_TRUE(users->empty());
  auto dir = load_user_directory(db.path);
  ASSERT_TRUE(dir.ok()) << dir.error().to_string();
  EXPECT_TRUE(dir->empty());
  EXPECT_FALSE(cli_actor(db.path, "ana").ok());
  const IssuedToken ana = db.add("ana");
  EXPECT_TRUE(load_user_directory(db.path)->authenticate(ana.token).has_value());
}

TEST(Users, WorkWhileTheServerHoldsTheDatabaseOpen) {
  UsersDb db;
  auto held = store::Database::open(db.path, store::OpenMode::kReadWrite);
  ASSERT_TRUE(held.ok());
  const IssuedToken ana = db.add("ana");
  ASSERT_TRUE(rotate_user_token(db.path, "ana", "root").ok());
  auto users = list_users(db.path);
  ASSERT_TRUE(users.ok()) << users.error().to_string();
  EXPECT_EQ(users->size(), 1u);
  EXPECT_TRUE(cli_actor(db.path, "ana").ok());
  auto seen = (*held)->query("SELECT count(*) FROM users");
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->rows[0][0], std::optional<std::string>("1"));
}

}  // namespace
}  // namespace planwise::app
