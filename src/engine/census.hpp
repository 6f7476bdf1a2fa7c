// Spec §1.2–§1.4: the census as read (CensusRows) and after staging
// (StagedCensus): deduplicated, compensation basis applied, baseline levels
// derived, reference hires collected for hiring (§4.6).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/result.hpp"
#include "common/string_column.hpp"
#include "engine/config.hpp"
#include "engine/seed_tables.hpp"
#include "engine/validation_item.hpp"

namespace planwise::engine {

// Typed census rows in file order. Parsing (text -> types) happened in io/;
// the rules of the model (§1.2, §1.3) are applied by stage_census.
struct CensusRows {
  std::string file;                      // for messages
  std::vector<std::int64_t> source_row;  // line (CSV) or row (Parquet) of each record
  StringColumn employee_id;
  StringColumn employee_ssn;
  std::vector<DayNumber> birth_date;
  std::vector<DayNumber> hire_date;
  std::vector<DayNumber> termination_date;  // kNoDate when empty
  std::vector<double> gross_compensation;
  std::vector<std::int8_t> active;  // -1 when the column is absent or empty

  std::size_t size() const { return source_row.size(); }
};

// One row of census_duplicates_audit (§5.5).
struct DuplicateAuditRow {
  std::int64_t source_row = 0;
  std::string employee_id;
  std::string employee_ssn;
  DayNumber birth_date = kNoDate;
  DayNumber hire_date = kNoDate;
  DayNumber termination_date = kNoDate;
  double gross_compensation = 0.0;
  std::int8_t active = -1;
  int duplicate_count = 0;
  int occurrence_rank = 0;  // 1 = kept
  bool kept = false;
};

struct StagedCensus {
  std::string file;
  // Baseline B in employee order: ascending employee_id bytes (§5.0).
  StringColumn employee_id;
  StringColumn employee_ssn;
  std::vector<DayNumber> birth_date;
  std::vector<DayNumber> hire_date;
  std::vector<double> census_compensation;  // raw gross value
  std::vector<double> salary;               // s0 (§1.3)
  std::vector<std::uint8_t> level;          // level_from_salary(s0) (§1.4)
  // id_key(employee_id) of each row (engine/draws.hpp), the key of its draw
  // state (§3.2): hashed once per census rather than once per run.
  std::vector<std::uint64_t> id_key;

  std::vector<DuplicateAuditRow> duplicates;
  // Reference hires (§1.6 hiring.reference_years): sorted baseline salaries
  // per level, index 0 = level 1.
  std::vector<std::vector<double>> reference_salaries;
  std::size_t census_rows = 0;
  ValidationItems warnings;

  std::size_t baseline_size() const { return salary.size(); }
};

// level_from_salary(c): the largest level l with min_compensation[l] <= c,
// or 1 below the first band (§1.4).
int level_from_salary(double salary, const SeedTables& seeds);

Result<StagedCensus> stage_census(const CensusRows& rows, const EngineConfig& config,
                                  const SeedTables& seeds);

}  // namespace planwise::engine
