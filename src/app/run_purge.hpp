// `planwise runs purge` (issue 9): deletes the employee-level rows of runs
// created before a date, keeping each run's row, aggregates and provenance,
// in one transaction with one audit entry naming the actor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace planwise::app {

// The audit entry's event_type.
inline constexpr const char* kRunsPurged = "RUNS_PURGED";

struct PurgeRequest {
  std::string db_path;
  std::string before;  // YYYY-MM-DD: runs created before midnight UTC of this day
  std::string actor;
  std::string command;   // recorded as the audit entry's reason
  bool dry_run = false;  // count only; change nothing
};

struct PurgedRun {
  std::string run_id;
  std::string created_at;  // ISO-8601 UTC
  std::int64_t rows = 0;   // employee-level rows deleted (or, dry run, to delete)
};

struct PurgeSummary {
  std::vector<PurgedRun> runs;  // oldest first; runs purged earlier are not listed
  std::int64_t rows = 0;
  bool dry_run = false;
};

// A malformed date is an input error naming `--before`. Nothing to purge is
// a success with no runs (and no audit entry).
Result<PurgeSummary> purge_runs(const PurgeRequest& request);

}  // namespace planwise::app
