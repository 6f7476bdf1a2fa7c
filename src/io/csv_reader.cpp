#include "io/csv_reader.hpp"

#include <deque>
#include <fstream>

namespace planwise::io {

namespace {

// Splits one record starting at `pos`; appends unescaped fields to `fields`
// (as spans into `scratch`) and advances `pos` and `line`.
struct RecordParser {
  std::string_view text;
  std::size_t pos = 0;
  std::int64_t line = 1;

  bool at_end() const { return pos >= text.size(); }

  // Returns false with `error` set on an unterminated quote. Unquoted
  // fields are views into the text; quoted ones are unescaped into
  // `scratch`, whose strings keep their buffers from record to record (a
  // deque, so earlier views stay valid when it grows).
  bool next(std::vector<std::string_view>& fields, std::deque<std::string>& scratch,
            std::string& error) {
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
            error = "unterminated quoted field starting on line " + std::to_string(start_line);
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
        while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          field.push_back(text[pos++]);
        }
        fields.push_back(field);
      } else {
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r')
          ++pos;
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
};

bool is_blank_line(std::string_view text, std::size_t pos) {
  return pos < text.size() && (text[pos] == '\n' || text[pos] == '\r');
}

}  // namespace

Result<TextTable> parse_csv_text(std::string_view text, std::string file) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  TextTable table;
  table.file = std::move(file);
  RecordParser parser{text};
  std::vector<std::string_view> fields;
  std::deque<std::string> scratch;
  std::string error;
  if (parser.at_end()) {
    return Error::invalid_input(table.file, 1, "", "csv_header", "",
                                "the file is empty: a header row is required");
  }
  if (!parser.next(fields, scratch, error))
    return Error::invalid_input(table.file, 1, "", "csv_quote", "", error);
  table.header.assign(fields.begin(), fields.end());
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    for (std::size_t d = 0; d < c; ++d) {
      if (table.header[c] == table.header[d] && !table.header[c].empty()) {
        return Error::invalid_input(table.file, 1, table.header[c], "csv_unique_columns",
                                    table.header[c], "the column name appears twice in the header");
      }
    }
  }
  table.reserve(text.size() / 64, text.size());
  ErrorCollector errors;
  while (!parser.at_end()) {
    if (is_blank_line(text, parser.pos)) {  // skip empty lines
      if (text[parser.pos] == '\r') ++parser.pos;
      if (parser.pos < text.size() && text[parser.pos] == '\n') ++parser.pos;
      ++parser.line;
      continue;
    }
    const std::int64_t line = parser.line;
    if (!parser.next(fields, scratch, error)) {
      errors.add(Error::invalid_input(table.file, line, "", "csv_quote", "", error));
      break;
    }
    if (fields.size() != table.header.size()) {
      errors.add(Error::invalid_input(
          table.file, line, "", "csv_field_count", std::to_string(fields.size()),
          "expected " + std::to_string(table.header.size()) + " fields as in the header, found " +
              std::to_string(fields.size())));
      if (errors.full()) break;
      continue;
    }
    table.begin_row(line);
    for (std::string_view f : fields) table.add_cell(f);
  }
  if (!errors.empty()) return errors.take();
  return table;
}

Result<TextTable> read_csv_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "cannot open the file for reading");
  }
  std::string text;
  in.seekg(0, std::ios::end);
  text.resize(static_cast<std::size_t>(in.tellg()));
  in.seekg(0, std::ios::beg);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in)
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "reading the file failed");
  return parse_csv_text(text, path.string());
}

Result<std::size_t> require_column(const TextTable& table, std::string_view name) {
  if (auto c = table.column(name)) return *c;
  return Error::invalid_input(table.file, 1, std::string(name), "required_column", "",
                              "the required column is missing from the header");
}

}  // namespace planwise::io
