#include "store/typed_chunks.hpp"

#include <algorithm>

#include "store/database_impl.hpp"

namespace planwise::store {

TypedChunks::TypedChunks(duckdb_connection connection, const char* table,
                         const std::vector<duckdb_type>& types)
    : table_(table) {
  if (duckdb_appender_create(connection, nullptr, table, &appender_) != DuckDBSuccess) {
    error_ = storage_error("cannot append to " + table_, duckdb_appender_error(appender_));
    return;
  }
  std::vector<duckdb_logical_type> logical;
  for (duckdb_type t : types) logical.push_back(duckdb_create_logical_type(t));
  chunk_ = duckdb_create_data_chunk(logical.data(), logical.size());
  for (auto& t : logical) duckdb_destroy_logical_type(&t);
  capacity_ = duckdb_vector_size();
  columns_.vectors_.resize(types.size());
  columns_.data_.resize(types.size());
}

TypedChunks::~TypedChunks() {
  if (chunk_ != nullptr) duckdb_destroy_data_chunk(&chunk_);
  if (appender_ != nullptr) duckdb_appender_destroy(&appender_);
}

void TypedChunks::start_chunk() {
  duckdb_data_chunk_reset(chunk_);
  for (std::size_t c = 0; c < columns_.vectors_.size(); ++c) {
    columns_.vectors_[c] = duckdb_data_chunk_get_vector(chunk_, c);
    columns_.data_[c] = duckdb_vector_get_data(columns_.vectors_[c]);
  }
}

void TypedChunks::flush(std::size_t rows) {
  duckdb_data_chunk_set_size(chunk_, rows);
  if (duckdb_append_data_chunk(appender_, chunk_) != DuckDBSuccess) {
    error_ = storage_error("appending to " + table_ + " failed", duckdb_appender_error(appender_));
  }
}

Status TypedChunks::close() {
  if (closed_ || appender_ == nullptr) return status();
  closed_ = true;
  if (error_.message.empty() && duckdb_appender_close(appender_) != DuckDBSuccess) {
    error_ = storage_error("closing the appender of " + table_ + " failed",
                           duckdb_appender_error(appender_));
  }
  return status();
}

}  // namespace planwise::store
