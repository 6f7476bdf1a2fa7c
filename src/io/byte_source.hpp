// Bytes of an input read a window at a time, from memory or from a file
// (issue 13 item 5: a 62 MB census read whole into one buffer spends more
// time in page faults than the parser spends on it; windows of a few
// hundred KB stay in cache and are reused).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace planwise::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t size() const = 0;
  // Bytes from `offset` on: at least min(want, size() - offset) of them,
  // kept in `buffer` or in memory that outlives the source. Safe to call
  // from several threads, each with its own buffer.
  virtual Result<std::string_view> read(std::size_t offset, std::size_t want,
                                        std::string& buffer) const = 0;
};

// Text already in memory: every read gives all of the rest, without a copy.
class TextBytes final : public ByteSource {
 public:
  explicit TextBytes(std::string_view text) : text_(text) {}
  std::size_t size() const override { return text_.size(); }
  Result<std::string_view> read(std::size_t offset, std::size_t want,
                                std::string& buffer) const override;

 private:
  std::string_view text_;
};

// A file, read with pread: its size is taken when it is opened.
class FileBytes final : public ByteSource {
 public:
  // A missing or unreadable file is a file_readable error naming the path.
  static Result<FileBytes> open(const std::filesystem::path& path);
  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&&) = delete;
  FileBytes(const FileBytes&) = delete;
  ~FileBytes() override;

  std::size_t size() const override { return size_; }
  Result<std::string_view> read(std::size_t offset, std::size_t want,
                                std::string& buffer) const override;

 private:
  FileBytes(std::string path, int fd, std::size_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_ = -1;
  std::size_t size_ = 0;
};

}  // namespace planwise::io
