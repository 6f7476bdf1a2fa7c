// Issue 9 items 3 and 5: httplib's per-connection loop replaced by one that
// reads and screens each request before httplib parses and routes it.
#include "server/guarded_server.hpp"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>

#include "api/service.hpp"
#include "server/client_slots.hpp"
#include "server/http_server.hpp"
#include "server/request_guard.hpp"
#include "server/request_reader.hpp"
#include "server/socket_io.hpp"
#include "server/upload_receiver.hpp"

namespace planwise::server {

namespace {

// On every response, ours and httplib's: no MIME sniffing, no referrer
// leaking run ids, and no framing by other sites (clickjacking). The web UI
// loads only its own scripts; uPlot sets inline styles.
const httplib::Headers& security_headers() {
  static const httplib::Headers kHeaders = {
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "frame-ancestors 'none'"}};
  return kHeaders;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 421:
      return "Misdirected Request";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 507:
      return "Insufficient Storage";
    default:
      return "Error";
  }
}

// Headers httplib must not see from the client: Range (no partial
// responses, issue 9), the framing we replaced, and the names httplib uses
// to pass the peer's address.
const std::vector<std::string_view>& dropped_headers() {
  static const std::vector<std::string_view> kDropped = {
      "Range",       "If-Range",    "Transfer-Encoding", "Content-Length", "Expect",
      "REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR",        "LOCAL_PORT"};
  return kDropped;
}

// One request, already read, given to httplib; its response goes straight
// to the socket with the server's write timeout.
class ReplayStream final : public httplib::Stream {
 public:
  ReplayStream(int fd, std::string request, std::chrono::microseconds write_timeout)
      : fd_(fd), request_(std::move(request)), write_timeout_(write_timeout) {}

  bool is_readable() const override { return at_ < request_.size(); }
  bool is_writable() const override { return wait_writable(fd_, write_timeout_); }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, request_.size() - at_);
    std::copy_n(request_.data() + at_, n, ptr);
    at_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    return write_all(fd_, std::string_view(ptr, size), write_timeout_) ? static_cast<ssize_t>(size)
                                                                       : -1;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    peer_address(fd_, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    local_address(fd_, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  int fd_;
  std::string request_;
  std::size_t at_ = 0;
  std::chrono::microseconds write_timeout_;
};

class GuardedServer final : public httplib::Server {
 public:
  GuardedServer(const ServerOptions& options, const std::atomic<int>& bound_port,
                api::Service& service)
      : options_(options),
        bound_port_(bound_port),
        service_(service),
        connections_(options.max_connections_per_client, static_cast<std::size_t>(-1)),
        uploads_(options.max_uploads_per_client, options.max_uploads_total) {
    set_default_headers(security_headers());
  }

 private:
  bool process_and_close_socket(socket_t sock) override {
    const bool refused = !serve_connection(sock);
    if (refused) {
      close_after_refusal(sock);
    } else {
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
    }
    return !refused;
  }

  std::chrono::microseconds write_timeout() const {
    return std::chrono::seconds(write_timeout_sec_) +
           std::chrono::microseconds(write_timeout_usec_);
  }

  bool stopping() const { return svr_sock_ == INVALID_SOCKET; }

  // False when the connection ends with a refusal of ours.
  bool serve_connection(int fd) {
    std::string client;
    int client_port = 0;
    peer_address(fd, client, client_port);
    const std::shared_ptr<void> slot = connections_.try_acquire(client);
    if (!slot) {
      refuse(fd, Refusal{503,
                         "busy",
                         "",
                         "too many open connections from this address; retry shortly",
                         {{"Retry-After", "2"}}});
      return false;
    }
    const ReadLimits limits{options_.max_body_bytes, std::chrono::seconds(keep_alive_timeout_sec_),
                            options_.header_timeout, options_.body_timeout, write_timeout()};
    const std::function<bool()> is_stopping = [this] { return stopping(); };
    std::string buffer;  // received and not yet used: the next request's start
    for (std::size_t count = keep_alive_max_count_; count > 0 && !stopping(); --count) {
      auto head_read = read_head(fd, buffer, limits, is_stopping);
      if (std::holds_alternative<Quiet>(head_read)) return true;
      if (const Refusal* refused = std::get_if<Refusal>(&head_read)) return refuse(fd, *refused);
      const RequestHead& head = std::get<RequestHead>(head_read);
      const HostPolicy policy{options_.host, bound_port_.load(), options_.public_host};
      if (auto refused = screen_request(head, policy)) return refuse(fd, *refused);
      if (is_upload_request(head)) return serve_upload(fd, buffer, head, client, limits);
      auto body_read = read_body(fd, buffer, head, limits, is_stopping);
      if (std::holds_alternative<Quiet>(body_read)) return true;
      if (const Refusal* refused = std::get_if<Refusal>(&body_read)) return refuse(fd, *refused);
      std::string& body = std::get<std::string>(body_read);
      std::vector<std::pair<std::string, std::string>> length;
      if (!body.empty() || is_write_method(head.method))
        length.emplace_back("Content-Length", std::to_string(body.size()));
      ReplayStream stream(fd, serialize_head(head, dropped_headers(), length) + body,
                          write_timeout());
      bool connection_closed = false;
      const bool close_connection = count == 1;
      if (!process_request(stream, close_connection, connection_closed, nullptr) ||
          connection_closed || close_connection)
        return true;
    }
    return true;
  }

  // Issue 14 item 1: a census upload, streamed to disk and answered here
  // (httplib never sees its body); the connection closes after it. False
  // when refused.
  bool serve_upload(int fd, std::string& buffer, const RequestHead& head, const std::string& client,
                    const ReadLimits& limits) {
    std::shared_ptr<void> slot = uploads_.try_acquire(client);
    if (!slot) {
      return refuse(fd, Refusal{503,
                                "busy",
                                "",
                                "too many uploads in progress; retry when one has finished",
                                {{"Retry-After", "5"}}});
    }
    const std::function<bool()> is_stopping = [this] { return stopping(); };
    const std::optional<api::Response> out =
        receive_upload(fd, buffer, head, client, limits, options_.upload_min_bytes_per_second,
                       is_stopping, service_);
    // The upload is over, stored or refused: its slot is free before the
    // answer goes out. Freed after it, a client that reads a refusal and
    // sends its next upload at once could find its own finished upload
    // still counted and get a 503 (seen under load).
    slot.reset();
    if (!out) return true;
    send(fd, *out);
    return out->status < 400;
  }

  // Our own answer: {error, field, detail}, then the connection closes.
  bool refuse(int fd, const Refusal& refusal) {
    api::Response out =
        api::Service::error(refusal.status, refusal.kind, refusal.field, refusal.detail);
    out.headers = refusal.headers;
    send(fd, out);
    return false;
  }

  // A whole answer with Connection: close.
  void send(int fd, const api::Response& out) {
    std::string text =
        "HTTP/1.1 " + std::to_string(out.status) + " " + reason_phrase(out.status) + "\r\n";
    text += "Content-Type: " + out.content_type + "\r\n";
    text += "Content-Length: " + std::to_string(out.body.size()) + "\r\n";
    text += "Connection: close\r\n";
    for (const auto& [key, value] : security_headers()) text += key + ": " + value + "\r\n";
    for (const auto& [key, value] : out.headers) text += key + ": " + value + "\r\n";
    text += "\r\n" + out.body;
    write_all(fd, text, write_timeout());
  }

  // Closing with unread bytes makes the kernel reset the connection, and
  // the client may lose our answer; so stop sending, then discard what the
  // client still sends, bounded in bytes and time.
  static void close_after_refusal(int fd) {
    ::shutdown(fd, SHUT_WR);
    std::string discard;
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(500);
    for (int reads = 0; reads < 16; ++reads) {
      discard.clear();
      if (read_some(fd, discard, 16 * 1024, deadline, nullptr) != ReadOutcome::kData) break;
    }
    ::close(fd);
  }

  const ServerOptions& options_;
  const std::atomic<int>& bound_port_;
  api::Service& service_;
  ClientSlots connections_;
  ClientSlots uploads_;  // uploads being received, per client and in all
};

}  // namespace

std::unique_ptr<httplib::Server> make_guarded_server(const ServerOptions& options,
                                                     const std::atomic<int>& bound_port,
                                                     api::Service& service) {
  return std::make_unique<GuardedServer>(options, bound_port, service);
}

}  // namespace planwise::server
