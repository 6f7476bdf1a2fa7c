#include "store/chunk_appender.hpp"

#include "store/database_impl.hpp"
#include "store/schema.hpp"

namespace planwise::store {

namespace {
duckdb_type type_id(engine::ColumnType type) {
  switch (type) {
    case engine::ColumnType::kText:
      return DUCKDB_TYPE_VARCHAR;
    case engine::ColumnType::kInt:
      return DUCKDB_TYPE_BIGINT;
    case engine::ColumnType::kDouble:
      return DUCKDB_TYPE_DOUBLE;
    case engine::ColumnType::kMoney:
      return DUCKDB_TYPE_DOUBLE;
    case engine::ColumnType::kDate:
      return DUCKDB_TYPE_DATE;
    case engine::ColumnType::kBool:
      return DUCKDB_TYPE_BOOLEAN;
  }
  return DUCKDB_TYPE_VARCHAR;
}
}  // namespace

ChunkAppender::ChunkAppender(duckdb_connection connection, const engine::TableDef& table,
                             std::string run_id)
    : run_id_(std::move(run_id)), table_name_(table.name) {
  if (duckdb_appender_create(connection, nullptr, table_name_.c_str(), &appender_) !=
      DuckDBSuccess) {
    error_ = storage_error("cannot append to " + table_name_, duckdb_appender_error(appender_));
    return;
  }
  std::vector<duckdb_logical_type> types;
  types.push_back(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
  for (const engine::ColumnDef& c : table.columns)
    types.push_back(duckdb_create_logical_type(type_id(c.type)));
  chunk_ = duckdb_create_data_chunk(types.data(), types.size());
  for (auto& t : types) duckdb_destroy_logical_type(&t);
  capacity_ = duckdb_vector_size();
  vectors_.resize(table.columns.size() + 1);
  data_.resize(table.columns.size() + 1);
  start_chunk();
}

ChunkAppender::~ChunkAppender() {
  if (chunk_ != nullptr) duckdb_destroy_data_chunk(&chunk_);
  if (appender_ != nullptr) duckdb_appender_destroy(&appender_);
}

void ChunkAppender::start_chunk() {
  duckdb_data_chunk_reset(chunk_);
  for (std::size_t c = 0; c < vectors_.size(); ++c) {
    vectors_[c] = duckdb_data_chunk_get_vector(chunk_, c);
    data_[c] = duckdb_vector_get_data(vectors_[c]);
  }
  row_ = 0;
}

void ChunkAppender::end_row() {
  duckdb_vector_assign_string_element_len(vectors_[0], row_, run_id_.data(), run_id_.size());
  column_ = 1;
  if (++row_ == capacity_) append_chunk();
}

void ChunkAppender::append_chunk() {
  if (row_ == 0 || !error_.message.empty()) {
    start_chunk();
    return;
  }
  duckdb_data_chunk_set_size(chunk_, row_);
  if (duckdb_append_data_chunk(appender_, chunk_) != DuckDBSuccess) {
    error_ =
        storage_error("appending to " + table_name_ + " failed", duckdb_appender_error(appender_));
  }
  start_chunk();
}

Status ChunkAppender::close() {
  if (closed_) return status();
  closed_ = true;
  append_chunk();
  if (error_.message.empty() && duckdb_appender_close(appender_) != DuckDBSuccess) {
    error_ = storage_error("closing the appender of " + table_name_ + " failed",
                           duckdb_appender_error(appender_));
  }
  return status();
}

}  // namespace planwise::store
