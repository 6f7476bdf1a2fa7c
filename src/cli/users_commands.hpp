// `planwise users add|list|disable|rotate-token` (issue 9 item 1): flags and
// handlers of user management. The handlers call app/users and print; a
// token is printed once, on stdout, and never again.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace planwise::cli {

class UsersCommands {
 public:
  // Adds the `users` subcommand and its own subcommands to `app`.
  explicit UsersCommands(CLI::App& app);
  UsersCommands(const UsersCommands&) = delete;
  UsersCommands& operator=(const UsersCommands&) = delete;

  // The exit code of the users command that was parsed, or nullopt when the
  // command line named another one.
  std::optional<int> run() const;

 private:
  std::string db_ = "planwise.duckdb";
  std::string name_;
  std::string role_;
  std::string as_;
  CLI::App* add_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* disable_ = nullptr;
  CLI::App* rotate_ = nullptr;
};

}  // namespace planwise::cli
