// Shared by the audit chain tests (issue 11 item 4): an in-memory database
// whose trail is written by append_audit (or, for legacy entries, as the
// program before issue 11 wrote them), plus the moves of someone who can
// edit the database file: change a row, rebuild the chain's hashes.
#pragma once

#include "levers/audit_trail.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "levers/audit_key.hpp"
#include "store/audit_table.hpp"
#include "store/database.hpp"

namespace planwise::levers::testing {

inline const std::string kKey(32, 'k');
inline const std::string kOtherKey(32, 'o');

// An entry with every field set, so an edit of any of them is meaningful.
inline store::AuditRow sample_entry(int i) {
  store::AuditRow r;
  r.occurred_at = "2026-11-27T12:00:0" + std::to_string(i % 10) + "Z";
  r.event_type = "PARAMETER_CHANGE";
  r.scenario_id = "b";
  r.fiscal_year = 2027;
  r.job_level = 1 + i % 5;
  r.parameter_name = "merit_base";
  r.old_value = 0.04;
  r.new_value = 0.05 + i / 100.0;
  r.actor = "ana";
  r.reason = "budget";
  r.details = "from default";
  return r;
}

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_audit_key();
    reopen(":memory:", store::OpenMode::kReadWrite);
  }

  // A new database (":memory:" is empty every time) or the file again.
  void reopen(const std::string& path, store::OpenMode mode) {
    db_.reset();
    auto db = store::Database::open(path, mode);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    db_ = std::move(db).value();
  }
  void TearDown() override { clear_audit_key(); }

  static void use_key(const std::string& key) {
    Status s = set_audit_key(key);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  using Edit = std::function<void(store::AuditRow&)>;

  // `n` entries through append_audit, with the key set now (if any), each
  // changed by `edit` first.
  void append(int n, const Edit& edit = {}) {
    std::vector<store::AuditRow> entries;
    for (int i = 0; i < n; ++i) {
      entries.push_back(sample_entry(next_++));
      if (edit) edit(entries.back());
    }
    Status s = append_audit(*db_, entries);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  // `n` entries as the program before issue 11 wrote them: the separator
  // text form (format 1), SHA-256.
  void append_legacy(int n, const Edit& edit = {}) {
    auto last = store::last_audit_row(*db_);
    ASSERT_TRUE(last.ok());
    std::int64_t seq = *last ? (*last)->seq : 0;
    std::string prev = *last ? (*last)->entry_hash : kGenesisHash;
    std::vector<store::AuditRow> rows;
    for (int i = 0; i < n; ++i) {
      store::AuditRow r = sample_entry(next_++);
      if (edit) edit(r);
      r.seq = ++seq;
      r.prev_hash = prev;
      r.hash_format = kHashFormatLegacy;
      r.entry_hash = entry_hash(r);
      prev = r.entry_hash;
      rows.push_back(r);
    }
    Status s = store::append_audit_rows(*db_, rows);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  std::vector<store::AuditRow> rows() {
    auto r = store::all_audit_rows(*db_);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? *r : std::vector<store::AuditRow>{};
  }

  AuditVerification verify(bool allow_unkeyed_prefix = false) {
    auto v = verify_audit(*db_, {allow_unkeyed_prefix});
    EXPECT_TRUE(v.ok()) << v.error().to_string();
    return v.ok() ? *v : AuditVerification{};
  }

  void sql(const std::string& text) {
    Status s = db_->execute(text);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
  }

  // What someone with write access to the file but not necessarily the key
  // does after editing rows: recompute every link and hash from position
  // `from` on with `seal` (which sets hash_format and entry_hash), and move
  // the head, so that only the hashes themselves can give the edit away.
  void rebuild(const std::function<void(store::AuditRow&)>& seal, std::size_t from = 1) {
    std::vector<store::AuditRow> log = rows();
    std::string prev = from > 1 ? log[from - 2].entry_hash : kGenesisHash;
    for (std::size_t i = from - 1; i < log.size(); ++i) {
      store::AuditRow& r = log[i];
      r.prev_hash = prev;
      seal(r);
      prev = r.entry_hash;
      auto u = db_->query(
          "UPDATE audit_log SET prev_hash = $1, entry_hash = $2, hash_format = CAST($3 AS "
          "INTEGER) WHERE seq = CAST($4 AS BIGINT)",
          {r.prev_hash, r.entry_hash, std::to_string(r.hash_format), std::to_string(r.seq)});
      ASSERT_TRUE(u.ok()) << u.error().to_string();
    }
    sql("DELETE FROM audit_head");
    auto h = db_->query("INSERT INTO audit_head VALUES (CAST($1 AS BIGINT), $2)",
                        {std::to_string(log.back().seq), prev});
    ASSERT_TRUE(h.ok()) << h.error().to_string();
  }

  static void seal_sha256(store::AuditRow& r) {
    r.hash_format = kHashFormatSha256;
    r.entry_hash = entry_hash(r);
  }

  static void expect_broken_at(const AuditVerification& v, std::int64_t position,
                               const std::string& words) {
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad_position, position) << v.problem;
    EXPECT_NE(v.problem.find("entry " + std::to_string(position)), std::string::npos) << v.problem;
    EXPECT_NE(v.problem.find(words), std::string::npos) << v.problem;
  }

  std::unique_ptr<store::Database> db_;
  int next_ = 0;
};

}  // namespace planwise::levers::testing
