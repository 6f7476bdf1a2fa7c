// Issue 9 item 5: which requests the transport accepts (Host, Origin,
// Content-Type), the security headers on every response, and the caps on
// open event streams, against a real server on a free loopback port.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <vector>

#include "test_server.hpp"

namespace planwise::server {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test_support::raw_get;
using test_support::RawConnection;
using test_support::status_of;
using test_support::TestServer;

void expect_refused(const httplib::Result& r, int status, const std::string& field) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status) << r->body;
  const json j = json::parse(r->body);
  EXPECT_EQ(j["field"], field) << r->body;
  EXPECT_FALSE(j["detail"].get<std::string>().empty());
}

TEST(HttpRequestRules, RefusesAForeignHostWith421) {
  TestServer s;
  auto c = s.client();
  const std::string port = std::to_string(s.port());
  for (const std::string& host : std::vector<std::string>{
           "evil.example", "evil.example:" + port, "127.evil.example", "127.evil.example:" + port,
           "localhost:1", "127.0.0.1:1", "127.0.0.2:" + port}) {
    expect_refused(c.Get("/api/health", {{"Host", host}}), 421, "Host");
  }
  for (const std::string& host : std::vector<std::string>{
           "127.0.0.1", "127.0.0.1:" + port, "localhost", "LOCALHOST:" + port, "[::1]:" + port}) {
    auto r = c.Get("/api/health", {{"Host", host}});
    ASSERT_TRUE(r) << host;
    EXPECT_EQ(r->status, 200) << host;
  }
}

TEST(HttpRequestRules, AcceptsThePublicHostWithAnyPort) {
  TestServer s([](ServerOptions& o) { o.public_host = "dash.example.com"; });
  auto c = s.client();
  for (const char* host : {"dash.example.com", "dash.example.com:443", "dash.example.com:8443"}) {
    auto r = c.Get("/api/health", {{"Host", host}});
    ASSERT_TRUE(r) << host;
    EXPECT_EQ(r->status, 200) << host;
  }
  expect_refused(c.Get("/api/health", {{"Host", "other.example.com"}}), 421, "Host");
}

TEST(HttpRequestRules, RefusesAWriteFromAForeignOriginWith403) {
  TestServer s;
  auto c = s.client();
  expect_refused(c.Post("/api/scenarios", {{"Origin", "http://evil.example"}}, R"({"name":"evil"})",
                        "application/json"),
                 403, "Origin");
  expect_refused(c.Delete("/api/runs/run_x", {{"Origin", "null"}}), 403, "Origin");
  auto same = c.Post("/api/scenarios", {{"Origin", "http://" + s.host()}},
                     R"({"name":"mine","reason":"r"})", "application/json");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 201) << same->body;
  // Reads are not writes: a page may not read them anyway (no CORS headers).
  auto read = c.Get("/api/health", {{"Origin", "http://evil.example"}});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
}

TEST(HttpRequestRules, AcceptsTheHttpsPublicOriginBehindAProxy) {
  TestServer s([](ServerOptions& o) { o.public_host = "dash.example.com"; });
  auto c = s.client();
  auto r = c.Post("/api/scenarios",
                  {{"Host", "dash.example.com"}, {"Origin", "https://dash.example.com"}},
                  R"({"name":"proxied","reason":"r"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
}

TEST(HttpRequestRules, RefusesWritesThatAreNotJsonWith415) {
  TestServer s;
  auto c = s.client();
  expect_refused(c.Post("/api/runs", R"({"seed":1})", "text/plain"), 415, "Content-Type");
  expect_refused(c.Post("/api/runs", "", "text/plain"), 415, "Content-Type");
  expect_refused(c.Post("/api/runs", "seed=1", "application/x-www-form-urlencoded"), 415,
                 "Content-Type");
  expect_refused(c.Put("/api/levers", "{}", "multipart/form-data; boundary=x"), 415,
                 "Content-Type");
  // Percent-escapes in the path do not get around the rule.
  expect_refused(c.Post("/%61pi/runs", "{}", "text/plain"), 415, "Content-Type");
  auto json_charset = c.Post("/api/scenarios", R"({"name":"charset","reason":"r"})",
                             "Application/JSON; charset=utf-8");
  ASSERT_TRUE(json_charset);
  EXPECT_EQ(json_charset->status, 201) << json_charset->body;
}

TEST(HttpRequestRules, SendsTheSecurityHeadersOnEveryResponse) {
  TestServer s;
  auto c = s.client();
  std::vector<std::pair<std::string, httplib::Result>> responses;
  responses.emplace_back("api", c.Get("/api/health"));
  responses.emplace_back("static", c.Get("/"));
  responses.emplace_back("not found", c.Get("/api/nothing"));
  responses.emplace_back("refused host", c.Get("/api/health", {{"Host", "evil.example"}}));
  responses.emplace_back("refused type", c.Post("/api/runs", "{}", "text/plain"));
  for (const auto& [what, r] : responses) {
    ASSERT_TRUE(r) << what;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer") << what;
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << what;
  }
}

// A job that runs until cancelled, so its event streams stay open.
std::string start_long_job(httplib::Client& c) {
  auto r = c.Post(
      "/api/optimizations",
      R"({"algorithm":"nsga2","target":0.04,"budget_evals":20000,"budget_seconds":120,"dry_run":true})",
      "application/json");
  EXPECT_TRUE(r);
  if (!r) return "";
  EXPECT_EQ(r->status, 202) << r->body;
  return json::parse(r->body)["run_id"];
}

// Opens an event stream; returns the connection with its status read.
std::unique_ptr<RawConnection> open_stream(const TestServer& s, const std::string& id, int& status,
                                           const char* source = nullptr) {
  auto raw = std::make_unique<RawConnection>(s.port(), source);
  raw->send(raw_get("/api/jobs/" + id + "/events", s.port()));
  const std::string head = raw->read_until("\r\n\r\n", 5s);
  status = status_of(head);
  if (status == 429) EXPECT_NE(head.find("Retry-After: 2"), std::string::npos) << head;
  return raw;
}

TEST(HttpRequestRules, CapsOpenEventStreamsPerClient) {
  TestServer s([](ServerOptions& o) { o.max_streams_per_client = 2; });
  auto c = s.client();
  const std::string id = start_long_job(c);
  std::vector<std::unique_ptr<RawConnection>> open;
  int status = 0;
  for (int i = 0; i < 2; ++i) {
    open.push_back(open_stream(s, id, status));
    EXPECT_EQ(status, 200);
  }
  auto refused = open_stream(s, id, status);
  EXPECT_EQ(status, 429);
  auto elsewhere = open_stream(s, id, status, "127.0.0.2");
  EXPECT_EQ(status, 200) << "another address has its own allowance";
  // A client that goes away gives its stream back.
  open.back()->close();
  int reopened = 0;
  for (int attempt = 0; attempt < 30 && reopened != 200; ++attempt) {
    std::this_thread::sleep_for(200ms);
    auto again = open_stream(s, id, reopened);
    if (reopened == 200) open.push_back(std::move(again));
  }
  EXPECT_EQ(reopened, 200);
  c.Delete(("/api/optimizations/" + id).c_str());
}

TEST(HttpRequestRules, CapsOpenEventStreamsInTotal) {
  TestServer s([](ServerOptions& o) {
    o.max_streams_per_client = 10;
    o.max_streams_total = 2;
  });
  auto c = s.client();
  const std::string id = start_long_job(c);
  int status = 0;
  auto first = open_stream(s, id, status);
  EXPECT_EQ(status, 200);
  auto second = open_stream(s, id, status, "127.0.0.2");
  EXPECT_EQ(status, 200);
  auto third = open_stream(s, id, status, "127.0.0.3");
  EXPECT_EQ(status, 429);
  c.Delete(("/api/optimizations/" + id).c_str());
}

}  // namespace
}  // namespace planwise::server
