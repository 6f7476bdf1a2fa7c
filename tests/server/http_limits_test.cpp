// Issue 9 item 3: the transport's limits against a real server on a free
// loopback port. Debian's httplib 0.11.4 alone fails each of these: it reads
// chunked bodies without limit, lines of any length, and heads that trickle
// in for as long as each byte comes within its read timeout.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <vector>

#include "test_server.hpp"

namespace planwise::server {
namespace {

using namespace std::chrono_literals;
using test_support::raw_get;
using test_support::RawConnection;
using test_support::status_of;
using test_support::TestServer;

std::string raw_body(const std::string& response) {
  const std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

void expect_healthy(const TestServer& s) {
  auto c = s.client();
  auto r = c.Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(HttpLimits, RefusesAChunkedBodyOverTheLimitBeforeReadingIt) {
  TestServer s;  // max_body_bytes = 64 KiB
  RawConnection raw(s.port());
  ASSERT_TRUE(raw.connected());
  ASSERT_TRUE(raw.send("POST /api/runs HTTP/1.1\r\nHost: " + s.host() +
                       "\r\nAuthorization: Bearer test-token\r\nContent-Type: application/json\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "4000\r\n" + std::string(0x4000, ' ') + "\r\n";
  std::size_t sent = 0;
  // Up to 1 MiB, a chunk at a time, stopping as soon as the server answers.
  while (sent < (1u << 20) && !raw.readable(20ms) && raw.send(chunk)) sent += 0x4000;
  const std::string answer = raw.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 200);
  EXPECT_EQ(nlohmann::json::parse(raw_body(answer))["error"], "payload_too_large");
  EXPECT_TRUE(raw.closed());
  EXPECT_LT(sent, 1u << 20) << "the server read the whole oversized body";
  expect_healthy(s);
}

TEST(HttpLimits, RefusesAContentLengthOverTheLimitWithoutReadingTheBody) {
  TestServer s;
  RawConnection raw(s.port());
  ASSERT_TRUE(raw.send("POST /api/runs HTTP/1.1\r\nHost: " + s.host() +
                       "\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n"));
  const std::string answer = raw.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 200);
  EXPECT_TRUE(raw.closed());
}

TEST(HttpLimits, AcceptsAChunkedBodyWithinTheLimit) {
  TestServer s;
  RawConnection raw(s.port());
  ASSERT_TRUE(
      raw.send("POST /api/scenarios HTTP/1.1\r\nHost: " + s.host() +
               "\r\nAuthorization: Bearer test-token\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
               "8\r\n{\"name\":\r\n9\r\n\"chunked\"\r\ne\r\n,\"reason\":\"r\"}\r\n0\r\n\r\n"));
  const std::string answer = raw.read_until_closed(10s);
  EXPECT_EQ(status_of(answer), 201) << answer;
}

TEST(HttpLimits, RefusesAHeaderLineOver8KiB) {
  TestServer s;
  RawConnection raw(s.port());
  ASSERT_TRUE(
      raw.send(raw_get("/api/health", s.port(), "X-Big: " + std::string(9000, 'a') + "\r\n")));
  const std::string answer = raw.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 431) << answer.substr(0, 200);
  EXPECT_EQ(nlohmann::json::parse(raw_body(answer))["error"], "header_too_large");
  EXPECT_TRUE(raw.closed());
  expect_healthy(s);
}

TEST(HttpLimits, RefusesARequestLineOver8KiB) {
  TestServer s;
  RawConnection raw(s.port());
  ASSERT_TRUE(raw.send(raw_get("/api/health?x=" + std::string(9000, 'a'), s.port())));
  const std::string answer = raw.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 431) << answer.substr(0, 200);
  EXPECT_TRUE(raw.closed());
}

TEST(HttpLimits, RefusesAHeadOver64KiBOfShortLines) {
  TestServer s;
  RawConnection raw(s.port());
  std::string lines;
  for (int i = 0; i < 20; ++i)
    lines += "X-Line-" + std::to_string(i) + ": " + std::string(4000, 'a') + "\r\n";
  raw.send(raw_get("/api/health", s.port(), lines));
  const std::string answer = raw.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 431) << answer.substr(0, 200);
}

TEST(HttpLimits, AnswersOthersWhileSlowlorisHeadsTimeOut) {
  TestServer s([](ServerOptions& o) { o.header_timeout = 1500ms; });
  constexpr int kSlow = 10;
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(std::make_unique<RawConnection>(s.port()));
    ASSERT_TRUE(
        slow.back()->send("GET /api/health HTTP/1.1\r\nHost: " + s.host() + "\r\nX-Slow: "));
  }
  const auto started = std::chrono::steady_clock::now();
  // Another client is answered at once.
  {
    auto c = s.client();
    const auto before = std::chrono::steady_clock::now();
    auto r = c.Get("/api/health");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
  }
  // The slow ones keep trickling a byte each every 100 ms; each is answered
  // 408 and closed once the header timeout has passed.
  std::vector<std::string> answers(kSlow);
  std::vector<bool> done(kSlow, false);
  int finished = 0;
  for (int round = 0; round < 60 && finished < kSlow; ++round) {
    for (int i = 0; i < kSlow; ++i) {
      if (done[i]) continue;
      if (slow[i]->readable()) {
        answers[i] = slow[i]->read_until_closed(2s);
        done[i] = true;
        ++finished;
        EXPECT_GE(std::chrono::steady_clock::now() - started, 1400ms) << "closed too early";
      } else {
        slow[i]->send("a");
      }
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(finished, kSlow);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  for (const std::string& a : answers) EXPECT_EQ(status_of(a), 408) << a.substr(0, 200);
  expect_healthy(s);
}

TEST(HttpLimits, RefusesConnectionsOverThePerClientCap) {
  TestServer s([](ServerOptions& o) {
    o.max_connections_per_client = 3;
    o.worker_threads = 8;
  });
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<RawConnection>(s.port()));
    held.back()->send("GET /api/health HTTP/1.1\r\n");  // a head that never ends
  }
  std::this_thread::sleep_for(200ms);  // the three are being served
  RawConnection over(s.port());
  over.send(raw_get("/api/health", s.port()));
  const std::string answer = over.read_until_closed(5s);
  EXPECT_EQ(status_of(answer), 503) << answer.substr(0, 200);
  EXPECT_NE(answer.find("Retry-After: 2"), std::string::npos);
  // Another address is its own client.
  RawConnection other(s.port(), "127.0.0.2");
  other.send(raw_get("/api/health", s.port(), "Connection: close\r\n"));
  EXPECT_EQ(status_of(other.read_until_closed(5s)), 200);
}

TEST(HttpLimits, IgnoresRangeOnApiResponses) {
  TestServer s;
  auto c = s.client();
  auto r = c.Get("/api/health", {{"Range", "bytes=0-1,0-1,0-1"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->has_header("Content-Range"));
  EXPECT_EQ(nlohmann::json::parse(r->body)["status"], "ok");
}

TEST(HttpLimits, IgnoresRangeOnStaticFiles) {
  TestServer s;
  auto c = s.client();
  for (const char* range : {"bytes=0-9", "bytes=0-9999,0-9999,0-9999,0-9999", "bytes=99999-"}) {
    auto r = c.Get("/big.txt", {{"Range", range}});
    ASSERT_TRUE(r) << range;
    EXPECT_EQ(r->status, 200) << range;
    EXPECT_EQ(r->body, std::string(10'000, 'b')) << range;
    EXPECT_FALSE(r->has_header("Content-Range")) << range;
  }
}

TEST(HttpLimits, ASecondServerOnTheSamePortFailsToBind) {
  TestServer first;
  test::TempDir dir;
  api::ServiceConfig config;
  config.inputs.data_dir = test::data_dir();
  config.db_path = (dir / "second.duckdb").string();
  api::Service service(config);
  ServerOptions options;
  options.port = first.port();
  options.web_root = dir.path();
  HttpServer second(service, options);
  const Status bound = second.bind();
  ASSERT_FALSE(bound.ok());
  EXPECT_NE(bound.error().message.find("another server"), std::string::npos);
}

}  // namespace
}  // namespace planwise::server
