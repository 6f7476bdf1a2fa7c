// Issue 9 item 3: chunked request bodies, decoded with a bound on memory.
#include "server/chunked_body.hpp"

#include <algorithm>
#include <cctype>

namespace planwise::server {

namespace {

// A size line is hex digits and optional extensions; 1 KiB is far beyond
// any honest one. Trailers get the head's line budget.
constexpr std::size_t kMaxSizeLineBytes = 1024;
constexpr std::size_t kMaxTrailerBytes = 8 * 1024;

}  // namespace

ChunkedBody::State ChunkedBody::take_line(std::string_view input, std::size_t& at,
                                          std::string& line) {
  const std::size_t newline = input.find('\n', at);
  const std::size_t end = newline == std::string_view::npos ? input.size() : newline;
  line.append(input.substr(at, end - at));
  at = newline == std::string_view::npos ? input.size() : newline + 1;
  const std::size_t limit = part_ == Part::kTrailer ? kMaxTrailerBytes : kMaxSizeLineBytes;
  if (line.size() > limit) return State::kMalformed;
  if (newline == std::string_view::npos) return State::kNeedMore;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return State::kDone;
}

ChunkedBody::State ChunkedBody::feed(std::string_view input, std::size_t& consumed) {
  std::size_t at = 0;
  auto finish = [&](State s) {
    consumed = at;
    return s;
  };
  while (at < input.size()) {
    switch (part_) {
      case Part::kSizeLine: {
        const State s = take_line(input, at, line_);
        if (s != State::kDone) return finish(s);
        const std::string_view digits = std::string_view(line_).substr(0, line_.find(';'));
        const std::size_t trimmed = digits.find_last_not_of(" \t");
        const std::string_view hex = digits.substr(0, trimmed == digits.npos ? 0 : trimmed + 1);
        if (hex.empty() || hex.size() > 15 ||
            !std::all_of(hex.begin(), hex.end(), [](unsigned char c) { return std::isxdigit(c); }))
          return finish(State::kMalformed);
        chunk_left_ = std::stoull(std::string(hex), nullptr, 16);
        line_.clear();
        if (chunk_left_ > max_body_bytes_ - total_) return finish(State::kTooLarge);
        total_ += chunk_left_;
        part_ = chunk_left_ == 0 ? Part::kTrailer : Part::kData;
        break;
      }
      case Part::kData: {
        const std::size_t take = std::min(chunk_left_, input.size() - at);
        body_.append(input.substr(at, take));
        at += take;
        chunk_left_ -= take;
        if (chunk_left_ == 0) part_ = Part::kDataEnd;
        break;
      }
      case Part::kDataEnd: {
        const State s = take_line(input, at, line_);
        if (s != State::kDone) return finish(s);
        if (!line_.empty()) return finish(State::kMalformed);
        part_ = Part::kSizeLine;
        break;
      }
      case Part::kTrailer: {
        const State s = take_line(input, at, line_);
        if (s != State::kDone) return finish(s);
        trailer_bytes_ += line_.size();
        if (trailer_bytes_ > kMaxTrailerBytes) return finish(State::kMalformed);
        const bool last = line_.empty();
        line_.clear();
        if (last) return finish(State::kDone);
        break;
      }
    }
  }
  return finish(State::kNeedMore);
}

}  // namespace planwise::server
