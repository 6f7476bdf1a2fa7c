#include "app/users.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "app/existing_database.hpp"
#include "app/run_manifest.hpp"
#include "common/secrets.hpp"
#include "levers/audit_trail.hpp"
#include "store/transaction.hpp"
#include "store/user_tables.hpp"

namespace planwise::app {

namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr const char* kNoSuchUser = "no such user; add it with planwise users add";

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (const char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status check_name(const std::string& name) {
  if (valid_name(name)) return Status::success();
  return Error::invalid_input("command line", 0, "name", "user_name_format", name,
                              "a user name is 1-64 characters of A-Z a-z 0-9 . _ -");
}

Error unknown_user(const std::string& name) {
  Error e = Error::make(ErrorKind::kNotFound,
                        "no user named " + name + " (planwise users list shows the users)");
  e.column = "name";
  return e;
}

Result<User> user_of(const store::UserRow& row) {
  const std::optional<Role> role = parse_role(row.role);
  if (!role) {
    return Error::make(ErrorKind::kStorage, "user " + row.name + " has an unknown role '" +
                                                row.role + "' in the database");
  }
  return User{row.name, *role, row.disabled, row.created_at, row.created_by, row.token_rotated_at};
}

// A new token, or an error if the OS has no randomness to give.
Result<std::string> new_token() {
  try {
    return random_token();
  } catch (const std::runtime_error& e) {
    return Error::make(ErrorKind::kInternal, std::string("cannot make a token: ") + e.what());
  }
}

// The audit entry of a user change: who did what to whom, never the token.
store::AuditRow user_entry(const char* event_type, const std::string& details,
                           const std::string& actor, const std::string& at) {
  store::AuditRow row;
  row.occurred_at = at;
  row.event_type = event_type;
  row.actor = actor;
  row.details = details;
  return row;
}

Result<std::unique_ptr<store::Database>> open_for_change(const std::string& db_path) {
  return open_existing_database(db_path, store::OpenMode::kReadWrite,
                                "add a user first with planwise users add");
}

Result<std::unique_ptr<store::Database>> open_for_read(const std::string& db_path) {
  return open_existing_database(db_path, store::OpenMode::kReadOnly,
                                "add a user first with planwise users add");
}

// The user of that name, read inside the caller's transaction; not found
// when there is none.
Result<store::UserRow> existing_user(store::Database& db, const std::string& name) {
  auto row = store::find_user_row(db, name);
  if (!row) return std::move(row).error();
  if (!*row) return unknown_user(name);
  return std::move(**row);
}

std::string os_user() {
  if (const passwd* pw = ::getpwuid(::geteuid());
      pw != nullptr && pw->pw_name != nullptr && *pw->pw_name != '\0') {
    return pw->pw_name;
  }
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "local";
}

}  // namespace

Result<Role> parse_role_flag(const std::string& text) {
  if (const std::optional<Role> role = parse_role(text)) return *role;
  std::string roles;
  for (const Role r : all_roles()) roles += (roles.empty() ? "" : ", ") + role_name(r);
  return Error::invalid_input("command line", 0, "--role", "role_known", text,
                              "the role is one of " + roles);
}

Result<IssuedToken> add_user(const std::string& db_path, const std::string& name, Role role,
                             const std::string& actor) {
  PLANWISE_RETURN_IF_ERROR(check_name(name));
  auto token = new_token();
  if (!token) return std::move(token).error();
  auto db = store::Database::open(db_path, store::OpenMode::kReadWrite);
  if (!db) return std::move(db).error();
  auto tx = store::Transaction::begin(**db);
  if (!tx) return std::move(tx).error();
  auto taken = store::find_user_row(**db, name);
  if (!taken) return std::move(taken).error();
  if (*taken) {
    return Error::invalid_input("command line", 0, "name", "user_name_unique", name,
                                "a user named " + name + " already exists");
  }
  store::UserRow row;
  row.name = name;
  row.role = role_name(role);
  row.token_digest = token_digest(*token);
  row.created_at = utc_now_iso();
  row.created_by = actor;
  PLANWISE_RETURN_IF_ERROR(store::insert_user(**db, row));
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(
      **db,
      {user_entry(kUserAdded, "user " + name + ", role " + row.role, actor, row.created_at)}));
  PLANWISE_RETURN_IF_ERROR(tx->commit());
  auto user = user_of(row);
  if (!user) return std::move(user).error();
  return IssuedToken{std::move(user).value(), std::move(token).value()};
}

Result<std::vector<User>> list_users(const std::string& db_path) {
  auto db = open_for_read(db_path);
  if (!db) return std::move(db).error();
  auto rows = store::user_rows(**db);
  if (!rows) return std::move(rows).error();
  std::vector<User> users;
  for (const store::UserRow& row : *rows) {
    auto user = user_of(row);
    if (!user) return std::move(user).error();
    users.push_back(std::move(user).value());
  }
  return users;
}

Status disable_user(const std::string& db_path, const std::string& name, const std::string& actor) {
  auto db = open_for_change(db_path);
  if (!db) return std::move(db).error();
  auto tx = store::Transaction::begin(**db);
  if (!tx) return std::move(tx).error();
  auto row = existing_user(**db, name);
  if (!row) return std::move(row).error();
  if (row->disabled)
    return Error::make(ErrorKind::kConflict, "user " + name + " is already disabled");
  PLANWISE_RETURN_IF_ERROR(store::set_user_disabled(**db, name));
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(
      **db,
      {user_entry(kUserDisabled, "user " + name + ", role " + row->role, actor, utc_now_iso())}));
  return tx->commit();
}

Result<IssuedToken> rotate_user_token(const std::string& db_path, const std::string& name,
                                      const std::string& actor) {
  auto token = new_token();
  if (!token) return std::move(token).error();
  auto db = open_for_change(db_path);
  if (!db) return std::move(db).error();
  auto tx = store::Transaction::begin(**db);
  if (!tx) return std::move(tx).error();
  auto row = existing_user(**db, name);
  if (!row) return std::move(row).error();
  if (row->disabled) {
    return Error::make(ErrorKind::kConflict, "user " + name +
                                                 " is disabled; a disabled user keeps no token "
                                                 "(add a new user instead)");
  }
  row->token_digest = token_digest(*token);
  row->token_rotated_at = utc_now_iso();
  PLANWISE_RETURN_IF_ERROR(
      store::set_user_token(**db, name, row->token_digest, row->token_rotated_at));
  PLANWISE_RETURN_IF_ERROR(levers::append_audit(
      **db, {user_entry(kUserTokenRotated, "user " + name + ", role " + row->role, actor,
                        row->token_rotated_at)}));
  PLANWISE_RETURN_IF_ERROR(tx->commit());
  auto user = user_of(*row);
  if (!user) return std::move(user).error();
  return IssuedToken{std::move(user).value(), std::move(token).value()};
}

Result<std::optional<User>> find_user(const std::string& db_path, const std::string& name) {
  auto db = open_for_read(db_path);
  if (!db) return std::move(db).error();
  auto row = store::find_user_row(**db, name);
  if (!row) return std::move(row).error();
  if (!*row) return std::optional<User>();
  auto user = user_of(**row);
  if (!user) return std::move(user).error();
  return std::optional<User>(std::move(user).value());
}

UserDirectory::UserDirectory(std::vector<Entry> entries) {
  for (Entry& e : entries) {
    if (!e.user.disabled) entries_.push_back(std::move(e));
  }
}

std::optional<User> UserDirectory::authenticate(std::string_view token) const {
  const std::string digest = token_digest(token);
  const Entry* found = nullptr;
  // No early exit: every digest is compared whatever matched.
  for (const Entry& e : entries_) {
    if (constant_time_equal(e.token_digest, digest) && found == nullptr) found = &e;
  }
  if (found == nullptr) return std::nullopt;
  return found->user;
}

Result<UserDirectory> load_user_directory(const std::string& db_path) {
  auto db = open_for_read(db_path);
  if (!db) return std::move(db).error();
  auto rows = store::user_rows(**db);
  if (!rows) return std::move(rows).error();
  std::vector<UserDirectory::Entry> entries;
  for (const store::UserRow& row : *rows) {
    auto user = user_of(row);
    if (!user) return std::move(user).error();
    entries.push_back({row.token_digest, std::move(user).value()});
  }
  return UserDirectory(std::move(entries));
}

Result<std::string> cli_actor(const std::string& db_path, const std::string& as) {
  if (as.empty()) return os_user();
  auto refused = [&](const std::string& rule, const std::string& message) {
    return Error::invalid_input("command line", 0, "--as", rule, as, message);
  };
  if (!valid_name(as)) return refused("user_known", kNoSuchUser);
  auto user = find_user(db_path, as);
  if (!user) {
    if (user.error().kind == ErrorKind::kNotFound) return refused("user_known", kNoSuchUser);
    return std::move(user).error();
  }
  if (!*user) return refused("user_known", kNoSuchUser);
  if ((*user)->disabled) return refused("user_enabled", "user " + as + " is disabled");
  return as;
}

}  // namespace planwise::app
