// Spec §1.1: the one CSV record splitter, shared by the whole-table reader
// (csv_reader.cpp) and the census's chunked reader (census_csv.cpp), so that
// both cut fields and count lines the same way, byte for byte.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace planwise::io::csv {

// Splits records from `pos` on, counting lines. `line` is the line where the
// next record starts: 1-based in the file, or relative to a chunk's start.
struct RecordParser {
  std::string_view text;
  std::size_t pos = 0;
  std::int64_t line = 1;
  // Set by next() on an unterminated quote: the line where the quote opened.
  std::int64_t open_quote_line = 0;

  bool at_end() const { return pos >= text.size(); }

  // Skips one empty line ("\n", "\r\n" or a lone "\r") at `pos`.
  bool skip_blank_line() {
    if (pos >= text.size() || (text[pos] != '\n' && text[pos] != '\r')) return false;
    if (text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
    ++line;
    return true;
  }

  // Splits the record at `pos` into `fields`; false on an unterminated quote
  // (then open_quote_line is set). Unquoted fields are views into the text;
  // quoted ones are unescaped into `scratch`, whose strings keep their
  // buffers from record to record (a deque, so earlier views stay valid when
  // it grows).
  bool next(std::vector<std::string_view>& fields, std::deque<std::string>& scratch);
};

// A record-level problem, kept with its line as the parser counted it, so a
// chunk parsed before its first line is known can be placed later.
struct Issue {
  enum class Kind { kFieldCount, kUnterminatedQuote };
  Kind kind;
  std::int64_t line;        // where the record starts
  std::int64_t quote_line;  // kUnterminatedQuote: where the quote opened
  std::size_t fields;       // kFieldCount: fields found
};

// The input error of an issue, its lines moved down by `line_offset`.
Error issue_error(const Issue& issue, const std::string& file, std::size_t header_fields,
                  std::int64_t line_offset);

// How a run of records ended: at `pos`, with the next record on `line`.
// `stopped` means the reader gives up here (an unterminated quote, or
// `issue_cap` record errors), so nothing after it counts.
struct RecordsEnd {
  std::size_t pos = 0;
  std::int64_t line = 0;
  bool stopped = false;
};

// Calls on_record(fields, line) for each record that starts before `stop`,
// skipping blank lines; records whose field count differs from the header's
// are reported in `issues` instead. `complete_until` is kWholeText when the
// text is all there is; for a window of a longer file it is just after the
// window's last '\n'. A record that runs past it (or into an open quote at
// the window's end) is left for the next window: the run ends at its start.
inline constexpr std::size_t kWholeText = std::string_view::npos;
template <class OnRecord>
RecordsEnd for_each_record(RecordParser& parser, std::size_t stop, std::size_t complete_until,
                           std::size_t header_fields, std::size_t issue_cap,
                           std::vector<Issue>& issues, OnRecord&& on_record) {
  const bool whole_text = complete_until == kWholeText;
  std::vector<std::string_view> fields;
  fields.reserve(header_fields);
  std::deque<std::string> scratch;
  while (!parser.at_end() && parser.pos < stop) {
    if (!whole_text && parser.pos >= complete_until) break;
    const std::size_t begin = parser.pos;
    const std::int64_t line = parser.line;
    const bool blank = parser.skip_blank_line();
    const bool complete = blank || parser.next(fields, scratch);
    if (!whole_text && (!complete || parser.pos > complete_until)) {
      parser.pos = begin;
      parser.line = line;
      break;
    }
    if (blank) continue;
    if (!complete) {
      issues.push_back({Issue::Kind::kUnterminatedQuote, line, parser.open_quote_line, 0});
      return {parser.pos, parser.line, true};
    }
    if (fields.size() != header_fields) {
      issues.push_back({Issue::Kind::kFieldCount, line, 0, fields.size()});
      if (issues.size() >= issue_cap) return {parser.pos, parser.line, true};
      continue;
    }
    on_record(fields, line);
  }
  return {parser.pos, parser.line, false};
}

}  // namespace planwise::io::csv
