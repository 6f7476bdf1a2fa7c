#include "io/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace planwise::io {

Result<std::string_view> TextBytes::read(std::size_t offset, std::size_t /*want*/,
                                         std::string& /*buffer*/) const {
  return text_.substr(std::min(offset, text_.size()));
}

Result<FileBytes> FileBytes::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  if (fd < 0 || ::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    if (fd >= 0) ::close(fd);
    return Error::invalid_input(path.string(), 0, "", "file_readable", "",
                                "cannot open the file for reading");
  }
  return FileBytes(path.string(), fd, static_cast<std::size_t>(info.st_size));
}

FileBytes::FileBytes(FileBytes&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), size_(other.size_) {
  other.fd_ = -1;
}

FileBytes::~FileBytes() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::string_view> FileBytes::read(std::size_t offset, std::size_t want,
                                         std::string& buffer) const {
  const std::size_t count = std::min(want, size_ - std::min(offset, size_));
  if (buffer.size() < count) buffer.resize(count);
  std::size_t done = 0;
  while (done < count) {
    const ssize_t got =
        ::pread(fd_, buffer.data() + done, count - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    // A file cut shorter while it is read ends early: an error, as a short
    // read of the whole file was.
    if (got <= 0) {
      return Error::invalid_input(path_, 0, "", "file_readable", "", "reading the file failed");
    }
    done += static_cast<std::size_t>(got);
  }
  return std::string_view(buffer.data(), count);
}

}  // namespace planwise::io
