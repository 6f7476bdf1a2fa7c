// The dashboard's HTTP transport (issue 5): cpp-httplib serving the static
// UI and the JSON API of api::Service, with server-sent events for job
// progress. httplib.h is included by http_server.cpp only. No business
// logic lives here: requests become api::Request and back.
#pragma once

#include <atomic>
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
  std::filesystem::path web_root;  // index.html, app.js, ... and node_modules/
  std::size_t max_body_bytes = 1 << 20;
  int worker_threads = 64;  // each open event stream holds one
};

// A non-loopback bind needs a token (issue 5 item 4).
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
