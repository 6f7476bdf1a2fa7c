// The CLI through a running `planwise serve` (issue 14 item 4). When the
// server holds the database, a command either goes through the server's API
// as the same user (the discovery file's credential plus the CLI's --as or
// OS user) and prints what it prints locally, or stops with a message naming
// the server. main.cpp lists the commands offered remotely; the decision is
// made once, in run_through_server, for every command with a --db.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/serve_discovery.hpp"
#include "cli/commands.hpp"
#include "common/result.hpp"

namespace CLI {
class App;
}

namespace planwise::cli {

// The server's API as the CLI uses it (server_client.cpp: the one file of
// src/cli that includes httplib).
class ServerClient {
 public:
  ServerClient(api::ServeDiscovery server, std::string actor);
  ~ServerClient();
  ServerClient(const ServerClient&) = delete;
  ServerClient& operator=(const ServerClient&) = delete;

  // The body of a 2xx answer; otherwise the API's {error, field, detail} as
  // an Error, or a storage error when the server cannot be reached.
  Result<std::string> get(const std::string& path);
  Result<std::string> post(const std::string& path, const std::string& json_body);
  // "the server (PID 123, http://127.0.0.1:8787)"
  std::string describe() const;
  const api::ServeDiscovery& server() const { return server_; }

 private:
  struct Impl;
  api::ServeDiscovery server_;
  std::unique_ptr<Impl> impl_;
};

struct RemoteCommand {
  CLI::App* command = nullptr;
  std::function<int(ServerClient&)> run;
  // The command's --as (empty: the OS user), read when it runs.
  const std::string* as = nullptr;
};

// After parsing: the exit code of the parsed command run through the
// server, or of the refusal of a command not offered remotely, when a
// server holds that command's --db; nullopt to run it locally (no server,
// or a stale discovery file: then the local open reports the lock as before).
std::optional<int> run_through_server(CLI::App& app, const std::vector<RemoteCommand>& commands);

// The remote forms of the commands (remote_commands.cpp).
int remote_runs_list(ServerClient& server, const std::string& db);
int remote_runs_show(ServerClient& server, const std::string& run_id);
int remote_sql(ServerClient& server, const std::string& sql, const std::string& format);
int remote_levers_show(ServerClient& server, const LeverOptions& o);
int remote_levers_set(ServerClient& server, const LeverOptions& o,
                      const std::vector<std::string>& assignments);
int remote_levers_lock(ServerClient& server, const LeverOptions& o, const std::string& parameter,
                       bool lock);
int remote_snapshot(ServerClient& server);
int remote_audit_log(ServerClient& server, const std::string& scenario, const std::string& since);

}  // namespace planwise::cli
