// Internal to store/: the DuckDB handles behind Database. Only store/*.cpp
// include this header (it pulls in duckdb.h).
#pragma once

#include <duckdb.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "store/database.hpp"
#include "store/write_turn.hpp"

namespace planwise::store {

// What a name is in a connection's search path (its temporary views first),
// with a table's column names when `columns` is given (catalog_lookup.cpp).
enum class CatalogEntry { kTable, kView, kAbsent, kUnknown };
CatalogEntry look_up_catalog_entry(duckdb_connection connection, const std::string& name,
                                   std::vector<std::string>* columns);

// A lock taken with a bounded wait. Built on a mutex and a condition variable
// rather than std::timed_mutex, whose wait (pthread_mutex_clocklock) GCC 12's
// ThreadSanitizer does not see, so that it reports every unlock as one of an
// unlocked mutex (make test-tsan).
class TurnLock {
 public:
  bool try_lock_for(std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!free_.wait_for(lock, wait, [this] { return !held_; })) return false;
    held_ = true;
    return true;
  }
  void lock() {
    std::unique_lock<std::mutex> lock(mutex_);
    free_.wait(lock, [this] { return !held_; });
    held_ = true;
  }
  bool try_lock() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (held_) return false;
    held_ = true;
    return true;
  }
  void unlock() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      held_ = false;
    }
    free_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable free_;
  bool held_ = false;
};

// One opened database file, shared by every Database of this process that
// opens the same file (the server's request handlers and jobs each hold a
// connection to it); closed when the last of them goes.
struct SharedInstance {
  duckdb_database db = nullptr;
  OpenMode mode = OpenMode::kReadWrite;
  // Held for the length of a write transaction; taken with a bounded wait
  // (write_wait()), so a writer stuck behind a long one is refused, not hung.
  TurnLock writer;
  ~SharedInstance();
};

struct Database::Impl {
  std::shared_ptr<SharedInstance> instance;
  duckdb_connection connection = nullptr;
  std::unique_lock<TurnLock> writing;  // owns instance->writer inside a transaction
  // Tables, views and "table.column" names this connection has seen
  // committed (catalog_lookup.cpp).
  std::set<std::string> known_catalog;
  // Set when the run row files are attached (row_files.hpp): their folder
  // and the name of the database's catalogue.
  std::filesystem::path row_files;
  std::string catalog;
  // The views over the row files not made yet (row_files.cpp: a connection
  // makes them when a statement first needs them), and those made inside
  // the open write transaction.
  std::vector<std::string> pending_views;
  std::vector<std::string> views_in_transaction;
  ~Impl();
};

// A duckdb_result that is always destroyed.
class ResultHandle {
 public:
  ResultHandle() = default;
  ~ResultHandle() { duckdb_destroy_result(&result_); }
  ResultHandle(const ResultHandle&) = delete;
  ResultHandle& operator=(const ResultHandle&) = delete;
  duckdb_result* get() { return &result_; }

 private:
  duckdb_result result_{};
};

// A DuckDB handle (prepared statement, pending result, data chunk) that is
// always destroyed, by the C API's destroy function for its type.
template <typename Handle, void (*Destroy)(Handle*)>
class OwnedHandle {
 public:
  OwnedHandle() = default;
  explicit OwnedHandle(Handle handle) : handle_(handle) {}
  ~OwnedHandle() {
    if (handle_ != nullptr) Destroy(&handle_);
  }
  OwnedHandle(const OwnedHandle&) = delete;
  OwnedHandle& operator=(const OwnedHandle&) = delete;
  Handle* out() { return &handle_; }
  Handle get() const { return handle_; }

 private:
  Handle handle_ = nullptr;
};

using PreparedHandle = OwnedHandle<duckdb_prepared_statement, duckdb_destroy_prepare>;
using PendingHandle = OwnedHandle<duckdb_pending_result, duckdb_destroy_pending>;
using ChunkHandle = OwnedHandle<duckdb_data_chunk, duckdb_destroy_data_chunk>;

Error storage_error(const std::string& what, const char* detail);

// The instance of the file at `path` this process shares, opened when no
// open of it is alive (database_open.cpp). A read-write open of a file sweeps
// its row files' orphans once, before the instance is shared.
Result<std::shared_ptr<SharedInstance>> open_instance(const std::string& path, OpenMode mode,
                                                      int threads);
// A failed statement's error: DuckDB's write-write conflicts (another
// transaction changed the same rows or catalog entry first) become the
// retryable kConflict of kWriteBusyRule; anything else is `fallback` of
// `what` with DuckDB's text.
Error statement_error(ErrorKind fallback, const std::string& what, const char* detail);

}  // namespace planwise::store
