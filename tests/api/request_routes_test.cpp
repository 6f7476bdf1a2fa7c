// Issue 11 item 7: the change-request API through Service::handle. Each
// policy answers with its status and field and writes nothing (the
// request's state and the published levers are checked after); the full
// lifecycle publishes and rolls back exactly; roles are enforced. Every
// request created simulates the bundled census twice, so the tests make few.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "api/service.hpp"
#include "support/test_paths.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

const std::map<std::string, Identity>& request_users() {
  static const std::map<std::string, Identity> kUsers = {
      {"tok-ann-analyst-000000000000001", {"ann", app::Role::kAnalyst}},
      {"tok-abe-approver-00000000000001", {"abe", app::Role::kApprover}},
      {"tok-amy-approver-00000000000001", {"amy", app::Role::kApprover}},
      {"tok-eva-executive-0000000000001", {"eva", app::Role::kExecutive}},
      {"tok-ada-admin-00000000000000001", {"ada", app::Role::kAdmin}}};
  return kUsers;
}

// merit_base 2027 level 3 to `value`: about $3 M over the plan (above the
// default $1 M threshold).
std::string merit_request(double value, int level = 3, bool submit = true) {
  return json{{"scenario", "default"},
              {"cells",
               {{{"parameter", "merit_base"}, {"year", 2027}, {"level", level}, {"value", value}}}},
              {"justification", "FY27 retention"},
              {"submit", submit}}
      .dump();
}

class RequestRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceConfig config;
    config.inputs.data_dir = test::data_dir();
    config.db_path = (dir_ / "requests.duckdb").string();
    config.users = [](std::string_view token) -> std::optional<Identity> {
      auto it = request_users().find(std::string(token));
      if (it == request_users().end()) return std::nullopt;
      return it->second;
    };
    service_ = std::make_unique<Service>(config);
  }
  Response as(const std::string& who, const std::string& method, const std::string& path,
              const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path.substr(0, path.find('?'));
    // "?a=1&b=2" as the server decodes it.
    for (std::size_t pos = path.find('?'); pos != std::string::npos;) {
      const std::size_t end = path.find('&', pos + 1);
      const std::string pair = path.substr(pos + 1, end - pos - 1);
      r.query[pair.substr(0, pair.find('='))] = pair.substr(pair.find('=') + 1);
      pos = end;
    }
    r.body = body;
    for (const auto& [token, id] : request_users()) {
      if (id.name == who) r.authorization = "Bearer " + token;
    }
    return service_->handle(r);
  }
  json ok(const Response& r, int status = 200) {
    EXPECT_EQ(r.status, status) << r.body;
    return json::parse(r.body);
  }
  void expect_error(const Response& r, int status, const std::string& kind,
                    const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    const json j = json::parse(r.body);
    EXPECT_EQ(j["error"], kind) << r.body;
    EXPECT_EQ(j["field"], field) << r.body;
  }
  // The published value of a lever cell of `default`.
  double lever(const std::string& parameter, int year, int level) {
    const json grid = ok(as("eva", "GET", "/api/levers?scenario=default"));
    for (const json& c : grid["cells"]) {
      if (c["parameter"] == parameter && c["year"] == year && c["level"] == level)
        return c["value"].get<double>();
    }
    ADD_FAILURE() << "no cell " << parameter << " " << year << " L" << level;
    return -1;
  }
  std::string state_of(const std::string& id) {
    return ok(as("eva", "GET", "/api/requests/" + id))["request"]["state"];
  }
  std::string create(const std::string& who, const std::string& body) {
    const json made = ok(as(who, "POST", "/api/requests", body), 201);
    return made["request"]["request_id"];
  }

  test::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(RequestRoutes, FullLifecyclePublishesThenRollsBackToExactlyTheOldValues) {
  const double before = lever("merit_base", 2027, 3);
  const json made = ok(as("ann", "POST", "/api/requests", merit_request(0.045)), 201);
  const std::string id = made["request"]["request_id"];
  EXPECT_EQ(made["request"]["state"], "pending");
  EXPECT_EQ(made["request"]["state_label"], "Pending approval");
  EXPECT_EQ(made["request"]["requester"], "ann");
  EXPECT_TRUE(made["needs_approval"].get<bool>());
  EXPECT_GT(made["request"]["cost_impact"].get<double>(), 1'000'000.0);
  EXPECT_GT(made["request"]["employees_affected"].get<std::int64_t>(), 0);
  EXPECT_FALSE(made["risk"]["factors"].empty());
  ASSERT_EQ(made["cells"].size(), 1u);
  EXPECT_EQ(made["cells"][0]["old_value"].get<double>(), before);
  EXPECT_EQ(made["years"].size(), 5u);
  EXPECT_TRUE(made["request"]["decided_by"].is_null()) << "empty text is null";

  EXPECT_EQ(ok(as("abe", "GET", "/api/requests/awaiting"))["count"], 1);
  EXPECT_EQ(ok(as("ann", "GET", "/api/requests/awaiting"))["count"], 0);
  EXPECT_EQ(ok(as("abe", "POST", "/api/requests/" + id + "/approve",
                  R"({"note":"ok"})"))["request"]["state"],
            "approved");
  EXPECT_EQ(ok(as("abe", "GET", "/api/requests/awaiting"))["count"], 0);
  EXPECT_EQ(lever("merit_base", 2027, 3), before) << "approving publishes nothing";
  EXPECT_EQ(ok(as("ann", "POST", "/api/requests/" + id + "/publish"))["request"]["state"],
            "published");
  EXPECT_EQ(lever("merit_base", 2027, 3), 0.045);
  const json scenario = ok(as("eva", "GET", "/api/scenarios/default"));
  EXPECT_TRUE(scenario["published"].get<bool>()) << scenario.dump();
  EXPECT_FALSE(scenario["published_at"].is_null());
  const json gov = ok(as("eva", "GET", "/api/scenarios/default/governance"));
  EXPECT_EQ(gov["published_request"], id);
  EXPECT_EQ(gov["publications"], 1);

  // A published scenario's levers change through requests only.
  const Response direct = as("ann", "PUT", "/api/levers",
                             R"({"cells":[{"parameter":"merit_base","year":2027,"level":3,)"
                             R"("value":0.05}],"reason":"direct"})");
  expect_error(direct, 409, "approval_required", "scenario");
  EXPECT_EQ(lever("merit_base", 2027, 3), 0.045);

  const json back = ok(as("ann", "POST", "/api/requests/" + id + "/rollback",
                          R"({"justification":"plan withdrawn"})"),
                       201);
  const std::string back_id = back["request"]["request_id"];
  EXPECT_EQ(back["request"]["kind"], "rollback");
  EXPECT_EQ(back["request"]["rollback_of"], id);
  EXPECT_EQ(back["request"]["state"], "pending");
  ok(as("abe", "POST", "/api/requests/" + back_id + "/approve"));
  ok(as("ann", "POST", "/api/requests/" + back_id + "/publish"));
  EXPECT_EQ(lever("merit_base", 2027, 3), before) << "bit for bit the value it replaced";
  EXPECT_EQ(state_of(id), "rolled_back");
  const json listed = ok(as("eva", "GET", "/api/requests?scenario=default&state=published"));
  ASSERT_EQ(listed["requests"].size(), 1u);
  EXPECT_EQ(listed["requests"][0]["request_id"], back_id);
}

TEST_F(RequestRoutes, ARequesterApprovingTheirOwnRequestIs403AndItStaysPending) {
  const std::string id = create("ada", merit_request(0.045));
  const Response self = as("ada", "POST", "/api/requests/" + id + "/approve");
  expect_error(self, 403, "separation_of_duties", "user");
  EXPECT_EQ(state_of(id), "pending");
  EXPECT_EQ(ok(as("ada", "GET", "/api/requests/awaiting"))["count"], 0) << "not their own";
  EXPECT_EQ(ok(as("amy", "GET", "/api/requests/awaiting"))["count"], 1);
  // A rejection needs a reason; without one nothing changes.
  expect_error(as("amy", "POST", "/api/requests/" + id + "/reject", "{}"), 400, "invalid_input",
               "reason");
  EXPECT_EQ(state_of(id), "pending");
  // Pending is not approved: publishing it is refused and writes nothing.
  const double before = lever("merit_base", 2027, 3);
  expect_error(as("ada", "POST", "/api/requests/" + id + "/publish"), 409, "conflict", "");
  EXPECT_EQ(lever("merit_base", 2027, 3), before);
  const json rejected =
      ok(as("amy", "POST", "/api/requests/" + id + "/reject", R"({"reason":"over budget"})"));
  EXPECT_EQ(rejected["request"]["state"], "rejected");
  EXPECT_EQ(rejected["request"]["decision_reason"], "over budget");
}

TEST_F(RequestRoutes, ApprovingARequestSimulatedAgainstAnOlderPlanIs409UntilRebased) {
  const std::string first = create("ann", merit_request(0.045, 3));
  const std::string second = create("ann", merit_request(0.05, 4));
  ok(as("abe", "POST", "/api/requests/" + first + "/approve"));
  ok(as("ann", "POST", "/api/requests/" + first + "/publish"));
  EXPECT_TRUE(ok(as("eva", "GET", "/api/requests/" + second))["stale"].get<bool>());
  expect_error(as("abe", "POST", "/api/requests/" + second + "/approve"), 409, "stale_request",
               "request_id");
  EXPECT_EQ(state_of(second), "pending");
  const json rebased = ok(as("ann", "POST", "/api/requests/" + second + "/rebase"));
  EXPECT_FALSE(rebased["stale"].get<bool>());
  EXPECT_EQ(ok(as("abe", "POST", "/api/requests/" + second + "/approve"))["request"]["state"],
            "approved");
}

TEST_F(RequestRoutes, ARequestIsRefusedWithoutJustificationOrWithALockedCellAndNothingIsMade) {
  const double before = lever("merit_base", 2027, 3);
  json no_reason = json::parse(merit_request(0.045));
  no_reason.erase("justification");
  expect_error(as("ann", "POST", "/api/requests", no_reason.dump()), 400, "invalid_input",
               "justification");
  ok(as("ann", "POST", "/api/levers/lock",
        R"({"parameter":"merit_base","year":2027,"level":3,"reason":"frozen"})"));
  json two = json::parse(merit_request(0.045));
  const json cola = {{"parameter", "cola_rate"}, {"year", 2027}, {"level", 1}, {"value", 0.03}};
  two["cells"].insert(two["cells"].begin(), cola);
  const Response locked = as("ann", "POST", "/api/requests", two.dump());
  expect_error(locked, 400, "invalid_input", "cells[1].parameter");
  EXPECT_NE(json::parse(locked.body)["detail"].get<std::string>().find("merit_base 2027 level 3"),
            std::string::npos)
      << locked.body;
  EXPECT_TRUE(ok(as("eva", "GET", "/api/requests"))["requests"].empty());
  EXPECT_EQ(lever("merit_base", 2027, 3), before);
}

TEST_F(RequestRoutes, RolesDecideWhoRequestsApprovesAndSetsThePolicy) {
  expect_error(as("eva", "POST", "/api/requests", merit_request(0.045)), 403, "forbidden", "role");
  expect_error(as("abe", "POST", "/api/requests", merit_request(0.045)), 403, "forbidden", "role");
  expect_error(as("ann", "PUT", "/api/scenarios/default/governance",
                  R"({"auto_approve":true,"reason":"x"})"),
               403, "forbidden", "role");
  expect_error(as("abe", "PUT", "/api/scenarios/default/governance",
                  R"({"approval_threshold":-1,"reason":"x"})"),
               400, "invalid_input", "approval_threshold");
  EXPECT_EQ(ok(as("eva", "GET", "/api/requests"))["requests"].size(), 0u);
  const std::string id = create("ann", merit_request(0.045));
  expect_error(as("ann", "POST", "/api/requests/" + id + "/approve"), 403, "forbidden", "role");
  expect_error(as("eva", "POST", "/api/requests/" + id + "/publish"), 403, "forbidden", "role");
  EXPECT_EQ(ok(as("eva", "GET", "/api/requests/awaiting"))["count"], 0);
  EXPECT_EQ(state_of(id), "pending");
}

TEST_F(RequestRoutes, AnAutoApprovedRequestAboveALoweredThresholdNeedsAnApproverToPublish) {
  const json policy = ok(as("abe", "PUT", "/api/scenarios/default/governance",
                            R"({"approval_threshold":10000000,"auto_approve":true,)"
                            R"("reason":"small changes flow"})"));
  EXPECT_TRUE(policy["policy"]["auto_approve"].get<bool>());
  const json made = ok(as("ann", "POST", "/api/requests", merit_request(0.045)), 201);
  const std::string id = made["request"]["request_id"];
  EXPECT_EQ(made["request"]["state"], "approved");
  EXPECT_TRUE(made["request"]["auto_approved"].get<bool>());
  ok(as("abe", "PUT", "/api/scenarios/default/governance",
        R"({"approval_threshold":1000000,"reason":"tighter"})"));
  const double before = lever("merit_base", 2027, 3);
  expect_error(as("ann", "POST", "/api/requests/" + id + "/publish"), 409, "approval_required", "");
  EXPECT_EQ(state_of(id), "approved");
  EXPECT_EQ(lever("merit_base", 2027, 3), before);
}

}  // namespace
}  // namespace planwise::api
