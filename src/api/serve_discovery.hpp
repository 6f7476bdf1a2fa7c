// The discovery file of a running `planwise serve` (issue 14 item 4): beside
// the database (<db>.serve.json), readable by its owner only, it tells a
// CLI of the same OS user where the server listens and the local credential
// that lets the CLI act through the server's API while the server holds the
// database (docs/security.md "The CLI while the server runs").
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace planwise::api {

struct ServeDiscovery {
  int pid = 0;
  std::string host;  // a loopback address the CLI connects to
  int port = 0;
  std::string credential;  // 256 random bits (common/secrets random_token)
  std::string db_path;     // the database the server holds, as it was given
};

std::filesystem::path discovery_path(const std::string& db_path);

// Writes the file through a temporary file (mode 0600 from its creation)
// and a rename, so a reader never sees half of it, nor a moment where
// another user could read it. Replaces a stale file of a dead server.
Status write_discovery(const std::string& db_path, const ServeDiscovery& discovery);

// Removes the file if it is still this process's (a newer server may have
// replaced it).
void remove_discovery(const std::string& db_path, int pid);

// The file's contents when it exists, is owned by this user, is not
// readable by others, parses, and names a process that still runs; nullopt
// otherwise (the caller then behaves as if there were no server).
std::optional<ServeDiscovery> read_discovery(const std::string& db_path);

}  // namespace planwise::api
