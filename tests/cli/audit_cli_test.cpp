// `planwise audit verify` with and without an audit key (issue 11 item 4):
// the mode line and counts, the unkeyed prefix refused unless allowed, the
// JSON body, and a key given but unusable stopping the command.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/test_paths.hpp"

namespace planwise::test {
namespace {

namespace fs = std::filesystem;

class AuditCli : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(key_, std::string(64, 'k') + "\n");
    fs::permissions(key_, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
  }
  // `planwise ARGS --db FILE`, with PLANWISE_AUDIT_KEY_FILE=`key` when given.
  CommandResult run(const std::string& args, const std::string& key = "") const {
    const std::string env = key.empty() ? "" : "PLANWISE_AUDIT_KEY_FILE=" + q(key) + " ";
    return run_command(env + cli() + " " + args + " --db " + q(db_));
  }
  TempDir dir_;
  fs::path db_ = dir_ / "audit.duckdb";
  std::string key_ = (dir_ / "audit.key").string();
};

TEST_F(AuditCli, VerifyNamesTheSha256ModeWithoutAKey) {
  ASSERT_EQ(run("scenario create b --reason draft").exit_code, 0);
  const CommandResult v = run("audit verify");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_TRUE(contains(v.out, "Audit trail intact: 2 entries, hash chain verified")) << v.out;
  EXPECT_TRUE(contains(v.out, "Mode: SHA-256 chain (no audit key")) << v.out;
  EXPECT_TRUE(contains(v.out, "0 legacy (1), 2 SHA-256 (2), 0 HMAC-SHA256 (3)")) << v.out;
}

TEST_F(AuditCli, WithAKeyAnUnkeyedPrefixIsRefusedUnlessAllowedAndCounted) {
  ASSERT_EQ(run("scenario create b --reason draft").exit_code, 0);  // 2 unkeyed entries
  const CommandResult keyed = run("scenario create c --reason keyed", key_);
  ASSERT_EQ(keyed.exit_code, 0) << keyed.err;

  const CommandResult refused = run("audit verify", key_);
  EXPECT_EQ(refused.exit_code, 6) << refused.out << refused.err;
  EXPECT_TRUE(contains(refused.out, "BROKEN at entry 1 (seq 1")) << refused.out;
  EXPECT_TRUE(contains(refused.out, "not keyed")) << refused.out;
  EXPECT_TRUE(contains(refused.out, "Mode: HMAC-SHA256 chain (audit key set)")) << refused.out;

  const CommandResult allowed = run("audit verify --allow-unkeyed-prefix", key_);
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_TRUE(contains(allowed.out, "intact: 3 entries")) << allowed.out;
  EXPECT_TRUE(contains(allowed.out, "Mode: HMAC-SHA256 chain")) << allowed.out;
  EXPECT_TRUE(contains(allowed.out, "Unkeyed prefix: the first 2 entries")) << allowed.out;

  const CommandResult json = run("audit verify --allow-unkeyed-prefix --json", key_);
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(contains(json.out, R"("mode": "HMAC-SHA256 chain")")) << json.out;
  EXPECT_TRUE(contains(json.out, R"("unkeyed_prefix": 2)")) << json.out;
  EXPECT_TRUE(contains(json.out, R"("hmac_sha256": 1)")) << json.out;

  const CommandResult unkeyed = run("audit verify");
  EXPECT_EQ(unkeyed.exit_code, 0) << unkeyed.out;
  EXPECT_TRUE(contains(unkeyed.out, "Not checked: the contents of 1 HMAC-SHA256 entries"))
      << unkeyed.out;
}

TEST_F(AuditCli, AWriteToAKeyedTrailWithoutTheKeyIsRefused) {
  ASSERT_EQ(run("scenario create b --reason keyed", key_).exit_code, 0);
  const CommandResult r = run("scenario create c --reason unkeyed");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "no audit key is set")) << r.err;
  const CommandResult v = run("audit verify");
  EXPECT_TRUE(contains(v.out, "intact: 2 entries")) << "nothing was appended: " << v.out;
  EXPECT_TRUE(contains(v.out, "Not checked: the contents of 2 HMAC-SHA256 entries")) << v.out;
}

TEST_F(AuditCli, AnUnusableKeyStopsTheCommand) {
  write_file(key_, "too short\n");
  const CommandResult r = run("scenario create b --reason draft", key_);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "audit_key_too_short")) << r.err;
  EXPECT_FALSE(fs::exists(db_)) << "nothing was opened";
  const CommandResult missing = run("audit verify", (dir_ / "missing.key").string());
  EXPECT_EQ(missing.exit_code, 2) << missing.out << missing.err;
  EXPECT_TRUE(contains(missing.err, "audit_key_file_unreadable")) << missing.err;
}

}  // namespace
}  // namespace planwise::test
