// Internal to store/: writes a run's employees, snapshot rows and events in
// the compact keyed form of schema.hpp, straight from the engine's columns:
// into the database's tables, or, for a file database, into the run's
// Parquet files (row_files.hpp), which finish_files() puts in place.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "engine/simulate.hpp"
#include "store/parquet_writer.hpp"
#include "store/typed_chunks.hpp"

namespace planwise::store {

class KeyedRowsWriter {
 public:
  // An empty `row_files` writes into the database's tables.
  KeyedRowsWriter(duckdb_connection connection, std::int64_t run_key, bool snapshot, bool events,
                  const std::filesystem::path& row_files);
  Status status() const;
  Status write_baseline_employees(const engine::StagedCensus& census);
  Status write_year(const engine::YearOutput& year);
  // Closes the appenders; with files, writes their footers and renames them
  // into place.
  Status close();

  // One table's rows: a DuckDB appender or a Parquet file.
  struct Sink {
    std::unique_ptr<TypedChunks> table;
    std::unique_ptr<ParquetWriter> file;
    Status created;
    template <class Fill>
    Status append(std::size_t count, Fill&& fill) {
      PLANWISE_RETURN_IF_ERROR(created);
      return file ? file->append(count, fill) : table->append(count, fill);
    }
    Status status() const;
    Status close();
  };

 private:
  Status write_hires(const engine::YearOutput& year);
  Status write_snapshot(const engine::YearOutput& year);
  Status write_events(const engine::YearOutput& year);

  std::int64_t run_key_;
  Sink employees_;
  std::unique_ptr<Sink> snapshot_;
  std::unique_ptr<Sink> events_;
};

}  // namespace planwise::store
