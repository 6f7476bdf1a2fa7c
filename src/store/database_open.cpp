// Opening a database file's DuckDB instance: its configuration (a new
// file's storage format), a lock another process holds, the log a killed
// process left, and the one instance per file this process shares.
#include <signal.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "store/database.hpp"
#include "store/database_impl.hpp"
#include "store/row_files.hpp"

namespace planwise::store {

namespace {

// DuckDB lets one process write a database file; a second one gets a lock
// error naming the holder's PID. Say so in words an analyst can act on,
// with the holder's command line when the system still shows it.
std::optional<int> holder_pid(const std::string& detail) {
  const auto at = detail.find("(PID ");
  if (at == std::string::npos) return std::nullopt;
  try {
    return std::stoi(detail.substr(at + 5));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool is_lock_conflict(const std::string& detail) {
  return detail.find("Could not set lock") != std::string::npos ||
         detail.find("Conflicting lock") != std::string::npos;
}

std::string command_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string raw, argument;
  while (std::getline(in, argument, '\0')) raw += (raw.empty() ? "" : " ") + argument;
  if (raw.size() > 160) raw = raw.substr(0, 157) + "...";
  return raw;
}

bool process_exists(int pid) {
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

Error open_error(const std::string& path, const std::string& detail) {
  if (is_lock_conflict(detail)) {
    std::string holder;
    if (auto pid = holder_pid(detail)) {
      const std::string command = command_of(*pid);
      holder = " by PID " + std::to_string(*pid) + (command.empty() ? "" : " (" + command + ")");
    }
    return Error::make(ErrorKind::kConflict,
                       "database " + path + " is in use" + holder +
                           "; retry when that process has finished, or use the server");
  }
  return Error::make(ErrorKind::kStorage, "cannot open database " + path + ": " + detail);
}

// One attempt to open; the error text is DuckDB's.
duckdb_state try_open(const std::string& path, OpenMode mode, int threads, duckdb_database* db,
                      std::string* error_text) {
  duckdb_config config = nullptr;
  if (duckdb_create_config(&config) != DuckDBSuccess) {
    *error_text = "duckdb_create_config failed";
    return DuckDBError;
  }
  // No query may depend on the network (dependencies.md §4); a query-only open
  // refuses extensions (and, once row files are attached, external access).
  std::vector<const char*> off = {"autoinstall_known_extensions", "autoload_known_extensions"};
  if (mode == OpenMode::kQueryOnly)
    off.insert(off.end(), {"allow_community_extensions", "allow_unsigned_extensions"});
  for (const char* name : off) {
    if (duckdb_set_config(config, name, "false") != DuckDBSuccess) {
      *error_text = std::string("cannot set ") + name;
      duckdb_destroy_config(&config);
      return DuckDBError;
    }
  }
  if (mode == OpenMode::kReadOnly || mode == OpenMode::kQueryOnly)
    duckdb_set_config(config, "access_mode", "READ_ONLY");
  // A new file (issue 13 item 4, docs/performance.md "Stored runs"): DuckDB
  // 1.4's own storage format and 16 KB blocks. With the defaults (the
  // v0.10.2 format, 256 KB blocks) every commit's checkpoint rewrote the
  // catalogue's metadata and a 256 KB block per changed column: closing a
  // store after a run took 24-41 ms, against about 12 ms.
  std::error_code missing;
  if (mode == OpenMode::kReadWrite && path != ":memory:" &&
      !std::filesystem::exists(path, missing)) {
    for (const auto& [name, value] : {std::pair{"storage_compatibility_version", "v1.4.0"},
                                      std::pair{"default_block_size", "16384"}}) {
      if (duckdb_set_config(config, name, value) != DuckDBSuccess) {
        *error_text = std::string("cannot set ") + name;
        duckdb_destroy_config(&config);
        return DuckDBError;
      }
    }
  }
  if (threads <= 0) threads = default_threads();
  if (threads > 0) duckdb_set_config(config, "threads", std::to_string(threads).c_str());
  char* error = nullptr;
  const char* file = path == ":memory:" ? nullptr : path.c_str();
  const duckdb_state state = duckdb_open_ext(file, db, config, &error);
  duckdb_destroy_config(&config);
  if (state != DuckDBSuccess) {
    *error_text = error ? error : "unknown error";
    duckdb_free(error);
  }
  return state;
}

// A log left by a process that was killed before its checkpoint may hold
// pointers to row groups written straight into the file (DuckDB's
// "optimistic" writes). DuckDB 1.4.4 can hand those blocks to the next
// optimistic write before they are checkpointed (fixed upstream after 1.4.4,
// duckdb PR 21067), and a second kill then leaves a log pointing at
// overwritten blocks: "Corrupt database file: computed checksum ..." on the
// next open (issue 15 item 1, found by faults_kill_short). So a read-write
// open that replayed a log checkpoints at once, before anything is written.
// The checkpoint is a precaution, not part of the open: when it cannot be
// written (a full disk, a file-size limit), the open goes on with the log
// replayed as before (see open_instance).
Status checkpoint_replayed_log(duckdb_database db, const std::string& path) {
  duckdb_connection connection = nullptr;
  if (duckdb_connect(db, &connection) != DuckDBSuccess)
    return storage_error("cannot connect to database " + path, nullptr);
  Status status = Status::success();
  {
    ResultHandle result;
    if (duckdb_query(connection, "CHECKPOINT", result.get()) != DuckDBSuccess)
      status = storage_error("cannot checkpoint database " + path + " after replaying its log",
                             duckdb_result_error(result.get()));
  }
  duckdb_disconnect(&connection);
  return status;
}

// Open files of this process, by canonical path. DuckDB lets one process
// hold a file once; a second duckdb_open of it would fail on its own lock.
std::mutex g_instances_mutex;
std::map<std::string, std::weak_ptr<SharedInstance>> g_instances;

}  // namespace

Result<std::shared_ptr<SharedInstance>> open_instance(const std::string& path, OpenMode mode,
                                                      int threads) {
  const bool in_memory = path == ":memory:";
  std::string key;
  if (!in_memory) {
    std::error_code ec;
    key = std::filesystem::weakly_canonical(path, ec).string();
    if (ec) key = path;
  }
  std::lock_guard<std::mutex> lock(g_instances_mutex);
  if (!in_memory) {
    if (auto open = g_instances[key].lock()) {
      // A query-only instance has its own settings: it is shared with no
      // other open, and opens beside no other instance of the file.
      if (mode == OpenMode::kQueryOnly || open->mode == OpenMode::kQueryOnly) {
        return Error::make(
            ErrorKind::kConflict,
            "database " + path + " is already open in this process; retry when it is closed");
      }
      if (mode == OpenMode::kReadWrite && open->mode == OpenMode::kReadOnly) {
        return Error::make(
            ErrorKind::kConflict,
            "database " + path + " is open read-only in this process; retry when it is closed");
      }
      return open;
    }
  }
  auto instance = std::make_shared<SharedInstance>();
  instance->mode = mode;
  std::error_code wal_error;
  const bool replays_log = !in_memory && mode == OpenMode::kReadWrite &&
                           std::filesystem::exists(path + ".wal", wal_error);
  std::string detail;
  duckdb_state state = try_open(path, mode, threads, &instance->db, &detail);
  // A stale lock: the holder DuckDB names has already exited (its lock goes
  // with it). Retry a few times before reporting the database as in use.
  for (int attempt = 0; state != DuckDBSuccess && attempt < 3 && is_lock_conflict(detail);
       ++attempt) {
    const auto pid = holder_pid(detail);
    if (pid && process_exists(*pid)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50 * (attempt + 1)));
    state = try_open(path, mode, threads, &instance->db, &detail);
  }
  if (state != DuckDBSuccess) {
    instance->db = nullptr;
    return open_error(path, detail);
  }
  if (replays_log && !checkpoint_replayed_log(instance->db, path).ok()) {
    // DuckDB reports a failed checkpoint as FATAL and invalidates the
    // instance, but its header still names the last good checkpoint and the
    // log is intact (full_disk.py found this: a write that had committed
    // reported exit 7 when the next open of the same command could not
    // checkpoint). Open the file again and replay the log without the
    // precaution; a write on a disk that is still full then fails on its own,
    // naming the file.
    duckdb_close(&instance->db);
    instance->db = nullptr;
    if (try_open(path, mode, threads, &instance->db, &detail) != DuckDBSuccess) {
      instance->db = nullptr;
      return open_error(path, detail);
    }
  }
  if (!in_memory && mode == OpenMode::kReadWrite) clean_orphan_row_files(instance->db, path);
  if (!in_memory) g_instances[key] = instance;
  return instance;
}

}  // namespace planwise::store
