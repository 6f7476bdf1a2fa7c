#include "io/csv_table_writer.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/number_text.hpp"

namespace planwise::io {

namespace {
constexpr std::size_t kFlushBytes = 1 << 20;
}

Result<std::unique_ptr<CsvTableWriter>> CsvTableWriter::open(const std::filesystem::path& path,
                                                             const engine::TableDef& table) {
  // A full disk must not leave half a file under the name asked for
  // (issue 15 item 2): write a temporary in the same folder, renamed at close.
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  std::string temp = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  std::FILE* file = fd < 0 ? nullptr : ::fdopen(fd, "wb");
  if (file == nullptr) {
    const int error = errno;
    if (fd >= 0) {
      ::close(fd);
      ::unlink(temp.c_str());
    }
    return Error::make(ErrorKind::kStorage,
                       "cannot create " + path.string() + ": " + std::strerror(error));
  }
  std::unique_ptr<CsvTableWriter> writer(new CsvTableWriter(file, path, temp));
  writer->buffer_.reserve(kFlushBytes + 4096);
  for (const engine::ColumnDef& c : table.columns) writer->text(c.name);
  writer->end_row();
  return writer;
}

CsvTableWriter::~CsvTableWriter() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  ::unlink(temp_.c_str());
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
  write_buffer();
}

void CsvTableWriter::write_buffer() {
  if (write_errno_ == 0 && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    write_errno_ = errno != 0 ? errno : EIO;
  buffer_.clear();
}

Status CsvTableWriter::close() {
  if (file_ == nullptr) return Status::success();
  if (!buffer_.empty()) write_buffer();
  if (std::fclose(file_) != 0 && write_errno_ == 0) write_errno_ = errno != 0 ? errno : EIO;
  file_ = nullptr;
  if (write_errno_ == 0 && std::rename(temp_.c_str(), path_.c_str()) != 0) write_errno_ = errno;
  if (write_errno_ == 0) return Status::success();
  ::unlink(temp_.c_str());
  return Error::make(ErrorKind::kStorage,
                     "cannot write " + path_.string() + ": " + std::strerror(write_errno_));
}

}  // namespace planwise::io
