// Reading a stored run's output tables back with or without personal data
// (issue 9): one SELECT per table in spec order (§5.0), with SSNs and birth
// dates masked inside that SELECT, so CSV and Parquet exports agree.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

// kMasked, for callers without the right to see personal data:
// - employee_ssn becomes ***-**-1234, the last four digits of an SSN-shaped
//   value (exactly nine digits, whatever the separators or prefix:
//   123-45-6789, 123456789, the census's SSN-123456789); any other value
//   (shorter, longer, the hires' SSN-NH-2025-000001) becomes ***-**-****;
//   null stays null.
// - employee_birth_date is replaced, in the same position, by the integer
//   column employee_birth_year (in CSV and Parquet alike).
// Every other column is unchanged (ages and age bands are already coarse).
enum class PersonalData { kFull, kMasked };

// Tables with a row per employee (they carry employee_id): yearly_events,
// workforce_snapshot, baseline_workforce and census_duplicates_audit.
bool is_employee_level_table(const std::string& table);

// The SELECT of one run's table ($1 = run id) in spec order: the views by
// year, employee order and event sequence; plain tables by year, then
// insertion order. Precondition: `table` is one of output_table_names().
// A non-empty `created_at` is shown in the table's created_at column instead
// of the stored, logical value (issue 14 item 3: exports show the run
// record's real time; the stored rows stay deterministic).
std::string run_table_select(const std::string& table, PersonalData personal,
                             const std::string& created_at = {});

// A run's table as text rows (for exports; see also run_table in
// run_store.hpp, which is kFull).
Result<TextResult> run_table(Database& db, const std::string& run_id, const std::string& table,
                             PersonalData personal, const std::string& created_at = {});

// The same rows a chunk at a time (Database::query_chunks).
Status stream_run_table(Database& db, const std::string& run_id, const std::string& table,
                        PersonalData personal,
                        const std::function<bool(const std::vector<std::string>&)>& on_columns,
                        const std::function<bool(const TextChunk&)>& on_chunk,
                        const std::string& created_at = {});

}  // namespace planwise::store
