// Issue 13 item 5: a census CSV parsed in chunks on several threads, straight
// into typed rows. The body is cut after a '\n' near each 1/n of the bytes;
// each chunk is parsed as if a record started there, a window of bytes at a
// time, with lines counted from the chunk's start. The merge then checks each
// cut against where the previous chunk's records really ended (a quoted field
// may run over a cut: that chunk is parsed again from the right place) and
// moves lines into place, so rows and errors are those of the one-thread
// table reader (spec §1.1, §1.2, §0.4).
#include <algorithm>
#include <cstring>
#include <optional>
#include <thread>
#include <vector>

#include "io/byte_source.hpp"
#include "io/census_cells.hpp"
#include "io/census_reader.hpp"
#include "io/csv_reader.hpp"
#include "io/csv_records.hpp"

namespace planwise::io {

namespace {

// Below this many bytes per chunk a thread costs more than it saves.
constexpr std::size_t kMinChunkBytes = std::size_t{1} << 20;

struct CellError {
  std::size_t record;  // the chunk's n-th converted row, to keep a row's errors together
  Error error;
};

// One piece of the body. Its lines (of rows, issues and errors) count from
// `first_line` at `begin`; `line_offset` places them in the file.
struct Chunk {
  std::size_t begin = 0;
  std::size_t stop = 0;  // records that start before `stop` are this chunk's
  std::int64_t first_line = 0;
  std::int64_t line_offset = 0;
  std::size_t reserve_rows = 0;
  engine::CensusRows rows;
  std::vector<csv::Issue> issues;
  std::vector<CellError> cell_errors;
  std::optional<Error> read_error;
  csv::RecordsEnd end;
};

struct ChunkContext {
  const ByteSource& source;
  const std::string& file;
  const CensusColumns& columns;
  std::size_t header_fields;
  std::size_t window_bytes;
};

// Where the bytes of `window` that hold whole records end: all of them at
// the end of the source, else just after the last '\n' (0 if none).
std::size_t complete_until(std::string_view window, bool last) {
  if (last) return csv::kWholeText;
  const std::size_t newline = window.rfind('\n');
  return newline == std::string_view::npos ? 0 : newline + 1;
}

void parse_chunk(const ChunkContext& context, Chunk& chunk) {
  reserve_census_rows(chunk.rows, chunk.reserve_rows);
  std::vector<Error> row_errors;
  std::size_t record = 0;
  auto on_record = [&](const std::vector<std::string_view>& fields, std::int64_t line) {
    // The one-thread reader stops converting once its errors reach the cap;
    // rows after that cannot add an error the merge would keep.
    if (chunk.cell_errors.size() >= kErrorCap) return;
    add_census_row(context.columns, fields.data(), line, context.file, chunk.rows, row_errors);
    for (Error& e : row_errors) chunk.cell_errors.push_back({record, std::move(e)});
    row_errors.clear();
    ++record;
  };
  std::string buffer;
  std::size_t offset = chunk.begin;
  std::int64_t line = chunk.first_line;
  std::size_t want = context.window_bytes;
  while (offset < chunk.stop) {
    auto bytes = context.source.read(offset, want, buffer);
    if (!bytes) {
      chunk.read_error = std::move(bytes).error();
      break;
    }
    const bool last = offset + bytes->size() >= context.source.size();
    csv::RecordParser parser{*bytes, 0, line};
    const csv::RecordsEnd end =
        csv::for_each_record(parser, chunk.stop - offset, complete_until(*bytes, last),
                             context.header_fields, kErrorCap, chunk.issues, on_record);
    offset += end.pos;
    line = end.line;
    if (end.stopped || last) {
      chunk.end = {offset, line, end.stopped};
      return;
    }
    // No whole record in the window: one record is longer than it.
    want = end.pos == 0 ? want * 2 : context.window_bytes;
  }
  chunk.end = {offset, line, false};
}

// The header, from a window that holds it whole (it may span lines).
struct SourceHeader {
  CsvHeader header;
  std::size_t body_begin = 0;  // in the source, after any BOM
  std::string_view sample;     // body bytes after the header, to estimate row lengths
};

Result<SourceHeader> read_header(const ByteSource& source, const std::string& file,
                                 std::size_t window_bytes, std::string& buffer) {
  for (std::size_t want = window_bytes;; want *= 2) {
    auto bytes = source.read(0, want, buffer);
    if (!bytes) return std::move(bytes).error();
    std::string_view text = *bytes;
    const std::size_t bom = text.substr(0, kUtf8Bom.size()) == kUtf8Bom ? kUtf8Bom.size() : 0;
    text.remove_prefix(bom);
    const bool last = bom + text.size() >= source.size();
    const std::size_t whole = complete_until(text, last);
    csv::RecordParser probe{text};
    std::vector<std::string_view> fields;
    std::deque<std::string> scratch;
    const bool complete = probe.next(fields, scratch);
    if (!last && (!complete || whole == 0 || probe.pos > whole)) continue;
    auto header = parse_csv_header(last ? text : text.substr(0, whole), file);
    if (!header) return std::move(header).error();
    const std::size_t body = header->body_begin;
    return SourceHeader{std::move(header).value(), bom + body,
                        text.substr(body, (last ? text.size() : whole) - body)};
  }
}

// Rows in `bytes` bytes, from the mean length of the sample's first lines:
// enough to reserve once, without a counting pass over the file.
std::size_t estimate_rows(std::string_view sample, std::size_t bytes) {
  constexpr int kSampleLines = 64;
  std::size_t pos = 0;
  int lines = 0;
  for (; lines < kSampleLines; ++lines) {
    const std::size_t newline = sample.find('\n', pos);
    if (newline == std::string_view::npos) break;
    pos = newline + 1;
  }
  if (lines == 0) return 16;
  return static_cast<std::size_t>(static_cast<double>(bytes) / (static_cast<double>(pos) / lines) *
                                  1.05) +
         16;
}

// Just after the first '\n' at or after `from`; npos when there is none.
Result<std::size_t> next_line_start(const ByteSource& source, std::size_t from,
                                    std::string& buffer) {
  constexpr std::size_t kProbe = std::size_t{1} << 16;
  while (from < source.size()) {
    auto bytes = source.read(from, kProbe, buffer);
    if (!bytes) return std::move(bytes).error();
    const std::size_t newline = bytes->find('\n');
    if (newline != std::string_view::npos) return from + newline + 1;
    from += bytes->size();
  }
  return std::string_view::npos;
}

// Chunk starts: `begin`, then just after the first '\n' at or past each
// further 1/parts of the body.
Result<std::vector<std::size_t>> cut_points(const ByteSource& source, std::size_t begin,
                                            std::size_t parts) {
  std::vector<std::size_t> starts{begin};
  std::string buffer;
  const std::size_t body = source.size() - begin;
  for (std::size_t k = 1; k < parts; ++k) {
    auto start = next_line_start(source, std::max(begin + body / parts * k, starts.back()), buffer);
    if (!start) return std::move(start).error();
    if (*start >= source.size()) break;
    if (*start > starts.back()) starts.push_back(*start);
  }
  return starts;
}

// Chains the chunks: each must start where the previous one's records
// ended; one that does not is parsed again from there. Chunks after one that
// stopped (an unterminated quote, too many errors) are dropped.
void chain_chunks(const ChunkContext& context, std::vector<Chunk>& chunks) {
  for (std::size_t k = 1; k < chunks.size(); ++k) {
    const Chunk& previous = chunks[k - 1];
    if (previous.end.stopped || previous.read_error) {
      chunks.resize(k);
      return;
    }
    if (previous.end.pos != chunks[k].begin) {
      Chunk again;
      again.begin = previous.end.pos;
      again.stop = chunks[k].stop;
      again.reserve_rows = chunks[k].reserve_rows;
      parse_chunk(context, again);
      chunks[k] = std::move(again);
    }
    chunks[k].line_offset = previous.line_offset + previous.end.line;
  }
}

// The errors the one-thread reader would give, in its order: a read error
// first, then record errors (they stop it before any cell is read), then
// cell errors, row by row, until the collector is full.
std::optional<Error> merged_errors(const ChunkContext& context, std::vector<Chunk>& chunks) {
  for (Chunk& chunk : chunks) {
    if (chunk.read_error) return std::move(*chunk.read_error);
  }
  ErrorCollector errors(kErrorCap);
  for (const Chunk& chunk : chunks) {
    for (const csv::Issue& issue : chunk.issues) {
      if (errors.full()) break;
      errors.add(csv::issue_error(issue, context.file, context.header_fields, chunk.line_offset));
    }
  }
  if (!errors.empty()) return errors.take();
  for (Chunk& chunk : chunks) {
    for (std::size_t i = 0; i < chunk.cell_errors.size() && !errors.full();) {
      const std::size_t record = chunk.cell_errors[i].record;
      for (; i < chunk.cell_errors.size() && chunk.cell_errors[i].record == record; ++i) {
        Error& e = chunk.cell_errors[i].error;
        e.row += chunk.line_offset;
        errors.add(std::move(e));
      }
    }
  }
  if (!errors.empty()) return errors.take();
  return std::nullopt;
}

void append_rows(engine::CensusRows& to, const engine::CensusRows& from, std::int64_t line_offset) {
  for (std::int64_t line : from.source_row) to.source_row.push_back(line + line_offset);
  to.employee_id.append(from.employee_id);
  to.employee_ssn.append(from.employee_ssn);
  auto append = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
  append(to.birth_date, from.birth_date);
  append(to.hire_date, from.hire_date);
  append(to.termination_date, from.termination_date);
  append(to.gross_compensation, from.gross_compensation);
  append(to.active, from.active);
}

Result<engine::CensusRows> parse_census_source(const ByteSource& source, std::string file,
                                               const CsvReadOptions& options) {
  std::string buffer;
  auto header = read_header(source, file, options.window_bytes, buffer);
  if (!header) return std::move(header).error();
  auto columns = find_census_columns(header->header.names, file);
  if (!columns) {
    // A record error outranks a missing column: the table reader decides.
    std::string text;
    auto all = source.read(0, source.size(), text);
    if (!all) return std::move(all).error();
    auto table = parse_csv_text(*all, file);
    if (!table) return std::move(table).error();
    return parse_census(*table);
  }
  const ChunkContext context{source, file, *columns, header->header.names.size(),
                             std::max<std::size_t>(options.window_bytes, 1)};
  const std::size_t body_begin = header->body_begin;
  const std::size_t body_bytes = source.size() - body_begin;
  const std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t parts = options.chunks > 0
                                ? options.chunks
                                : std::clamp<std::size_t>(body_bytes / kMinChunkBytes, 1, threads);
  auto starts = cut_points(source, body_begin, parts);
  if (!starts) return std::move(starts).error();
  std::vector<Chunk> chunks(starts->size());
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    chunks[k].begin = (*starts)[k];
    chunks[k].stop = k + 1 < starts->size() ? (*starts)[k + 1] : source.size();
    chunks[k].reserve_rows = estimate_rows(header->sample, chunks[k].stop - chunks[k].begin);
  }
  // The first chunk has the file's own lines, and room for every row.
  chunks[0].first_line = header->header.body_line;
  chunks[0].reserve_rows = estimate_rows(header->sample, body_bytes);
  {
    std::vector<std::jthread> workers;
    for (std::size_t k = 1; k < chunks.size(); ++k)
      workers.emplace_back([&context, &chunk = chunks[k]] { parse_chunk(context, chunk); });
    parse_chunk(context, chunks[0]);
  }
  for (Chunk& chunk : chunks) {  // as when the whole file was read before parsing
    if (chunk.read_error) return std::move(*chunk.read_error);
  }
  chain_chunks(context, chunks);
  if (auto errors = merged_errors(context, chunks)) return std::move(*errors);
  engine::CensusRows rows = std::move(chunks[0].rows);
  for (std::size_t k = 1; k < chunks.size(); ++k)
    append_rows(rows, chunks[k].rows, chunks[k].line_offset);
  rows.file = std::move(file);
  return rows;
}

}  // namespace

Result<engine::CensusRows> parse_census_csv(std::string_view text, std::string file,
                                            const CsvReadOptions& options) {
  return parse_census_source(TextBytes(text), std::move(file), options);
}

Result<engine::CensusRows> read_census_csv(const std::filesystem::path& path,
                                           const CsvReadOptions& options) {
  auto source = FileBytes::open(path);
  if (!source) return std::move(source).error();
  return parse_census_source(*source, path.string(), options);
}

}  // namespace planwise::io
