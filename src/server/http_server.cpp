#include "server/http_server.hpp"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "server/client_slots.hpp"
#include "server/guarded_server.hpp"
#include "server/request_guard.hpp"
#include "server/socket_io.hpp"

namespace planwise::server {

namespace {

constexpr int kListenBacklog = 512;

// Every address the name resolves to is loopback. A name that does not
// resolve is not loopback (binding to it fails later anyway).
bool resolves_to_loopback_only(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.empty() ? nullptr : host.c_str(), nullptr, &hints, &found) != 0)
    return false;
  bool all_loopback = found != nullptr;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[NI_MAXHOST] = {};
    if (::getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) !=
        0) {
      all_loopback = false;
      break;
    }
    all_loopback = all_loopback && is_loopback_address(text);
  }
  ::freeaddrinfo(found);
  return all_loopback;
}

// The only files served from node_modules (pinned in web/package-lock.json).
const std::vector<std::pair<std::string, std::string>>& vendor_files() {
  static const std::vector<std::pair<std::string, std::string>> kFiles = {
      {"/vendor/htm-preact.js", "node_modules/htm/preact/standalone.module.js"},
      {"/vendor/uPlot.iife.min.js", "node_modules/uplot/dist/uPlot.iife.min.js"},
      {"/vendor/uPlot.min.css", "node_modules/uplot/dist/uPlot.min.css"}};
  return kFiles;
}

std::string content_type_of(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

// A path under the web root, or nothing when it would leave it (.., links).
std::optional<std::filesystem::path> inside(const std::filesystem::path& root,
                                            const std::string& relative) {
  if (relative.find('\0') != std::string::npos) return std::nullopt;
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  const std::filesystem::path target = std::filesystem::weakly_canonical(base / relative, ec);
  if (ec) return std::nullopt;
  const std::string b = base.string() + "/", t = target.string();
  if (t.compare(0, b.size(), b) != 0) return std::nullopt;
  return target;
}

void send_json_error(httplib::Response& res, int status, const std::string& kind,
                     const std::string& detail) {
  const api::Response out = api::Service::error(status, kind, "", detail);
  res.status = out.status;
  res.set_content(out.body, out.content_type);
}

}  // namespace

Status check_bind(const ServerOptions& o) {
  if (o.token.empty() && !o.has_users && !resolves_to_loopback_only(o.host)) {
    return Error::invalid_input(
        "command line", 0, "--host", "non_loopback_without_token", o.host,
        "binding to a non-loopback address needs --token (or users), so that writes are "
        "authorised");
  }
  if (o.port < 0 || o.port > 65535) {
    return Error::invalid_input("command line", 0, "--port", "port_range", std::to_string(o.port),
                                "0 to 65535");
  }
  return Status::success();
}

struct HttpServer::Impl {
  api::Service& service;
  ServerOptions options;
  std::atomic<int> bound_port{0};
  std::unique_ptr<httplib::Server> server = make_guarded_server(options, bound_port, service);
  httplib::Server& http = *server;
  std::atomic<bool> stopping{false};
  socket_t listen_socket = INVALID_SOCKET;
  // Each open event stream holds a worker thread until its job ends.
  ClientSlots streams{options.max_streams_per_client, options.max_streams_total};

  Impl(api::Service& s, ServerOptions o) : service(s), options(std::move(o)) {}

  void serve_static(const httplib::Request& req, httplib::Response& res) {
    for (const auto& [url, file] : vendor_files()) {
      if (req.path == url) {
        if (auto bytes = read_file(options.web_root / file)) {
          res.set_content(*bytes, content_type_of(file));
          res.set_header("Cache-Control", "max-age=3600");
          return;
        }
        send_json_error(res, 404, "not_found",
                        "front-end library missing: run make setup (npm ci in web/)");
        return;
      }
    }
    std::string relative = req.path == "/" ? "index.html" : req.path.substr(1);
    if (relative.rfind("node_modules", 0) == 0) {
      send_json_error(res, 404, "not_found", "no such file");
      return;
    }
    auto file = inside(options.web_root, relative);
    std::optional<std::string> bytes;
    if (file && std::filesystem::is_regular_file(*file)) bytes = read_file(*file);
    if (!bytes) {
      send_json_error(res, 404, "not_found", "no such file");
      return;
    }
    res.set_content(*bytes, content_type_of(*file));
    res.set_header("Cache-Control", "no-cache");
  }

  void serve_api(const httplib::Request& req, httplib::Response& res) {
    api::Request r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) r.query[k] = v;
    r.body = req.body;
    r.authorization = req.get_header_value("Authorization");
    r.cookie = req.get_header_value("Cookie");
    r.content_type = req.get_header_value("Content-Type");
    r.client = req.remote_addr;
    r.actor = req.get_header_value("X-Planwise-Actor");
    const std::string last = req.get_header_value("Last-Event-ID");
    if (!last.empty()) r.last_event_id = std::atoll(last.c_str());
    api::Response out = service.handle(r);
    res.status = out.status;
    for (const auto& [k, v] : out.headers) res.set_header(k, v);
    if (out.stream) {
      stream_events(r.client, out, res);
    } else if (out.file) {
      send_file(*out.file, out.content_type, res);
    } else if (out.producer) {
      stream_body(std::move(out), res);
    } else {
      res.set_content(out.body, out.content_type);
    }
  }

  // A file of known size, read from `offset` as httplib asks.
  // httplib compresses only chunked and in-memory bodies, so a body with a
  // Content-Length goes out as stored (issue 14 item 3: on-the-fly Brotli
  // made an 82 MB CSV take minutes).
  static void send_file(const api::Response::FileBody& file, const std::string& content_type,
                        httplib::Response& res) {
    auto in = std::make_shared<std::ifstream>(file.path, std::ios::binary);
    auto keep = file.keep;
    res.set_content_provider(
        static_cast<std::size_t>(file.size), content_type,
        [in, keep](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          static constexpr std::size_t kPiece = 256 * 1024;
          std::vector<char> buffer(std::min(length, kPiece));
          in->clear();
          in->seekg(static_cast<std::streamoff>(offset));
          in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
          const auto got = static_cast<std::size_t>(in->gcount());
          return got > 0 && sink.write(buffer.data(), got);
        });
  }

  // A body built while it is sent: the producer runs once, its writes go
  // out as chunks, and a write fails once the client has gone.
  static void stream_body(api::Response out, httplib::Response& res) {
    auto producer =
        std::make_shared<std::function<void(const api::BodyWriter&)>>(std::move(out.producer));
    res.set_chunked_content_provider(out.content_type,
                                     [producer](std::size_t, httplib::DataSink& sink) {
                                       bool client_gone = false;
                                       (*producer)([&](const char* data, std::size_t size) {
                                         client_gone = client_gone || !sink.write(data, size);
                                         return !client_gone;
                                       });
                                       if (!client_gone) sink.done();
                                       return !client_gone;
                                     });
  }

  // Server-sent events until the job finishes or the server stops, within
  // the per-client and total caps on open streams.
  void stream_events(const std::string& client, const api::Response& out, httplib::Response& res) {
    std::shared_ptr<void> slot = streams.try_acquire(client);
    if (!slot) {
      const api::Response busy = api::Service::error(429, "too_many_streams", "",
                                                     "too many open event streams; retry shortly");
      res.status = busy.status;
      res.set_header("Retry-After", "2");
      res.set_content(busy.body, busy.content_type);
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    auto job = out.stream;
    auto after = std::make_shared<std::int64_t>(out.stream_after);
    // The slot lives in the provider, which httplib destroys with the
    // response however the stream ended (done, client gone, stop).
    res.set_chunked_content_provider(
        "text/event-stream", [this, job, after, slot](std::size_t, httplib::DataSink& sink) {
          // Finished before the read: the read holds every event left, so the
          // stream ends once they are written.
          const bool finished = job->finished();
          const auto events = job->events_after(*after, std::chrono::milliseconds(500));
          for (const app::JobEvent& e : events) {
            const std::string text = api::Service::sse_text(e);
            if (!sink.write(text.data(), text.size())) return false;
            *after = e.seq;
          }
          if (events.empty() && !stopping.load()) {
            static const std::string kKeepAlive =
                ": waiting\n\n";  // a comment keeps proxies and clients open
            if (!sink.write(kKeepAlive.data(), kKeepAlive.size())) return false;
          }
          if (finished || stopping.load()) sink.done();
          return true;
        });
  }
};

HttpServer::HttpServer(api::Service& service, ServerOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  Impl& s = *impl_;
  s.http.set_tcp_nodelay(true);  // dependencies.md: 26 ms per keep-alive request otherwise
  s.http.set_keep_alive_max_count(1000);
  s.http.set_payload_max_length(s.options.max_body_bytes);
  // Remember the listening socket: bind() widens its backlog.
  s.http.set_socket_options([&s](socket_t sock) {
    reuse_address_only(sock);
    s.listen_socket = sock;
  });
  const int threads = s.options.worker_threads;
  s.http.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  auto api = [&s](const httplib::Request& req, httplib::Response& res) { s.serve_api(req, res); };
  s.http.Get("/api/.*", api);
  s.http.Post("/api/.*", api);
  s.http.Put("/api/.*", api);
  s.http.Delete("/api/.*", api);
  s.http.Get("/.*", [&s](const httplib::Request& req, httplib::Response& res) {
    s.serve_static(req, res);
  });
  s.http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      send_json_error(res, 413, "payload_too_large", "the request body is larger than the limit");
    } else if (res.status == 404) {
      send_json_error(res, 404, "not_found", "no such route");
    } else if (res.status >= 400) {
      send_json_error(res, res.status, res.status >= 500 ? "internal" : "invalid_input",
                      "request refused");
    }
  });
}

HttpServer::~HttpServer() {
  stop();
}

Status HttpServer::bind() {
  Impl& s = *impl_;
  PLANWISE_RETURN_IF_ERROR(check_bind(s.options));
  if (s.options.port == 0) {
    port_ = s.http.bind_to_any_port(s.options.host);
  } else {
    port_ = s.http.bind_to_port(s.options.host, s.options.port) ? s.options.port : -1;
  }
  s.bound_port = port_;
  if (port_ <= 0) {
    return Error::make(ErrorKind::kConflict, "cannot listen on " + s.options.host + ":" +
                                                 std::to_string(s.options.port) +
                                                 " (is another server using the port?)");
  }
  // Debian's compiled httplib listens with a backlog of 5: fifty browsers or
  // load-test clients connecting at once overflow it, the kernel drops their
  // handshakes and they retry 1, 3 or 7 s later. Listening again on the same
  // socket only changes the backlog (Linux).
  if (s.listen_socket != INVALID_SOCKET) ::listen(s.listen_socket, kListenBacklog);
  return Status::success();
}

void HttpServer::run() {
  impl_->http.listen_after_bind();
}

void HttpServer::stop() {
  impl_->stopping = true;
  if (impl_->http.is_running()) impl_->http.stop();
}

std::filesystem::path find_web_root(const std::filesystem::path& data_dir) {
  if (const char* env = std::getenv("PLANWISE_WEB_DIR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const std::filesystem::path beside =
      std::filesystem::weakly_canonical(data_dir, ec).parent_path() / "web";
  return beside;
}

}  // namespace planwise::server
