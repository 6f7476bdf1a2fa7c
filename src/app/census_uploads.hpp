// Census files uploaded to the dashboard and not yet confirmed (issue 14
// item 1). The server streams an upload's body into
// <census folder>/uploads/<random id>.part (mode 0600), checking its type as
// the bytes arrive; a complete upload becomes <id>.csv or <id>.parquet and is
// known by its id to the proposal, preview and confirm routes, for its
// uploader only. Nothing here is a stored census: confirming one (owner:
// census-core, app/census_import.hpp) writes it under its hash; the upload
// is then removed. Uploads unused for an hour, those a previous server left
// behind and all of them when the server stops are deleted, because they
// hold employees' SSNs.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace planwise::app {

enum class UploadType { kCsv, kParquet };
const char* upload_type_name(UploadType type);

// The type a request declares, from its Content-Type (text/csv,
// application/vnd.apache.parquet, application/x-parquet, or
// application/octet-stream for either) and the file name's extension (.csv,
// .parquet; none for either). Nothing when either allows both; an error
// (rule "unsupported_type", column Content-Type or name) when one names
// another type or they disagree. text/plain and forms are refused: a page
// of another site can send those without asking first (CORS).
Result<std::optional<UploadType>> declared_upload_type(std::string_view content_type,
                                                       std::string_view file_name);

// Checks an upload's bytes as they arrive: Parquet starts and ends with
// "PAR1"; CSV is text, so a NUL byte anywhere (a spreadsheet, UTF-16 text,
// an archive) refuses it. The first refusal is kept; feed stops checking.
class UploadTypeCheck {
 public:
  explicit UploadTypeCheck(std::optional<UploadType> declared) : declared_(declared) {}
  // False once the bytes so far cannot be the declared type (problem() says why).
  bool feed(std::string_view piece);
  // After the last byte: the type, or the problem (empty file included).
  Result<UploadType> finish() const;
  const std::string& problem() const { return problem_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void decide();
  std::optional<UploadType> declared_;
  std::optional<UploadType> type_;
  std::string head_;  // the first bytes, until the type is known
  std::string tail_;  // the last 4 bytes (Parquet's closing magic)
  std::uint64_t bytes_ = 0;
  std::string problem_;
};

struct UploadedFile {
  std::string id;
  std::filesystem::path path;  // never shown to a client
  std::uint64_t bytes = 0;
  UploadType type = UploadType::kCsv;
  std::string source_name;  // the name the client gave, for the registry
  std::string owner;        // the user who uploaded it
};

class CensusUploads {
 public:
  // A file being received: removed when dropped unless completed.
  class PartFile {
   public:
    PartFile(PartFile&& other) noexcept;
    PartFile& operator=(PartFile&&) = delete;
    ~PartFile();
    bool write(std::string_view bytes);  // false on a disk error
    const std::string& id() const { return id_; }

   private:
    friend class CensusUploads;
    PartFile(CensusUploads* owner, int fd, std::string id, std::filesystem::path path)
        : owner_(owner), fd_(fd), id_(std::move(id)), path_(std::move(path)) {}
    CensusUploads* owner_;
    int fd_ = -1;
    std::string id_;
    std::filesystem::path path_;
  };

  // Makes <census_folder>/uploads (0700; app::census_folder) and deletes whatever an earlier
  // server left there.
  explicit CensusUploads(std::filesystem::path census_folder,
                         std::chrono::seconds max_idle = std::chrono::hours(1));
  ~CensusUploads();  // deletes every upload
  CensusUploads(const CensusUploads&) = delete;
  CensusUploads& operator=(const CensusUploads&) = delete;

  // A new <id>.part, created exclusively with mode 0600.
  Result<PartFile> begin();
  // Renames the part to <id>.csv / <id>.parquet and remembers it.
  Result<UploadedFile> complete(PartFile part, UploadType type, std::string source_name,
                                std::string owner);
  // The upload, if it exists and `owner` uploaded it; marks it used.
  std::optional<UploadedFile> find(const std::string& id, const std::string& owner);
  void remove(const std::string& id);
  // The issues (CSV) of the upload's latest preview, for its download link.
  void keep_issues(const std::string& id, std::string csv);
  std::optional<std::string> issues_csv(const std::string& id, const std::string& owner);
  // Deletes the uploads unused for max_idle, and stray files.
  void sweep();
  std::size_t count() const;
  const std::filesystem::path& folder() const { return folder_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    UploadedFile file;
    Clock::time_point used;
    std::optional<std::string> issues_csv;
  };
  void remove_all();
  std::filesystem::path folder_;
  std::chrono::seconds max_idle_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::set<std::string> receiving_;  // ids of parts being written
};

}  // namespace planwise::app
