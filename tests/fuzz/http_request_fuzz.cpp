// libFuzzer target: the server's own HTTP request path (src/server; issue 15
// item 3), everything that runs before cpp-httplib sees a request. The input
// is what a client sent on one connection; it is read as
// GuardedServer::serve_connection reads it: request heads under their line
// and size limits, the Host/Origin/Content-Type screen, bodies by
// Content-Length or chunked decoding, census uploads streamed to the
// in-process service (fuzz_service.hpp), pipelined requests one after the
// other. Checked besides not crashing:
// - an accepted head carries no CR, LF or NUL inside its method, target or
//   fields (RFC 9110 §5.5), so what we hand httplib means what we read;
// - the head we hand httplib parses back to the same request;
// - each request consumes bytes (no loop without progress);
// - the chunked decoder gives the same body and state whether the bytes
//   come at once or a few at a time.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "api/service.hpp"
#include "app/census_uploads.hpp"
#include "fuzz/fuzz_service.hpp"
#include "fuzz/fuzz_support.hpp"
#include "server/chunked_body.hpp"
#include "server/request_guard.hpp"
#include "server/request_head.hpp"
#include "server/request_reader.hpp"
#include "server/upload_receiver.hpp"

namespace {

using namespace planwise::server;
using planwise::fuzz::broken;

// The headers the guarded server drops before httplib (guarded_server.cpp).
const std::vector<std::string_view> kDropped = {"Range",          "If-Range",   "Transfer-Encoding",
                                                "Content-Length", "Expect",     "REMOTE_ADDR",
                                                "REMOTE_PORT",    "LOCAL_ADDR", "LOCAL_PORT"};

// A connection whose client has sent everything and closed its side: reads
// past the input's bytes see the end at once. What the server writes (100
// Continue) is drained after each input.
struct Connection {
  int server = -1;
  int client = -1;
  Connection() {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) broken("socketpair failed");
    server = fds[0];
    client = fds[1];
    shutdown(client, SHUT_WR);
  }
  void drain() const {
    char sink[4096];
    while (recv(client, sink, sizeof sink, MSG_DONTWAIT) > 0) {
    }
  }
};

const Connection& connection() {
  static const Connection c;
  return c;
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool clean(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void expect_clean_head(const RequestHead& head) {
  if (!clean(head.method) || !clean(head.target) || !clean(head.version))
    broken("an accepted request line holds CR, LF or NUL");
  for (const auto& [name, value] : head.headers)
    if (!clean(name) || !clean(value)) broken("an accepted header holds CR, LF or NUL: " + name);
}

void expect_round_trip(const RequestHead& head) {
  const std::string text = serialize_head(head, kDropped, {{"Content-Length", "0"}});
  const auto again = parse_head(text);
  if (!again) broken("the head handed to httplib does not parse again:\n" + text);
  if (again->method != head.method || again->target != head.target ||
      again->version != head.version)
    broken("the request line handed to httplib differs from the one read");
  std::size_t kept = 0;
  for (const auto& header : head.headers) {
    if (std::any_of(kDropped.begin(), kDropped.end(),
                    [&](std::string_view d) { return same_name(d, header.first); }))
      continue;
    if (kept >= again->headers.size() || again->headers[kept] != header)
      broken("header " + header.first + " handed to httplib differs from the one read");
    ++kept;
  }
}

// One connection's requests, as GuardedServer::serve_connection reads them.
void serve(std::string buffer) {
  const ReadLimits limits{4096, std::chrono::milliseconds(50), std::chrono::milliseconds(50),
                          std::chrono::milliseconds(50), std::chrono::microseconds(1000)};
  const std::function<bool()> running = [] { return false; };
  const HostPolicy policy{"127.0.0.1", 8787, "plan.example.com"};
  const int fd = connection().server;
  for (int count = 0; count < 100; ++count) {
    const std::size_t before = buffer.size();
    auto head_read = read_head(fd, buffer, limits, running);
    if (!std::holds_alternative<RequestHead>(head_read)) return;
    const RequestHead& head = std::get<RequestHead>(head_read);
    if (buffer.size() >= before) broken("a request head was read without consuming bytes");
    expect_clean_head(head);
    expect_round_trip(head);
    if (screen_request(head, policy)) return;
    if (is_upload_request(head)) {
      auto& service = planwise::fuzz::fuzz_service();
      const auto answer =
          receive_upload(fd, buffer, head, "127.0.0.1", limits, 0, running, service);
      // 501 is the answer HTTP prescribes for a transfer coding we do not
      // implement (RFC 9112 §6.1), not a server error.
      if (answer && answer->status >= 500 && answer->status != 501)
        broken("an upload answered 5xx: " + answer->body);
      if (answer && answer->status < 300) {
        // Uploads hold census files: remove each, or ten minutes fill the disk.
        const auto body = nlohmann::json::parse(answer->body, nullptr, false);
        if (!body.is_object() || !body.contains("upload_id") || !body["upload_id"].is_string())
          broken("an upload was accepted without an upload_id: " + answer->body);
        service.uploads().remove(body["upload_id"].get<std::string>());
      }
      return;  // the connection closes after an upload
    }
    auto body_read = read_body(fd, buffer, head, limits, running);
    if (!std::holds_alternative<std::string>(body_read)) return;
    if (std::get<std::string>(body_read).size() > limits.max_body_bytes)
      broken("a body past the limit was accepted");
  }
}

// The chunked decoder fed all at once and `step` bytes at a time.
void decode_in_pieces(std::string_view input, std::size_t step) {
  ChunkedBody whole(4096);
  std::size_t used_whole = 0;
  const ChunkedBody::State state_whole = whole.feed(input, used_whole);
  if (used_whole > input.size()) broken("the chunked decoder consumed more than it was given");

  ChunkedBody pieces(4096);
  std::string pending;
  std::string body;
  std::size_t used = 0;  // bytes of `input` consumed in all
  std::size_t given = 0;
  ChunkedBody::State state = ChunkedBody::State::kNeedMore;
  while (state == ChunkedBody::State::kNeedMore && given < input.size()) {
    const std::size_t n = std::min(step, input.size() - given);
    pending.append(input.substr(given, n));
    given += n;
    std::size_t consumed = 0;
    state = pieces.feed(pending, consumed);
    if (consumed > pending.size()) broken("the chunked decoder consumed more than it was given");
    pending.erase(0, consumed);
    used += consumed;
    body += pieces.take();
  }
  if (state != state_whole)
    broken("the chunked decoder ends differently when fed " + std::to_string(step) +
           " bytes at a time");
  if (state == ChunkedBody::State::kDone && (body != whole.body() || used != used_whole))
    broken("the chunked decoder decodes differently when fed " + std::to_string(step) +
           " bytes at a time");
}

}  // namespace

// The service receiving uploads is made before the first input, so its
// set-up is not counted against an input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)planwise::fuzz::fuzz_service();
  (void)connection();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = planwise::fuzz::text_of(data, size);
  serve(std::string(input));
  connection().drain();
  if (size > 0) decode_in_pieces(input.substr(1), 1 + data[0] % 7);
  return 0;
}
