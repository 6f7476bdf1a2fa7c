// The JSON API over HTTP (issue 5 item 5): every endpoint and error code,
// a second write queued behind a running job, cancellation, the token
// rules and path traversal, against a server on a free loopback port.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "levers/audit_key.hpp"
#include "server/http_server.hpp"
#include "server/test_server.hpp"
#include "support/test_paths.hpp"

namespace planwise::server {
namespace {

using nlohmann::json;
using test::TempDir;

// Every route needs credentials (issue 9): the fixture's client sends the
// single admin's token unless a test says otherwise.
constexpr const char* kAdminToken = "test-admin-token-0001";

class ApiServer {
 public:
  explicit ApiServer(const std::string& token = kAdminToken) {
    test::write_file(web_ / "index.html", "<!doctype html><title>PlanWise</title>");
    test::write_file(dir_ / "secret.txt", "outside the web root");
    api::ServiceConfig config;
    config.inputs.data_dir = test::data_dir();
    config.db_path = (dir_ / "api.duckdb").string();
    config.token = token;
    service_ = std::make_unique<api::Service>(config);
    ServerOptions options;
    options.port = 0;
    options.token = token;
    options.web_root = web_;
    options.max_body_bytes = 64 * 1024;
    http_ = std::make_unique<HttpServer>(*service_, options);
    EXPECT_TRUE(http_->bind().ok());
    thread_ = std::thread([this] { http_->run(); });
  }
  ~ApiServer() {
    http_->stop();
    thread_.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", http_->port());
    c.set_read_timeout(60, 0);
    c.set_default_headers({{"Authorization", std::string("Bearer ") + kAdminToken}});
    return c;
  }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::filesystem::path web_ = [this] {
    std::filesystem::create_directories(dir_ / "web");
    return dir_ / "web";
  }();
  std::unique_ptr<api::Service> service_;
  std::unique_ptr<HttpServer> http_;
  std::thread thread_;
};

json body_of(const httplib::Result& r) {
  EXPECT_TRUE(r) << "no response";
  if (!r) return json();
  return json::parse(r->body);
}

constexpr auto* expect_error_response = &test_support::expect_api_error;

// Polls a job until it leaves queued/running.
json wait_done(httplib::Client& c, const std::string& path) {
  for (int i = 0; i < 600; ++i) {
    json j = body_of(c.Get(path));
    if (j["status"] != "queued" && j["status"] != "running") return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << path << " did not finish";
  return json();
}

const json& json_cell(const json& levers, const std::string& parameter, int year, int level) {
  for (const json& c : levers["cells"]) {
    if (c["parameter"] == parameter && c["year"] == year && c["level"] == level) return c;
  }
  static const json none;
  return none;
}

TEST(ApiServer, ReportsHealthAndConfiguration) {
  ApiServer s;
  auto c = s.client();
  const json h = body_of(c.Get("/api/health"));
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["user"], "admin");
  const json cfg = body_of(c.Get("/api/config"));
  EXPECT_EQ(cfg["start_year"], 2025);
  EXPECT_EQ(cfg["levels"].size(), 5u);
  EXPECT_EQ(cfg["parameters"].size(), 5u);
  const json headline = body_of(c.Get("/api/headline?scenario=default"));
  EXPECT_NEAR(headline["growth"].get<double>(), 0.0646, 0.001);  // the bundled levers' mean growth
  EXPECT_EQ(headline["growth_by_year"].size(), 5u);
}

TEST(ApiServer, ShowsEditsPreviewsLocksAndAuditsLevers) {
  ApiServer s;
  auto c = s.client();
  json levers = body_of(c.Get("/api/levers?scenario=default"));
  ASSERT_EQ(levers["cells"].size(), 5u * 5u * 5u);
  EXPECT_TRUE(json_cell(levers, "merit_base", 2025, 1)["locked"].get<bool>());
  EXPECT_EQ(json_cell(levers, "merit_base", 2026, 2)["source"], "scenario");

  const std::string edit =
      R"({"scenario":"default","cells":[{"parameter":"merit_base","year":2026,"level":2,"value":0.045},
                              {"parameter":"merit_base","year":2025,"level":2,"value":0.045}]})";
  // The impact preview simulates both lever sets and saves nothing.
  const json impact = body_of(c.Post("/api/impact", edit, "application/json"));
  ASSERT_EQ(impact["years"].size(), 5u);
  EXPECT_EQ(impact["years"][0]["avg_fye"]["current"],
            impact["years"][0]["avg_fye"]["proposed"]);  // 2025 is locked
  EXPECT_GT(impact["years"][1]["avg_fye"]["proposed"].get<double>(),
            impact["years"][1]["avg_fye"]["current"].get<double>());
  EXPECT_EQ(impact["skipped_locked"].size(), 1u);
  EXPECT_EQ(json_cell(body_of(c.Get("/api/levers")), "merit_base", 2026, 2)["value"],
            json_cell(levers, "merit_base", 2026, 2)["value"]);

  expect_error_response(c.Put("/api/levers", edit, "application/json"), 400, "invalid_input",
                        "reason");
  json with_reason = json::parse(edit);
  with_reason["reason"] = "FY26 proposal";
  // The values the grid showed (issue 15 item 4: a save says what it read).
  with_reason["cells"][0]["expected"] = json_cell(levers, "merit_base", 2026, 2)["value"];
  with_reason["cells"][1]["expected"] = json_cell(levers, "merit_base", 2025, 2)["value"];
  const json saved = body_of(c.Put("/api/levers", with_reason.dump(), "application/json"));
  EXPECT_TRUE(saved["written"].get<bool>());
  ASSERT_EQ(saved["changes"].size(), 1u);
  EXPECT_EQ(saved["skipped_locked"].size(), 1u);
  EXPECT_DOUBLE_EQ(
      json_cell(body_of(c.Get("/api/levers")), "merit_base", 2026, 2)["value"].get<double>(),
      0.045);

  // Out of range: refused, naming the lever, for a save and for a preview.
  expect_error_response(
      c.Post("/api/impact",
             R"({"cells":[{"parameter":"merit_base","year":2027,"level":1,"value":0.5}]})",
             "application/json"),
      400, "invalid_input", "merit_base");
  const std::string bad =
      R"({"reason":"x","cells":[{"parameter":"merit_base","year":2027,"level":1,"value":0.5}]})";
  expect_error_response(c.Put("/api/levers", bad, "application/json"), 400, "invalid_input",
                        "merit_base");
  expect_error_response(
      c.Put("/api/levers",
            R"({"reason":"x","cells":[{"parameter":"bonus","year":2027,"level":1,"value":0.1}]})",
            "application/json"),
      400, "invalid_input", "cells[0].parameter");
  expect_error_response(
      c.Put(
          "/api/levers",
          R"({"reason":"x","cells":[{"parameter":"merit_base","year":"soon","level":1,"value":0.1}]})",
          "application/json"),
      400, "invalid_input", "year");

  const json lock = body_of(c.Post(
      "/api/levers/lock",
      R"({"parameter":"cola_rate","year":2027,"level":"all","locked":true,"reason":"approved"})",
      "application/json"));
  EXPECT_EQ(lock["lock_changes"].size(), 5u);
  EXPECT_TRUE(json_cell(body_of(c.Get("/api/levers")), "cola_rate", 2027, 3)["locked"].get<bool>());
  const json history = body_of(c.Get("/api/levers/history?scenario=default&parameter=merit_base"));
  EXPECT_FALSE(history["entries"].empty());
  EXPECT_TRUE(
      body_of(c.Post("/api/levers/validate", R"({"scenario":"default"})", "application/json"))
          .contains("issues"));
  const json audit = body_of(c.Get("/api/audit?scenario=default"));
  bool saw_change = false, saw_lock = false;
  for (const json& e : audit["entries"]) {
    saw_change =
        saw_change || (e["event_type"] == "PARAMETER_CHANGE" && e["reason"] == "FY26 proposal");
    saw_lock = saw_lock || e["event_type"] == "LOCK_CHANGED";
  }
  EXPECT_TRUE(saw_change);
  EXPECT_TRUE(saw_lock);
}

// Issue 11 item 4: GET /api/audit/verify reports the mode it checked; with
// the server's audit key, entries written before it are accepted only when
// asked, and counted.
TEST(ApiServer, VerifiesTheAuditTrailAndReportsItsMode) {
  levers::clear_audit_key();
  ApiServer s;
  auto c = s.client();
  ASSERT_FALSE(body_of(c.Get("/api/levers?scenario=default"))["cells"].empty());
  const json plain = body_of(c.Get("/api/audit/verify"));
  EXPECT_TRUE(plain["intact"].get<bool>()) << plain.dump();
  EXPECT_EQ(plain["mode"], "SHA-256 chain");
  EXPECT_FALSE(plain["keyed"].get<bool>());
  const std::int64_t unkeyed = plain["entries"].get<std::int64_t>();
  ASSERT_GT(unkeyed, 0);
  EXPECT_EQ(plain["formats"]["sha256"], unkeyed);
  EXPECT_TRUE(plain["first_bad_seq"].is_null());

  ASSERT_TRUE(levers::set_audit_key(std::string(32, 'k')).ok());
  const std::string lock =
      R"({"parameter":"cola_rate","year":2027,"level":1,"locked":true,"reason":"approved"})";
  EXPECT_FALSE(
      body_of(c.Post("/api/levers/lock", lock, "application/json"))["lock_changes"].empty());
  const json refused = body_of(c.Get("/api/audit/verify"));
  EXPECT_FALSE(refused["intact"].get<bool>()) << refused.dump();
  EXPECT_EQ(refused["mode"], "HMAC-SHA256 chain");
  EXPECT_EQ(refused["first_bad_seq"], 1);
  const json allowed = body_of(c.Get("/api/audit/verify?allow_unkeyed_prefix=true"));
  levers::clear_audit_key();
  EXPECT_TRUE(allowed["intact"].get<bool>()) << allowed.dump();
  EXPECT_EQ(allowed["unkeyed_prefix"], unkeyed);
  EXPECT_EQ(allowed["formats"]["hmac_sha256"], 1);
}

TEST(ApiServer, CreatesListsAndDiffsScenarios) {
  ApiServer s;
  auto c = s.client();
  auto created = c.Post("/api/scenarios",
                        R"({"name":"budget","from":"default","description":"tight","reason":"r"})",
                        "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201);
  expect_error_response(
      c.Post("/api/scenarios", R"({"name":"budget","reason":"r"})", "application/json"), 409,
      "conflict", "");
  expect_error_response(c.Post("/api/scenarios", R"({"from":"default"})", "application/json"), 400,
                        "invalid_input", "name");
  const json list = body_of(c.Get("/api/scenarios"));
  EXPECT_EQ(list["scenarios"].size(), 2u);
  auto put = c.Put(
      "/api/levers",
      R"({"scenario":"budget","reason":"r","cells":[{"parameter":"merit_base","year":2027,"level":1,"value":0.03,"expected":0.04037420979255127}]})",
      "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 200) << put->body;
  const json diff = body_of(c.Get("/api/scenarios/diff?a=default&b=budget"));
  EXPECT_FALSE(diff["cells"].empty());
  expect_error_response(c.Get("/api/scenarios/diff?a=default"), 400, "invalid_input", "b");
}

TEST(ApiServer, RunsASimulationStreamsItsYearsAndServesResults) {
  ApiServer s;
  auto c = s.client();
  auto started = c.Post("/api/runs", R"({"scenario":"default","seed":7})", "application/json");
  ASSERT_TRUE(started);
  EXPECT_EQ(started->status, 202);
  const std::string id = json::parse(started->body)["run_id"];
  // The event stream ends when the job does; one event per simulated year.
  std::string stream;
  auto events =
      c.Get(("/api/jobs/" + id + "/events").c_str(), [&](const char* data, std::size_t n) {
        stream.append(data, n);
        return true;
      });
  ASSERT_TRUE(events);
  EXPECT_EQ(events->get_header_value("Content-Type"), "text/event-stream");
  std::size_t years = 0;
  for (std::size_t pos = stream.find("event: year"); pos != std::string::npos;
       pos = stream.find("event: year", pos + 1))
    ++years;
  EXPECT_EQ(years, 5u) << stream;
  EXPECT_NE(stream.find("\"state\":\"done\""), std::string::npos);

  const json run = wait_done(c, "/api/runs/" + id);
  ASSERT_EQ(run["status"], "done") << run.dump();
  EXPECT_EQ(run["summary"]["seed"], 7);
  EXPECT_EQ(run["summary"]["years"].size(), 5u);
  EXPECT_EQ(run["summary"]["provenance"]["effective_levers_sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(run["lever_set"].empty());
  const json results = body_of(c.Get(("/api/runs/" + id + "/results").c_str()));
  ASSERT_EQ(results["years"].size(), 5u);
  EXPECT_EQ(results["years"][0]["headcount"],
            run["summary"]["years"][0]["end_active"]);  // actives at year end
  const json all = body_of(c.Get(("/api/runs/" + id + "/results?status=all").c_str()));
  EXPECT_GT(all["years"][0]["headcount"].get<int>(), results["years"][0]["headcount"].get<int>());
  expect_error_response(c.Get(("/api/runs/" + id + "/results?status=retired").c_str()), 400,
                        "invalid_input", "status");
  auto csv = c.Get(("/api/runs/" + id + "/export?table=year_summary&format=csv").c_str());
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("simulation_year"), std::string::npos) << csv->body.substr(0, 200);
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 6) << "a header and five years";
  auto parquet = c.Get(("/api/runs/" + id + "/export?table=year_summary&format=parquet").c_str());
  ASSERT_TRUE(parquet);
  EXPECT_EQ(parquet->body.substr(0, 4), "PAR1");
  expect_error_response(c.Get(("/api/runs/" + id + "/export?table=secrets&format=csv").c_str()),
                        400, "invalid_input", "table");
  const json list = body_of(c.Get("/api/runs"));
  EXPECT_EQ(list["runs"][0]["run_id"], id);
  expect_error_response(c.Get("/api/runs/run_missing"), 404, "not_found", "");
  expect_error_response(
      c.Post("/api/runs", R"({"start_year":2027,"end_year":2025})", "application/json"), 400,
      "invalid_input", "end_year");
}

TEST(ApiServer, QueuesASecondWriteBehindARunningJobAndCancels) {
  ApiServer s;
  auto c = s.client();
  // A long optimization holds the queue...
  const json opt = body_of(c.Post(
      "/api/optimizations",
      R"({"algorithm":"nsga2","target":0.05,"budget_evals":20000,"budget_seconds":120,"dry_run":true})",
      "application/json"));
  const std::string opt_id = opt["run_id"];
  auto evaluations = [&] {
    const json j = body_of(c.Get(("/api/optimizations/" + opt_id).c_str()));
    return j["progress"].is_null() ? 0 : j["progress"]["evaluations"].get<int>();
  };
  for (int i = 0; i < 500 && evaluations() < 10; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // ...so a run waits, shown as queued, and is not refused.
  auto run = c.Post("/api/runs", "{}", "application/json");
  ASSERT_TRUE(run);
  ASSERT_EQ(run->status, 202);
  const std::string run_id = json::parse(run->body)["run_id"];
  EXPECT_EQ(body_of(c.Get(("/api/runs/" + run_id).c_str()))["status"], "queued");
  EXPECT_EQ(body_of(c.Get("/api/health"))["queued"], 1);
  // Cancelling the optimization keeps its history; the run then proceeds.
  EXPECT_EQ(body_of(c.Delete(("/api/optimizations/" + opt_id).c_str()))["cancel_requested"], true);
  const json stopped = wait_done(c, "/api/optimizations/" + opt_id);
  EXPECT_EQ(stopped["status"], "cancelled");
  EXPECT_EQ(stopped["result"]["status"], "interrupted");
  EXPECT_GT(stopped["result"]["history"].size(), 3u) << stopped.dump().substr(0, 2000);
  EXPECT_EQ(wait_done(c, "/api/runs/" + run_id)["status"], "done");
  // A queued run cancelled before it starts leaves no stored run.
  const std::string blocker =
      body_of(c.Post("/api/optimizations",
                     R"({"algorithm":"nsga2","target":0.04,"budget_evals":20000,"dry_run":true})",
                     "application/json"))["run_id"];
  const std::string doomed = body_of(c.Post("/api/runs", "{}", "application/json"))["run_id"];
  c.Delete(("/api/runs/" + doomed).c_str());
  c.Delete(("/api/optimizations/" + blocker).c_str());
  EXPECT_EQ(wait_done(c, "/api/runs/" + doomed)["status"], "cancelled");
  bool stored = false;
  const json runs = body_of(c.Get("/api/runs"));
  for (const json& r : runs["runs"])
    stored = stored || (r["run_id"] == doomed && r["status"] == "done");
  EXPECT_FALSE(stored);
  expect_error_response(c.Delete("/api/runs/run_unknown"), 404, "not_found", "id");
}

TEST(ApiServer, OptimizesSummarisesReportsAndAcceptsAProposal) {
  ApiServer s;
  auto c = s.client();
  const double headline = body_of(c.Get("/api/headline"))["growth"];
  json request = {{"algorithm", "brent"},
                  {"target", headline - 0.005},
                  {"tolerance", 0.0005},
                  {"dry_run", true},
                  {"spread_seeds", 2}};
  auto started = c.Post("/api/optimizations", request.dump(), "application/json");
  ASSERT_TRUE(started);
  EXPECT_EQ(started->status, 202);
  const std::string id = json::parse(started->body)["run_id"];
  const json done = wait_done(c, "/api/optimizations/" + id);
  ASSERT_EQ(done["status"], "done") << done.dump();
  EXPECT_TRUE(done["result"]["converged"].get<bool>()) << done.dump().substr(0, 3000);
  EXPECT_FALSE(done["result"]["applied"].get<bool>());
  EXPECT_EQ(body_of(c.Get(("/api/optimizations/" + id + "/summary").c_str()))["performance_status"],
            "Excellent — target achieved");
  auto report = c.Get(("/api/optimizations/" + id + "/report").c_str());
  ASSERT_TRUE(report);
  EXPECT_EQ(report->body.rfind("# Optimization report " + id, 0), 0u);
  const json accepted = body_of(c.Post(("/api/optimizations/" + id + "/accept").c_str(),
                                       R"({"reason":"ok"})", "application/json"));
  EXPECT_FALSE(accepted["changes"].empty());
  expect_error_response(
      c.Post(("/api/optimizations/" + id + "/accept").c_str(), "{}", "application/json"), 409,
      "conflict", "");
  EXPECT_TRUE(
      body_of(c.Get(("/api/optimizations/" + id).c_str()))["result"]["applied"].get<bool>());
  // The scenario now reproduces the proposal's growth.
  EXPECT_NEAR(body_of(c.Get("/api/headline"))["growth"].get<double>(),
              done["result"]["final_growth"].get<double>(), 1e-12);
  bool audited = false;
  const json audit = body_of(c.Get("/api/audit"));
  for (const json& e : audit["entries"])
    audited = audited || (e["event_type"] == "OPTIMIZATION_RUN" && e["reason"] == id);
  EXPECT_TRUE(audited);
  expect_error_response(c.Post("/api/optimizations", R"({"tolerance":0})", "application/json"), 400,
                        "invalid_input", "tolerance");
  expect_error_response(
      c.Post("/api/optimizations", R"({"algorithm":"simplex"})", "application/json"), 400,
      "invalid_input", "algorithm");
  expect_error_response(
      c.Post("/api/optimizations", R"({"weights":{"speed":1},"algorithm":"bobyqa"})",
             "application/json"),
      400, "invalid_input", "weights");
  // Default weights (growth only) are accepted by an algorithm without weights.
  auto defaults = c.Post("/api/optimizations",
                         R"({"weights":{"growth":1,"cost":0},"algorithm":"brent","dry_run":true})",
                         "application/json");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->status, 202) << defaults->body;
  if (defaults->status == 202) {
    c.Delete(
        ("/api/optimizations/" + json::parse(defaults->body)["run_id"].get<std::string>()).c_str());
  }
  expect_error_response(c.Get("/api/optimizations/opt_missing"), 404, "not_found", "");
}

TEST(ApiServer, AnswersParallelReadsOfANewDatabase) {
  ApiServer s;
  std::vector<std::thread> readers;
  std::atomic<int> failures{0};
  for (const char* path : {"/api/levers", "/api/scenarios", "/api/runs", "/api/audit",
                           "/api/levers", "/api/config", "/api/optimizations", "/api/headline"}) {
    readers.emplace_back([&, path] {
      auto c = s.client();
      auto r = c.Get(path);
      if (!r || r->status != 200) ++failures;
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ApiServer, AnswersMalformedAndOversizedRequestsAndUnknownRoutes) {
  ApiServer s;
  auto c = s.client();
  expect_error_response(c.Post("/api/runs", "{not json", "application/json"), 400, "invalid_input",
                        "");
  expect_error_response(c.Post("/api/runs", "[1,2]", "application/json"), 400, "invalid_input", "");
  expect_error_response(c.Post("/api/runs", R"({"seed":"forty-two"})", "application/json"), 400,
                        "invalid_input", "seed");
  expect_error_response(c.Get("/api/nothing"), 404, "not_found", "");
  // A collection without an id has no PUT or DELETE.
  expect_error_response(c.Delete("/api/optimizations"), 404, "not_found", "");
  expect_error_response(c.Put("/api/optimizations", "{}", "application/json"), 404, "not_found",
                        "");
  expect_error_response(c.Delete("/api/runs"), 404, "not_found", "");
  auto big = c.Post("/api/runs", std::string(100 * 1024, ' '), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(json::parse(big->body)["error"], "payload_too_large");
}

TEST(ApiServer, RequiresTheTokenForReadsAndWrites) {
  ApiServer s;
  auto c = s.client();
  c.set_default_headers({});
  expect_error_response(c.Get("/api/levers"), 401, "unauthorized", "Authorization");
  expect_error_response(c.Get("/api/health"), 401, "unauthorized", "Authorization");
  expect_error_response(c.Post("/api/runs", "{}", "application/json"), 401, "unauthorized",
                        "Authorization");
  httplib::Headers wrong = {{"Authorization", "Bearer nope"}};
  expect_error_response(c.Get("/api/levers", wrong), 401, "unauthorized", "Authorization");
  const auto refused = c.Get("/api/runs", wrong);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->get_header_value("WWW-Authenticate"), "Bearer realm=\"planwise\"");
  EXPECT_EQ(refused->body.find("nope"), std::string::npos);  // the token is never echoed
  httplib::Headers right = {{"Authorization", std::string("Bearer ") + kAdminToken}};
  auto ok = c.Post("/api/runs", right, "{}", "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 202) << ok->body;
  auto read = c.Get("/api/levers", right);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200) << read->body;
}

// Every client gets an answer or a refusal that says when to retry: 429
// from the heavy-work limit, or 503 from the cap on open connections of one
// address (56, all of these come from 127.0.0.1), which a loaded machine
// reaches when the previews finish slower than the clients connect (seen
// under the sanitizers in a cold `make test`).
TEST(ApiServer,
     AHundredConcurrentImpactPreviewsGetAnswersOrRefusalsToRetryAndTheServerStaysHealthy) {
  ApiServer s;
  const std::string edit =
      R"({"cells":[{"parameter":"merit_base","year":2026,"level":2,"value":0.045}]})";
  std::atomic<int> ok{0}, busy{0}, connections_full{0}, other{0}, retry_after{0};
  std::mutex reasons_mutex;
  std::string reasons;  // what the clients without an answer got instead
  std::vector<std::thread> clients;
  for (int i = 0; i < 100; ++i) {
    clients.emplace_back([&] {
      auto c = s.client();
      c.set_read_timeout(30, 0);
      const auto r = c.Post("/api/impact", edit, "application/json");
      if (r && r->status == 200) {
        ++ok;
      } else if (r && r->status == 429) {
        ++busy;
        if (r->get_header_value("Retry-After") == "1") ++retry_after;
      } else if (r && r->status == 503) {
        ++connections_full;
        if (r->get_header_value("Retry-After") == "2") ++retry_after;
      } else {
        ++other;
        const std::lock_guard<std::mutex> lock(reasons_mutex);
        reasons += r ? "status " + std::to_string(r->status) + "; "
                     : "no answer: " + httplib::to_string(r.error()) + "; ";
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(other.load(), 0) << reasons;
  EXPECT_GT(ok.load(), 0);
  EXPECT_GT(busy.load(), 0) << "the heavy-work limit never refused";
  EXPECT_EQ(retry_after.load(), busy.load() + connections_full.load());
  auto c = s.client();
  EXPECT_EQ(body_of(c.Get("/api/health"))["status"], "ok");
  EXPECT_EQ(c.Post("/api/impact", edit, "application/json")->status, 200);
}

TEST(ApiServer, RefusesANonLoopbackBindWithoutAToken) {
  ServerOptions o;
  o.host = "0.0.0.0";
  const Status refused = check_bind(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().column, "--host");
  o.token = "t";
  EXPECT_TRUE(check_bind(o).ok());
}

TEST(ApiServer, ServesStaticFilesOnlyFromTheWebRoot) {
  ApiServer s;
  // A link inside the web root that points out of it is not followed.
  std::filesystem::create_symlink(s.dir() / "secret.txt", s.dir() / "web" / "link.txt");
  auto c = s.client();
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("PlanWise"), std::string::npos);
  for (const char* path :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/web/../../secret.txt",
        "/node_modules/htm/package.json", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/link.txt",
        "//etc/passwd", "/%2fetc%2fpasswd"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("outside the web root"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace planwise::server
