// A file written through a temporary beside its destination and renamed
// into place (issue 14): on any error, or when dropped, nothing is left at
// the destination and the temporary is removed. mkstemp makes it mode 0600
// under a name no other writer shares, since exports and stored censuses
// may hold personal data.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

#include "common/result.hpp"

namespace planwise::app {

class TempBeside {
 public:
  // A hidden temporary in `out`'s folder (so the rename is atomic).
  static Result<TempBeside> create(const std::filesystem::path& out);
  TempBeside(TempBeside&& other) noexcept;
  TempBeside& operator=(TempBeside&&) = delete;
  ~TempBeside();

  bool write(const char* data, std::size_t size);
  const std::filesystem::path& path() const { return path_; }
  // Flushes to disk, closes and renames the temporary to `out`.
  Status keep_as(const std::filesystem::path& out);

 private:
  TempBeside(std::filesystem::path path, std::FILE* file) : path_(std::move(path)), file_(file) {}
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
};

// "cannot write PATH: WHAT", a storage error.
Error file_write_error(const std::filesystem::path& path, const std::string& what);

}  // namespace planwise::app
