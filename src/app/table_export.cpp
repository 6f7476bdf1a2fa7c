#include "app/table_export.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/existing_database.hpp"
#include "io/csv_table_writer.hpp"
#include "store/run_purge.hpp"
#include "store/run_store.hpp"
#include "store/schema.hpp"

namespace planwise::app {

namespace {

namespace fs = std::filesystem;

// Pieces handed to the writer: large enough that a socket write is not per
// row, small enough to bound memory whatever the table size.
constexpr std::size_t kPieceBytes = 64 * 1024;

Status check_table_name(const std::string& table) {
  const auto& names = store::output_table_names();
  if (std::find(names.begin(), names.end(), table) == names.end()) {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    return Error::invalid_input("request", 0, "table", "output_table", table,
                                "expected one of " + list);
  }
  return Status::success();
}

// The run exists and, for an employee-level table, still has its rows.
Status check_run(store::Database& db, const std::string& run_id, const std::string& table) {
  auto run = store::get_run(db, run_id);
  if (!run) return std::move(run).error();
  if (!store::is_employee_level_table(table)) return Status::success();
  return store::check_not_purged(db, run_id, table);
}

Result<std::unique_ptr<store::Database>> open_checked(const std::string& db_path,
                                                      const std::string& run_id,
                                                      const std::string& table) {
  PLANWISE_RETURN_IF_ERROR(check_table_name(table));
  auto db = open_existing_database(db_path);
  if (!db) return std::move(db).error();
  PLANWISE_RETURN_IF_ERROR(check_run(**db, run_id, table));
  return db;
}

// Run ids reach a COPY statement's text and are part of file names.
Status check_run_id_characters(const std::string& run_id) {
  const bool safe = !run_id.empty() && run_id.size() <= 128 && run_id.front() != '.' &&
                    std::all_of(run_id.begin(), run_id.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
                    });
  if (safe) return Status::success();
  return Error::invalid_input("request", 0, "run_id", "run_id_characters", run_id,
                              "a run id has only letters, digits, '_', '-' and '.'");
}

// A fresh private folder under the system temporary folder (mkdtemp: an
// unguessable name, mode 0700), removed with its contents when this goes,
// whether the export succeeded, failed or threw.
class PrivateTempDir {
 public:
  static Result<std::unique_ptr<PrivateTempDir>> create() {
    std::error_code ec;
    const fs::path base = fs::temp_directory_path(ec);
    if (ec) return Error::make(ErrorKind::kStorage, "no temporary folder: " + ec.message());
    std::string name = (base / "planwise-export-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) {
      return Error::make(ErrorKind::kStorage, "cannot create a temporary folder in " +
                                                  base.string() + ": " + std::strerror(errno));
    }
    return std::unique_ptr<PrivateTempDir>(new PrivateTempDir(name));
  }
  ~PrivateTempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  explicit PrivateTempDir(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

Result<std::string> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return Error::make(ErrorKind::kStorage, "cannot read " + file.string());
  std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) return Error::make(ErrorKind::kStorage, "cannot read " + file.string());
  return bytes;
}

}  // namespace

bool is_employee_level_table(const std::string& table) {
  return store::is_employee_level_table(table);
}

Status check_table_export(const std::string& db_path, const std::string& run_id,
                          const std::string& table) {
  auto db = open_checked(db_path, run_id, table);
  if (!db) return std::move(db).error();
  return Status::success();
}

Result<store::TextResult> stored_table(const std::string& db_path, const std::string& run_id,
                                       const std::string& table, PersonalData personal) {
  auto db = open_checked(db_path, run_id, table);
  if (!db) return std::move(db).error();
  return store::run_table(**db, run_id, table, personal);
}

Result<std::string> stored_table_parquet(const std::string& db_path, const std::string& run_id,
                                         const std::string& table, PersonalData personal) {
  PLANWISE_RETURN_IF_ERROR(check_run_id_characters(run_id));
  auto db = open_checked(db_path, run_id, table);
  if (!db) return std::move(db).error();
  auto dir = PrivateTempDir::create();
  if (!dir) return std::move(dir).error();
  PLANWISE_RETURN_IF_ERROR(
      store::export_run_parquet(**db, run_id, (*dir)->path().string(), {table}, personal));
  return read_bytes((*dir)->path() / (table + ".parquet"));
}

Status stream_table_csv(const std::string& db_path, const std::string& run_id,
                        const std::string& table, PersonalData personal,
                        const CsvPieceWriter& write) {
  auto db = open_checked(db_path, run_id, table);
  if (!db) return std::move(db).error();
  std::string piece;
  piece.reserve(kPieceBytes + 4096);
  bool reader_gone = false;
  auto flush = [&](std::size_t at_least) {
    if (piece.size() < at_least || piece.empty()) return true;
    reader_gone = !write(piece.data(), piece.size());
    piece.clear();
    return !reader_gone;
  };
  auto on_columns = [&](const std::vector<std::string>& columns) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) piece += ',';
      io::append_csv_field(piece, columns[c]);
    }
    piece += '\n';
    return flush(kPieceBytes);
  };
  auto on_chunk = [&](const store::TextChunk& chunk) {
    for (std::size_t r = 0; r < chunk.rows; ++r) {
      for (std::size_t c = 0; c < chunk.columns; ++c) {
        if (c) piece += ',';
        if (const auto& cell = chunk.at(r, c)) io::append_csv_field(piece, *cell);
      }
      piece += '\n';
      if (!flush(kPieceBytes)) return false;
    }
    return true;
  };
  PLANWISE_RETURN_IF_ERROR(
      store::stream_run_table(**db, run_id, table, personal, on_columns, on_chunk));
  if (!reader_gone) flush(1);
  if (reader_gone) return Error::make(ErrorKind::kCancelled, "the reader of the CSV stopped");
  return Status::success();
}

}  // namespace planwise::app
