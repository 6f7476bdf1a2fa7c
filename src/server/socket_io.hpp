// Reads and writes on a connected socket with deadlines (issue 9 item 3):
// our transport reads each request itself, so a slow client costs a worker
// thread for a bounded time only, and a stopping server is noticed within
// a tenth of a second.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace planwise::server {

using Clock = std::chrono::steady_clock;

enum class ReadOutcome { kData, kClosed, kTimeout, kStopped };

// Appends what arrives (at most `max_bytes`) to `into`, waiting until the
// deadline. `stopping` is polled while waiting.
ReadOutcome read_some(int fd, std::string& into, std::size_t max_bytes, Clock::time_point deadline,
                      const std::function<bool()>& stopping);

// Writes everything, each wait for the socket bounded by `timeout`.
bool write_all(int fd, std::string_view data, std::chrono::microseconds timeout);

// Waits for the socket to become writable within `timeout`.
bool wait_writable(int fd, std::chrono::microseconds timeout);

// The peer's and our own numeric address and port.
void peer_address(int fd, std::string& address, int& port);
void local_address(int fd, std::string& address, int& port);

// SO_REUSEADDR only: httplib's defaults add SO_REUSEPORT, with which a
// second server on the same port binds too and steals half the
// connections instead of failing.
void reuse_address_only(int listen_fd);

}  // namespace planwise::server
