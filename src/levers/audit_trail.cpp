#include "levers/audit_trail.hpp"

#include "common/number_text.hpp"
#include "common/sha256.hpp"

namespace planwise::levers {

namespace {

// Fields are separated by a unit separator and optional ones marked, so no
// two different entries share a text form.
std::string canonical(const store::AuditRow& r) {
  auto opt_int = [](const std::optional<int>& v) {
    return v ? std::to_string(*v) : std::string("\x01");
  };
  auto opt_double = [](const std::optional<double>& v) {
    return v ? shortest_text(*v) : std::string("\x01");
  };
  const char sep = '\x1f';
  std::string out;
  for (const std::string& field :
       {std::to_string(r.seq), r.occurred_at, r.event_type, r.scenario_id, opt_int(r.fiscal_year),
        opt_int(r.job_level), r.parameter_name, opt_double(r.old_value), opt_double(r.new_value),
        r.actor, r.reason, r.details, r.prev_hash}) {
    out += field;
    out += sep;
  }
  return out;
}

}  // namespace

std::string entry_hash(const store::AuditRow& row) {
  return sha256_hex(canonical(row));
}

Status append_audit(store::Database& db, std::vector<store::AuditRow> entries) {
  if (entries.empty()) return Status::success();
  auto last = store::last_audit_row(db);
  if (!last) return std::move(last).error();
  std::int64_t seq = *last ? (*last)->seq : 0;
  std::string prev = *last ? (*last)->entry_hash : kGenesisHash;
  for (store::AuditRow& e : entries) {
    e.seq = ++seq;
    e.prev_hash = prev;
    e.entry_hash = entry_hash(e);
    prev = e.entry_hash;
  }
  return store::append_audit_rows(db, entries);
}

Result<AuditVerification> verify_audit(store::Database& db) {
  auto rows = store::all_audit_rows(db);
  if (!rows) return std::move(rows).error();
  AuditVerification v;
  std::string prev = kGenesisHash;
  std::int64_t expected_seq = 1;
  for (const store::AuditRow& r : *rows) {
    ++v.entries;
    std::string problem;
    if (r.seq != expected_seq) {
      problem = "sequence number " + std::to_string(r.seq) + " where " +
                std::to_string(expected_seq) +
                " was expected (an entry was deleted or entries were reordered)";
    } else if (r.prev_hash != prev) {
      problem =
          "its previous-entry hash does not match the entry before it (an entry before it was "
          "changed, "
          "deleted or moved)";
    } else if (entry_hash(r) != r.entry_hash) {
      problem = "its contents do not match its hash (the entry was edited)";
    }
    if (!problem.empty()) {
      v.intact = false;
      v.first_bad_seq = r.seq;
      v.first_bad_position = v.entries;
      v.problem = "entry " + std::to_string(v.entries) + " (seq " + std::to_string(r.seq) + ", " +
                  r.event_type + ", " + r.occurred_at + "): " + problem;
      return v;
    }
    prev = r.entry_hash;
    ++expected_seq;
  }
  auto head = store::audit_head(db);
  if (!head) return std::move(head).error();
  const std::int64_t last_seq = expected_seq - 1;
  const std::int64_t head_seq = *head ? (*head)->seq : 0;
  const std::string head_hash = *head ? (*head)->entry_hash : kGenesisHash;
  if (head_seq == last_seq && head_hash == prev) return v;
  v.intact = false;
  if (head_seq > last_seq) {
    v.first_bad_seq = last_seq + 1;
    v.first_bad_position = v.entries + 1;
    v.problem = "entry " + std::to_string(v.entries + 1) + " (seq " + std::to_string(last_seq + 1) +
                "): missing; the head records seq " + std::to_string(head_seq) +
                " (the last entries were deleted)";
  } else if (head_seq < last_seq) {
    v.first_bad_seq = head_seq + 1;
    v.first_bad_position = head_seq + 1;
    v.problem = "entry " + std::to_string(head_seq + 1) + " (seq " + std::to_string(head_seq + 1) +
                "): after the head at seq " + std::to_string(head_seq) +
                " (entries were added around the trail)";
  } else {
    v.first_bad_seq = last_seq;
    v.first_bad_position = v.entries;
    v.problem = "entry " + std::to_string(v.entries) + " (seq " + std::to_string(last_seq) +
                "): its hash differs from the one the head recorded (the last entry was replaced)";
  }
  return v;
}

}  // namespace planwise::levers
