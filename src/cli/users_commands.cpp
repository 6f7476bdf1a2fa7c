#include "cli/users_commands.hpp"

#include <CLI/CLI.hpp>

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

int run_add(const std::string& db, const std::string& name, const std::string& role,
            const std::string& as) {
  auto parsed = app::parse_role_flag(role);
  if (!parsed) return fail(parsed.error());
  auto actor = app::cli_actor(db, as);
  if (!actor) return fail(actor.error());
  auto issued = app::add_user(db, name, *parsed, *actor);
  if (!issued) return fail(issued.error());
  return print_token(*issued, "added user");
}

int run_list(const std::string& db) {
  auto users = app::list_users(db);
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

int run_disable(const std::string& db, const std::string& name, const std::string& as) {
  auto actor = app::cli_actor(db, as);
  if (!actor) return fail(actor.error());
  Status s = app::disable_user(db, name, *actor);
  if (!s) return fail(s.error());
  std::cout << "Disabled user " << name << "\n";
  return kExitOk;
}

int run_rotate(const std::string& db, const std::string& name, const std::string& as) {
  auto actor = app::cli_actor(db, as);
  if (!actor) return fail(actor.error());
  auto issued = app::rotate_user_token(db, name, *actor);
  if (!issued) return fail(issued.error());
  return print_token(*issued, "new token for user");
}

}  // namespace

UsersCommands::UsersCommands(CLI::App& app) {
  CLI::App* users = app.add_subcommand(
      "users", "Users of the dashboard's API: add, list, disable, rotate-token (docs/cli.md)");
  users->require_subcommand(1);
  add_ = users->add_subcommand("add", "Add a user; prints its token once");
  add_->add_option("name", name_, "User name: 1-64 of A-Z a-z 0-9 . _ -")->required();
  add_->add_option("--role", role_, "analyst, approver, compliance, executive or admin")
      ->required();
  list_ = users->add_subcommand("list", "List users (never their tokens)");
  disable_ = users->add_subcommand("disable", "Disable a user: its token stops working");
  disable_->add_option("name", name_, "User name")->required();
  rotate_ = users->add_subcommand("rotate-token", "Replace a user's token; prints it once");
  rotate_->add_option("name", name_, "User name")->required();
  for (CLI::App* c : {add_, list_, disable_, rotate_})
    c->add_option("--db", db_, "Database file")->capture_default_str();
  for (CLI::App* c : {add_, disable_, rotate_}) {
    c->add_option("--as", as_,
                  "Who: an enabled user of the database, recorded in the audit trail (default: "
                  "the OS user)");
  }
}

std::optional<int> UsersCommands::run() const {
  if (add_->parsed()) return run_add(db_, name_, role_, as_);
  if (list_->parsed()) return run_list(db_);
  if (disable_->parsed()) return run_disable(db_, name_, as_);
  if (rotate_->parsed()) return run_rotate(db_, name_, as_);
  return std::nullopt;
}

}  // namespace planwise::cli
