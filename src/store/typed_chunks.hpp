// Internal to store/: appends rows to a table of fixed column types through
// DuckDB data chunks, filling whole column ranges in place (no per-value
// API call), which is the fastest append the C API offers.
#pragma once

#include <duckdb.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace planwise::store {

class TypedChunks {
 public:
  // Writable view of the current chunk's columns.
  class Columns {
   public:
    template <class T>
    T* data(std::size_t column) {
      return static_cast<T*>(data_[column]);
    }
    void set_null(std::size_t column, idx_t row) {
      duckdb_vector_ensure_validity_writable(vectors_[column]);
      duckdb_validity_set_row_invalid(duckdb_vector_get_validity(vectors_[column]), row);
    }
    void set_text(std::size_t column, idx_t row, std::string_view text) {
      duckdb_vector_assign_string_element_len(vectors_[column], row, text.data(), text.size());
    }

   private:
    friend class TypedChunks;
    std::vector<duckdb_vector> vectors_;
    std::vector<void*> data_;
  };

  TypedChunks(duckdb_connection connection, const char* table,
              const std::vector<duckdb_type>& types);
  ~TypedChunks();
  TypedChunks(const TypedChunks&) = delete;
  TypedChunks& operator=(const TypedChunks&) = delete;

  Status status() const { return error_.message.empty() ? Status::success() : Status(error_); }

  // Appends `count` rows; fill(first, n, columns) writes rows
  // [first, first + n) of the caller's data into chunk rows [0, n).
  template <class Fill>
  Status append(std::size_t count, Fill&& fill) {
    for (std::size_t first = 0; first < count && error_.message.empty(); first += capacity_) {
      const std::size_t n = std::min<std::size_t>(capacity_, count - first);
      start_chunk();
      fill(first, n, columns_);
      flush(n);
    }
    return status();
  }
  Status close();

 private:
  void start_chunk();
  void flush(std::size_t rows);

  std::string table_;
  duckdb_appender appender_ = nullptr;
  duckdb_data_chunk chunk_ = nullptr;
  Columns columns_;
  idx_t capacity_ = 0;
  Error error_;
  bool closed_ = false;
};

}  // namespace planwise::store
