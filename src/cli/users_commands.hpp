// `planwise users add|list|disable|rotate-token` (issue 9 item 1): the
// handlers of user management. They call app/users and print; a token is
// printed once, on stdout, and never again. The flags are in main.cpp, the
// one file that includes CLI11.
#pragma once

#include <string>

namespace planwise::cli {

struct UsersOptions {
  std::string db = "planwise.duckdb";
  std::string name;
  std::string role;
  std::string as;  // --as: an enabled user, or empty for the OS user
};

int run_users_add(const UsersOptions& o);
int run_users_list(const UsersOptions& o);
int run_users_disable(const UsersOptions& o);
int run_users_rotate(const UsersOptions& o);

}  // namespace planwise::cli
