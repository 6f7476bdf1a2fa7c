// Users and roles in the run database (issue 9 item 1), written once for the
// CLI and the server. A user has a name, a role and a random token that is
// shown once when issued; the database keeps only the token's SHA-256 digest.
// Every change to a user is audited in the transaction that makes it, with
// no token and no digest in the entry. The CLI acts as the local OS user, or
// as an enabled user named with --as; whoever can write the database file is
// trusted like an admin (docs/cli.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/roles.hpp"
#include "common/result.hpp"

namespace planwise::app {

// Audit event types of user management.
inline constexpr const char* kUserAdded = "USER_ADDED";
inline constexpr const char* kUserDisabled = "USER_DISABLED";
inline constexpr const char* kUserTokenRotated = "USER_TOKEN_ROTATED";

struct User {
  std::string name;
  Role role = Role::kAnalyst;
  bool disabled = false;
  std::string created_at, created_by;  // ISO-8601 UTC; the actor who added the user
  std::string token_rotated_at;        // ISO-8601 UTC; empty until first rotated
};

// The token is shown once, never stored.
struct IssuedToken {
  User user;
  std::string token;  // 64 lowercase hex digits
};

// Names are 1-64 characters of A-Z a-z 0-9 . _ -; a bad or taken name is an
// input error naming `name`. Creates the database when missing.
Result<IssuedToken> add_user(const std::string& db_path, const std::string& name, Role role,
                             const std::string& actor);
// By name; empty for a database without users.
Result<std::vector<User>> list_users(const std::string& db_path);
// Not found for an unknown user; a conflict for one already disabled.
Status disable_user(const std::string& db_path, const std::string& name, const std::string& actor);
// A new token replaces the old one, which stops working. Not found for an
// unknown user; refused (a conflict) for a disabled one: disabling is final.
Result<IssuedToken> rotate_user_token(const std::string& db_path, const std::string& name,
                                      const std::string& actor);
Result<std::optional<User>> find_user(const std::string& db_path, const std::string& name);

// A role given as text on a command line (`--role`): an input error naming
// `--role` and listing the roles when it is none of them.
Result<Role> parse_role_flag(const std::string& text);

// Read once by the server: the enabled users, keyed by token digest.
class UserDirectory {
 public:
  struct Entry {
    std::string token_digest;
    User user;
  };
  UserDirectory() = default;
  // Disabled users are dropped.
  explicit UserDirectory(std::vector<Entry> entries);

  // The user whose token digest matches; every entry is compared in constant
  // time, so the time taken does not depend on which one (if any) matched.
  std::optional<User> authenticate(std::string_view token) const;
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<Entry> entries_;
};

// Not found when the database file is missing; empty when it has no users.
Result<UserDirectory> load_user_directory(const std::string& db_path);

// The CLI's actor: `as` when given (it must name an enabled user of the
// database, else an input error naming --as), else the local OS user
// (getpwuid(geteuid()), then $USER, then "local").
Result<std::string> cli_actor(const std::string& db_path, const std::string& as);

}  // namespace planwise::app
