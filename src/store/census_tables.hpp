// Issue 14 item 1 (contract C1): the registry of stored censuses, one row
// per census file accepted into <database folder>/censuses/ and named by
// the file's SHA-256. Plain reads and writes; the rules (what may be
// stored, the audit entry that goes with it) live in app/census_import.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

struct CensusRow {
  std::string sha256;
  std::string name;
  std::string source_name;
  std::int64_t rows_total = 0, active = 0, terminated = 0, excluded = 0;
  std::string map_yaml;
  std::string imported_at;  // ISO-8601 UTC
  std::string imported_by;
};

// Creates the censuses table when missing; call inside the writing
// transaction (databases made before issue 14 have none).
Status ensure_census_tables(Database& db);
// Newest first; empty when the table does not exist.
Result<std::vector<CensusRow>> census_rows(Database& db);
// The census with this SHA-256 or this name, if any.
Result<std::optional<CensusRow>> find_census_row(Database& db, const std::string& sha256,
                                                 const std::string& name);
// Call inside the caller's transaction.
Status insert_census(Database& db, const CensusRow& row);

}  // namespace planwise::store
