// Issue 14 item 1: uploads held on disk until confirmed or abandoned.
#include "app/census_uploads.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "common/error.hpp"
#include "common/secrets.hpp"

namespace planwise::app {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kParquetMagic = "PAR1";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Error unsupported(const std::string& column, const std::string& value, const std::string& message) {
  return Error::invalid_input("upload", 0, column, "unsupported_type", value, message);
}

// What a file that is not text most likely is, by its first bytes; empty
// when they are no format we know.
std::string binary_format(std::string_view head) {
  if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return "an Excel workbook or a zip archive; save the sheet as CSV (UTF-8)";
  if (head.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4))
    return "an old Excel (.xls) workbook; save the sheet as CSV (UTF-8)";
  if (head.substr(0, 2) == std::string_view("\x1F\x8B", 2))
    return "a gzip archive; upload the CSV or Parquet file itself";
  if (head.substr(0, 2) == std::string_view("\xFF\xFE", 2) ||
      head.substr(0, 2) == std::string_view("\xFE\xFF", 2))
    return "UTF-16 text; save the CSV as UTF-8";
  return "";
}

std::string known_binary(std::string_view head) {
  const std::string format = binary_format(head);
  return format.empty() ? "binary data, not CSV text; upload a CSV (UTF-8) or a Parquet file"
                        : format;
}

}  // namespace

const char* upload_type_name(UploadType type) {
  return type == UploadType::kParquet ? "parquet" : "csv";
}

Result<std::optional<UploadType>> declared_upload_type(std::string_view content_type,
                                                       std::string_view file_name) {
  const std::string type = lower(content_type.substr(0, content_type.find(';')));
  const std::size_t start = type.find_first_not_of(" \t");
  const std::string media = start == std::string::npos
                                ? ""
                                : type.substr(start, type.find_last_not_of(" \t") - start + 1);
  std::optional<UploadType> by_type;
  if (media == "text/csv" || media == "application/csv") {
    by_type = UploadType::kCsv;
  } else if (media == "application/vnd.apache.parquet" || media == "application/x-parquet") {
    by_type = UploadType::kParquet;
  } else if (media != "application/octet-stream") {
    return unsupported("Content-Type", media,
                       "send the census as text/csv, application/vnd.apache.parquet or "
                       "application/octet-stream");
  }
  std::optional<UploadType> by_name;
  const std::string ext = lower(fs::path(std::string(file_name)).extension().string());
  if (ext == ".csv") {
    by_name = UploadType::kCsv;
  } else if (ext == ".parquet") {
    by_name = UploadType::kParquet;
  } else if (!file_name.empty()) {
    return unsupported("name", std::string(file_name),
                       "a census file ends in .csv or .parquet (Excel workbooks: save the sheet "
                       "as CSV first)");
  }
  if (by_type && by_name && *by_type != *by_name) {
    return unsupported("Content-Type", media,
                       "the Content-Type and the file name's extension name different types");
  }
  return by_type ? by_type : by_name;
}

bool UploadTypeCheck::feed(std::string_view piece) {
  if (!problem_.empty()) return false;
  bytes_ += piece.size();
  tail_.append(piece.substr(piece.size() - std::min<std::size_t>(piece.size(), 4)));
  if (tail_.size() > 4) tail_.erase(0, tail_.size() - 4);
  if (!type_) {
    head_.append(piece.substr(0, 64 - std::min<std::size_t>(head_.size(), 64)));
    if (head_.size() >= kParquetMagic.size()) decide();
  }
  if (type_ == UploadType::kCsv && std::memchr(piece.data(), '\0', piece.size()) != nullptr)
    problem_ = "the file holds " + known_binary(head_);
  return problem_.empty();
}

void UploadTypeCheck::decide() {
  const bool parquet = head_.substr(0, 4) == kParquetMagic;
  type_ = parquet ? UploadType::kParquet : UploadType::kCsv;
  // An archive or a workbook is refused by its magic even before a NUL byte.
  if (!parquet && (head_.find('\0') != std::string::npos || !binary_format(head_).empty()))
    problem_ = "the file holds " + known_binary(head_);
  if (problem_.empty() && declared_ && *declared_ != *type_) {
    problem_ = std::string("the file was sent as ") + upload_type_name(*declared_) +
               " but its content is " + (parquet ? "Parquet" : "not Parquet");
  }
}

Result<UploadType> UploadTypeCheck::finish() const {
  if (bytes_ == 0)
    return Error::invalid_input("upload", 0, "body", "empty", "", "the uploaded file is empty");
  UploadTypeCheck last = *this;
  if (!last.type_ && last.problem_.empty()) last.decide();
  if (last.problem_.empty() && last.type_ == UploadType::kParquet &&
      (bytes_ < 8 || tail_ != kParquetMagic))
    last.problem_ = "the Parquet file is incomplete (it does not end in PAR1)";
  if (!last.problem_.empty()) return unsupported("body", "", last.problem_);
  return *last.type_;
}

CensusUploads::PartFile::PartFile(PartFile&& other) noexcept
    : owner_(other.owner_), fd_(other.fd_), id_(other.id_), path_(other.path_) {
  other.fd_ = -1;
  other.owner_ = nullptr;
}

CensusUploads::PartFile::~PartFile() {
  if (fd_ >= 0) ::close(fd_);
  if (owner_ == nullptr) return;
  std::error_code ec;
  fs::remove(path_, ec);
  std::lock_guard<std::mutex> lock(owner_->mutex_);
  owner_->receiving_.erase(id_);
}

bool CensusUploads::PartFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

CensusUploads::CensusUploads(fs::path census_folder, std::chrono::seconds max_idle)
    : folder_(std::move(census_folder) / "uploads"), max_idle_(max_idle) {
  std::error_code ec;
  fs::create_directories(folder_, ec);
  // The census folder and its uploads are the owner's alone (personal data).
  fs::permissions(folder_.parent_path(), fs::perms::owner_all, fs::perm_options::replace, ec);
  fs::permissions(folder_, fs::perms::owner_all, fs::perm_options::replace, ec);
  remove_all();
}

CensusUploads::~CensusUploads() {
  remove_all();
}

Result<CensusUploads::PartFile> CensusUploads::begin() {
  std::error_code ec;
  fs::create_directories(folder_, ec);
  const std::string id = random_token().substr(0, 32);
  const fs::path path = folder_ / (id + ".part");
  {
    // Reserved before the file exists, so a sweep never takes it for a stray.
    std::lock_guard<std::mutex> lock(mutex_);
    receiving_.insert(id);
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int error = errno;
    std::lock_guard<std::mutex> lock(mutex_);
    receiving_.erase(id);
    return Error::make(ErrorKind::kStorage, "cannot create an upload file in " + folder_.string() +
                                                ": " + std::strerror(error));
  }
  return PartFile(this, fd, id, path);
}

Result<UploadedFile> CensusUploads::complete(PartFile part, UploadType type,
                                             std::string source_name, std::string owner) {
  const bool synced = ::fsync(part.fd_) == 0;
  ::close(part.fd_);
  part.fd_ = -1;
  UploadedFile file{part.id_,
                    folder_ / (part.id_ + "." + upload_type_name(type)),
                    0,
                    type,
                    std::move(source_name),
                    std::move(owner)};
  std::error_code ec;
  if (synced) fs::rename(part.path_, file.path, ec);
  if (!synced || ec)
    return Error::make(ErrorKind::kStorage, "cannot keep the uploaded file in " + folder_.string());
  file.bytes = fs::file_size(file.path, ec);
  std::lock_guard<std::mutex> lock(mutex_);
  receiving_.erase(part.id_);
  part.owner_ = nullptr;  // completed: the part's path no longer exists
  entries_[file.id] = Entry{file, Clock::now(), std::nullopt};
  return file;
}

std::optional<UploadedFile> CensusUploads::find(const std::string& id, const std::string& owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.file.owner != owner) return std::nullopt;
  it->second.used = Clock::now();
  return it->second.file;
}

void CensusUploads::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  std::error_code ec;
  fs::remove(it->second.file.path, ec);
  entries_.erase(it);
}

void CensusUploads::keep_issues(const std::string& id, std::string csv) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = entries_.find(id); it != entries_.end()) it->second.issues_csv = std::move(csv);
}

std::optional<std::string> CensusUploads::issues_csv(const std::string& id,
                                                     const std::string& owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.file.owner != owner) return std::nullopt;
  return it->second.issues_csv;
}

void CensusUploads::sweep() {
  std::lock_guard<std::mutex> lock(mutex_);
  const Clock::time_point now = Clock::now();
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now - it->second.used < max_idle_) {
      ++it;
      continue;
    }
    std::error_code ec;
    fs::remove(it->second.file.path, ec);
    it = entries_.erase(it);
  }
  // Files no entry or part names: an earlier server's, or half-removed.
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(folder_, ec)) {
    const std::string id = f.path().stem().string();
    if (entries_.count(id) == 0 && receiving_.count(id) == 0) fs::remove(f.path(), ec);
  }
}

std::size_t CensusUploads::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

void CensusUploads::remove_all() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(folder_, ec)) {
    if (receiving_.count(f.path().stem().string()) == 0) fs::remove(f.path(), ec);
  }
}

}  // namespace planwise::app
