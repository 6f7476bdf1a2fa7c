// Reads one request (head, then body) from a connection with limits and
// deadlines (issue 9 item 3), before httplib sees any of it: lines over
// 8 KiB and heads over 64 KiB get 431, a head slower than the header
// timeout gets 408, a body over the limit 413 (chunked ones included).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "server/request_guard.hpp"
#include "server/request_head.hpp"

namespace planwise::server {

struct ReadLimits {
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds idle_timeout{5'000};  // keep-alive: waiting for a request to begin
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::microseconds write_timeout{5'000'000};  // for 100 Continue
};

// The connection ended (or the server is stopping) before a request began;
// nothing is answered.
struct Quiet {};

// `buffer` holds what arrived on the connection and not used yet; what
// follows the request stays there for the next one.
std::variant<RequestHead, Refusal, Quiet> read_head(int fd, std::string& buffer,
                                                    const ReadLimits& limits,
                                                    const std::function<bool()>& stopping);

std::variant<std::string, Refusal, Quiet> read_body(int fd, std::string& buffer,
                                                    const RequestHead& head,
                                                    const ReadLimits& limits,
                                                    const std::function<bool()>& stopping);

// A body streamed piece by piece instead of held (census uploads, issue 14
// item 1), under its own byte limit. A large file may take longer than
// body_timeout: each byte received extends the deadline at
// min_bytes_per_second, so a client that trickles slower than that is still
// cut off (408).
struct StreamLimits {
  std::size_t max_bytes = 200u << 20;
  std::uint64_t min_bytes_per_second = 0;  // 0: the deadline never extends
};
// Takes a piece of the body; false stops the reading (the sink knows why).
using PieceSink = std::function<bool(std::string_view piece)>;
struct SinkStopped {};
// The number of body bytes on success.
std::variant<std::uint64_t, Refusal, Quiet, SinkStopped> stream_body(
    int fd, std::string& buffer, const RequestHead& head, const ReadLimits& limits,
    const StreamLimits& stream, const std::function<bool()>& stopping, const PieceSink& sink);

}  // namespace planwise::server
