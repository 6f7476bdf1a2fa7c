// Pure decisions of the transport's request guard (issue 9 items 3 and 5):
// which Host, Origin and Content-Type a request may carry, and which
// addresses are loopback. No sockets and no name resolution here: a Host
// header is compared as text, never resolved, because DNS rebinding is
// exactly a foreign name that resolves to 127.0.0.1.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planwise::server {

// What the server answers to: the address it is bound to, its port and the
// name it is published under (a reverse proxy's name, may be empty).
struct HostPolicy {
  std::string bound_host;  // ServerOptions::host
  int bound_port = 0;
  std::string public_host;  // ServerOptions::public_host
};

struct RequestHead;

// A request the transport answers itself, with {error, field, detail}, and
// then closes the connection.
struct Refusal {
  int status = 400;
  std::string kind;
  std::string field;
  std::string detail;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Host is the bound address, a loopback name (localhost, 127.0.0.1, [::1])
// or the public host, each with or without ":port". A port, when given,
// must be the bound port, except after the public host (a proxy may listen
// anywhere).
bool host_allowed(std::string_view host_header, const HostPolicy& policy);

// A write from a page must come from our own origin: http:// + the
// request's (already accepted) Host, or https:// + the public host. An
// absent Origin (curl, scripts) is allowed; "null" is not.
bool origin_allowed(std::string_view origin, std::string_view accepted_host,
                    std::string_view public_host);

// POST, PUT, PATCH and DELETE: the methods a cross-site page must not send.
bool is_write_method(std::string_view method);

// application/json, with parameters allowed (; charset=utf-8), any case.
bool is_json_content_type(std::string_view content_type);

// A numeric address in 127.0.0.0/8, ::1 or ::ffff:127.x.y.z. Names are not
// addresses and are never loopback here.
bool is_loopback_address(const std::string& numeric_address);

// POST to exactly /api/censuses/uploads (a query may follow): a census
// file streamed to disk (issue 14 item 1), whose Content-Type is the file's
// (text/csv, Parquet), checked by the upload itself. Those types are not
// ones a cross-site page may send without a CORS preflight, and the Origin
// rule still applies. Any other spelling of the path goes to the routes,
// which refuse an upload that was not streamed.
bool is_upload_request(const RequestHead& head);

// The Host, Origin and Content-Type rules on a parsed head: 421 for a
// foreign Host, 403 for a foreign Origin on a write, 415 for a POST, PUT
// or PATCH that is not JSON (a cross-site form or text/plain POST), except
// an upload's.
std::optional<Refusal> screen_request(const RequestHead& head, const HostPolicy& policy);

}  // namespace planwise::server
