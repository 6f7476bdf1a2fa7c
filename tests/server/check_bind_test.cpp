// Issue 9 item 5: a bind is loopback only when every address its name
// resolves to is loopback; anything else needs a token or users.
#include <gtest/gtest.h>

#include "server/http_server.hpp"

namespace planwise::server {
namespace {

Status check(const std::string& host, const std::string& token = "", bool has_users = false) {
  ServerOptions o;
  o.host = host;
  o.token = token;
  o.has_users = has_users;
  return check_bind(o);
}

TEST(CheckBind, AcceptsLoopbackAddressesWithoutAToken) {
  for (const char* host : {"127.0.0.1", "localhost", "::1", "::ffff:127.0.0.1", "127.1.2.3"})
    EXPECT_TRUE(check(host).ok()) << host;
}

TEST(CheckBind, TreatsANameThatMerelyStartsWith127AsNotLoopback) {
  const Status refused = check("127.evil.example");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().column, "--host");
  EXPECT_EQ(refused.error().rule, "non_loopback_without_token");
}

TEST(CheckBind, RefusesAWildcardBindWithoutATokenOrUsers) {
  EXPECT_FALSE(check("0.0.0.0").ok());
  EXPECT_FALSE(check("::").ok());
  EXPECT_TRUE(check("0.0.0.0", "t").ok());
  EXPECT_TRUE(check("0.0.0.0", "", true).ok());
}

}  // namespace
}  // namespace planwise::server
