// Issue 9 items 1 and 2: every route needs credentials, the role decides
// what it may do (403 naming the roles that may), the actor of what it
// writes is the signed-in user, and the dashboard's cookie session.
// Through api::Service::handle: the decisions are the API's, not the
// transport's.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "api/response_body.hpp"
#include "api/service.hpp"
#include "app/users.hpp"
#include "support/test_paths.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

// Three users of a directory the test makes up (the real one is the
// database's users table: see tests/app/users_test.cpp).
const std::map<std::string, Identity>& test_users() {
  static const std::map<std::string, Identity> kUsers = {
      {"token-alice-analyst-0000000000001", {"alice", app::Role::kAnalyst}},
      {"token-erin-executive-00000000001", {"erin", app::Role::kExecutive}},
      {"token-carl-compliance-0000000001", {"carl", app::Role::kCompliance}},
      {"token-abby-approver-000000000001", {"abby", app::Role::kApprover}}};
  return kUsers;
}

std::string token_of(const std::string& who) {
  for (const auto& [token, id] : test_users()) {
    if (id.name == who) return token;
  }
  return "";
}

// A service configuration on the bundled data, with its database in `dir`.
ServiceConfig config_in(const test::TempDir& dir, const std::string& db_name) {
  ServiceConfig config;
  config.inputs.data_dir = test::data_dir();
  config.db_path = (dir / db_name).string();
  return config;
}

class AccessFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceConfig config = config_in(dir_, "access.duckdb");
    config.users = [](std::string_view token) -> std::optional<Identity> {
      auto it = test_users().find(std::string(token));
      if (it == test_users().end()) return std::nullopt;
      return it->second;
    };
    service_ = std::make_unique<Service>(config);
  }
  Response as(const std::string& who, const std::string& method, const std::string& path,
              const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.authorization = "Bearer " + token_of(who);
    return service_->handle(r);
  }
  test::TempDir dir_;
  std::unique_ptr<Service> service_;
};

json body(const Response& r) {
  return json::parse(r.body);
}

const std::string kEdit =
    R"({"cells":[{"parameter":"merit_base","year":2027,"level":2,"value":0.041,"expected":0.03034019072050115}],"reason":"FY27"})";

TEST_F(AccessFixture, EveryRoleReadsTheDashboardsAggregates) {
  for (const char* who : {"alice", "erin", "carl", "abby"}) {
    EXPECT_EQ(as(who, "GET", "/api/levers").status, 200) << who;
    EXPECT_EQ(as(who, "GET", "/api/config").status, 200) << who;
  }
}

TEST_F(AccessFixture, ARoleWithoutTheRightGets403NamingTheRolesThatHaveIt) {
  const Response refused = as("erin", "PUT", "/api/levers", kEdit);
  EXPECT_EQ(refused.status, 403) << refused.body;
  const json e = body(refused);
  EXPECT_EQ(e["error"], "forbidden");
  EXPECT_EQ(e["field"], "role");
  const std::string detail = e["detail"];
  EXPECT_NE(detail.find("analyst or admin"), std::string::npos) << detail;
  EXPECT_NE(detail.find("erin is executive"), std::string::npos) << detail;
  EXPECT_EQ(as("abby", "POST", "/api/runs", "{}").status, 403);
  EXPECT_EQ(as("carl", "POST", "/api/optimizations", R"({"target":0.05})").status, 403);
  EXPECT_EQ(as("erin", "POST", "/api/scenarios", R"({"name":"x"})").status, 403);
  EXPECT_EQ(as("erin", "GET", "/api/audit").status, 403);
  EXPECT_EQ(as("carl", "GET", "/api/audit").status, 200);
  EXPECT_EQ(as("abby", "POST", "/api/levers/lock", R"({"parameter":"merit_base"})").status, 403);
}

TEST_F(AccessFixture, TheAuditTrailRecordsTheSignedInUserNotABodyField) {
  ASSERT_EQ(as("alice", "PUT", "/api/levers", kEdit).status, 200);
  const json audit = body(as("carl", "GET", "/api/audit"));
  bool found = false;
  for (const json& entry : audit["entries"]) {
    if (entry["parameter_name"] == "merit_base" && entry["fiscal_year"] == 2027) {
      EXPECT_EQ(entry["actor"], "alice");
      found = true;
    }
  }
  EXPECT_TRUE(found) << audit.dump();
  json claimed = json::parse(kEdit);
  claimed["actor"] = "the_ceo";
  const Response refused = as("alice", "PUT", "/api/levers", claimed.dump());
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(body(refused)["field"], "actor");
}

TEST_F(AccessFixture, ATokenTradedForASessionCookieSignsInUntilSignedOut) {
  Request login;
  login.method = "POST";
  login.path = "/api/session";
  login.body = R"({"token":"wrong-token-that-is-secret"})";
  const Response bad = service_->handle(login);
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.body.find("wrong-token-that-is-secret"), std::string::npos);

  login.body = R"({"token":"token-erin-executive-00000000001"})";
  const Response ok = service_->handle(login);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(body(ok)["user"], "erin");
  EXPECT_EQ(body(ok)["role"], "executive");
  std::string cookie;
  for (const auto& [k, v] : ok.headers) {
    if (k == "Set-Cookie") cookie = v;
  }
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("token-erin"), std::string::npos)
      << "the cookie is a session, not the token";
  const std::string pair = cookie.substr(0, cookie.find(';'));

  Request read;
  read.method = "GET";
  read.path = "/api/session";
  read.cookie = "theme=dark; " + pair;
  const Response me = service_->handle(read);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(body(me)["user"], "erin");
  read.path = "/api/levers";
  EXPECT_EQ(service_->handle(read).status, 200);

  Request out = read;
  out.method = "DELETE";
  out.path = "/api/session";
  EXPECT_EQ(service_->handle(out).status, 200);
  EXPECT_EQ(service_->handle(read).status, 401);
  read.cookie = std::string(kSessionCookie) + "=forged";
  EXPECT_EQ(service_->handle(read).status, 401);
}

TEST(PersonalSession, AServiceWithoutUsersOrTokenMakesA256BitLoginTokenActingAsTheLocalUser) {
  test::TempDir dir;
  ServiceConfig config = config_in(dir, "personal.duckdb");
  config.local_user = "pat";
  Service service(config);
  const std::string token = service.login_token();
  ASSERT_EQ(token.size(), 64u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  Request r;
  r.method = "GET";
  r.path = "/api/session";
  EXPECT_EQ(service.handle(r).status, 401);
  r.authorization = "Bearer " + token;
  const Response me = service.handle(r);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(body(me)["user"], "pat");
  EXPECT_EQ(body(me)["role"], "admin");
  // A second service (a restarted server) makes a new token.
  test::TempDir other;
  config.db_path = (other / "personal.duckdb").string();
  EXPECT_NE(Service(config).login_token(), token);
}

TEST(PersonalSession, NoLoginTokenIsMadeWhenAnAdminTokenIsConfigured) {
  test::TempDir dir;
  ServiceConfig config = config_in(dir, "admin.duckdb");
  config.token = "an-admin-token-of-some-length";
  Service service(config);
  EXPECT_TRUE(service.login_token().empty());
}

}  // namespace
}  // namespace planwise::api

namespace planwise::api {
namespace {

// The database's users (no test directory): tokens from `planwise users
// add`, and the admin's users routes, which take effect at once.
TEST(DatabaseUsers, TokensOfTheDatabasesUsersSignInAndDisabledOnesStopAtOnce) {
  test::TempDir dir;
  const std::string db = (dir / "users.duckdb").string();
  auto admin = app::add_user(db, "root_admin", app::Role::kAdmin, "installer");
  auto exec = app::add_user(db, "erin", app::Role::kExecutive, "installer");
  ASSERT_TRUE(admin.ok() && exec.ok());
  Service service(config_in(dir, "users.duckdb"));
  EXPECT_TRUE(service.has_users());
  EXPECT_TRUE(service.login_token().empty()) << "a server with users makes no personal session";

  auto call = [&](const std::string& token, const std::string& method, const std::string& path,
                  const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.authorization = "Bearer " + token;
    return service.handle(r);
  };
  EXPECT_EQ(call(exec->token, "GET", "/api/levers").status, 200);
  EXPECT_EQ(call(exec->token, "GET", "/api/users").status, 403);
  const Response added =
      call(admin->token, "POST", "/api/users", R"({"name":"ana","role":"analyst"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string ana = body(added)["token"];
  EXPECT_EQ(ana.size(), 64u);
  EXPECT_EQ(call(ana, "PUT", "/api/levers", kEdit).status, 200);
  // Ana also signs in to the dashboard: her cookie must not outlive her token.
  Request login;
  login.method = "POST";
  login.path = "/api/session";
  login.body = json{{"token", ana}}.dump();
  const Response session = service.handle(login);
  ASSERT_EQ(session.status, 200);
  Request by_cookie;
  by_cookie.method = "GET";
  by_cookie.path = "/api/levers";
  for (const auto& [k, v] : session.headers) {
    if (k == "Set-Cookie") by_cookie.cookie = v.substr(0, v.find(';'));
  }
  EXPECT_EQ(service.handle(by_cookie).status, 200);
  const json listed = body(call(admin->token, "GET", "/api/users"));
  EXPECT_EQ(listed["users"].size(), 3u);
  EXPECT_EQ(listed.dump().find(ana), std::string::npos) << "a listing never shows a token";
  EXPECT_EQ(call(admin->token, "POST", "/api/users/ana/disable", "{}").status, 200);
  EXPECT_EQ(call(ana, "GET", "/api/levers").status, 401);
  EXPECT_EQ(service.handle(by_cookie).status, 401) << "a disabled user's session ended";
  const Response bad =
      call(admin->token, "POST", "/api/users", R"({"name":"x y","role":"analyst"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(body(bad)["field"], "name");
  const Response role = call(admin->token, "POST", "/api/users", R"({"name":"z","role":"boss"})");
  EXPECT_EQ(body(role)["field"], "role");
}

}  // namespace
}  // namespace planwise::api

namespace planwise::api {
namespace {

// The body of a response, streamed or not.
constexpr auto* full_body = &test_support::response_body;

TEST_F(AccessFixture, AnExecutiveExportsEmployeeRowsWithMaskedSsnsAndBirthYearsOnly) {
  const Response started = as("alice", "POST", "/api/runs", R"({"end_year":2025})");
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = body(started)["run_id"];
  auto job = service_->jobs().find(id);
  ASSERT_TRUE(job);
  for (int i = 0; i < 3000 && !job->finished(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(app::job_state_name(job->state()), "done");

  Request r;
  r.method = "GET";
  r.path = "/api/runs/" + id + "/export";
  r.query["table"] = "workforce_snapshot";
  for (const char* who : {"erin", "alice"}) {
    r.authorization = "Bearer " + token_of(who);
    const Response out = service_->handle(r);
    ASSERT_EQ(out.status, 200) << who << " " << out.body;
    const std::string csv = full_body(out);
    const std::string header = csv.substr(0, csv.find('\n'));
    if (std::string(who) == "erin") {
      EXPECT_NE(csv.find("***-**-"), std::string::npos) << csv.substr(0, 400);
      EXPECT_EQ(csv.find("SSN-"), std::string::npos) << "an unmasked SSN reached an executive";
      EXPECT_NE(header.find("employee_birth_year"), std::string::npos) << header;
      EXPECT_EQ(header.find("employee_birth_date"), std::string::npos) << header;
    } else {
      EXPECT_NE(csv.find("SSN-"), std::string::npos) << "an analyst sees the full SSN";
      EXPECT_NE(header.find("employee_birth_date"), std::string::npos) << header;
    }
  }
}

}  // namespace
}  // namespace planwise::api
