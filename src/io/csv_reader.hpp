// Reads an RFC 4180 CSV file (UTF-8, comma, header row, optional quoting,
// quoted fields may span lines) into a TextTable (spec §1.1).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/text_table.hpp"

namespace planwise::io {

// Skipped at the start of a file (spec §1.1: UTF-8, with or without BOM).
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
// Errors a reader collects before it gives up: the cap of an ErrorCollector
// (common/error.hpp).
inline constexpr std::size_t kErrorCap = 50;

Result<TextTable> read_csv_file(const std::filesystem::path& path);
// Parses CSV text; `file` names the source in messages.
Result<TextTable> parse_csv_text(std::string_view text, std::string file);

// The whole file as bytes; a missing or unreadable file is a file_readable
// error naming the path.
Result<std::string> read_text_file(const std::filesystem::path& path);

// The header row of CSV text (BOM already removed): unique column names,
// and where the first record after it starts.
struct CsvHeader {
  std::vector<std::string> names;
  std::size_t body_begin = 0;  // byte offset
  std::int64_t body_line = 2;  // 1-based line; more if a quoted name spans lines
};
Result<CsvHeader> parse_csv_header(std::string_view text, const std::string& file);

// Returns the index of a required column, or an error naming the file, the
// header line and the column.
Result<std::size_t> require_column(const TextTable& table, std::string_view name);

}  // namespace planwise::io
