// Parquet through DuckDB: census input as a text table (so the same census
// parser and its error messages apply), and CSV-to-Parquet conversion.
#pragma once

#include <filesystem>

#include "common/result.hpp"
#include "common/text_table.hpp"

namespace planwise::store {

// Every column as text: dates as YYYY-MM-DD, null as empty. Rows are
// numbered 1.. in file order.
Result<TextTable> read_parquet_as_text(const std::filesystem::path& path);

Status convert_csv_to_parquet(const std::filesystem::path& csv,
                              const std::filesystem::path& parquet);

}  // namespace planwise::store
