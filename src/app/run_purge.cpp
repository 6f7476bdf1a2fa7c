#include "app/run_purge.hpp"

#include "app/existing_database.hpp"
#include "app/run_manifest.hpp"
#include "common/date.hpp"
#include "levers/audit_trail.hpp"
#include "store/run_purge.hpp"
#include "store/transaction.hpp"

namespace planwise::app {

namespace {

PurgeSummary summary_of(const std::vector<store::PurgeCandidate>& candidates, bool dry_run) {
  PurgeSummary out;
  out.dry_run = dry_run;
  for (const store::PurgeCandidate& c : candidates) {
    out.runs.push_back({c.run_id, c.created_at, c.rows});
    out.rows += c.rows;
  }
  return out;
}

store::AuditRow audit_entry(const PurgeRequest& request, const PurgeSummary& summary,
                            const std::string& at) {
  store::AuditRow entry;
  entry.occurred_at = at;
  entry.event_type = kRunsPurged;
  entry.actor = request.actor;
  entry.reason = request.command;
  entry.details = "employee-level rows of " + std::to_string(summary.runs.size()) +
                  " runs created before " + request.before + " purged (" +
                  std::to_string(summary.rows) + " rows):";
  for (const PurgedRun& r : summary.runs) entry.details += " " + r.run_id;
  return entry;
}

}  // namespace

Result<PurgeSummary> purge_runs(const PurgeRequest& request) {
  if (!parse_date(request.before)) {
    return Error::invalid_input("command line", 0, "--before", "date_format", request.before,
                                "--before expects a date as YYYY-MM-DD");
  }
  if (request.actor.empty()) return Error::make(ErrorKind::kInternal, "purge without an actor");
  const store::OpenMode mode =
      request.dry_run ? store::OpenMode::kReadOnly : store::OpenMode::kReadWrite;
  auto db = open_existing_database(request.db_path, mode, "nothing to purge");
  if (!db) return std::move(db).error();
  if (request.dry_run) {
    auto candidates = store::purge_candidates(**db, request.before);
    if (!candidates) return std::move(candidates).error();
    return summary_of(*candidates, true);
  }
  auto transaction = store::Transaction::begin(**db);
  if (!transaction) return std::move(transaction).error();
  auto candidates = store::purge_candidates(**db, request.before);
  if (!candidates) return std::move(candidates).error();
  PurgeSummary summary = summary_of(*candidates, false);
  if (summary.runs.empty()) return summary;
  const std::string now = utc_now_iso();
  Status status = Status::success();
  for (const store::PurgeCandidate& c : *candidates) {
    if (status.ok()) status = store::purge_run_rows(**db, c, now, request.actor);
  }
  if (status.ok()) status = levers::append_audit(**db, {audit_entry(request, summary, now)});
  if (status.ok()) status = transaction->commit();
  // The runs' employee-level files were set aside inside the transaction.
  for (const store::PurgeCandidate& c : *candidates)
    store::finish_purged_row_files(**db, c, status.ok());
  PLANWISE_RETURN_IF_ERROR(status);
  return summary;
}

}  // namespace planwise::app
