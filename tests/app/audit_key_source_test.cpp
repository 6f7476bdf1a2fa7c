// Issue 11 item 4: where the audit key comes from. A key given but unusable
// (missing or unreadable file, a file others may read, too short, both
// variables set) is an error naming the file and rule, never "no key".
#include "app/audit_key_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

namespace fs = std::filesystem;

const std::string kKey(32, 'k');

// A key file with `text`, readable by its owner only unless `perms` says.
std::string key_file(const test::TempDir& dir, const std::string& text,
                     fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
  const fs::path path = dir / "audit.key";
  test::write_file(path, text);
  fs::permissions(path, perms, fs::perm_options::replace);
  return path.string();
}

void expect_key_error(const Result<std::optional<std::string>>& key, const std::string& rule,
                      const std::string& file, const std::string& words) {
  ASSERT_FALSE(key.ok()) << "a key was accepted";
  EXPECT_EQ(key.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(key.error().rule, rule) << key.error().to_string();
  EXPECT_EQ(key.error().file, file) << key.error().to_string();
  EXPECT_NE(key.error().message.find(words), std::string::npos) << key.error().to_string();
}

TEST(AuditKeySource, NoVariableMeansNoKey) {
  auto key = read_audit_key({});
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_FALSE(key->has_value());
  auto empty = read_audit_key({std::string(), std::string()});
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());
}

TEST(AuditKeySource, AKeyFileGivesItsContentsWithoutTheTrailingLineBreak) {
  test::TempDir dir;
  auto key = read_audit_key({key_file(dir, kKey + "\n"), std::nullopt});
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ(*key, kKey);
}

TEST(AuditKeySource, TheKeyVariableGivesTheKeyItself) {
  auto key = read_audit_key({std::nullopt, kKey});
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ(*key, kKey);
}

TEST(AuditKeySource, AMissingKeyFileIsAnError) {
  test::TempDir dir;
  const std::string missing = (dir / "no-such.key").string();
  expect_key_error(read_audit_key({missing, std::nullopt}), "audit_key_file_unreadable", missing,
                   "PLANWISE_AUDIT_KEY_FILE");
}

TEST(AuditKeySource, ATooShortKeyFileIsAnError) {
  test::TempDir dir;
  const std::string file = key_file(dir, std::string(31, 'k') + "\n");
  expect_key_error(read_audit_key({file, std::nullopt}), "audit_key_too_short", file,
                   "has 31 bytes");
}

TEST(AuditKeySource, ATooShortKeyVariableIsAnError) {
  expect_key_error(read_audit_key({std::nullopt, "secret"}), "audit_key_too_short",
                   "PLANWISE_AUDIT_KEY", "has 6 bytes");
}

TEST(AuditKeySource, AKeyFileThatGroupOrOthersMayReadIsRefused) {
  test::TempDir dir;
  for (fs::perms extra : {fs::perms::group_read, fs::perms::others_read}) {
    const std::string file =
        key_file(dir, kKey, fs::perms::owner_read | fs::perms::owner_write | extra);
    expect_key_error(read_audit_key({file, std::nullopt}), "audit_key_file_permissions", file,
                     "chmod 600");
  }
}

TEST(AuditKeySource, BothVariablesSetIsAnError) {
  test::TempDir dir;
  const std::string file = key_file(dir, kKey);
  expect_key_error(read_audit_key({file, kKey}), "audit_key_ambiguous", file, "set only one");
}

}  // namespace
}  // namespace planwise::app
