#include "app/export_files.hpp"

#include "app/private_temp_dir.hpp"

namespace planwise::app {

namespace fs = std::filesystem;

ExportFile::~ExportFile() {
  std::error_code ec;
  fs::remove(path, ec);
}

ExportFileCache::ExportFileCache(std::size_t max_files, std::uint64_t max_bytes)
    : max_files_(max_files), max_bytes_(max_bytes) {}

// The entries go before the folder they live in.
ExportFileCache::~ExportFileCache() {
  entries_.clear();
}

std::uint64_t ExportFileCache::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

// Made on the first export, so a server that never exports makes no folder.
Result<fs::path> ExportFileCache::folder() {
  if (!dir_) {
    auto dir = PrivateTempDir::create("planwise-exports");
    if (!dir) return std::move(dir).error();
    dir_ = std::move(dir).value();
  }
  return dir_->path();
}

Result<std::shared_ptr<const ExportFile>> ExportFileCache::get(
    const std::string& db_path, const std::string& run_id, const std::string& table,
    const std::string& format, PersonalData personal, double* written_ms) {
  if (written_ms != nullptr) *written_ms = -1;
  // Checked on every request, a cached file or not (a purge since).
  PLANWISE_RETURN_IF_ERROR(check_table_export(db_path, run_id, table));
  const std::string key = db_path + '\n' + run_id + '\n' + table + '\n' + format + '\n' +
                          (personal == PersonalData::kFull ? "full" : "masked");
  std::unique_lock lock(mutex_);
  written_.wait(lock, [&] { return in_flight_.count(key) == 0; });
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->first != key) continue;
    entries_.splice(entries_.begin(), entries_, it);
    return entries_.front().second;
  }
  auto dir = folder();
  if (!dir) return std::move(dir).error();
  const fs::path file = *dir / (std::to_string(next_name_++) + "_" + table + "." + format);
  in_flight_.insert(key);
  lock.unlock();
  // Written outside the lock: other exports go on meanwhile.
  const auto start = std::chrono::steady_clock::now();
  Status status = write_table_file(db_path, run_id, table, format, personal, file);
  if (written_ms != nullptr) {
    *written_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  std::error_code ec;
  const std::uint64_t size = status.ok() ? fs::file_size(file, ec) : 0;
  if (status.ok() && ec)
    status = Error::make(ErrorKind::kStorage, "cannot read " + file.string() + ": " + ec.message());
  lock.lock();
  in_flight_.erase(key);
  written_.notify_all();
  if (!status.ok()) {
    fs::remove(file, ec);
    return std::move(status).error();
  }
  ++writes_;
  auto entry = std::make_shared<const ExportFile>(file, size);
  entries_.emplace_front(key, entry);
  bytes_ += size;
  // Least recently used out; a download still sending one keeps its file.
  while (entries_.size() > 1 && (entries_.size() > max_files_ || bytes_ > max_bytes_)) {
    bytes_ -= entries_.back().second->size;
    entries_.pop_back();
  }
  return std::shared_ptr<const ExportFile>(entry);
}

}  // namespace planwise::app
