// Issue 9 through the JSON API, without a socket: a full job queue answers
// 429 busy with Retry-After, optimization budgets have upper bounds, and
// integers that do not fit the field (int64 for seeds, int for years,
// levels and counts) answer 400 naming it instead of a wrapped value.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <future>

#include "api/admin_service_fixture.hpp"

namespace planwise::api {
namespace {

using nlohmann::json;

// Every request of these tests is signed in as the admin (admin_service_fixture.hpp).
class ApiLimits : public testing::AdminServiceTest {
 protected:
  std::size_t jobs() { return service_->jobs().jobs().size(); }
};

std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST_F(ApiLimits, AFullQueueAnswersBusyWithRetryAfter) {
  // A job holds the worker while the queue fills up to its default depth.
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  auto blocker = service_->jobs().submit_task("job_blocker", app::JobKind::kSimulation,
                                              [&](const std::function<void(app::JobEventData)>&) {
                                                started.set_value();
                                                released.wait();
                                              });
  ASSERT_TRUE(blocker.ok());
  started.get_future().wait();
  const std::size_t depth = app::JobLimits{}.max_queued;
  for (std::size_t i = 0; i < depth; ++i) {
    ASSERT_TRUE(service_->jobs()
                    .submit_task("job_" + std::to_string(i), app::JobKind::kSimulation,
                                 [](const std::function<void(app::JobEventData)>&) {})
                    .ok());
  }
  const std::size_t before = jobs();

  const Response run = call("POST", "/api/runs", "{}");
  expect_error(run, 429, "busy", "");
  EXPECT_EQ(header(run, "Retry-After"), "5");
  const Response opt = call("POST", "/api/optimizations", R"({"algorithm":"brent","target":0.03})");
  expect_error(opt, 429, "busy", "");
  EXPECT_EQ(header(opt, "Retry-After"), "5");
  EXPECT_EQ(jobs(), before) << "a refused request leaves no job";
  // An invalid request is still a 400 (validation comes first).
  expect_error(call("POST", "/api/optimizations", R"({"budget_evals":0})"), 400, "invalid_input",
               "budget_evals");

  release.set_value();
  for (const auto& job : service_->jobs().jobs()) {
    while (!job->finished()) (void)job->events_after(1 << 30, std::chrono::seconds(1));
  }
  EXPECT_EQ(call("POST", "/api/runs", R"({"end_year":2025})").status, 202);
}

TEST_F(ApiLimits, OptimizationBudgetsHaveUpperBounds) {
  expect_error(call("POST", "/api/optimizations", R"({"algorithm":"nsga2","budget_evals":20001})"),
               400, "invalid_input", "budget_evals");
  expect_error(
      call("POST", "/api/optimizations", R"({"algorithm":"nsga2","budget_seconds":3600.5})"), 400,
      "invalid_input", "budget_seconds");
  // Beyond int: not wrapped to a small (allowed) number.
  expect_error(
      call("POST", "/api/optimizations", R"({"algorithm":"nsga2","budget_evals":4294967297})"), 400,
      "invalid_input", "budget_evals");
  expect_error(call("POST", "/api/optimizations", R"({"max_iterations":4294967301})"), 400,
               "invalid_input", "max_iterations");
  EXPECT_EQ(jobs(), 0u);
}

TEST_F(ApiLimits, IntegersThatDoNotFitTheirFieldAnswer400NamingIt) {
  struct Case {
    const char* body;
    const char* field;
  };
  const std::vector<Case> runs = {
      {R"({"seed":18446744073709551615})", "seed"},  // UINT64_MAX, stored unsigned
      {R"({"seed":9223372036854775808})", "seed"},   // INT64_MAX + 1
      {R"({"seed":-1})", "seed"},
      {R"({"start_year":4294969321})", "start_year"},  // 2025 + 2^32
      {R"({"start_year":-9223372036854775808})", "start_year"},
      {R"({"end_year":18446744073709551615})", "end_year"},
  };
  for (const Case& c : runs) {
    SCOPED_TRACE(c.body);
    expect_error(call("POST", "/api/runs", c.body), 400, "invalid_input", c.field);
  }
  EXPECT_EQ(jobs(), 0u) << "no run was queued";

  const std::vector<Case> cells = {
      {R"({"cells":[{"parameter":"cola","year":4294969321,"level":1,"value":0.02}]})", "year"},
      {R"({"cells":[{"parameter":"cola","year":2025,"level":4294967297,"value":0.02}]})", "level"},
      {R"({"cells":[{"parameter":"cola","year":2025,"level":18446744073709551615,"value":0.02}]})",
       "level"},
  };
  for (const Case& c : cells) {
    SCOPED_TRACE(c.body);
    expect_error(call("POST", "/api/runs", c.body), 400, "invalid_input", c.field);
    expect_error(call("PUT", "/api/levers", c.body), 400, "invalid_input", c.field);
  }
  EXPECT_EQ(jobs(), 0u);
  expect_error(call("POST", "/api/levers/lock", R"({"parameter":"cola","year":4294969321})"), 400,
               "invalid_input", "year");
  expect_error(
      call("POST", "/api/levers/lock", R"({"parameter":"cola","level":18446744073709551615})"), 400,
      "invalid_input", "level");
  // The largest seed that fits is accepted.
  EXPECT_EQ(call("POST", "/api/runs", R"({"seed":9223372036854775807,"end_year":2025})").status,
            202);
}

}  // namespace
}  // namespace planwise::api
