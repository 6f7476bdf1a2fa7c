// Decodes a chunked request body (RFC 9112 §7.1) under a size limit
// (issue 9 item 3): Debian's httplib 0.11 reads chunked bodies without
// applying its payload limit, so our transport decodes them itself and
// hands httplib a body with a Content-Length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace planwise::server {

class ChunkedBody {
 public:
  enum class State { kNeedMore, kDone, kTooLarge, kMalformed };

  explicit ChunkedBody(std::size_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}

  // Consumes bytes from the front of `input` (sets `consumed`); stops at
  // the end of the body, so the bytes after it (a pipelined request) stay.
  // A chunk that would take the body past the limit is refused by its size
  // line, before its data is read.
  State feed(std::string_view input, std::size_t& consumed);
  const std::string& body() const { return body_; }
  // The body decoded since the last take (streamed uploads, issue 14 item
  // 1): the limit still counts every byte of the body.
  std::string take() { return std::exchange(body_, std::string()); }

 private:
  enum class Part { kSizeLine, kData, kDataEnd, kTrailer };
  State take_line(std::string_view input, std::size_t& at, std::string& line);

  std::size_t max_body_bytes_;
  std::string body_;
  std::size_t total_ = 0;  // body bytes decoded, taken or not
  Part part_ = Part::kSizeLine;
  std::size_t chunk_left_ = 0;
  std::string line_;  // the current size or trailer line, so far
  std::size_t trailer_bytes_ = 0;
};

}  // namespace planwise::server
