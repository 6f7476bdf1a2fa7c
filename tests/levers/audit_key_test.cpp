// Issue 11 item 4: the process's audit key. A key too short for HMAC-SHA256
// is refused and leaves the setting as it was.
#include "levers/audit_key.hpp"

#include <gtest/gtest.h>

#include <string>

namespace planwise::levers {
namespace {

TEST(AuditKey, AKeyShorterThan32BytesIsRefusedAndChangesNothing) {
  clear_audit_key();
  Status s = set_audit_key(std::string(31, 'k'));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(s.error().message.find("31 bytes"), std::string::npos) << s.error().message;
  EXPECT_FALSE(audit_key().has_value());

  ASSERT_TRUE(set_audit_key(std::string(32, 'k')).ok());
  EXPECT_FALSE(set_audit_key("short").ok());
  EXPECT_EQ(audit_key(), std::string(32, 'k'));
  clear_audit_key();
  EXPECT_FALSE(audit_key().has_value());
}

}  // namespace
}  // namespace planwise::levers
