// A parsed census kept in memory while its file is unchanged. The server
// simulates the same census on every impact preview, headline, run and
// optimization; reading and hashing it each time cost ~50 ms at 60,000
// employees and ~0.8 s at 1,000,000 (bench, issue 2). The CLI runs once
// and does not use it.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.hpp"
#include "engine/census.hpp"

namespace planwise::app {

class CensusCache {
 public:
  struct Entry {
    std::shared_ptr<const engine::CensusRows> rows;
    std::string sha256;  // of the file the rows were read from
  };
  using Reader = std::function<Result<engine::CensusRows>(const std::filesystem::path&)>;

  // The rows of `path`: from memory when the file has the same size and
  // modification time as when it was read, otherwise read with `read` and
  // hashed. Errors are returned, never kept.
  Result<Entry> get(const std::filesystem::path& path, const Reader& read);
  // Reads and hashes without keeping anything (the CLI's path).
  static Result<Entry> load(const std::filesystem::path& path, const Reader& read);

 private:
  std::mutex mutex_;
  std::string key_;  // path, size and modification time of the entry's file
  Entry entry_;
};

}  // namespace planwise::app
