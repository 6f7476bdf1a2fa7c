// Issue 10 item 7 through api::Service::handle: the algorithms' plain names
// in /api/config, the guard_rails request object checked field by field,
// the result's label, rails, violations and reachability, and accepting an
// unreachable result only with "accept_closest": true (409 otherwise).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "api/admin_service_fixture.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

class OptimizerApi : public testing::AdminServiceTest {};

TEST_F(OptimizerApi, ConfigListsEveryAlgorithmWithItsPlainName) {
  const Response r = call("GET", "/api/config");
  ASSERT_EQ(r.status, 200) << r.body;
  const json algorithms = json::parse(r.body)["algorithms"];
  ASSERT_EQ(algorithms.size(), 7u) << algorithms.dump();
  std::map<std::string, std::string> labels;
  for (const json& a : algorithms) {
    labels[a["id"]] = a["label"];
    EXPECT_FALSE(a["description"].get<std::string>().empty()) << a.dump();
  }
  EXPECT_EQ(labels["s045"], "Fastest: one lever mix");
  EXPECT_EQ(labels["bobyqa"], "All levers, balanced");
  EXPECT_EQ(labels["nsga2"], "Trade-off curve");
  EXPECT_EQ(labels.size(), 7u);
}

TEST_F(OptimizerApi, AnUnreachableResultIsAcceptedOnlyWithAcceptClosest) {
  const json done = optimized({{"algorithm", "s045"},
                               {"target", 0.0},
                               {"dry_run", true},
                               {"spread_seeds", 0},
                               {"sensitivity", false}});
  const json& result = done["result"];
  ASSERT_TRUE(result.is_object()) << done.dump();
  EXPECT_EQ(result["label"], "Fastest: one lever mix");
  EXPECT_EQ(result["algorithm"], "s045");
  EXPECT_FALSE(result["reachable"].get<bool>());
  EXPECT_EQ(result["guard_rails"], json({{"merit_floor", 0.01},
                                         {"cola_floor", 0.0},
                                         {"merit_ordering", true},
                                         {"promotion_ranges", true}}));
  EXPECT_TRUE(result["guard_rail_violations"].empty());
  EXPECT_NE(result["summary"]["performance_status"].get<std::string>().rfind("Excellent", 0), 0u);
  const std::string accept = "/api/optimizations/" + done["run_id"].get<std::string>() + "/accept";
  expect_error(call("POST", accept, R"({"reason":"plan"})"), 409, "confirmation_required",
               "accept_closest");
  const Response accepted = call("POST", accept, R"({"reason":"plan","accept_closest":true})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_FALSE(json::parse(accepted.body)["changes"].empty());
}

TEST_F(OptimizerApi, GuardRailsAreCheckedFieldByFieldAndEchoedWithTheCostCap) {
  expect_error(call("POST", "/api/optimizations", R"({"guard_rails":{"merit_floor":"1%"}})"), 400,
               "invalid_input", "guard_rails.merit_floor");
  expect_error(call("POST", "/api/optimizations", R"({"guard_rails":{"merit_floor":0.5}})"), 400,
               "invalid_input", "guard_rails.merit_floor");
  expect_error(call("POST", "/api/optimizations", R"({"guard_rails":{"cola_floor":-0.01}})"), 400,
               "invalid_input", "guard_rails.cola_floor");
  expect_error(call("POST", "/api/optimizations", R"({"guard_rails":{"merit_ordering":1}})"), 400,
               "invalid_input", "guard_rails.merit_ordering");
  expect_error(call("POST", "/api/optimizations", R"({"guard_rails":{"pay_freeze":true}})"), 400,
               "invalid_input", "guard_rails.pay_freeze");
  expect_error(call("POST", "/api/optimizations", R"({"guard_rails":true})"), 400, "invalid_input",
               "guard_rails");
  const json done = optimized({{"algorithm", "cobyla"},
                               {"target", 0.05},
                               {"dry_run", true},
                               {"spread_seeds", 0},
                               {"sensitivity", false},
                               {"budget_evals", 40},
                               {"cost_cap", 1e12},
                               {"guard_rails", {{"merit_floor", 0.0}, {"merit_ordering", false}}}});
  const json& result = done["result"];
  ASSERT_TRUE(result.is_object()) << done.dump();
  EXPECT_EQ(result["label"], "All levers, under a cost cap");
  EXPECT_EQ(result["guard_rails"]["merit_floor"], 0.0);
  EXPECT_FALSE(result["guard_rails"]["merit_ordering"].get<bool>());
  EXPECT_TRUE(result["guard_rails"]["promotion_ranges"].get<bool>());  // left out: on
  EXPECT_TRUE(result["cost_cap_met"].get<bool>());
  ASSERT_EQ(result["cost_by_year"].size(), 5u);
  EXPECT_EQ(result["cost_by_year"][0]["year"], 2025);
  EXPECT_GT(result["cost_by_year"][0]["total_payroll_prorated"].get<double>(), 1e8);
  bool listed = false;
  const json list = json::parse(call("GET", "/api/optimizations").body);
  for (const json& o : list["optimizations"]) {
    if (o["run_id"] == done["run_id"]) {
      listed = true;
      EXPECT_EQ(o["label"], "All levers, under a cost cap");
    }
  }
  EXPECT_TRUE(listed) << list.dump().substr(0, 600);
}

}  // namespace
}  // namespace planwise::api
