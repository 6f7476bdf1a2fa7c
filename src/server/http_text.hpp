// Small text helpers for HTTP header values (RFC 9110: optional white space
// is spaces and tabs; names and tokens compare case-insensitively), shared
// by the request reader, the head parser and the request guard.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace planwise::server {

// The text without leading and trailing spaces and tabs.
inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

inline std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace planwise::server
