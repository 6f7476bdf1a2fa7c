// The whole body of an API response however the route gave it: in memory,
// from a producer (streamed), or from a file (exports, issue 14 item 3).
#pragma once

#include <string>

#include "api/http_types.hpp"
#include "support/test_paths.hpp"

namespace planwise::api::test_support {

inline std::string response_body(const Response& r) {
  if (r.file) return test::read_file(r.file->path);
  if (!r.producer) return r.body;
  std::string out;
  r.producer([&out](const char* data, std::size_t size) {
    out.append(data, size);
    return true;
  });
  return out;
}

}  // namespace planwise::api::test_support
