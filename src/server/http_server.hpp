// The dashboard's HTTP transport (issue 5): cpp-httplib serving the static
// UI and the JSON API of api::Service, with server-sent events for job
// progress. httplib.h is included by the .cpp files of this folder only; the
// connection loop in front of httplib (limits, Host, Origin, Content-Type,
// issue 9) is guarded_server.cpp. No business logic lives here: requests
// become api::Request and back.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "api/service.hpp"
#include "common/result.hpp"

namespace planwise::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8787;  // 0: any free port (tests)
  std::string token;
  // Users in the database also authorise writes, so they allow a
  // non-loopback bind as a token does.
  bool has_users = false;
  // The name the dashboard is published under (a TLS proxy's), accepted as
  // Host with any port and as the https:// Origin of writes.
  std::string public_host;
  std::filesystem::path web_root;  // index.html, app.js, ... and node_modules/
  std::size_t max_body_bytes = 1 << 20;
  int worker_threads = 64;  // each open event stream and connection holds one
  // A request head must arrive within this (slowloris), its body within
  // body_timeout after that.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  // Open connections of one client address: below worker_threads, so a
  // slow client cannot hold every worker; above the 50 browsers of the
  // load test, which all come from 127.0.0.1.
  std::size_t max_connections_per_client = 56;
  // Open event streams (each holds a worker thread).
  std::size_t max_streams_per_client = 4;
  std::size_t max_streams_total = 32;
  // Census uploads (issue 14 item 1; the size limit is the service's,
  // serve --max-upload-mb): each holds a worker thread and up to the limit
  // on disk while it arrives, so a client may send two at once and the
  // server takes four. A large file may take longer than body_timeout: each
  // byte extends the deadline at this rate (64 KiB/s: 200 MB within an
  // hour), so a trickling client is still cut off.
  std::size_t max_uploads_per_client = 2;
  std::size_t max_uploads_total = 4;
  std::uint64_t upload_min_bytes_per_second = 64 * 1024;
};

// A non-loopback bind needs a token or users (issue 5 item 4, issue 9):
// every address --host resolves to must be loopback.
Status check_bind(const ServerOptions& options);

class HttpServer {
 public:
  HttpServer(api::Service& service, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; after this, port() is the bound port.
  Status bind();
  int port() const { return port_; }
  // Serves until stop(); call after bind().
  void run();
  // Stops accepting, ends event streams, returns once run() can return.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// web/ beside the data folder (the source tree), or $PLANWISE_WEB_DIR.
std::filesystem::path find_web_root(const std::filesystem::path& data_dir);

}  // namespace planwise::server
