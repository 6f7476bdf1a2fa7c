// Internal to store/: the DuckDB handles behind Database. Only store/*.cpp
// include this header (it pulls in duckdb.h).
#pragma once

#include <duckdb.h>

#include <string>

#include "common/error.hpp"
#include "store/database.hpp"

namespace planwise::store {

struct Database::Impl {
  duckdb_database db = nullptr;
  duckdb_connection connection = nullptr;
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
