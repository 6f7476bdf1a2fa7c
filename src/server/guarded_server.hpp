// The httplib server our routes run on, behind a guard of our own (issue 9
// items 3 and 5). Debian's compiled httplib 0.11.4 has no limit on request
// line or header length, applies no size limit to chunked bodies and
// answers overlapping Range requests with amplified bodies. This server
// reads every request itself (see request_reader.hpp), refuses what breaks
// the limits or the Host, Origin and Content-Type rules, and hands httplib
// a sanitised copy: no Range, no chunking, a Content-Length it has checked.
#pragma once

#include <atomic>
#include <memory>

namespace httplib {
class Server;
}

namespace planwise::api {
class Service;
}

namespace planwise::server {

struct ServerOptions;

// `options`, `bound_port` (set once bind() knows it) and `service` (which
// receives census uploads, issue 14) must outlive the server. Every
// response carries the security headers.
std::unique_ptr<httplib::Server> make_guarded_server(const ServerOptions& options,
                                                     const std::atomic<int>& bound_port,
                                                     api::Service& service);

}  // namespace planwise::server
