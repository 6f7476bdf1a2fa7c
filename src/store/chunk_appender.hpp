// Internal to store/: appends rows to one stored output table through
// DuckDB data chunks (column vectors filled in place, 2048 rows at a time),
// implementing the cell interface of engine/output_rows.hpp. The run_id
// column is filled for every row.
#pragma once

#include <duckdb.h>

#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/result.hpp"
#include "engine/output_schema.hpp"
#include "store/stored_cells.hpp"

namespace planwise::store {

class ChunkAppender : public StoredCells<ChunkAppender> {
 public:
  ChunkAppender(duckdb_connection connection, const engine::TableDef& table, std::string run_id);
  ~ChunkAppender();
  ChunkAppender(const ChunkAppender&) = delete;
  ChunkAppender& operator=(const ChunkAppender&) = delete;

  Status status() const { return error_.message.empty() ? Status::success() : Status(error_); }

  void text(std::string_view value) {
    duckdb_vector_assign_string_element_len(vectors_[column_], row_, value.data(), value.size());
    ++column_;
  }
  void null() {
    duckdb_vector_ensure_validity_writable(vectors_[column_]);
    duckdb_validity_set_row_invalid(duckdb_vector_get_validity(vectors_[column_]), row_);
    ++column_;
  }
  void end_row();

  // Appends the rows of the last partial chunk and closes the appender.
  Status close();

 private:
  friend class StoredCells<ChunkAppender>;
  void put_date(DayNumber value) { put(duckdb_date{value}); }
  template <class T>
  void put(T value) {
    static_cast<T*>(data_[column_])[row_] = value;
    ++column_;
  }
  void start_chunk();
  void append_chunk();

  std::string run_id_;
  std::string table_name_;
  duckdb_appender appender_ = nullptr;
  duckdb_data_chunk chunk_ = nullptr;
  std::vector<duckdb_vector> vectors_;
  std::vector<void*> data_;
  idx_t capacity_ = 0;
  idx_t row_ = 0;
  std::size_t column_ = 1;  // column 0 is run_id
  Error error_;
  bool closed_ = false;
};

}  // namespace planwise::store
