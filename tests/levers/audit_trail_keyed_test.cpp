// Issue 11 item 4: the keyed audit chain. With a key kept outside the
// database, entries are HMAC-SHA256 sealed (format 3), so someone who can
// edit the file but lacks the key cannot rebuild a chain that verifies:
// neither with plain SHA-256 nor with another key. Verification reports its
// mode, and accepts entries written before the key only when asked.
#include "levers/audit_trail.hpp"

#include <gtest/gtest.h>

#include <string>

#include "levers/audit_chain_fixture.hpp"
#include "levers/audit_key.hpp"
#include "store/audit_table.hpp"

namespace planwise::levers {
namespace {

using testing::AuditChainTest;
using testing::kKey;
using testing::kOtherKey;

TEST_F(AuditChainTest, WithAKeyEntriesAreSealedWithItsHmac) {
  use_key(kKey);
  append(3);
  for (const store::AuditRow& r : rows()) {
    EXPECT_EQ(r.hash_format, kHashFormatHmac);
    EXPECT_EQ(r.entry_hash, entry_hmac(r, kKey));
    EXPECT_NE(r.entry_hash, entry_hash(r));
  }
}

TEST_F(AuditChainTest, AnIntactKeyedChainVerifiesInHmacMode) {
  use_key(kKey);
  append(3);
  const AuditVerification v = verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.mode, kModeHmac);
  EXPECT_EQ(v.mode, "HMAC-SHA256 chain");
  EXPECT_TRUE(v.keyed);
  EXPECT_EQ(v.hmac_entries, 3);
  EXPECT_EQ(v.unkeyed_prefix, 0);
  EXPECT_EQ(v.contents_unchecked, 0);
}

TEST_F(AuditChainTest, WithoutTheKeyAKeyedChainsLinksAreCheckedAndItsContentsCounted) {
  use_key(kKey);
  append(3);
  clear_audit_key();
  AuditVerification v = verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.mode, "SHA-256 chain");
  EXPECT_FALSE(v.keyed);
  EXPECT_EQ(v.contents_unchecked, 3);
  // A broken link is still seen without the key.
  sql("DELETE FROM audit_log WHERE seq = 2");
  v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_position, 2) << v.problem;
}

TEST_F(AuditChainTest, AChainRebuiltWithPlainSha256WithoutTheKeyIsCaught) {
  use_key(kKey);
  append(3);
  sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
  // Resealed as keyed entries whose hash is plain SHA-256...
  rebuild([](store::AuditRow& r) { r.entry_hash = entry_hash(r); });
  expect_broken_at(verify(), 1, "keyed hash");
  // ...or relabelled as unkeyed SHA-256 entries: refused with the key.
  rebuild(seal_sha256);
  clear_audit_key();
  ASSERT_TRUE(verify().intact) << "the rebuilt chain is consistent as a SHA-256 chain";
  use_key(kKey);
  expect_broken_at(verify(), 1, "not keyed");
}

TEST_F(AuditChainTest, AChainRebuiltWithPlainSha256FromTheEditOnIsCaughtEvenWithAnUnkeyedPrefix) {
  use_key(kKey);
  append(3);
  sql("UPDATE audit_log SET new_value = 0.02 WHERE seq = 2");
  rebuild(seal_sha256, 2);
  expect_broken_at(verify(true), 2, "downgraded");
}

TEST_F(AuditChainTest, AChainRebuiltWithAWrongKeyIsCaught) {
  use_key(kKey);
  append(3);
  sql("UPDATE audit_log SET reason = 'approved' WHERE seq = 3");
  rebuild([](store::AuditRow& r) {
    r.hash_format = kHashFormatHmac;
    r.entry_hash = entry_hmac(r, kOtherKey);
  });
  expect_broken_at(verify(), 1, "keyed hash");
  expect_broken_at(verify(true), 1, "keyed hash");
}

TEST_F(AuditChainTest, AnUnkeyedPrefixIsRefusedByDefaultAndCountedWhenAllowed) {
  append_legacy(1);
  append(2);
  use_key(kKey);
  append(2);
  const auto log = rows();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[3].hash_format, kHashFormatHmac);
  EXPECT_EQ(log[3].prev_hash, log[2].entry_hash);

  expect_broken_at(verify(), 1, "not keyed");

  const AuditVerification v = verify(true);
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.mode, kModeHmac);
  EXPECT_EQ(v.unkeyed_prefix, 3);
  EXPECT_EQ(v.legacy_entries, 1);
  EXPECT_EQ(v.sha256_entries, 2);
  EXPECT_EQ(v.hmac_entries, 2);
}

TEST_F(AuditChainTest, AnEditInTheUnkeyedPrefixIsStillCaught) {
  append(2);
  use_key(kKey);
  append(2);
  sql("UPDATE audit_log SET details = 'other' WHERE seq = 1");
  expect_broken_at(verify(true), 1, "edited");
}

TEST_F(AuditChainTest, AppendingToAKeyedTrailWithoutTheKeyIsRefused) {
  use_key(kKey);
  append(2);
  clear_audit_key();
  Status s = append_audit(*db_, {testing::sample_entry(9)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(s.error().message.find("no audit key is set"), std::string::npos) << s.error().message;
  EXPECT_EQ(rows().size(), 2u);
}

TEST_F(AuditChainTest, AppendingToAKeyedTrailWithAnotherKeyIsRefused) {
  use_key(kKey);
  append(2);
  use_key(kOtherKey);
  Status s = append_audit(*db_, {testing::sample_entry(9)});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("does not match"), std::string::npos) << s.error().message;
  EXPECT_EQ(rows().size(), 2u);
}

}  // namespace
}  // namespace planwise::levers
