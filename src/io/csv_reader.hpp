// Reads an RFC 4180 CSV file (UTF-8, comma, header row, optional quoting,
// quoted fields may span lines) into a TextTable (spec §1.1).
#pragma once

#include <filesystem>
#include <string_view>

#include "common/result.hpp"
#include "common/text_table.hpp"

namespace planwise::io {

Result<TextTable> read_csv_file(const std::filesystem::path& path);
// Parses CSV text; `file` names the source in messages.
Result<TextTable> parse_csv_text(std::string_view text, std::string file);

// Returns the index of a required column, or an error naming the file, the
// header line and the column.
Result<std::size_t> require_column(const TextTable& table, std::string_view name);

}  // namespace planwise::io
