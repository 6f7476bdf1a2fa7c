// A table of text cells with its source location per row: what a CSV or
// Parquet reader hands to the typed readers, so that every parse error can
// name its file, row and column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise {

class TextTable {
 public:
  std::string file;
  std::vector<std::string> header;

  std::size_t rows() const { return row_source_.size(); }
  std::size_t columns() const { return header.size(); }
  std::string_view cell(std::size_t row, std::size_t column) const {
    const std::size_t index = row * header.size() + column;
    const std::uint64_t begin = index == 0 ? 0 : cell_end_[index - 1];
    return std::string_view(text_).substr(begin, cell_end_[index] - begin);
  }
  // The row's location in its file: the line where the record starts (CSV,
  // header = line 1) or the 1-based data row (Parquet).
  std::int64_t source_row(std::size_t row) const { return row_source_[row]; }
  std::optional<std::size_t> column(std::string_view name) const {
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (header[c] == name) return c;
    }
    return std::nullopt;
  }

  // Building: call begin_row, then add_cell once per header column.
  void reserve(std::size_t rows, std::size_t text_bytes) {
    row_source_.reserve(rows);
    cell_end_.reserve(rows * header.size());
    text_.reserve(text_bytes);
  }
  void begin_row(std::int64_t source) { row_source_.push_back(source); }
  void add_cell(std::string_view value) {
    text_.append(value);
    cell_end_.push_back(text_.size());
  }
  std::size_t cells() const { return cell_end_.size(); }

 private:
  std::string text_;
  std::vector<std::uint64_t> cell_end_;
  std::vector<std::int64_t> row_source_;
};

}  // namespace planwise
