// Issue 12 item 5 through api::Service::handle: the optimization request
// takes seeds, objective, cap, budget and probability (errors name the
// field), and the result carries the best levers' "robust" band.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "api/admin_service_fixture.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

class RobustOptimizerApi : public testing::AdminServiceTest {};

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
  // Brent on COLA alone, proposing only, without the analyses.
  const json quick = {{"algorithm", "brent"}, {"mix", "cola"},   {"levers", {"cola"}},
                      {"target", 0.03},       {"dry_run", true}, {"spread_seeds", 0},
                      {"sensitivity", false}};
  json request = quick;
  request.update({{"seeds", 3}, {"objective", "p50"}, {"cap", 0.2}, {"probability", 0.9}});
  const json done = optimized(request);
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
  const json plain = optimized(quick);
  EXPECT_TRUE(plain["result"]["robust"].is_null()) << plain.dump().substr(0, 500);
}

}  // namespace
}  // namespace planwise::api
