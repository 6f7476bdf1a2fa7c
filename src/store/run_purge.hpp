// Purging runs' employee-level rows (issue 9): the rows that hold personal
// data go (snapshot_rows, event_rows, employees, baseline_workforce,
// census_duplicates_audit); the run's row, its aggregate tables and its
// provenance stay, and the purge is recorded in run_purges (created by the
// first purge, so older databases need no migration).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::store {

struct RunPurge {
  std::string run_id;
  std::string purged_at;  // ISO-8601 UTC
  std::string purged_by;
  std::int64_t rows = 0;  // employee-level rows deleted
};

// A run created before the cut-off whose employee-level rows are still
// stored, with how many rows a purge deletes.
struct PurgeCandidate {
  std::string run_id;
  std::string created_at;  // ISO-8601 UTC
  std::int64_t run_key = 0;
  std::int64_t rows = 0;
};

// Nullopt when the run's rows were never purged.
Result<std::optional<RunPurge>> run_purge(Database& db, const std::string& run_id);

// A not-found error when the run's employee rows were purged, saying when
// and by whom and that `what` (a table, "results") needs them.
Status check_not_purged(Database& db, const std::string& run_id, const std::string& what);

// Runs created before midnight UTC of `before` (YYYY-MM-DD, checked by the
// caller) that are not purged yet, oldest first.
Result<std::vector<PurgeCandidate>> purge_candidates(Database& db, const std::string& before);

// Deletes one run's employee-level rows and records the purge. Call inside
// a write transaction, so the deletes and the record commit together.
Status purge_run_rows(Database& db, const PurgeCandidate& run, const std::string& purged_at,
                      const std::string& purged_by);
// After the purge's transaction: removes the employee-level row files that
// purge_run_rows set aside if it committed, else puts them back
// (row_files.hpp). A purge killed before this leaves them to the next
// read-write open, which does the same by whether the run is purged.
void finish_purged_row_files(Database& db, const PurgeCandidate& run, bool committed);

}  // namespace planwise::store
