// Issue 9 item 1: the users of a run database. One row per user: a name, a
// role (as its name), the SHA-256 digest of the user's token (never the
// token itself), whether the user is disabled, and when and by whom the user
// was made. Plain reads and writes; the rules (names, roles, the audit
// entries that go with every change) live in app/users.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

struct UserRow {
  std::string name;
  std::string role;  // app::role_name of the user's role
  std::string token_digest;
  bool disabled = false;
  std::string created_at;  // ISO-8601 UTC
  std::string created_by;
  std::string token_rotated_at;  // ISO-8601 UTC; empty until the token is first rotated
};

// Creates the users table when missing (databases made before issue 9);
// ensure_schema calls it on every read-write open that changes the schema.
Status ensure_user_tables(Database& db);
// False for a database made before issue 9 and opened read-only since.
Result<bool> user_table_exists(Database& db);

// Every user by name; empty when the table does not exist.
Result<std::vector<UserRow>> user_rows(Database& db);
// The user of that name, or nullopt (also when the table does not exist).
Result<std::optional<UserRow>> find_user_row(Database& db, const std::string& name);
// Call inside the caller's transaction.
Status insert_user(Database& db, const UserRow& user);
Status set_user_disabled(Database& db, const std::string& name);
Status set_user_token(Database& db, const std::string& name, const std::string& token_digest,
                      const std::string& rotated_at);

}  // namespace planwise::store
