#include "cli/users_commands.hpp"

#include <cstdio>
#include <iostream>

#include "app/users.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"

namespace planwise::cli {

namespace {

// The token alone on stdout, so `TOKEN=$(planwise users add ...)` works;
// the warning goes to stderr.
int print_token(const app::IssuedToken& issued, const char* what) {
  std::cout << issued.token << "\n";
  std::fprintf(stderr,
               "planwise: %s %s (role %s). The token above is shown once and will not be shown "
               "again; store it now.\n",
               what, issued.user.name.c_str(), app::role_name(issued.user.role).c_str());
  return kExitOk;
}

}  // namespace

int run_users_add(const UsersOptions& o) {
  auto parsed = app::parse_role_flag(o.role);
  if (!parsed) return fail(parsed.error());
  auto actor = app::cli_actor(o.db, o.as);
  if (!actor) return fail(actor.error());
  auto issued = app::add_user(o.db, o.name, *parsed, *actor);
  if (!issued) return fail(issued.error());
  return print_token(*issued, "added user");
}

int run_users_list(const UsersOptions& o) {
  auto users = app::list_users(o.db);
  if (!users) return fail(users.error());
  TextTablePrinter t({"Name", "Role", "Disabled", "Created (UTC)", "By", "Token rotated (UTC)"});
  for (const app::User& u : *users) {
    t.add_row({u.name, app::role_name(u.role), u.disabled ? "yes" : "no", u.created_at,
               u.created_by, u.token_rotated_at.empty() ? "-" : u.token_rotated_at});
  }
  std::cout << t.render({true, true, true, true, true, true});
  std::cout << "(" << users->size() << " users)\n";
  return kExitOk;
}

int run_users_disable(const UsersOptions& o) {
  auto actor = app::cli_actor(o.db, o.as);
  if (!actor) return fail(actor.error());
  Status s = app::disable_user(o.db, o.name, *actor);
  if (!s) return fail(s.error());
  std::cout << "Disabled user " << o.name << "\n";
  return kExitOk;
}

int run_users_rotate(const UsersOptions& o) {
  auto actor = app::cli_actor(o.db, o.as);
  if (!actor) return fail(actor.error());
  auto issued = app::rotate_user_token(o.db, o.name, *actor);
  if (!issued) return fail(issued.error());
  return print_token(*issued, "new token for user");
}

}  // namespace planwise::cli
