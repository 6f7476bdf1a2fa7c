#include "store/user_tables.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateUsers = R"sql(
CREATE TABLE IF NOT EXISTS users (
  name VARCHAR PRIMARY KEY,
  role VARCHAR NOT NULL,
  token_digest VARCHAR NOT NULL,
  disabled BOOLEAN NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  created_by VARCHAR NOT NULL,
  token_rotated_at TIMESTAMPTZ
))sql";

const std::string kSelectUsers = "SELECT name, role, token_digest, disabled, " +
                                 iso_timestamp_sql("created_at") + ", created_by, " +
                                 iso_timestamp_sql("token_rotated_at") + " FROM users";

constexpr const char* kInsertUser =
    "INSERT INTO users VALUES ($1, $2, $3, CAST($4 AS BOOLEAN), CAST($5 AS TIMESTAMPTZ), $6, "
    "CAST(nullif($7, '') AS TIMESTAMPTZ))";

constexpr const char* kDisableUser = "UPDATE users SET disabled = true WHERE name = $1";

constexpr const char* kSetToken =
    "UPDATE users SET token_digest = $2, token_rotated_at = CAST($3 AS TIMESTAMPTZ) "
    "WHERE name = $1";

UserRow user_from(const std::vector<std::optional<std::string>>& r) {
  UserRow u;
  u.name = r[0].value_or("");
  u.role = r[1].value_or("");
  u.token_digest = r[2].value_or("");
  u.disabled = r[3].value_or("false") == "true";
  u.created_at = r[4].value_or("");
  u.created_by = r[5].value_or("");
  u.token_rotated_at = r[6].value_or("");
  return u;
}

}  // namespace

Status ensure_user_tables(Database& db) {
  return db.execute(kCreateUsers);
}

Result<bool> user_table_exists(Database& db) {
  return db.has_tables({"users"});
}

Result<std::vector<UserRow>> user_rows(Database& db) {
  auto exists = user_table_exists(db);
  if (!exists) return std::move(exists).error();
  std::vector<UserRow> out;
  if (!*exists) return out;
  auto r = db.query(std::string(kSelectUsers) + " ORDER BY name");
  if (!r) return std::move(r).error();
  for (const auto& row : r->rows) out.push_back(user_from(row));
  return out;
}

Result<std::optional<UserRow>> find_user_row(Database& db, const std::string& name) {
  auto exists = user_table_exists(db);
  if (!exists) return std::move(exists).error();
  if (!*exists) return std::optional<UserRow>();
  auto r = db.query(std::string(kSelectUsers) + " WHERE name = $1", {name});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<UserRow>();
  return std::optional<UserRow>(user_from(r->rows.front()));
}

Status insert_user(Database& db, const UserRow& u) {
  return db.run(kInsertUser, {u.name, u.role, u.token_digest, u.disabled ? "true" : "false",
                              u.created_at, u.created_by, u.token_rotated_at});
}

Status set_user_disabled(Database& db, const std::string& name) {
  return db.run(kDisableUser, {name});
}

Status set_user_token(Database& db, const std::string& name, const std::string& token_digest,
                      const std::string& rotated_at) {
  return db.run(kSetToken, {name, token_digest, rotated_at});
}

}  // namespace planwise::store
