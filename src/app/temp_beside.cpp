#include "app/temp_beside.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace planwise::app {

namespace fs = std::filesystem;

Error file_write_error(const fs::path& path, const std::string& what) {
  return Error::make(ErrorKind::kStorage, "cannot write " + path.string() + ": " + what);
}

Result<TempBeside> TempBeside::create(const fs::path& out) {
  const fs::path folder = out.has_parent_path() ? out.parent_path() : fs::path(".");
  std::string name = (folder / ("." + out.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return file_write_error(out, std::strerror(errno));
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    ::close(fd);
    ::unlink(name.c_str());
    return file_write_error(out, std::strerror(errno));
  }
  return TempBeside(std::move(name), file);
}

TempBeside::TempBeside(TempBeside&& other) noexcept
    : path_(std::move(other.path_)), file_(other.file_) {
  other.file_ = nullptr;
  other.path_.clear();
}

TempBeside::~TempBeside() {
  if (file_ != nullptr) std::fclose(file_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

bool TempBeside::write(const char* data, std::size_t size) {
  return std::fwrite(data, 1, size, file_) == size;
}

Status TempBeside::keep_as(const fs::path& out) {
  const bool synced = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  const int sync_error = errno;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!synced) return file_write_error(out, std::strerror(sync_error));
  if (!closed) return file_write_error(out, std::strerror(errno));
  std::error_code ec;
  fs::rename(path_, out, ec);
  if (ec) return file_write_error(out, ec.message());
  path_.clear();
  return Status::success();
}

}  // namespace planwise::app
