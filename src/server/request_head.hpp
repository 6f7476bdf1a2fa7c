// The head of an HTTP/1.1 request (request line and header lines), read by
// our transport before cpp-httplib sees it (issue 9 item 3): Debian's
// httplib 0.11 has no limit on line length, so the limits live here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planwise::server {

inline constexpr std::size_t kMaxHeadLineBytes = 8 * 1024;  // per request or header line
inline constexpr std::size_t kMaxHeadBytes = 64 * 1024;     // the whole head

enum class HeadScan {
  kIncomplete,   // need more bytes
  kComplete,     // head_bytes is set
  kLineTooLong,  // a line passed kMaxHeadLineBytes
  kHeadTooLarge  // the head passed kMaxHeadBytes
};

// Looks for the blank line that ends a head at the start of `buffer`,
// checking the limits on what has arrived so far, so a head that will be
// too long is refused before it is complete.
HeadScan scan_head(std::string_view buffer, std::size_t& head_bytes);

struct RequestHead {
  std::string method;
  std::string target;
  std::string version;
  std::vector<std::pair<std::string, std::string>> headers;

  // The first value of a header (name compared without case), if any.
  std::optional<std::string> header(std::string_view name) const;
  std::size_t count(std::string_view name) const;
};

// Parses a complete head (as found by scan_head); nothing when malformed.
std::optional<RequestHead> parse_head(std::string_view head);

// The head as httplib will see it: without the headers named in `drop`,
// plus `extra` ones, ending in the blank line.
std::string serialize_head(const RequestHead& head, const std::vector<std::string_view>& drop,
                           const std::vector<std::pair<std::string, std::string>>& extra);

}  // namespace planwise::server
