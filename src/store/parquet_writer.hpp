// Internal to store/: writes rows of fixed column types as a Parquet file
// (format 1.0: PLAIN values, RLE definition levels, no compression), straight
// from the engine's columns, so a run's row-level tables reach the disk at
// memory speed instead of through DuckDB's compression at commit (issue 13
// item 4; docs/performance.md "Stored runs"). DuckDB reads the files back
// through read_parquet with the same column types as its own tables.
//
// The rows go to a temporary file beside the target; finish() writes the
// footer and renames it into place, so a reader never sees half a file.
// Destroyed unfinished, the writer removes its temporary.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/date.hpp"
#include "common/result.hpp"
#include "engine/output_schema.hpp"
#include "store/stored_cells.hpp"

namespace planwise::store {

// The DuckDB type each column reads back as, and the C type the caller
// fills it with (Columns::data<T>).
enum class ParquetKind : std::uint8_t {
  kBigint,    // std::int64_t
  kUbigint,   // std::uint64_t
  kSmallint,  // std::int16_t
  kUtinyint,  // std::uint8_t
  kDouble,    // double
  kDate,      // std::int32_t: days since 1970-01-01
  kBoolean,   // bool
  kVarchar,   // set_text
};

struct ParquetColumn {
  std::string name;
  ParquetKind kind = ParquetKind::kBigint;
  bool nullable = false;
};

class ParquetWriter {
 public:
  // The current chunk of rows, filled in place by append()'s callback.
  class Columns {
   public:
    template <class T>
    T* data(std::size_t column) {
      return reinterpret_cast<T*>(fixed_[column].data());
    }
    void set_null(std::size_t column, std::size_t row) { nulls_[column][row] = 1; }
    // Copies the text: the caller may format every row into one buffer.
    void set_text(std::size_t column, std::size_t row, std::string_view text) {
      std::string& bytes = text_bytes_[column];
      text_[column][row] = {static_cast<std::uint32_t>(bytes.size()),
                            static_cast<std::uint32_t>(text.size())};
      bytes.append(text);
    }

   private:
    friend class ParquetWriter;
    std::vector<std::vector<std::uint64_t>> fixed_;  // 8-byte slots: any C type fits
    std::vector<std::vector<std::uint8_t>> nulls_;
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> text_;  // offset, size
    std::vector<std::string> text_bytes_;
  };

  static constexpr std::size_t kChunkRows = 2048;

  static Result<std::unique_ptr<ParquetWriter>> create(std::filesystem::path path,
                                                       std::vector<ParquetColumn> schema);
  ~ParquetWriter();
  ParquetWriter(const ParquetWriter&) = delete;
  ParquetWriter& operator=(const ParquetWriter&) = delete;

  // Appends `count` rows; fill(first, n, columns) writes rows
  // [first, first + n) of the caller's data into chunk rows [0, n).
  template <class Fill>
  Status append(std::size_t count, Fill&& fill) {
    for (std::size_t first = 0; first < count && error_.message.empty(); first += kChunkRows) {
      const std::size_t n = std::min(kChunkRows, count - first);
      start_chunk();
      fill(first, n, columns_);
      take_chunk(n);
    }
    return status();
  }
  // Writes the last row group and the footer, syncs, and renames the file
  // into place.
  Status finish();
  Status status() const { return error_.message.empty() ? Status::success() : Status(error_); }
  const std::filesystem::path& path() const { return path_; }

  struct ColumnBuffer;

 private:
  friend class ParquetCellWriter;
  ParquetWriter(std::filesystem::path path, std::filesystem::path temp, std::FILE* file,
                std::vector<ParquetColumn> schema);
  void start_chunk();
  void take_chunk(std::size_t rows);
  void write_row_group();
  void write_bytes(const void* data, std::size_t size);
  void fail(const std::string& what, int err);

  std::filesystem::path path_;
  std::filesystem::path temp_;
  std::FILE* file_;
  std::vector<ParquetColumn> schema_;
  Columns columns_;
  std::vector<ColumnBuffer> buffers_;
  std::size_t group_rows_ = 0;
  std::int64_t total_rows_ = 0;
  std::uint64_t offset_ = 0;
  std::string footer_row_groups_;  // the thrift list elements written so far
  std::size_t row_group_count_ = 0;
  Error error_;
  bool finished_ = false;
};

// The cell interface of engine/output_rows.hpp over a ParquetWriter, for a
// run's output table with a leading run_id column (as ChunkAppender). Every
// column is nullable; values are kept as StoredCells keeps them.
class ParquetCellWriter : public StoredCells<ParquetCellWriter> {
 public:
  // Columns: run_id VARCHAR, then the table's, typed as schema.cpp types them.
  static std::vector<ParquetColumn> schema_of(const engine::TableDef& table);
  ParquetCellWriter(ParquetWriter& writer, std::string run_id);

  void text(std::string_view value) {
    writer_.columns_.set_text(column_, row_, value);
    ++column_;
  }
  void null() {
    writer_.columns_.set_null(column_, row_);
    ++column_;
  }
  void end_row();
  // Hands the last partial chunk to the writer (which the caller finishes).
  Status flush();

 private:
  friend class StoredCells<ParquetCellWriter>;
  void put_date(DayNumber value) { put(std::int32_t{value}); }
  template <class T>
  void put(T value) {
    writer_.columns_.data<T>(column_)[row_] = value;
    ++column_;
  }

  ParquetWriter& writer_;
  std::string run_id_;
  std::size_t row_ = 0;
  std::size_t column_ = 1;
};

}  // namespace planwise::store
