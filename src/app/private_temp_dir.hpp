// A private temporary folder (issue 9 exports; issue 14 item 3's export
// file cache): exports may hold SSNs, so they are written only inside one.
#pragma once

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "common/result.hpp"

namespace planwise::app {

// A fresh private folder under the system temporary folder (mkdtemp: an
// unguessable name, mode 0700), removed with its contents when this goes,
// whether the export succeeded, failed or threw.
class PrivateTempDir {
 public:
  static Result<std::unique_ptr<PrivateTempDir>> create(
      const std::string& prefix = "planwise-export") {
    std::error_code ec;
    const std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec) return Error::make(ErrorKind::kStorage, "no temporary folder: " + ec.message());
    std::string name = (base / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(name.data()) == nullptr) {
      return Error::make(ErrorKind::kStorage, "cannot create a temporary folder in " +
                                                  base.string() + ": " + std::strerror(errno));
    }
    return std::unique_ptr<PrivateTempDir>(new PrivateTempDir(name));
  }
  ~PrivateTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit PrivateTempDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace planwise::app
