// A dashboard server on a free loopback port for transport tests, with the
// token every API route will soon require, and a raw socket client for the
// requests httplib::Client cannot express (slow, oversized, malformed).
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "server/http_server.hpp"
#include "support/test_paths.hpp"

namespace planwise::server::test_support {

inline constexpr const char* kToken = "test-token";

class TestServer {
 public:
  explicit TestServer(const std::function<void(ServerOptions&)>& configure = {},
                      const std::function<void(api::ServiceConfig&)>& configure_service = {}) {
    std::filesystem::create_directories(dir_ / "web");
    test::write_file(dir_ / "web" / "index.html", "<!doctype html><title>PlanWise</title>");
    test::write_file(dir_ / "web" / "big.txt", std::string(10'000, 'b'));
    api::ServiceConfig config;
    config.inputs.data_dir = test::data_dir();
    config.db_path = (dir_ / "api.duckdb").string();
    config.token = kToken;
    if (configure_service) configure_service(config);
    service_ = std::make_unique<api::Service>(config);
    options_.port = 0;
    options_.token = kToken;
    options_.web_root = dir_ / "web";
    options_.max_body_bytes = 64 * 1024;
    if (configure) configure(options_);
    http_ = std::make_unique<HttpServer>(*service_, options_);
    bound_ = http_->bind().ok();
    EXPECT_TRUE(bound_);
    if (bound_) thread_ = std::thread([this] { http_->run(); });
  }
  ~TestServer() {
    http_->stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return http_->port(); }
  const ServerOptions& options() const { return options_; }
  api::Service& service() { return *service_; }
  // The folder of the database (and of its censuses/).
  const std::filesystem::path& dir() const { return dir_.path(); }
  // The service's database (issue 14: exports compared with the store).
  std::string db_path() const { return (dir_ / "api.duckdb").string(); }
  std::string host() const { return "127.0.0.1:" + std::to_string(port()); }
  // Sends the token on every request.
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(30, 0);
    c.set_default_headers({{"Authorization", std::string("Bearer ") + kToken}});
    return c;
  }

 private:
  test::TempDir dir_;
  ServerOptions options_;
  std::unique_ptr<api::Service> service_;
  std::unique_ptr<HttpServer> http_;
  bool bound_ = false;
  std::thread thread_;
};

// One TCP connection to 127.0.0.1, optionally from another loopback source
// address (127.0.0.2 counts as a different client).
class RawConnection {
 public:
  explicit RawConnection(int port, const char* source = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (source != nullptr) {
      sockaddr_in from{};
      from.sin_family = AF_INET;
      ::inet_pton(AF_INET, source, &from.sin_addr);
      ::bind(fd_, reinterpret_cast<const sockaddr*>(&from), sizeof from);
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  bool send(const std::string& data) {
    std::size_t at = 0;
    while (at < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + at, data.size() - at, MSG_NOSIGNAL);
      if (n <= 0) return false;
      at += static_cast<std::size_t>(n);
    }
    return true;
  }
  // Something (an answer or the end) is waiting to be read.
  bool readable(std::chrono::milliseconds wait = std::chrono::milliseconds(0)) const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }
  // Everything until the server closes, or until `limit` passes.
  std::string read_until_closed(std::chrono::milliseconds limit) {
    closed_ = false;
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!readable(std::chrono::milliseconds(20))) continue;
      char buffer[16 * 1024];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }
  // Reads until `marker` has arrived (or `limit` passes).
  std::string read_until(const std::string& marker, std::chrono::milliseconds limit) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (out.find(marker) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      if (!readable(std::chrono::milliseconds(20))) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }
  bool closed() const { return closed_; }
  void close() {
    ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
};

// The status code of a raw response ("HTTP/1.1 431 ..."), or 0.
inline int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.substr(9, 3).c_str());
}

// A request head with our Host and token.
inline std::string raw_get(const std::string& target, int port, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
         "\r\nAuthorization: Bearer " + kToken + "\r\n" + extra + "\r\n";
}

// An API error answer: its status and {"error": kind, "field": field,
// "detail": non-empty}.
inline void expect_api_error(const httplib::Result& r, int status, const std::string& kind,
                             const std::string& field) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status) << r->body;
  const nlohmann::json j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["error"], kind) << r->body;
  EXPECT_EQ(j["field"], field) << r->body;
  EXPECT_FALSE(j["detail"].get<std::string>().empty());
}

}  // namespace planwise::server::test_support
