// Spec §1.2: one census record's cells to typed values. Shared by the table
// reader (Parquet through store/, and the generic CSV path) and the chunked
// CSV reader, so both give the same values and the same errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "engine/census.hpp"

namespace planwise::io {

// Where each census column is in a record (kCensusColumns order).
struct CensusColumns {
  std::size_t index[6] = {};
  std::optional<std::size_t> active;  // the column is optional
};

// Every missing required column is an error on the header line (row 1).
Result<CensusColumns> find_census_columns(const std::vector<std::string>& header,
                                          const std::string& file);

// Appends the row of `cells` (one per header column) to `rows`, and its cell
// errors to `errors` in column order. A bad cell still appends a placeholder
// value, so the columns stay aligned while the rest of the file is checked.
void add_census_row(const CensusColumns& columns, const std::string_view* cells, std::int64_t line,
                    const std::string& file, engine::CensusRows& rows, std::vector<Error>& errors);

// Reserves room for `count` rows.
void reserve_census_rows(engine::CensusRows& rows, std::size_t count);

}  // namespace planwise::io
