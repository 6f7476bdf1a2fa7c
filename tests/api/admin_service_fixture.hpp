// A Service on the bundled data with its own database, every request signed
// in as the admin (a configured token), and the API's error-shape check:
// the fixture of the API tests that go through Service::handle.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "api/service.hpp"
#include "support/test_paths.hpp"

namespace planwise::api::testing {

inline constexpr const char* kAdminToken = "api-test-admin-token-0001";

inline Request admin_request(const std::string& method, const std::string& path,
                             const std::string& body = "") {
  Request r;
  r.authorization = std::string("Bearer ") + kAdminToken;
  r.method = method;
  r.path = path;
  r.body = body;
  r.content_type = "application/json";
  r.client = "127.0.0.1";
  return r;
}

// Starts a stored run of 2025-2026 through `call(method, path, body)` and
// polls it until it is done; the run id.
template <class Call>
std::string wait_for_stored_run(Call&& call) {
  const Response started = call("POST", "/api/runs", R"({"end_year":2026})");
  EXPECT_EQ(started.status, 202) << started.body;
  const std::string id = nlohmann::json::parse(started.body)["run_id"];
  for (int i = 0; i < 600; ++i) {
    const nlohmann::json run = nlohmann::json::parse(call("GET", "/api/runs/" + id, "").body);
    if (run["status"] == "done") return id;
    EXPECT_NE(run["status"], "failed") << run.dump();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "run " << id << " did not finish";
  return id;
}

class AdminServiceTest : public ::testing::Test {
 protected:
  explicit AdminServiceTest(const std::string& db_name = "api.duckdb") {
    ServiceConfig config;
    config.inputs.data_dir = test::data_dir();
    config.db_path = (dir_ / db_name).string();
    config.token = kAdminToken;
    service_ = std::make_unique<Service>(config);
  }
  Response call(const std::string& method, const std::string& path, const std::string& body = "") {
    return service_->handle(admin_request(method, path, body));
  }
  void expect_error(const Response& r, int status, const std::string& kind,
                    const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    const nlohmann::json j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["error"], kind) << r.body;
    EXPECT_EQ(j["field"], field) << r.body;
    EXPECT_FALSE(j["detail"].get<std::string>().empty()) << r.body;
  }
  std::string stored_run() {
    return wait_for_stored_run([this](const std::string& m, const std::string& p,
                                      const std::string& b) { return call(m, p, b); });
  }
  // Starts an optimization and polls it until it leaves queued/running.
  nlohmann::json optimized(const nlohmann::json& request) {
    const Response started = call("POST", "/api/optimizations", request.dump());
    EXPECT_EQ(started.status, 202) << started.body;
    const std::string id = nlohmann::json::parse(started.body)["run_id"];
    for (int i = 0; i < 400; ++i) {
      nlohmann::json j = nlohmann::json::parse(call("GET", "/api/optimizations/" + id).body);
      if (j["status"] != "queued" && j["status"] != "running") return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "optimization " << id << " did not finish";
    return nlohmann::json();
  }

  test::TempDir dir_;
  std::unique_ptr<Service> service_;
};

}  // namespace planwise::api::testing
