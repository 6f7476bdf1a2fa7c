// Issue 14 item 4: which commands go through a running server, decided once
// for every subcommand with a --db (see cli/remote.hpp).
#include <CLI/CLI.hpp>

#include "app/existing_database.hpp"
#include "app/users.hpp"
#include "cli/exit_codes.hpp"
#include "cli/remote.hpp"

namespace planwise::cli {

namespace {

// The deepest subcommand on the command line ("levers set", not "levers").
CLI::App* parsed_leaf(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands()) {
    if (sub->parsed()) return parsed_leaf(*sub);
  }
  return &app;
}

std::string command_name(CLI::App* leaf) {
  std::string name;
  for (CLI::App* c = leaf; c != nullptr && c->get_parent() != nullptr; c = c->get_parent())
    name = c->get_name() + (name.empty() ? "" : " " + name);
  return name;
}

// The server of the discovery file holds the database now: DuckDB's lock
// names its PID. Opening succeeds when nothing holds it (a stale file), and
// a lock of another process is reported by the local open as before.
bool held_by(const std::string& db, int pid) {
  auto open = app::open_existing_database(db, store::OpenMode::kReadOnly);
  if (open) return false;
  const std::string& message = open.error().message;
  const std::string holder = "by PID " + std::to_string(pid);
  const std::size_t at = message.find(holder);
  const std::size_t after = at + holder.size();
  return open.error().kind == ErrorKind::kConflict && at != std::string::npos &&
         (after == message.size() || !std::isdigit(static_cast<unsigned char>(message[after])));
}

}  // namespace

std::optional<int> run_through_server(CLI::App& app, const std::vector<RemoteCommand>& commands) {
  CLI::App* leaf = parsed_leaf(app);
  const CLI::Option* db_option = leaf->get_option_no_throw("--db");
  if (db_option == nullptr) return std::nullopt;
  if (const CLI::Option* no_db = leaf->get_option_no_throw("--no-db");
      no_db != nullptr && no_db->count() > 0)
    return std::nullopt;
  const std::string db = db_option->as<std::string>();
  if (db.empty()) return std::nullopt;
  const std::optional<api::ServeDiscovery> server = api::read_discovery(db);
  if (!server || !held_by(db, server->pid)) return std::nullopt;

  const RemoteCommand* remote = nullptr;
  for (const RemoteCommand& c : commands) {
    if (c.command == leaf) remote = &c;
  }
  const std::string as = remote != nullptr && remote->as != nullptr ? *remote->as : "";
  // The OS user when there is no --as; the server checks either against its
  // users (app::cli_actor would open the held database to do it here).
  const std::string actor = as.empty() ? app::cli_actor(db, "").value() : as;
  ServerClient client(*server, actor);
  if (remote == nullptr) {
    return fail(Error::make(
        ErrorKind::kConflict,
        "database " + db + " is held by " + client.describe() + ", and `planwise " +
            command_name(leaf) +
            "` does not go through it (docs/cli.md \"While the server runs\" lists the commands "
            "that do): use the dashboard, or stop the server (Ctrl-C in its terminal, or kill " +
            std::to_string(server->pid) + ") and retry"));
  }
  // A server that does not answer (another program on the port): the
  // discovery file is stale, and the local open reports the lock.
  if (auto who = client.get("/api/session"); !who) {
    if (who.error().kind == ErrorKind::kStorage &&
        who.error().message.find("cannot reach") != std::string::npos)
      return std::nullopt;
    return fail(who.error());
  }
  return remote->run(client);
}

}  // namespace planwise::cli
