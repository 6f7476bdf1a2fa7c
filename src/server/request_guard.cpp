// Issue 9 items 3 and 5: Host, Origin and Content-Type rules, as text.
#include "server/request_guard.hpp"
#include "server/http_text.hpp"

#include "server/request_head.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace planwise::server {

namespace {

// "name" or "name:port" or "[v6]" or "[v6]:port" into name and port text
// (empty when absent). False when the text is not of that shape.
bool split_host_port(std::string_view host, std::string& name, std::string& port) {
  std::size_t colon = std::string_view::npos;
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    if (close + 1 < host.size()) {
      if (host[close + 1] != ':') return false;
      colon = close + 1;
    }
  } else {
    colon = host.find(':');
    if (colon != std::string_view::npos && host.find(':', colon + 1) != std::string_view::npos)
      return false;  // a bare IPv6 address is not a valid Host
  }
  name = lower(host.substr(0, colon));
  port = colon == std::string_view::npos ? "" : std::string(host.substr(colon + 1));
  if (name.empty()) return false;
  if (colon != std::string_view::npos) {
    if (port.empty() || port.size() > 5) return false;
    if (!std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
      return false;
  }
  return true;
}

// The bound address as it appears in a Host header ([::1] for ::1).
std::string host_form(const std::string& address) {
  if (address.find(':') != std::string::npos && address.front() != '[')
    return "[" + lower(address) + "]";
  return lower(address);
}

}  // namespace

bool host_allowed(std::string_view host_header, const HostPolicy& policy) {
  std::string name, port;
  if (!split_host_port(trim_blanks(host_header), name, port)) return false;
  if (!policy.public_host.empty()) {
    std::string public_name, public_port;
    if (split_host_port(policy.public_host, public_name, public_port) && name == public_name)
      return true;
  }
  const bool port_ok = port.empty() || port == std::to_string(policy.bound_port);
  if (!port_ok) return false;
  static constexpr std::array<std::string_view, 3> kLoopbackNames = {"localhost", "127.0.0.1",
                                                                     "[::1]"};
  if (std::find(kLoopbackNames.begin(), kLoopbackNames.end(), name) != kLoopbackNames.end())
    return true;
  return !policy.bound_host.empty() && name == host_form(policy.bound_host);
}

bool origin_allowed(std::string_view origin, std::string_view accepted_host,
                    std::string_view public_host) {
  const std::string o = lower(trim_blanks(origin));
  const std::string host = lower(trim_blanks(accepted_host));
  if (o == "http://" + host) return true;
  if (public_host.empty()) return false;
  if (o == "https://" + lower(public_host)) return true;
  // Behind a TLS proxy on another port the page's origin carries that port.
  std::string name, port, public_name, public_port;
  return split_host_port(host, name, port) &&
         split_host_port(public_host, public_name, public_port) && name == public_name &&
         o == "https://" + host;
}

bool is_write_method(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool is_json_content_type(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  return lower(trim_blanks(content_type.substr(0, semicolon))) == "application/json";
}

bool is_loopback_address(const std::string& numeric_address) {
  std::array<unsigned char, 16> bytes{};
  if (::inet_pton(AF_INET, numeric_address.c_str(), bytes.data()) == 1) return bytes[0] == 127;
  if (::inet_pton(AF_INET6, numeric_address.c_str(), bytes.data()) != 1) return false;
  static constexpr std::array<unsigned char, 16> kV6Loopback = {0, 0, 0, 0, 0, 0, 0, 0,
                                                                0, 0, 0, 0, 0, 0, 0, 1};
  if (bytes == kV6Loopback) return true;
  // ::ffff:127.x.y.z, an IPv4 loopback address written as IPv6.
  static constexpr std::array<unsigned char, 12> kMappedPrefix = {0, 0, 0, 0, 0,    0,
                                                                  0, 0, 0, 0, 0xff, 0xff};
  return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin()) && bytes[12] == 127;
}

bool is_upload_request(const RequestHead& head) {
  return head.method == "POST" &&
         std::string_view(head.target).substr(0, head.target.find('?')) == "/api/censuses/uploads";
}

std::optional<Refusal> screen_request(const RequestHead& head, const HostPolicy& policy) {
  const std::optional<std::string> host = head.header("Host");
  if (!host || head.count("Host") != 1 || !host_allowed(*host, policy)) {
    return Refusal{
        421, "misdirected_request", "Host", "this server does not answer for that host name", {}};
  }
  if (!is_write_method(head.method)) return std::nullopt;
  if (const auto origin = head.header("Origin");
      origin && !origin_allowed(*origin, *host, policy.public_host)) {
    return Refusal{403, "forbidden", "Origin", "writes are accepted from this dashboard only", {}};
  }
  // Every write path is checked, not only /api/: httplib decodes %-escapes
  // before routing, so "/%61pi/runs" reaches the API too.
  if (head.method != "DELETE" && !is_upload_request(head) &&
      !is_json_content_type(head.header("Content-Type").value_or(""))) {
    return Refusal{415,
                   "unsupported_media_type",
                   "Content-Type",
                   "send the request body as application/json",
                   {}};
  }
  return std::nullopt;
}

}  // namespace planwise::server
