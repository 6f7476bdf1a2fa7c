#include "io/csv_reader.hpp"

#include <cstdio>
#include <deque>

#include "io/csv_records.hpp"

namespace planwise::io {

Result<TextTable> parse_csv_text(std::string_view text, std::string file) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  TextTable table;
  table.file = std::move(file);
  auto header = parse_csv_header(text, table.file);
  if (!header) return std::move(header).error();
  table.header = std::move(header->names);
  table.reserve(text.size() / 64, text.size());
  csv::RecordParser parser{text, header->body_begin, header->body_line};
  std::vector<csv::Issue> issues;
  csv::for_each_record(parser, text.size(), csv::kWholeText, table.header.size(), kErrorCap, issues,
                       [&table](const std::vector<std::string_view>& fields, std::int64_t line) {
                         table.begin_row(line);
                         for (std::string_view f : fields) table.add_cell(f);
                       });
  if (issues.empty()) return table;
  ErrorCollector errors;
  for (const csv::Issue& issue : issues)
    errors.add(csv::issue_error(issue, table.file, table.header.size(), 0));
  return errors.take();
}

Result<CsvHeader> parse_csv_header(std::string_view text, const std::string& file) {
  if (text.empty()) {
    return Error::invalid_input(file, 1, "", "csv_header", "",
                                "the file is empty: a header row is required");
  }
  csv::RecordParser parser{text};
  std::vector<std::string_view> fields;
  std::deque<std::string> scratch;
  if (!parser.next(fields, scratch)) {
    return csv::issue_error({csv::Issue::Kind::kUnterminatedQuote, 1, parser.open_quote_line, 0},
                            file, 0, 0);
  }
  CsvHeader header;
  header.names.assign(fields.begin(), fields.end());
  header.body_begin = parser.pos;
  header.body_line = parser.line;
  const std::vector<std::string>& names = header.names;
  for (std::size_t c = 0; c < names.size(); ++c) {
    for (std::size_t d = 0; d < c; ++d) {
      if (names[c] == names[d] && !names[c].empty()) {
        return Error::invalid_input(file, 1, names[c], "csv_unique_columns", names[c],
                                    "the column name appears twice in the header");
      }
    }
  }
  return header;
}

Result<std::string> read_text_file(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "cannot open the file for reading");
  }
  std::string text;
  bool ok = std::fseek(f, 0, SEEK_END) == 0;
  const long size = ok ? std::ftell(f) : -1;
  ok = size >= 0 && std::fseek(f, 0, SEEK_SET) == 0;
  if (ok) {
    text.resize(static_cast<std::size_t>(size));
    ok = std::fread(text.data(), 1, text.size(), f) == text.size();
  }
  std::fclose(f);
  if (!ok) {
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "reading the file failed");
  }
  return text;
}

Result<TextTable> read_csv_file(const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return std::move(text).error();
  return parse_csv_text(*text, path.string());
}

Result<std::size_t> require_column(const TextTable& table, std::string_view name) {
  if (auto c = table.column(name)) return *c;
  return Error::invalid_input(table.file, 1, std::string(name), "required_column", "",
                              "the required column is missing from the header");
}

}  // namespace planwise::io
