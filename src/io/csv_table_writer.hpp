// Spec §5.0 CSV format: UTF-8, ',' separator, '\n' line ends, header row,
// RFC 4180 quoting only when needed, null as an empty field; money with two
// decimals; other doubles shortest round-trip; locale independent.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/date.hpp"
#include "common/result.hpp"
#include "engine/output_schema.hpp"

namespace planwise::io {

// Appends one field, quoted (RFC 4180) only when it holds , " CR or LF.
void append_csv_field(std::string& out, std::string_view value);

class CsvTableWriter {
 public:
  static Result<std::unique_ptr<CsvTableWriter>> open(const std::filesystem::path& path,
                                                      const engine::TableDef& table);
  ~CsvTableWriter();
  CsvTableWriter(const CsvTableWriter&) = delete;
  CsvTableWriter& operator=(const CsvTableWriter&) = delete;

  // The cell interface of engine/output_rows.hpp.
  void text(std::string_view value);
  void null() { separator(); }
  void integer(std::int64_t value);
  void real(double value);
  void money(double value);
  void date(DayNumber value);
  void boolean(bool value);
  void end_row();

  // Flushes and closes; reports a write failure (disk full, I/O error).
  // The rows go to a temporary beside the file, which replaces it only
  // here, when complete; on a failure, or without close(), it is removed.
  Status close();
  const std::filesystem::path& path() const { return path_; }

 private:
  CsvTableWriter(std::FILE* file, std::filesystem::path path, std::filesystem::path temp)
      : file_(file), path_(std::move(path)), temp_(std::move(temp)) {}
  void separator() {
    if (!first_) buffer_.push_back(',');
    first_ = false;
  }
  void flush_if_full();
  void write_buffer();

  std::FILE* file_;
  std::filesystem::path path_;
  std::filesystem::path temp_;
  std::string buffer_;
  bool first_ = true;
  int write_errno_ = 0;  // of the first failed write; 0: none
};

}  // namespace planwise::io
