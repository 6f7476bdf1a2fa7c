// The server's listening socket queues many simultaneous connections (issue 5
// load test: 50 clients). Debian's httplib listens with a backlog of 5; the
// kernel then drops further handshakes, which clients retry 1 to 7 s later.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <fcntl.h>

#include <chrono>
#include <thread>
#include <vector>

#include "server/http_server.hpp"
#include "support/test_paths.hpp"

namespace planwise::server {
namespace {

// Starts a non-blocking connect to 127.0.0.1:port; -1 on failure.
int start_connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  return fd;
}

TEST(HttpServerListen, QueuesFiftySimultaneousConnectionsBeforeAcceptingAny) {
  test::TempDir dir;
  api::ServiceConfig config;
  config.inputs.data_dir = test::data_dir();
  config.db_path = (dir / "backlog.duckdb").string();
  api::Service service(config);
  ServerOptions options;
  options.port = 0;
  options.web_root = dir.path();
  HttpServer http(service, options);
  ASSERT_TRUE(http.bind().ok());

  // Nobody accepts yet (run() is not called), so every handshake must fit in
  // the listen queue: with a backlog of 5, about 6 would complete.
  constexpr int kClients = 50;
  std::vector<pollfd> fds;
  for (int i = 0; i < kClients; ++i) {
    const int fd = start_connect(http.port());
    ASSERT_GE(fd, 0);
    fds.push_back({fd, POLLOUT, 0});
  }
  int connected = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (connected < kClients && std::chrono::steady_clock::now() < deadline) {
    ::poll(fds.data(), fds.size(), 50);
    connected = 0;
    for (pollfd& p : fds) {
      int err = 1;
      socklen_t len = sizeof err;
      if ((p.revents & POLLOUT) && ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
          err == 0)
        ++connected;
    }
  }
  EXPECT_EQ(connected, kClients);
  for (pollfd& p : fds) ::close(p.fd);

  // Serve once, so that stop() finds the server running.
  std::thread server([&] { http.run(); });
  httplib::Client client("127.0.0.1", http.port());
  EXPECT_TRUE(client.Get("/api/health"));
  http.stop();
  server.join();
}

}  // namespace
}  // namespace planwise::server
