// Issue 9 item 3: request head limits and parsing, on bytes only.
#include "server/request_head.hpp"
#include "server/http_text.hpp"

#include <algorithm>
#include <cctype>

namespace planwise::server {

namespace {

bool equal_no_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A line without its ending (CRLF, or a bare LF as httplib accepts).
std::string_view strip_eol(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

}  // namespace

HeadScan scan_head(std::string_view buffer, std::size_t& head_bytes) {
  std::size_t line_start = 0;
  bool seen_request_line = false;
  while (true) {
    const std::size_t newline = buffer.find('\n', line_start);
    const std::size_t line_end = newline == std::string_view::npos ? buffer.size() : newline;
    if (line_end - line_start > kMaxHeadLineBytes) return HeadScan::kLineTooLong;
    if (line_end > kMaxHeadBytes) return HeadScan::kHeadTooLarge;
    if (newline == std::string_view::npos) return HeadScan::kIncomplete;
    const std::string_view line = strip_eol(buffer.substr(line_start, newline - line_start));
    // Blank lines before the request line are tolerated (RFC 9112 §2.2).
    if (!line.empty()) {
      seen_request_line = true;
    } else if (seen_request_line) {
      head_bytes = newline + 1;
      return HeadScan::kComplete;
    }
    line_start = newline + 1;
  }
}

std::optional<std::string> RequestHead::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equal_no_case(key, name)) return value;
  }
  return std::nullopt;
}

std::size_t RequestHead::count(std::string_view name) const {
  return static_cast<std::size_t>(std::count_if(
      headers.begin(), headers.end(), [&](const auto& h) { return equal_no_case(h.first, name); }));
}

std::optional<RequestHead> parse_head(std::string_view head) {
  RequestHead out;
  bool first = true;
  std::size_t start = 0;
  while (start < head.size()) {
    const std::size_t newline = head.find('\n', start);
    const std::string_view line = strip_eol(
        head.substr(start, newline == std::string_view::npos ? head.npos : newline - start));
    start = newline == std::string_view::npos ? head.size() : newline + 1;
    if (line.empty()) {
      if (first) continue;  // leading blank lines
      break;
    }
    // A CR or NUL left inside a line would reach httplib, which splits on a
    // bare CR differently: RFC 9110 §5.5 lets a recipient reject such a
    // field, and we do (the http_request fuzz target found it).
    if (line.find_first_of(std::string_view("\r\0", 2)) != line.npos) return std::nullopt;
    if (first) {
      first = false;
      const std::size_t a = line.find(' ');
      const std::size_t b = a == line.npos ? line.npos : line.find(' ', a + 1);
      if (b == line.npos || line.find(' ', b + 1) != line.npos) return std::nullopt;
      out.method = std::string(line.substr(0, a));
      out.target = std::string(line.substr(a + 1, b - a - 1));
      out.version = std::string(line.substr(b + 1));
      if (!is_token(out.method) || out.target.empty() ||
          (out.version != "HTTP/1.1" && out.version != "HTTP/1.0"))
        return std::nullopt;
      continue;
    }
    // Folded lines (obs-fold) are refused, as RFC 9112 §5.2 allows.
    if (line.front() == ' ' || line.front() == '\t') return std::nullopt;
    const std::size_t colon = line.find(':');
    if (colon == line.npos || !is_token(line.substr(0, colon))) return std::nullopt;
    out.headers.emplace_back(std::string(line.substr(0, colon)),
                             std::string(trim_blanks(line.substr(colon + 1))));
  }
  if (first) return std::nullopt;
  return out;
}

std::string serialize_head(const RequestHead& head, const std::vector<std::string_view>& drop,
                           const std::vector<std::pair<std::string, std::string>>& extra) {
  std::string out = head.method + " " + head.target + " " + head.version + "\r\n";
  for (const auto& header : head.headers) {
    const bool dropped = std::any_of(drop.begin(), drop.end(), [&](std::string_view d) {
      return equal_no_case(d, header.first);
    });
    if (!dropped) out += header.first + ": " + header.second + "\r\n";
  }
  for (const auto& [key, value] : extra) out += key + ": " + value + "\r\n";
  out += "\r\n";
  return out;
}

}  // namespace planwise::server
