#include "io/csv_records.hpp"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace planwise::io::csv {

namespace {

// The end of an unquoted field: the next ',', '\n' or '\r' at or after
// `pos`, or the end of the text.
std::size_t field_end(std::string_view text, std::size_t pos) {
  const char* data = text.data();
  const std::size_t size = text.size();
#ifdef __SSE2__
  // 16 bytes at a time: most census fields end within the first block.
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  for (; pos + 16 <= size; pos += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, comma), _mm_cmpeq_epi8(block, newline)),
                     _mm_cmpeq_epi8(block, carriage_return));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return pos + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  while (pos < size) {
    const char c = data[pos];
    if (c == ',' || c == '\n' || c == '\r') return pos;
    ++pos;
  }
  return size;
}

}  // namespace

bool RecordParser::next(std::vector<std::string_view>& fields, std::deque<std::string>& scratch) {
  fields.clear();
  std::size_t quoted = 0;
  while (true) {
    if (pos < text.size() && text[pos] == '"') {
      if (scratch.size() <= quoted) scratch.emplace_back();
      std::string& field = scratch[quoted++];
      field.clear();
      const std::int64_t start_line = line;
      ++pos;
      while (true) {
        if (pos >= text.size()) {
          open_quote_line = start_line;
          return false;
        }
        const char c = text[pos++];
        if (c == '"') {
          if (pos < text.size() && text[pos] == '"') {
            field.push_back('"');
            ++pos;
            continue;
          }
          break;
        }
        if (c == '\n') ++line;
        field.push_back(c);
      }
      // Anything between the closing quote and the separator is kept
      // verbatim, as lenient readers do.
      const std::size_t end = field_end(text, pos);
      field.append(text.substr(pos, end - pos));
      pos = end;
      fields.push_back(field);
    } else {
      const std::size_t start = pos;
      pos = field_end(text, pos);
      fields.push_back(text.substr(start, pos - start));
    }
    if (pos < text.size() && text[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
    ++line;
    return true;
  }
}

Error issue_error(const Issue& issue, const std::string& file, std::size_t header_fields,
                  std::int64_t line_offset) {
  const std::int64_t line = issue.line + line_offset;
  if (issue.kind == Issue::Kind::kUnterminatedQuote) {
    return Error::invalid_input(file, line, "", "csv_quote", "",
                                "unterminated quoted field starting on line " +
                                    std::to_string(issue.quote_line + line_offset));
  }
  return Error::invalid_input(file, line, "", "csv_field_count", std::to_string(issue.fields),
                              "expected " + std::to_string(header_fields) +
                                  " fields as in the header, found " +
                                  std::to_string(issue.fields));
}

}  // namespace planwise::io::csv
