#include "app/table_export.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/existing_database.hpp"
#include "app/private_temp_dir.hpp"
#include "app/temp_beside.hpp"
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

// The database, opened once the table name, the run and (for an
// employee-level table) its rows are checked, and the created_at value an
// export shows (empty: the stored one).
struct CheckedExport {
  std::unique_ptr<store::Database> db;
  std::string created_at;
};

Result<CheckedExport> open_checked(const std::string& db_path, const std::string& run_id,
                                   const std::string& table,
                                   CreatedAt created_at = CreatedAt::kLogical) {
  PLANWISE_RETURN_IF_ERROR(check_table_name(table));
  auto db = open_existing_database(db_path);
  if (!db) return std::move(db).error();
  auto run = store::get_run(**db, run_id);
  if (!run) return std::move(run).error();
  if (store::is_employee_level_table(table)) {
    PLANWISE_RETURN_IF_ERROR(store::check_not_purged(**db, run_id, table));
  }
  CheckedExport out{std::move(db).value(), ""};
  if (created_at == CreatedAt::kRunRecord) out.created_at = run->created_at;
  return out;
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

Result<std::string> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return Error::make(ErrorKind::kStorage, "cannot read " + file.string());
  std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) return Error::make(ErrorKind::kStorage, "cannot read " + file.string());
  return bytes;
}

// The table as a Parquet file written by DuckDB's COPY in `dir`; its path.
Result<fs::path> write_parquet(const std::string& db_path, const std::string& run_id,
                               const std::string& table, PersonalData personal,
                               CreatedAt created_at, const PrivateTempDir& dir) {
  PLANWISE_RETURN_IF_ERROR(check_run_id_characters(run_id));
  auto checked = open_checked(db_path, run_id, table, created_at);
  if (!checked) return std::move(checked).error();
  PLANWISE_RETURN_IF_ERROR(store::export_run_parquet(*checked->db, run_id, dir.path().string(),
                                                     {table}, personal, checked->created_at));
  return dir.path() / (table + ".parquet");
}

}  // namespace

bool is_employee_level_table(const std::string& table) {
  return store::is_employee_level_table(table);
}

Status check_table_export(const std::string& db_path, const std::string& run_id,
                          const std::string& table) {
  auto checked = open_checked(db_path, run_id, table);
  if (!checked) return std::move(checked).error();
  return Status::success();
}

Result<store::TextResult> stored_table(const std::string& db_path, const std::string& run_id,
                                       const std::string& table, PersonalData personal,
                                       CreatedAt created_at) {
  auto checked = open_checked(db_path, run_id, table, created_at);
  if (!checked) return std::move(checked).error();
  return store::run_table(*checked->db, run_id, table, personal, checked->created_at);
}

Result<std::string> stored_table_parquet(const std::string& db_path, const std::string& run_id,
                                         const std::string& table, PersonalData personal,
                                         CreatedAt created_at) {
  auto dir = PrivateTempDir::create();
  if (!dir) return std::move(dir).error();
  auto file = write_parquet(db_path, run_id, table, personal, created_at, **dir);
  if (!file) return std::move(file).error();
  return read_bytes(*file);
}

Status stream_table_csv(const std::string& db_path, const std::string& run_id,
                        const std::string& table, PersonalData personal,
                        const CsvPieceWriter& write, CreatedAt created_at) {
  auto checked = open_checked(db_path, run_id, table, created_at);
  if (!checked) return std::move(checked).error();
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
  PLANWISE_RETURN_IF_ERROR(store::stream_run_table(*checked->db, run_id, table, personal,
                                                   on_columns, on_chunk, checked->created_at));
  if (!reader_gone) flush(1);
  if (reader_gone) return Error::make(ErrorKind::kCancelled, "the reader of the CSV stopped");
  return Status::success();
}

Status write_table_file(const std::string& db_path, const std::string& run_id,
                        const std::string& table, const std::string& format, PersonalData personal,
                        const fs::path& file) {
  if (format != "csv" && format != "parquet") {
    return Error::invalid_input("request", 0, "format", "export_format", format,
                                "format must be csv or parquet");
  }
  // The checks of check_table_export are made by the writers below; the
  // temporary goes on their errors.
  auto temp = TempBeside::create(file);
  if (!temp) return std::move(temp).error();
  if (format == "parquet") {
    auto dir = PrivateTempDir::create();
    if (!dir) return std::move(dir).error();
    auto written = write_parquet(db_path, run_id, table, personal, CreatedAt::kRunRecord, **dir);
    // DuckDB names its file in our private folder; the analyst asked for `file`.
    if (!written && written.error().kind == ErrorKind::kStorage)
      return file_write_error(file, written.error().message);
    if (!written) return std::move(written).error();
    // DuckDB's file replaces the temporary's empty one, keeping its mode.
    std::error_code ec;
    fs::rename(*written, temp->path(), ec);
    if (ec)  // another file system: copy instead
      fs::copy_file(*written, temp->path(), fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::permissions(temp->path(), fs::perms::owner_read | fs::perms::owner_write, ec);
    if (ec) return file_write_error(file, ec.message());
    return temp->keep_as(file);
  }
  bool write_failed = false;
  Status status =
      stream_table_csv(db_path, run_id, table, personal, [&](const char* data, std::size_t size) {
        write_failed = !temp->write(data, size);
        return !write_failed;
      });
  if (write_failed) return file_write_error(file, std::strerror(errno));
  PLANWISE_RETURN_IF_ERROR(status);
  return temp->keep_as(file);
}

}  // namespace planwise::app
