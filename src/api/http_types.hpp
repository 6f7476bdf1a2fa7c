// Transport-neutral requests and responses of the JSON API (issue 5): the
// server turns HTTP into these and back, so every route is written once,
// here, and tested without a socket.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace planwise::app {
class Job;
}

namespace planwise::api {

struct Request {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // /api/runs/run_x
  std::map<std::string, std::string> query;
  std::string body;
  std::string authorization;  // the Authorization header
  std::string cookie;         // the Cookie header (the dashboard's session)
  std::string content_type;   // the Content-Type header
  std::string client;         // the peer's address, for per-client limits
  // Issue 14 item 4: the user a local CLI acts as (X-Planwise-Actor), read
  // only with the server's local credential from a loopback peer.
  std::string actor;
  std::int64_t last_event_id = 0;
};

// Writes one piece of a streamed body; false when the client has gone and
// the producer should stop.
using BodyWriter = std::function<bool(const char* data, std::size_t size)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Server-sent events: the server streams this job's events after
  // `stream_after` until it finishes (text/event-stream).
  std::shared_ptr<app::Job> stream;
  std::int64_t stream_after = 0;
  // A body too large to build in memory: the server sends it chunked,
  // calling this once with a writer. Set instead of `body`.
  std::function<void(const BodyWriter& write)> producer;
  // A body read from a file of known size (exports written once, issue 14
  // item 3): sent with Content-Length and never compressed on the fly.
  // `keep` holds whatever keeps the file (a cache entry) until it is sent.
  struct FileBody {
    std::filesystem::path path;
    std::uint64_t size = 0;
    std::shared_ptr<const void> keep;
  };
  std::optional<FileBody> file;
};

}  // namespace planwise::api
