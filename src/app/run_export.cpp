#include "app/run_export.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "app/run_workbook.hpp"

namespace planwise::app {

namespace {

namespace fs = std::filesystem;

Error file_error(const fs::path& path, const std::string& what) {
  return Error::make(ErrorKind::kStorage, "cannot write " + path.string() + ": " + what);
}

// A temporary file beside `out` (same folder, so the rename is atomic),
// removed unless kept.
class TempBeside {
 public:
  static Result<TempBeside> create(const fs::path& out) {
    const fs::path folder = out.has_parent_path() ? out.parent_path() : fs::path(".");
    std::string name = (folder / ("." + out.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) return file_error(out, std::strerror(errno));
    FILE* file = ::fdopen(fd, "wb");
    if (file == nullptr) {
      ::close(fd);
      ::unlink(name.c_str());
      return file_error(out, std::strerror(errno));
    }
    return TempBeside(std::move(name), file);
  }
  TempBeside(TempBeside&& o) noexcept : path_(std::move(o.path_)), file_(o.file_) {
    o.file_ = nullptr;
    o.path_.clear();
  }
  TempBeside& operator=(TempBeside&&) = delete;
  ~TempBeside() {
    if (file_ != nullptr) std::fclose(file_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  bool write(const char* data, std::size_t size) {
    return std::fwrite(data, 1, size, file_) == size;
  }
  Status keep_as(const fs::path& out) {
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!closed) return file_error(out, std::strerror(errno));
    std::error_code ec;
    fs::rename(path_, out, ec);
    if (ec) return file_error(out, ec.message());
    path_.clear();
    return Status::success();
  }

 private:
  TempBeside(std::string path, FILE* file) : path_(std::move(path)), file_(file) {}
  std::string path_;
  FILE* file_ = nullptr;
};

Status export_csv(const RunExportRequest& r, const std::string& table) {
  // Checked before the temporary file exists.
  PLANWISE_RETURN_IF_ERROR(check_table_export(r.db_path, r.run_id, table));
  auto temp = TempBeside::create(r.out);
  if (!temp) return std::move(temp).error();
  bool write_failed = false;
  Status s = stream_table_csv(r.db_path, r.run_id, table, r.personal,
                              [&](const char* data, std::size_t size) {
                                write_failed = !temp->write(data, size);
                                return !write_failed;
                              });
  if (write_failed) return file_error(r.out, std::strerror(errno));
  PLANWISE_RETURN_IF_ERROR(s);
  return temp->keep_as(r.out);
}

}  // namespace

Status write_file_atomically(const fs::path& out, const std::string& bytes) {
  auto temp = TempBeside::create(out);
  if (!temp) return std::move(temp).error();
  if (!temp->write(bytes.data(), bytes.size())) return file_error(out, std::strerror(errno));
  return temp->keep_as(out);
}

Result<RunExportFormat> parse_export_format(const std::string& text, const std::string& field) {
  if (text == "csv") return RunExportFormat::kCsv;
  if (text == "parquet") return RunExportFormat::kParquet;
  if (text == "xlsx") return RunExportFormat::kXlsx;
  return Error::invalid_input("request", 0, field, "export_format", text,
                              field + " is csv, parquet or xlsx");
}

Status export_run_file(const RunExportRequest& r) {
  if (r.out.empty())
    return Error::invalid_input("request", 0, "out", "out_path", "", "an output file is needed");
  switch (r.format) {
    case RunExportFormat::kCsv:
      return export_csv(r, r.table.value_or("year_summary"));
    case RunExportFormat::kParquet: {
      auto bytes = stored_table_parquet(r.db_path, r.run_id, r.table.value_or("year_summary"),
                                        r.personal);
      if (!bytes) return std::move(bytes).error();
      return write_file_atomically(r.out, *bytes);
    }
    case RunExportFormat::kXlsx: {
      auto wb = r.table ? table_workbook(r.db_path, r.run_id, *r.table, r.personal, r.exported_at)
                        : run_workbook(r.db_path, r.run_id, r.exported_at);
      if (!wb) return std::move(wb).error();
      return write_workbook_file(*wb, r.out);
    }
  }
  return Status::success();
}

}  // namespace planwise::app
