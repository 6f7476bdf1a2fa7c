#include "levers/audit_trail.hpp"

#include "common/hmac_sha256.hpp"
#include "common/number_text.hpp"
#include "common/sha256.hpp"
#include "levers/audit_key.hpp"

namespace planwise::levers {

namespace {

// Format 1, kept byte for byte so entries written before issue 11 still
// verify: fields end with a unit separator and an absent optional is 0x01.
// Free text containing 0x1f makes two entries share this form.
std::string legacy_text(const store::AuditRow& r) {
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

// Formats 2 and 3: `<byte length>:<bytes>` per field, `-` for an absent
// optional. A field's length says where it ends, whatever bytes it holds,
// and a present field starts with a digit, so no two entries share this
// form. The format leads, so an entry's hash also fixes its format.
std::string length_prefixed_text(const store::AuditRow& r) {
  std::string out;
  auto field = [&out](const std::string& text) {
    out += std::to_string(text.size());
    out += ':';
    out += text;
  };
  auto absent = [&out] { out += '-'; };
  field(std::to_string(r.hash_format));
  field(std::to_string(r.seq));
  field(r.occurred_at);
  field(r.event_type);
  field(r.scenario_id);
  r.fiscal_year ? field(std::to_string(*r.fiscal_year)) : absent();
  r.job_level ? field(std::to_string(*r.job_level)) : absent();
  field(r.parameter_name);
  r.old_value ? field(shortest_text(*r.old_value)) : absent();
  r.new_value ? field(shortest_text(*r.new_value)) : absent();
  field(r.actor);
  field(r.reason);
  field(r.details);
  field(r.prev_hash);
  return out;
}

bool known_format(int format) {
  return format >= kHashFormatLegacy && format <= kHashFormatHmac;
}

std::string format_text(int format) {
  return format == 0 ? std::string("none") : std::to_string(format);
}

// Refuses to extend a keyed trail without its key: the entries would be a
// downgrade, or keyed with another key, and verification would report them.
Status check_key_continues(const std::optional<store::AuditRow>& last,
                           const std::optional<std::string>& key) {
  if (!last || last->hash_format != kHashFormatHmac) return Status::success();
  const std::string where = " (seq " + std::to_string(last->seq) + ")";
  if (!key) {
    return Error::make(ErrorKind::kInvalidInput,
                       "the audit trail is keyed (HMAC-SHA256) but no audit key is set: set "
                       "PLANWISE_AUDIT_KEY_FILE or PLANWISE_AUDIT_KEY to the key of its last "
                       "entry" +
                           where + "; nothing was written");
  }
  if (entry_hmac(*last, *key) != last->entry_hash) {
    return Error::make(ErrorKind::kInvalidInput,
                       "the audit key does not match the key of the audit trail's last entry" +
                           where +
                           " (or that entry was edited: run `planwise audit verify`); nothing was "
                           "written");
  }
  return Status::success();
}

}  // namespace

std::string canonical_text(const store::AuditRow& row) {
  return row.hash_format == kHashFormatLegacy ? legacy_text(row) : length_prefixed_text(row);
}

std::string entry_hash(const store::AuditRow& row) {
  return sha256_hex(canonical_text(row));
}

std::string entry_hmac(const store::AuditRow& row, const std::string& key) {
  return hmac_sha256_hex(key, canonical_text(row));
}

Status append_audit(store::Database& db, std::vector<store::AuditRow> entries) {
  if (entries.empty()) return Status::success();
  auto last = store::last_audit_row(db);
  if (!last) return std::move(last).error();
  const std::optional<std::string> key = audit_key();
  PLANWISE_RETURN_IF_ERROR(check_key_continues(*last, key));
  std::int64_t seq = *last ? (*last)->seq : 0;
  std::string prev = *last ? (*last)->entry_hash : kGenesisHash;
  for (store::AuditRow& e : entries) {
    e.seq = ++seq;
    e.prev_hash = prev;
    e.hash_format = key ? kHashFormatHmac : kHashFormatSha256;
    e.entry_hash = key ? entry_hmac(e, *key) : entry_hash(e);
    prev = e.entry_hash;
  }
  return store::append_audit_rows(db, entries);
}

namespace {

// What is wrong with one entry's format and contents ("" when nothing),
// counting it in `v`. `prev_format` is the previous entry's format.
std::string check_contents(const store::AuditRow& r, int prev_format,
                           const std::optional<std::string>& key, const AuditVerifyOptions& options,
                           AuditVerification& v) {
  if (!known_format(r.hash_format)) {
    return "its hash format (" + format_text(r.hash_format) +
           ") is not one this program knows (1, 2 or 3)";
  }
  if (r.hash_format < prev_format) {
    return "its hash format " + std::to_string(r.hash_format) + " follows format " +
           std::to_string(prev_format) +
           " (downgraded: formats never go down along the trail, so the entry was rewritten in a "
           "weaker form)";
  }
  if (r.hash_format == kHashFormatHmac) {
    if (!key) {
      ++v.hmac_entries;
      ++v.contents_unchecked;
      return "";
    }
    if (entry_hmac(r, *key) != r.entry_hash) {
      return "its contents do not match its keyed hash (the entry was edited, or written with "
             "another key)";
    }
    ++v.hmac_entries;
    return "";
  }
  if (key && !options.allow_unkeyed_prefix) {
    return "it is not keyed (hash format " + std::to_string(r.hash_format) +
           ") but the trail is verified with an audit key (entries written before the key was "
           "introduced are accepted only when an unkeyed prefix is allowed)";
  }
  if (entry_hash(r) != r.entry_hash)
    return "its contents do not match its hash (the entry was edited)";
  ++(r.hash_format == kHashFormatLegacy ? v.legacy_entries : v.sha256_entries);
  if (key) ++v.unkeyed_prefix;
  return "";
}

// The head check: the last entry is the one audit_head recorded.
void check_head(const std::optional<store::AuditHead>& head, std::int64_t last_seq,
                const std::string& last_hash, AuditVerification& v) {
  const std::int64_t head_seq = head ? head->seq : 0;
  const std::string head_hash = head ? head->entry_hash : kGenesisHash;
  if (head_seq == last_seq && head_hash == last_hash) return;
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
}

}  // namespace

Result<AuditVerification> verify_audit(store::Database& db, const AuditVerifyOptions& options) {
  auto rows = store::all_audit_rows(db);
  if (!rows) return std::move(rows).error();
  const std::optional<std::string> key = audit_key();
  AuditVerification v;
  v.keyed = key.has_value();
  v.mode = key ? kModeHmac : kModeSha256;
  std::string prev = kGenesisHash;
  int prev_format = 0;
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
          "changed, deleted or moved)";
    } else {
      problem = check_contents(r, prev_format, key, options, v);
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
    prev_format = r.hash_format;
    ++expected_seq;
  }
  auto head = store::audit_head(db);
  if (!head) return std::move(head).error();
  check_head(*head, expected_seq - 1, prev, v);
  return v;
}

}  // namespace planwise::levers
