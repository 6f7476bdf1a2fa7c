// Issue 9 items 3 and 5: the transport's pure decisions (Host, Origin,
// Content-Type, loopback addresses) and its head and chunked-body parsers.
#include "server/request_guard.hpp"

#include <gtest/gtest.h>

#include "server/chunked_body.hpp"
#include "server/request_head.hpp"

namespace planwise::server {
namespace {

const HostPolicy kPolicy{"127.0.0.1", 8787, ""};

TEST(RequestGuard, AcceptsLoopbackHostsOnTheBoundPortOnly) {
  for (const char* host :
       {"127.0.0.1", "127.0.0.1:8787", "localhost", "LocalHost:8787", "[::1]", "[::1]:8787"})
    EXPECT_TRUE(host_allowed(host, kPolicy)) << host;
  for (const char* host :
       {"127.0.0.1:80", "localhost:8788", "127.evil.example", "evil.example", "127.0.0.2", "::1",
        "", ":8787", "localhost:", "localhost:8787:1", "[::1", "localhost:87a7"})
    EXPECT_FALSE(host_allowed(host, kPolicy)) << host;
}

TEST(RequestGuard, AcceptsTheBoundAddressAndThePublicHostWithAnyPort) {
  const HostPolicy policy{"192.168.1.5", 8787, "dash.example.com"};
  EXPECT_TRUE(host_allowed("192.168.1.5:8787", policy));
  EXPECT_FALSE(host_allowed("192.168.1.5:9000", policy));
  EXPECT_TRUE(host_allowed("dash.example.com", policy));
  EXPECT_TRUE(host_allowed("DASH.example.com:8443", policy));
  EXPECT_FALSE(host_allowed("dash.example.com.evil.example", policy));
  EXPECT_TRUE(host_allowed("[::1]:8787", HostPolicy{"::1", 8787, ""}));
}

TEST(RequestGuard, AcceptsOnlyTheServersOwnOrigin) {
  EXPECT_TRUE(origin_allowed("http://127.0.0.1:8787", "127.0.0.1:8787", ""));
  EXPECT_FALSE(origin_allowed("http://evil.example", "127.0.0.1:8787", ""));
  EXPECT_FALSE(origin_allowed("null", "127.0.0.1:8787", ""));
  EXPECT_FALSE(origin_allowed("https://127.0.0.1:8787", "127.0.0.1:8787", ""));
  EXPECT_FALSE(origin_allowed("http://127.0.0.1:8787.evil.example", "127.0.0.1:8787", ""));
  EXPECT_TRUE(origin_allowed("https://dash.example.com", "dash.example.com", "dash.example.com"));
  EXPECT_TRUE(
      origin_allowed("https://dash.example.com:8443", "dash.example.com:8443", "dash.example.com"));
  EXPECT_FALSE(origin_allowed("https://dash.example.com", "127.0.0.1:8787", ""));
}

TEST(RequestGuard, RecognisesJsonContentTypesOnly) {
  for (const char* type : {"application/json", "Application/JSON",
                           "application/json; charset=utf-8", " application/json ;charset=UTF-8"})
    EXPECT_TRUE(is_json_content_type(type)) << type;
  for (const char* type :
       {"", "text/plain", "application/jsonx", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=application/json", "text/json"})
    EXPECT_FALSE(is_json_content_type(type)) << type;
}

TEST(RequestGuard, RecognisesLoopbackAddressesByNumberOnly) {
  for (const char* a : {"127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"})
    EXPECT_TRUE(is_loopback_address(a)) << a;
  for (const char* a : {"localhost", "127.evil.example", "0.0.0.0", "::", "10.0.0.1",
                        "::ffff:10.0.0.1", "128.0.0.1", "::2", ""})
    EXPECT_FALSE(is_loopback_address(a)) << a;
}

TEST(RequestHeadScan, RefusesALongLineBeforeItEnds) {
  std::size_t bytes = 0;
  EXPECT_EQ(scan_head("GET / HTTP/1.1\r\nX: " + std::string(kMaxHeadLineBytes, 'a'), bytes),
            HeadScan::kLineTooLong);
  EXPECT_EQ(scan_head("GET /" + std::string(kMaxHeadLineBytes, 'a'), bytes),
            HeadScan::kLineTooLong);
  EXPECT_EQ(scan_head("GET / HTTP/1.1\r\nX: a", bytes), HeadScan::kIncomplete);
  std::string many = "GET / HTTP/1.1\r\n";
  while (many.size() <= kMaxHeadBytes) many += "X: " + std::string(1000, 'a') + "\r\n";
  EXPECT_EQ(scan_head(many, bytes), HeadScan::kHeadTooLarge);
}

TEST(RequestHeadScan, FindsTheEndOfAHeadAndLeavesWhatFollows) {
  const std::string text = "\r\nGET /x HTTP/1.1\r\nHost: a\r\nRange: bytes=0-1\r\n\r\nBODY";
  std::size_t bytes = 0;
  ASSERT_EQ(scan_head(text, bytes), HeadScan::kComplete);
  EXPECT_EQ(text.substr(bytes), "BODY");
  const auto head = parse_head(std::string_view(text).substr(0, bytes));
  ASSERT_TRUE(head);
  EXPECT_EQ(head->method, "GET");
  EXPECT_EQ(head->target, "/x");
  EXPECT_EQ(head->header("host"), "a");
  EXPECT_EQ(serialize_head(*head, {"range"}, {{"Content-Length", "0"}}),
            "GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
  EXPECT_FALSE(parse_head("GET /x HTTP/2\r\n\r\n"));
  EXPECT_FALSE(parse_head("GET /x HTTP/1.1\r\n folded: line\r\n\r\n"));
  EXPECT_FALSE(parse_head("GET /x HTTP/1.1\r\nbad header\r\n\r\n"));
}

// Issue 15 item 3: inputs the http_request fuzz target found. A CR or NUL
// inside a request line or a field is refused (RFC 9110 §5.5), so the head
// httplib reads is the head we screened.
TEST(RequestHeadParse, RefusesACarriageReturnOrNulInsideALine) {
  using namespace std::string_literals;
  EXPECT_FALSE(parse_head("GET /x HTTP/1.1\r\nHost: a\rX-Smuggled: b\r\n\r\n"));
  EXPECT_FALSE(parse_head("GET /x HTTP/1.1\r\nHost: a\0b\r\n\r\n"s));
  EXPECT_FALSE(parse_head("GET /x\r HTTP/1.1\r\n\r\n"));
  EXPECT_FALSE(parse_head("GET /x\0 HTTP/1.1\r\n\r\n"s));
  EXPECT_FALSE(parse_head("GET /x HTTP/1.1\r\nHost: a\r\r\n\r\n"));
  EXPECT_TRUE(parse_head("GET /x HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_TRUE(parse_head("GET /x HTTP/1.1\nHost: a\n\n"));
}

TEST(ChunkedBodyDecoder, DecodesAcrossPiecesAndStopsAtTheEnd) {
  ChunkedBody body(100);
  std::size_t used = 0;
  EXPECT_EQ(body.feed("5\r\nhel", used), ChunkedBody::State::kNeedMore);
  EXPECT_EQ(used, 6u);
  EXPECT_EQ(body.feed("lo\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\nNEXT", used),
            ChunkedBody::State::kDone);
  EXPECT_EQ(body.body(), "hello world");
  EXPECT_EQ(used, std::string("lo\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n").size());
}

TEST(ChunkedBodyDecoder, RefusesAChunkPastTheLimitByItsSizeLine) {
  ChunkedBody body(10);
  std::size_t used = 0;
  EXPECT_EQ(body.feed("8\r\n12345678\r\n", used), ChunkedBody::State::kNeedMore);
  EXPECT_EQ(body.feed("3\r\n", used), ChunkedBody::State::kTooLarge);
  ChunkedBody huge(10);
  EXPECT_EQ(huge.feed("ffffffffffffffff\r\n", used), ChunkedBody::State::kMalformed);
  ChunkedBody endless(10);
  EXPECT_EQ(endless.feed(std::string(2000, '0'), used), ChunkedBody::State::kMalformed);
  ChunkedBody bad(10);
  EXPECT_EQ(bad.feed("zz\r\n", used), ChunkedBody::State::kMalformed);
}

}  // namespace
}  // namespace planwise::server
