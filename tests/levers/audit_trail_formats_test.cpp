// Issue 11 item 4: the audit trail's text forms and per-entry hash formats.
// The length-prefixed form (format 2) catches an edit of any field,
// including text moved across a field boundary that the legacy separator
// form (format 1) could not tell apart; legacy entries still verify; a
// format that goes down along the chain is reported as a downgrade.
#include "levers/audit_trail.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "levers/audit_chain_fixture.hpp"
#include "store/audit_table.hpp"
#include "support/test_paths.hpp"

namespace planwise::levers {
namespace {

using testing::AuditChainTest;
using testing::kKey;

// One edit per column of audit_log, each to a value the entry did not hold.
std::vector<std::pair<std::string, std::string>> field_edits() {
  return {
      {"seq", "seq = 7"},
      {"occurred_at", "occurred_at = TIMESTAMPTZ '2026-11-28 12:00:01+00'"},
      {"event_type", "event_type = 'LOCK_CHANGED'"},
      {"scenario_id", "scenario_id = 'c'"},
      {"fiscal_year", "fiscal_year = 2028"},
      {"fiscal_year (to null)", "fiscal_year = NULL"},
      {"job_level", "job_level = 9"},
      {"parameter_name", "parameter_name = 'cola_rate'"},
      {"old_value", "old_value = 0.041"},
      {"new_value", "new_value = 0.99"},
      {"new_value (to null)", "new_value = NULL"},
      {"actor", "actor = 'mallory'"},
      {"reason", "reason = 'budget '"},
      {"details", "details = 'from default.'"},
      {"prev_hash", "prev_hash = '" + std::string(kGenesisHash) + "'"},
      {"entry_hash", "entry_hash = '" + std::string(64, 'f') + "'"},
      {"hash_format", "hash_format = 1"},
  };
}

TEST_F(AuditChainTest, NewEntriesAreWrittenInTheLengthPrefixedSha256Form) {
  append(2);
  const auto log = rows();
  ASSERT_EQ(log.size(), 2u);
  for (const store::AuditRow& r : log) {
    EXPECT_EQ(r.hash_format, kHashFormatSha256);
    EXPECT_EQ(r.entry_hash, entry_hash(r));
  }
  const AuditVerification v = verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.mode, kModeSha256);
  EXPECT_FALSE(v.keyed);
  EXPECT_EQ(v.sha256_entries, 2);
  EXPECT_EQ(v.legacy_entries, 0);
}

TEST_F(AuditChainTest, TheLengthPrefixedFormGivesEachFieldItsByteLength) {
  store::AuditRow r = testing::sample_entry(0);
  r.seq = 12;
  r.prev_hash = "ab";
  r.hash_format = kHashFormatSha256;
  r.job_level.reset();
  r.old_value.reset();
  r.reason = "";
  EXPECT_EQ(canonical_text(r),
            "1:22:1220:2026-11-27T12:00:00Z16:PARAMETER_CHANGE1:b4:2027-10:merit_base-4:0.053:"
            "ana0:12:from default2:ab");
}

TEST_F(AuditChainTest, AnEditOfAnyFieldOfAStoredEntryIsCaughtAtThatEntry) {
  for (const auto& [field, assignment] : field_edits()) {
    SCOPED_TRACE(field);
    reopen(":memory:", store::OpenMode::kReadWrite);
    append(3);
    ASSERT_TRUE(verify().intact);
    sql("UPDATE audit_log SET " + assignment + " WHERE seq = 2");
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact) << field;
    EXPECT_EQ(v.first_bad_position, 2) << v.problem;
  }
}

TEST_F(AuditChainTest, AnEditOfAnyFieldOfAKeyedEntryIsCaughtAtThatEntry) {
  for (const auto& [field, assignment] : field_edits()) {
    SCOPED_TRACE(field);
    clear_audit_key();
    reopen(":memory:", store::OpenMode::kReadWrite);
    use_key(kKey);
    append(3);
    ASSERT_TRUE(verify().intact);
    sql("UPDATE audit_log SET " + assignment + " WHERE seq = 2");
    const AuditVerification v = verify();
    EXPECT_FALSE(v.intact) << field;
    EXPECT_EQ(v.first_bad_position, 2) << v.problem;
  }
}

TEST_F(AuditChainTest, TextMovedAcrossAFieldBoundaryIsCaughtWhereTheLegacyFormMissedIt) {
  // The legacy form joins fields with 0x1f, so text holding it can move
  // from one field to the next without changing the text form or the hash.
  store::AuditRow before = testing::sample_entry(0);
  before.reason =
      "a\x1f"
      "b";
  before.details = "c";
  store::AuditRow after = before;
  after.reason = "a";
  after.details =
      "b\x1f"
      "c";
  before.hash_format = after.hash_format = kHashFormatLegacy;
  EXPECT_EQ(canonical_text(before), canonical_text(after));
  EXPECT_EQ(entry_hash(before), entry_hash(after));
  before.hash_format = after.hash_format = kHashFormatSha256;
  EXPECT_NE(canonical_text(before), canonical_text(after));
  EXPECT_NE(entry_hash(before), entry_hash(after));

  const auto move_text = [this] {
    sql("UPDATE audit_log SET reason = 'a', details = 'b' || chr(31) || 'c' WHERE seq = 1");
  };
  const auto with_separator = [](store::AuditRow& r) {
    r.reason =
        "a\x1f"
        "b";
    r.details = "c";
  };
  // In the database: the legacy trail keeps verifying after the move...
  append_legacy(2, with_separator);
  move_text();
  ASSERT_EQ(rows()[0].details,
            "b\x1f"
            "c")
      << "the edit did not happen";
  EXPECT_TRUE(verify().intact) << "the legacy form was expected to miss this edit";
  // ...and the length-prefixed trail does not.
  reopen(":memory:", store::OpenMode::kReadWrite);
  append(2, with_separator);
  move_text();
  ASSERT_EQ(rows()[0].details,
            "b\x1f"
            "c")
      << "the edit did not happen";
  expect_broken_at(verify(), 1, "edited");
}

TEST_F(AuditChainTest, LegacyEntriesStillVerifyAndNewEntriesFollowThem) {
  append_legacy(3);
  append(2);
  const auto log = rows();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[2].hash_format, kHashFormatLegacy);
  EXPECT_EQ(log[3].hash_format, kHashFormatSha256);
  EXPECT_EQ(log[3].prev_hash, log[2].entry_hash);
  const AuditVerification v = verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.legacy_entries, 3);
  EXPECT_EQ(v.sha256_entries, 2);
}

TEST_F(AuditChainTest, AnEditedLegacyEntryIsStillCaught) {
  append_legacy(3);
  sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
  expect_broken_at(verify(), 2, "edited");
}

// A file written before issue 11 has no hash_format column: read-only it
// verifies as legacy entries; a read-write open adds the column (1 for the
// entries there) and appends in the new form after them.
TEST_F(AuditChainTest, AFileFromBeforeTheFormatColumnVerifiesReadOnlyAndAfterItsUpgrade) {
  test::TempDir dir;
  const std::string file = (dir / "old.duckdb").string();
  reopen(file, store::OpenMode::kReadWrite);
  append_legacy(3);
  sql("ALTER TABLE audit_log DROP COLUMN hash_format");
  sql("CHECKPOINT");

  reopen(file, store::OpenMode::kReadOnly);
  for (const store::AuditRow& r : rows()) EXPECT_EQ(r.hash_format, kHashFormatLegacy);
  AuditVerification v = verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.legacy_entries, 3);

  reopen(file, store::OpenMode::kReadWrite);
  append(1);
  v = verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.legacy_entries, 3);
  EXPECT_EQ(v.sha256_entries, 1);
}

TEST_F(AuditChainTest, ADowngradeToTheLegacyFormIsCaught) {
  append(3);
  // Entry 2 rewritten in the legacy form, its hash and every later link
  // recomputed: each hash matches its text, but the format went down.
  rebuild(
      [](store::AuditRow& r) {
        if (r.seq == 2) r.hash_format = kHashFormatLegacy;
        r.entry_hash = entry_hash(r);
      },
      2);
  expect_broken_at(verify(), 2, "downgraded");
}

TEST_F(AuditChainTest, ADowngradeFromKeyedToSha256IsCaughtWithOrWithoutTheKey) {
  use_key(kKey);
  append(3);
  // The last entry re-sealed with plain SHA-256 by someone without the key.
  rebuild(seal_sha256, 3);
  expect_broken_at(verify(), 3, "downgraded");
  expect_broken_at(verify(true), 3, "downgraded");
  clear_audit_key();
  expect_broken_at(verify(), 3, "downgraded");
}

TEST_F(AuditChainTest, AnEntryWithoutAKnownFormatIsCaught) {
  append(2);
  sql("UPDATE audit_log SET hash_format = NULL WHERE seq = 1");
  expect_broken_at(verify(), 1, "hash format (none)");
  reopen(":memory:", store::OpenMode::kReadWrite);
  append(2);
  sql("UPDATE audit_log SET hash_format = 4 WHERE seq = 2");
  expect_broken_at(verify(), 2, "hash format (4)");
}

}  // namespace
}  // namespace planwise::levers
