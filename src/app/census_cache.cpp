#include "app/census_cache.hpp"

#include <system_error>
#include <thread>

#include "io/file_hash.hpp"

namespace planwise::app {

namespace fs = std::filesystem;

namespace {

// Empty when the file cannot be examined: the read then reports the error.
std::string file_key(const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::canonical(path, ec);
  if (ec) return {};
  const auto size = fs::file_size(canonical, ec);
  if (ec) return {};
  const auto written = fs::last_write_time(canonical, ec);
  if (ec) return {};
  return canonical.string() + '|' + std::to_string(size) + '|' +
         std::to_string(written.time_since_epoch().count());
}

}  // namespace

Result<CensusCache::Entry> CensusCache::load(const fs::path& path, const Reader& read) {
  // The hash needs only the bytes: it runs beside the parse (issue 13 item
  // 5), and a read error still comes first, as when they ran in turn.
  Result<std::string> hash = std::string();
  std::jthread hasher([&hash, &path] { hash = io::sha256_file(path); });
  auto rows = read(path);
  hasher.join();
  if (!rows) return std::move(rows).error();
  if (!hash) return std::move(hash).error();
  return Entry{std::make_shared<const engine::CensusRows>(std::move(rows).value()),
               std::move(hash).value()};
}

Result<CensusCache::Entry> CensusCache::get(const fs::path& path, const Reader& read) {
  const std::string key = file_key(path);
  if (!key.empty()) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (key == key_) return entry_;
  }
  auto loaded = load(path, read);
  if (!loaded) return std::move(loaded).error();
  Entry entry = std::move(loaded).value();
  // Kept only if the file did not change while it was read.
  if (!key.empty() && key == file_key(path)) {
    std::lock_guard<std::mutex> lock(mutex_);
    key_ = key;
    entry_ = entry;
  }
  return entry;
}

}  // namespace planwise::app
