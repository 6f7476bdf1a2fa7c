// Issue 12 item 5 through api::Service::handle: the optimization request
// takes seeds, objective, cap, budget and probability (errors name the
// field), and the result carries the best levers' "robust" band.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "api/admin_service_fixture.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

class RobustOptimizerApi : public testing::AdminServiceTest {
 protected:
  json optimized(const json& request) {
    const Response started = call("POST", "/api/optimizations", request.dump());
    EXPECT_EQ(started.status, 202) << started.body;
    const std::string id = json::parse(started.body)["run_id"];
    for (int i = 0; i < 400; ++i) {
      json j = json::parse(call("GET", "/api/optimizations/" + id).body);
      if (j["status"] != "queued" && j["status"] != "running") return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "optimization " << id << " did not finish";
    return json();
  }
};

TEST_F(RobustOptimizerApi, RobustFieldErrorsNameTheField) {
  expect_error(call("POST", "/api/optimizations", R"({"seeds":0})"), 400, "invalid_input", "seeds");
  expect_error(call("POST", "/api/optimizations", R"({"objective":"p99"})"), 400, "invalid_input",
               "objective");
  expect_error(call("POST", "/api/optimizations", R"({"probability":0.9})"), 400, "invalid_input",
               "probability");
  expect_error(call("POST", "/api/optimizations", R"({"cap":0.045,"probability":2})"), 400,
               "invalid_input", "probability");
  expect_error(call("POST", "/api/optimizations", R"({"budget":0})"), 400, "invalid_input",
               "budget");
}

TEST_F(RobustOptimizerApi, TheResultCarriesTheRobustBand) {
  const json done = optimized({{"algorithm", "brent"},
                               {"mix", "cola"},
                               {"levers", {"cola"}},
                               {"target", 0.03},
                               {"dry_run", true},
                               {"spread_seeds", 0},
                               {"sensitivity", false},
                               {"seeds", 3},
                               {"objective", "p50"},
                               {"cap", 0.2},
                               {"probability", 0.9}});
  const json& robust = done["result"]["robust"];
  ASSERT_TRUE(robust.is_object()) << done.dump().substr(0, 2000);
  EXPECT_EQ(robust["seeds"], 3);
  EXPECT_EQ(robust["objective"], "p50");
  for (const char* k : {"n", "mean", "sd", "se", "min", "p10", "p25", "p50", "p75", "p90", "max"})
    EXPECT_TRUE(robust["headline"].contains(k)) << k;
  EXPECT_EQ(robust["headline"]["n"], 3);
  EXPECT_EQ(robust["cap"], 0.2);
  EXPECT_EQ(robust["probability"], 0.9);
  EXPECT_EQ(robust["p_cap_met"], 1.0);
  EXPECT_TRUE(robust["budget"].is_null());
  EXPECT_TRUE(robust["p_budget_met"].is_null());
  EXPECT_TRUE(robust["p_in_target"].is_number());
  EXPECT_TRUE(robust["thin_sample_warning"].is_string());
  // Without seeds or a chance constraint there is none.
  const json plain = optimized({{"algorithm", "brent"},
                                {"mix", "cola"},
                                {"levers", {"cola"}},
                                {"target", 0.03},
                                {"dry_run", true},
                                {"spread_seeds", 0},
                                {"sensitivity", false}});
  EXPECT_TRUE(plain["result"]["robust"].is_null()) << plain.dump().substr(0, 500);
}

}  // namespace
}  // namespace planwise::api
