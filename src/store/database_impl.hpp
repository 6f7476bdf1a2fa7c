// Internal to store/: the DuckDB handles behind Database. Only store/*.cpp
// include this header (it pulls in duckdb.h).
#pragma once

#include <duckdb.h>

#include <memory>
#include <mutex>
#include <string>

#include "common/error.hpp"
#include "store/database.hpp"

namespace planwise::store {

// One opened database file, shared by every Database of this process that
// opens the same file (the server's request handlers and jobs each hold a
// connection to it); closed when the last of them goes.
struct SharedInstance {
  duckdb_database db = nullptr;
  OpenMode mode = OpenMode::kReadWrite;
  std::mutex writer;  // held for the length of a write transaction
  ~SharedInstance();
};

struct Database::Impl {
  std::shared_ptr<SharedInstance> instance;
  duckdb_connection connection = nullptr;
  std::unique_lock<std::mutex> writing;  // owns instance->writer inside a transaction
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

// A prepared statement that is always destroyed.
class PreparedHandle {
 public:
  PreparedHandle() = default;
  ~PreparedHandle() { duckdb_destroy_prepare(&statement_); }
  PreparedHandle(const PreparedHandle&) = delete;
  PreparedHandle& operator=(const PreparedHandle&) = delete;
  duckdb_prepared_statement* out() { return &statement_; }
  duckdb_prepared_statement get() const { return statement_; }

 private:
  duckdb_prepared_statement statement_ = nullptr;
};

Error storage_error(const std::string& what, const char* detail);

}  // namespace planwise::store
