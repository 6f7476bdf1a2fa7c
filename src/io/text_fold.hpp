// Case- and space-insensitive text comparison for the names and values of
// files we did not write (HRIS headers, status words; issue 14 item 1).
// ASCII only: header names and the words we match are ASCII.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace planwise::io {

// ASCII white space, without the locale lookup of std::isspace: trimming
// runs on every cell of an export.
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

inline std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline char lower_ascii(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Equal ignoring ASCII case and surrounding spaces.
inline bool equal_folded(std::string_view a, std::string_view b) {
  a = trimmed(a);
  b = trimmed(b);
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower_ascii(x) == lower_ascii(y);
         });
}

// A header reduced to its letters and digits, lower case: "Employee ID",
// "employee_id" and "EMPLOYEE-ID" all become "employeeid".
inline std::string normalised_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += lower_ascii(c);
  }
  return out;
}

}  // namespace planwise::io
