// Spec §1.2: typed census rows from a text table (CSV here, Parquet through
// store/), with every parse error named by file, row and column.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "common/text_table.hpp"
#include "engine/census.hpp"

namespace planwise::io {

inline constexpr const char* kCensusColumns[] = {"employee_id",
                                                 "employee_ssn",
                                                 "employee_birth_date",
                                                 "employee_hire_date",
                                                 "employee_termination_date",
                                                 "employee_gross_compensation"};

Result<engine::CensusRows> parse_census(const TextTable& table);

// How a census CSV is cut for parallel parsing (issue 13 item 5). The
// defaults suit any file; tests choose small values to put cuts and window
// ends where they want them. Neither changes a row or an error.
struct CsvReadOptions {
  std::size_t chunks = 0;  // 0: one per hardware thread, if the file is large
  std::size_t window_bytes = std::size_t{1} << 18;  // bytes read at a time by each chunk
};

// Census CSV straight to typed rows, with no TextTable in between: the body
// is cut into chunks at line ends, parsed on as many threads a window at a
// time, and merged in file order. Rows and errors equal
// parse_census(parse_csv_text(text, file)) for any options.
Result<engine::CensusRows> read_census_csv(const std::filesystem::path& path,
                                           const CsvReadOptions& options = {});
Result<engine::CensusRows> parse_census_csv(std::string_view text, std::string file,
                                            const CsvReadOptions& options = {});

}  // namespace planwise::io
