// Issue 9 item 2: the single admin's token comes from --token, a file or
// $PLANWISE_TOKEN (the last two never show in ps), is never echoed in an
// error, and the roles that see personal data are configurable.
#include <gtest/gtest.h>

#include <cstdlib>

#include "server/serve.hpp"
#include "support/test_paths.hpp"

namespace planwise::server {
namespace {

// Sets an environment variable for one test and restores it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ServeCredentials, ReadsTheAdminTokenFromAFileTrimmingTheNewline) {
  ScopedEnv env("PLANWISE_TOKEN", nullptr);
  test::TempDir dir;
  test::write_file(dir / "token", "a-file-token-of-enough-length\n");
  ServeOptions o;
  o.token_file = (dir / "token").string();
  ASSERT_TRUE(resolve_credentials(o).ok());
  EXPECT_EQ(o.service.token, "a-file-token-of-enough-length");
  EXPECT_EQ(o.http.token, o.service.token);
}

TEST(ServeCredentials, ReadsTheAdminTokenFromTheEnvironment) {
  ScopedEnv env("PLANWISE_TOKEN", "an-environment-token-0001");
  ServeOptions o;
  ASSERT_TRUE(resolve_credentials(o).ok());
  EXPECT_EQ(o.service.token, "an-environment-token-0001");
}

TEST(ServeCredentials, APublicHostBehindTlsMarksTheSessionCookieSecure) {
  ScopedEnv env("PLANWISE_TOKEN", nullptr);
  ServeOptions o;
  ASSERT_TRUE(resolve_credentials(o).ok());
  EXPECT_FALSE(o.service.secure_cookie);
  o.http.public_host = "planwise.example.com";
  ASSERT_TRUE(resolve_credentials(o).ok());
  EXPECT_TRUE(o.service.secure_cookie);
}

TEST(ServeCredentials, WithoutAnyTokenLeavesThePersonalSessionToTheService) {
  ScopedEnv env("PLANWISE_TOKEN", nullptr);
  ServeOptions o;
  ASSERT_TRUE(resolve_credentials(o).ok());
  EXPECT_TRUE(o.service.token.empty());
  EXPECT_FALSE(o.service.local_user.empty());
}

TEST(ServeCredentials, AnUnreadableOrEmptyTokenFileIsAnErrorNamingTheFlag) {
  ScopedEnv env("PLANWISE_TOKEN", nullptr);
  test::TempDir dir;
  ServeOptions o;
  o.token_file = (dir / "missing").string();
  Status s = resolve_credentials(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().column, "--token-file");
  test::write_file(dir / "empty", "\n");
  o.token_file = (dir / "empty").string();
  s = resolve_credentials(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().column, "--token-file");
}

TEST(ServeCredentials, AShortTokenIsRefusedWithoutEchoingIt) {
  ScopedEnv env("PLANWISE_TOKEN", "sekrit42");
  ServeOptions o;
  const Status s = resolve_credentials(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().to_string().find("sekrit42"), std::string::npos) << s.error().to_string();
}

TEST(ServeCredentials, EmployeeDataRolesAreConfigurableAndCheckedByName) {
  ScopedEnv env("PLANWISE_TOKEN", nullptr);
  ServeOptions o;
  o.employee_data_roles = "admin, compliance";
  ASSERT_TRUE(resolve_credentials(o).ok());
  EXPECT_TRUE(
      app::role_allows(app::Role::kCompliance, app::Right::kEmployeeData, o.service.policy));
  EXPECT_FALSE(app::role_allows(app::Role::kAnalyst, app::Right::kEmployeeData, o.service.policy));
  o.employee_data_roles = "analyst,boss";
  const Status s = resolve_credentials(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().column, "--employee-data-roles");
  EXPECT_EQ(s.error().value, "boss");
}

}  // namespace
}  // namespace planwise::server
