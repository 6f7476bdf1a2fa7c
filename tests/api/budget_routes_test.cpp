// Issue 10 item 3: the pay budget through the API (contract A):
// GET /api/runs/{id}/budget, the pay_budget export, the Results tab's
// payroll figures, and the totals-only budget of the headline and impact.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "admin_service_fixture.hpp"
#include "api/response_body.hpp"
#include "api/service.hpp"
#include "support/test_paths.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

constexpr const char* kToken = "budget-test-admin-token-01";

class BudgetRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceConfig config;
    config.inputs.data_dir = test::data_dir();
    config.db_path = (dir_ / "budget.duckdb").string();
    config.token = kToken;
    service_ = std::make_unique<Service>(config);
  }
  Response call(const std::string& method, const std::string& path, const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path.substr(0, path.find('?'));
    // "?a=1&b=2" into the query map, as the server does.
    for (std::size_t pos = path.find('?'); pos != std::string::npos;) {
      const std::size_t end = path.find('&', pos + 1);
      const std::string pair = path.substr(pos + 1, end - pos - 1);
      const std::size_t eq = pair.find('=');
      r.query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
      pos = end;
    }
    r.body = body;
    r.authorization = std::string("Bearer ") + kToken;
    return service_->handle(r);
  }
  json get(const std::string& path) {
    const Response r = call("GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return json::parse(r.body);
  }
  // A stored run of 2025-2026, waited for.
  std::string stored_run() {
    return testing::wait_for_stored_run([this](const std::string& m, const std::string& p,
                                               const std::string& b) { return call(m, p, b); });
  }
  test::TempDir dir_;
  std::unique_ptr<Service> service_;
};

void expect_error(const Response& r, int status, const std::string& field) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(json::parse(r.body)["field"], field) << r.body;
}

// The figures and pools of a year or a level (contract A).
void expect_budget_shape(const json& b) {
  for (const char* key :
       {"prior_payroll_fye", "total_payroll_prorated", "run_rate_payroll_fye", "end_headcount"})
    EXPECT_TRUE(b.contains(key)) << key << " in " << b.dump();
  const double prior = b["prior_payroll_fye"];
  for (const char* pool : {"merit", "cola", "promotion", "new_hire_premium"}) {
    const json& p = b["pools"][pool];
    ASSERT_TRUE(p.is_object()) << pool << " in " << b.dump();
    const double annualised = p["annualised"];
    EXPECT_TRUE(p["in_year"].is_number()) << pool;
    if (prior > 0)
      EXPECT_NEAR(p["pct_of_payroll"].get<double>(), annualised / prior, 1e-12) << pool;
    else
      EXPECT_TRUE(p["pct_of_payroll"].is_null()) << pool;
  }
}

TEST_F(BudgetRoutes, RunBudgetHasYearsPoolsAndLevelsThatSumToTheTotals) {
  const std::string id = stored_run();
  const json b = get("/api/runs/" + id + "/budget");
  EXPECT_EQ(b["run_id"], id);
  ASSERT_EQ(b["years"].size(), 2u);
  for (const json& y : b["years"]) {
    expect_budget_shape(y);
    ASSERT_FALSE(y["levels"].empty());
    double merit = 0, prorated = 0;
    std::int64_t headcount = 0;
    for (const json& l : y["levels"]) {
      expect_budget_shape(l);
      EXPECT_TRUE(l["level"].is_number_integer());
      merit += l["pools"]["merit"]["annualised"].get<double>();
      prorated += l["total_payroll_prorated"].get<double>();
      headcount += l["end_headcount"].get<std::int64_t>();
    }
    EXPECT_NEAR(merit, y["pools"]["merit"]["annualised"].get<double>(), 0.01);
    EXPECT_NEAR(prorated, y["total_payroll_prorated"].get<double>(), 0.01);
    EXPECT_EQ(headcount, y["end_headcount"]);
    // The bundled merit levers are 2-5 %: a plausible committee figure.
    const double pct = y["pools"]["merit"]["pct_of_payroll"];
    EXPECT_GT(pct, 0.01);
    EXPECT_LT(pct, 0.06);
  }
  EXPECT_EQ(b["years"][0]["year"], 2025);

  const json one = get("/api/runs/" + id + "/budget?year=2026");
  ASSERT_EQ(one["years"].size(), 1u);
  EXPECT_EQ(one["years"][0], b["years"][1]);
  expect_error(call("GET", "/api/runs/" + id + "/budget?year=soon"), 400, "year");
  expect_error(call("GET", "/api/runs/" + id + "/budget?year=2031"), 400, "year");
  EXPECT_EQ(call("GET", "/api/runs/run_missing/budget").status, 404);

  // The Results tab's yearly payroll is the budget's, whatever the filter.
  const json results = get("/api/runs/" + id + "/results");
  const json leavers = get("/api/runs/" + id + "/results?status=experienced_termination");
  for (std::size_t k = 0; k < 2; ++k) {
    const json& y = results["years"][k];
    EXPECT_NEAR(y["total_payroll_prorated"].get<double>(),
                b["years"][k]["total_payroll_prorated"].get<double>(), 0.01);
    EXPECT_NEAR(y["run_rate_payroll_fye"].get<double>(),
                b["years"][k]["run_rate_payroll_fye"].get<double>(), 0.01);
    EXPECT_EQ(y["total_prorated"], y["total_payroll_prorated"]);
    EXPECT_EQ(leavers["years"][k]["total_payroll_prorated"], y["total_payroll_prorated"]);
    EXPECT_LT(leavers["years"][k]["selected_prorated"].get<double>(),
              y["selected_prorated"].get<double>());
  }

  // Exported like the other tables.
  const Response csv = call("GET", "/api/runs/" + id + "/export?table=pay_budget&format=csv");
  EXPECT_EQ(csv.status, 200) << csv.body;
  const std::string text = test_support::response_body(csv);
  EXPECT_EQ(text.rfind("simulation_year,level_id,prior_payroll_fye", 0), 0u) << text.substr(0, 200);
}

TEST_F(BudgetRoutes, HeadlineAndImpactCarryTotalsOnlyBudgets) {
  const json h = get("/api/headline");
  ASSERT_EQ(h["budget"]["years"].size(), 5u);
  const json& last = h["budget"]["years"][4];
  expect_budget_shape(last);
  EXPECT_FALSE(last.contains("levels"));
  EXPECT_EQ(h["final_headcount"], last["end_headcount"]);
  EXPECT_EQ(h["run_rate_payroll_fye"], last["run_rate_payroll_fye"]);
  double payroll = 0;
  for (const json& y : h["budget"]["years"]) payroll += y["total_payroll_prorated"].get<double>();
  EXPECT_NEAR(h["total_cost"].get<double>(), payroll, 0.05) << "total_cost is Σ payroll (prorated)";

  const Response r =
      call("POST", "/api/impact",
           R"({"cells":[{"parameter":"merit_base","year":2027,"level":2,"value":0.08}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json impact = json::parse(r.body);
  const json& cur = impact["budget"]["current"]["years"];
  const json& pro = impact["budget"]["proposed"]["years"];
  ASSERT_EQ(cur.size(), 5u);
  ASSERT_EQ(pro.size(), 5u);
  expect_budget_shape(pro[2]);
  EXPECT_EQ(cur, h["budget"]["years"]) << "the current levers are the headline's";
  EXPECT_GT(pro[2]["pools"]["merit"]["annualised"].get<double>(),
            cur[2]["pools"]["merit"]["annualised"].get<double>());
  EXPECT_EQ(pro[1], cur[1]) << "2026 is unchanged";
  const json& y = impact["years"][2];
  EXPECT_EQ(y["total_payroll_prorated"]["current"], cur[2]["total_payroll_prorated"]);
  EXPECT_EQ(y["run_rate_payroll_fye"]["proposed"], pro[2]["run_rate_payroll_fye"]);
}

}  // namespace
}  // namespace planwise::api
