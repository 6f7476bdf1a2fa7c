// Issue 9 item 3: one request read under limits, from our own socket reads.
#include "server/request_reader.hpp"
#include "server/http_text.hpp"

#include <algorithm>
#include <cctype>

#include "server/chunked_body.hpp"
#include "server/socket_io.hpp"

namespace planwise::server {

namespace {

constexpr std::size_t kReadBytes = 16 * 1024;

Refusal too_large_body(std::size_t limit) {
  return Refusal{413,
                 "payload_too_large",
                 "",
                 "the request body is larger than the limit of " + std::to_string(limit) + " bytes",
                 {}};
}

Refusal bad_framing(const std::string& field, const std::string& detail) {
  return Refusal{400, "invalid_input", field, detail, {}};
}

// How the body is framed: nothing (no body), a length, or chunked.
struct Framing {
  bool chunked = false;
  std::size_t length = 0;
};

std::variant<Framing, Refusal> framing_of(const RequestHead& head, std::size_t limit) {
  const std::size_t te = head.count("Transfer-Encoding");
  const std::size_t cl = head.count("Content-Length");
  // Both, or either twice, is how requests are smuggled past proxies.
  if ((te > 0 && cl > 0) || te > 1 || cl > 1)
    return bad_framing("Transfer-Encoding", "conflicting body framing headers");
  if (te == 1) {
    if (lower(trim_blanks(*head.header("Transfer-Encoding"))) != "chunked" ||
        head.version != "HTTP/1.1")
      return Refusal{501,
                     "not_implemented",
                     "Transfer-Encoding",
                     "only chunked transfer coding is supported",
                     {}};
    return Framing{true, 0};
  }
  if (cl == 0) return Framing{};
  const std::string text = lower(trim_blanks(*head.header("Content-Length")));
  if (text.empty() || text.size() > 19 ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    return bad_framing("Content-Length", "Content-Length is not a number");
  const unsigned long long length = std::stoull(text);
  if (length > limit) return too_large_body(limit);
  return Framing{false, static_cast<std::size_t>(length)};
}

}  // namespace

std::variant<RequestHead, Refusal, Quiet> read_head(int fd, std::string& buffer,
                                                    const ReadLimits& limits,
                                                    const std::function<bool()>& stopping) {
  if (buffer.empty() && read_some(fd, buffer, kReadBytes, Clock::now() + limits.idle_timeout,
                                  stopping) != ReadOutcome::kData)
    return Quiet{};
  // The whole head within the header timeout, however slowly it trickles.
  const Clock::time_point deadline = Clock::now() + limits.header_timeout;
  while (true) {
    std::size_t head_bytes = 0;
    switch (scan_head(buffer, head_bytes)) {
      case HeadScan::kLineTooLong:
        return Refusal{431,
                       "header_too_large",
                       "",
                       "a request or header line is longer than " +
                           std::to_string(kMaxHeadLineBytes) + " bytes",
                       {}};
      case HeadScan::kHeadTooLarge:
        return Refusal{
            431,
            "header_too_large",
            "",
            "the request head is longer than " + std::to_string(kMaxHeadBytes) + " bytes",
            {}};
      case HeadScan::kComplete: {
        std::optional<RequestHead> head =
            parse_head(std::string_view(buffer).substr(0, head_bytes));
        buffer.erase(0, head_bytes);
        if (!head) return bad_framing("", "malformed request head");
        return std::move(*head);
      }
      case HeadScan::kIncomplete:
        break;
    }
    switch (read_some(fd, buffer, kReadBytes, deadline, stopping)) {
      case ReadOutcome::kData:
        break;
      case ReadOutcome::kTimeout:
        return Refusal{408,
                       "request_timeout",
                       "",
                       "the request head did not arrive within the time limit",
                       {}};
      case ReadOutcome::kClosed:
      case ReadOutcome::kStopped:
        return Quiet{};
    }
  }
}

std::variant<std::uint64_t, Refusal, Quiet, SinkStopped> stream_body(
    int fd, std::string& buffer, const RequestHead& head, const ReadLimits& limits,
    const StreamLimits& stream, const std::function<bool()>& stopping, const PieceSink& sink) {
  const auto framing = framing_of(head, stream.max_bytes);
  if (const Refusal* refused = std::get_if<Refusal>(&framing)) return *refused;
  const Framing f = std::get<Framing>(framing);
  if (!f.chunked && f.length == 0) return std::uint64_t{0};
  // The client waits for this before sending a large body (curl does).
  const auto expect = head.header("Expect");
  if (expect && lower(trim_blanks(*expect)) == "100-continue" && buffer.empty() &&
      !write_all(fd, "HTTP/1.1 100 Continue\r\n\r\n", limits.write_timeout))
    return Quiet{};
  const Clock::time_point start = Clock::now();
  std::uint64_t received = 0;  // body bytes given to the sink
  auto deadline = [&] {
    Clock::duration allowance = limits.body_timeout;
    if (stream.min_bytes_per_second > 0)
      allowance += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
          static_cast<double>(received) / static_cast<double>(stream.min_bytes_per_second)));
    return start + allowance;
  };
  auto more = [&]() -> std::optional<std::variant<std::uint64_t, Refusal, Quiet, SinkStopped>> {
    switch (read_some(fd, buffer, kReadBytes, deadline(), stopping)) {
      case ReadOutcome::kData:
        return std::nullopt;
      case ReadOutcome::kTimeout:
        return Refusal{408,
                       "request_timeout",
                       "",
                       "the request body did not arrive within the time limit",
                       {}};
      case ReadOutcome::kClosed:
      case ReadOutcome::kStopped:
        break;
    }
    return Quiet{};
  };
  auto give = [&](std::string_view piece) {
    received += piece.size();
    return piece.empty() || sink(piece);
  };
  if (!f.chunked) {
    while (received < f.length) {
      if (buffer.empty()) {
        if (auto end = more()) return std::move(*end);
      }
      const std::size_t take =
          static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), f.length - received));
      const bool go_on = give(std::string_view(buffer).substr(0, take));
      buffer.erase(0, take);
      if (!go_on) return SinkStopped{};
    }
    return received;
  }
  ChunkedBody decoder(stream.max_bytes);
  while (true) {
    std::size_t consumed = 0;
    const ChunkedBody::State state = decoder.feed(buffer, consumed);
    buffer.erase(0, consumed);
    if (!give(decoder.take())) return SinkStopped{};
    switch (state) {
      case ChunkedBody::State::kDone:
        return received;
      case ChunkedBody::State::kTooLarge:
        return too_large_body(stream.max_bytes);
      case ChunkedBody::State::kMalformed:
        return bad_framing("Transfer-Encoding", "malformed chunked body");
      case ChunkedBody::State::kNeedMore:
        break;
    }
    if (auto end = more()) return std::move(*end);
  }
}

std::variant<std::string, Refusal, Quiet> read_body(int fd, std::string& buffer,
                                                    const RequestHead& head,
                                                    const ReadLimits& limits,
                                                    const std::function<bool()>& stopping) {
  std::string body;
  auto read = stream_body(fd, buffer, head, limits, StreamLimits{limits.max_body_bytes, 0},
                          stopping, [&body](std::string_view piece) {
                            body.append(piece);
                            return true;
                          });
  if (Refusal* refused = std::get_if<Refusal>(&read)) return std::move(*refused);
  if (std::holds_alternative<Quiet>(read)) return Quiet{};
  return body;
}

}  // namespace planwise::server
