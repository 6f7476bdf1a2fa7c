// A census file in the bundled schema (spec §1.2), read or written as CSV or
// Parquet by its extension. One place for the schema, so the generator, the
// anonymizer and the census import write the same columns.
#pragma once

#include <filesystem>

#include "common/result.hpp"
#include "engine/census.hpp"
#include "engine/output_schema.hpp"

namespace planwise::app {

// The bundled census's columns, in file order.
const engine::TableDef& census_table();

// Reads a census: Parquet when the path ends in .parquet, CSV otherwise.
// Errors name the file, row and column.
Result<engine::CensusRows> read_census_file(const std::filesystem::path& path);

// Writes `rows` in the bundled schema (Parquet when `out` ends in .parquet,
// CSV otherwise) through a temporary file beside `out`, renamed at the end:
// on any error `out` is untouched and no temporary file is left.
Status write_census_file(const engine::CensusRows& rows, const std::filesystem::path& out);

}  // namespace planwise::app
