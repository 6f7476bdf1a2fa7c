// Exports written once and served as files (issue 14 item 3): a large CSV or
// Parquet export goes out with its Content-Length and uncompressed, so a
// browser can show "bytes received of total", and a second download of the
// same table is a file read instead of a DuckDB query. Stored runs never
// change once committed, so a file stays valid while the run's rows exist;
// every request checks the run and table again before a cached file is
// served (a purge or a deletion still refuses).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "app/table_export.hpp"
#include "common/result.hpp"

namespace planwise::app {

class PrivateTempDir;

// One written export; its file is removed when the last holder lets go
// (the cache evicting it, and every download still sending it).
struct ExportFile {
  std::filesystem::path path;
  std::uint64_t size = 0;
  ExportFile(std::filesystem::path p, std::uint64_t s) : path(std::move(p)), size(s) {}
  ~ExportFile();
  ExportFile(const ExportFile&) = delete;
  ExportFile& operator=(const ExportFile&) = delete;
};

class ExportFileCache {
 public:
  // Keeps at most `max_files` files and `max_bytes` bytes, least recently
  // used first out. The files live in one private folder (mode 0700; they
  // may hold SSNs) under the system temporary folder, removed with the cache.
  ExportFileCache(std::size_t max_files, std::uint64_t max_bytes);
  ~ExportFileCache();
  ExportFileCache(const ExportFileCache&) = delete;
  ExportFileCache& operator=(const ExportFileCache&) = delete;

  // The export of `table` of a stored run as a file (write_table_file),
  // written on the first request for this database, run, table, format and
  // personal-data level. Concurrent requests for the same export wait for
  // one writer. The errors of check_table_export come first, cached or not.
  // `written_ms`, when given, is set to the milliseconds this call spent
  // writing the file, or -1 when it was already written.
  Result<std::shared_ptr<const ExportFile>> get(const std::string& db_path,
                                                const std::string& run_id, const std::string& table,
                                                const std::string& format, PersonalData personal,
                                                double* written_ms = nullptr);

  // How many exports were written (not served from the cache): for tests.
  std::uint64_t writes() const;

 private:
  Result<std::filesystem::path> folder();

  std::size_t max_files_;
  std::uint64_t max_bytes_;
  mutable std::mutex mutex_;
  std::condition_variable written_;
  std::unique_ptr<PrivateTempDir> dir_;
  std::uint64_t next_name_ = 0;
  std::uint64_t writes_ = 0;
  std::uint64_t bytes_ = 0;
  std::set<std::string> in_flight_;
  std::list<std::pair<std::string, std::shared_ptr<const ExportFile>>> entries_;  // newest first
};

}  // namespace planwise::app
