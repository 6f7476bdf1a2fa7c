#include "io/csv_table_writer.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>

#include "common/number_text.hpp"

namespace planwise::io {

namespace {
constexpr std::size_t kFlushBytes = 1 << 20;
}

Result<std::unique_ptr<CsvTableWriter>> CsvTableWriter::open(const std::filesystem::path& path,
                                                             const engine::TableDef& table) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return Error::make(ErrorKind::kStorage,
                       "cannot create " + path.string() + ": " + std::strerror(errno));
  }
  std::unique_ptr<CsvTableWriter> writer(new CsvTableWriter(file, path));
  writer->buffer_.reserve(kFlushBytes + 4096);
  for (const engine::ColumnDef& c : table.columns) writer->text(c.name);
  writer->end_row();
  return writer;
}

CsvTableWriter::~CsvTableWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void append_csv_field(std::string& out, std::string_view value) {
  const bool quote = value.find_first_of(",\"\n\r") != std::string_view::npos;
  if (!quote) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void CsvTableWriter::text(std::string_view value) {
  separator();
  append_csv_field(buffer_, value);
}

void CsvTableWriter::integer(std::int64_t value) {
  separator();
  char tmp[kNumberBufferSize];
  buffer_.append(tmp, format_int(value, tmp));
}

void CsvTableWriter::real(double value) {
  separator();
  if (std::isnan(value)) return;
  char tmp[kNumberBufferSize];
  buffer_.append(tmp, format_shortest(value, tmp));
}

void CsvTableWriter::money(double value) {
  separator();
  char tmp[kNumberBufferSize];
  buffer_.append(tmp, format_money(value, tmp));
}

void CsvTableWriter::date(DayNumber value) {
  separator();
  if (value == kNoDate) return;
  char tmp[10];
  format_date(value, tmp);
  buffer_.append(tmp, 10);
}

void CsvTableWriter::boolean(bool value) {
  separator();
  buffer_.append(value ? "true" : "false");
}

void CsvTableWriter::end_row() {
  buffer_.push_back('\n');
  first_ = true;
  flush_if_full();
}

void CsvTableWriter::flush_if_full() {
  if (buffer_.size() < kFlushBytes) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) failed_ = true;
  buffer_.clear();
}

Status CsvTableWriter::close() {
  if (file_ == nullptr) return Status::success();
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    failed_ = true;
  }
  buffer_.clear();
  if (std::fclose(file_) != 0) failed_ = true;
  file_ = nullptr;
  if (failed_) return Error::make(ErrorKind::kStorage, "writing " + path_.string() + " failed");
  return Status::success();
}

}  // namespace planwise::io
