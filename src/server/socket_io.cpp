// Issue 9 item 3: socket reads and writes with deadlines.
#include "server/socket_io.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace planwise::server {

namespace {

constexpr std::chrono::milliseconds kStopPollInterval{100};

void numeric_address(const sockaddr_storage& addr, socklen_t len, std::string& address, int& port) {
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> serv{};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host.data(), host.size(),
                    serv.data(), serv.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    address = host.data();
    port = std::atoi(serv.data());
  }
}

}  // namespace

ReadOutcome read_some(int fd, std::string& into, std::size_t max_bytes, Clock::time_point deadline,
                      const std::function<bool()>& stopping) {
  while (true) {
    if (stopping && stopping()) return ReadOutcome::kStopped;
    const auto now = Clock::now();
    if (now >= deadline) return ReadOutcome::kTimeout;
    const auto wait = std::min<Clock::duration>(deadline - now, kStopPollInterval);
    pollfd p{fd, POLLIN, 0};
    const int ready =
        ::poll(&p, 1, static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wait).count()));
    if (ready < 0 && errno != EINTR) return ReadOutcome::kClosed;
    if (ready <= 0) continue;
    std::array<char, 16 * 1024> buffer;
    const ssize_t n = ::recv(fd, buffer.data(), std::min(buffer.size(), max_bytes), MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return ReadOutcome::kClosed;
    into.append(buffer.data(), static_cast<std::size_t>(n));
    return ReadOutcome::kData;
  }
}

bool wait_writable(int fd, std::chrono::microseconds timeout) {
  pollfd p{fd, POLLOUT, 0};
  const int ms = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(timeout).count());
  while (true) {
    const int ready = ::poll(&p, 1, ms);
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL)) == 0;
  }
}

bool write_all(int fd, std::string_view data, std::chrono::microseconds timeout) {
  while (!data.empty()) {
    if (!wait_writable(fd, timeout)) return false;
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void peer_address(int fd, std::string& address, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    numeric_address(addr, len, address, port);
}

void local_address(int fd, std::string& address, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    numeric_address(addr, len, address, port);
}

void reuse_address_only(int listen_fd) {
  const int yes = 1;
  ::setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

}  // namespace planwise::server
