// Spec §1.2: typed census rows from a text table (CSV here, Parquet through
// store/), with every parse error named by file, row and column.
#pragma once

#include <filesystem>

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
Result<engine::CensusRows> read_census_csv(const std::filesystem::path& path);

}  // namespace planwise::io
