#include "app/table_export.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/existing_database.hpp"
#include "app/private_temp_dir.hpp"
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

// The table as a Parquet file at `file`, written by DuckDB's COPY in a
// private folder next to it and moved into place.
Status write_parquet(const std::string& db_path, const std::string& run_id,
                     const std::string& table, PersonalData personal, CreatedAt created_at,
                     const fs::path& file) {
  PLANWISE_RETURN_IF_ERROR(check_run_id_characters(run_id));
  auto checked = open_checked(db_path, run_id, table, created_at);
  if (!checked) return std::move(checked).error();
  auto dir = PrivateTempDir::create();
  if (!dir) return std::move(dir).error();
  PLANWISE_RETURN_IF_ERROR(store::export_run_parquet(*checked->db, run_id, (*dir)->path().string(),
                                                     {table}, personal, checked->created_at));
  std::error_code ec;
  fs::rename((*dir)->path() / (table + ".parquet"), file, ec);
  if (ec) {  // another file system: copy instead
    fs::copy_file((*dir)->path() / (table + ".parquet"), file, fs::copy_options::overwrite_existing,
                  ec);
  }
  if (ec)
    return Error::make(ErrorKind::kStorage, "cannot write " + file.string() + ": " + ec.message());
  return Status::success();
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
  const fs::path file = (*dir)->path() / (table + ".parquet");
  PLANWISE_RETURN_IF_ERROR(write_parquet(db_path, run_id, table, personal, created_at, file));
  return read_bytes(file);
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
  if (format == "parquet")
    return write_parquet(db_path, run_id, table, personal, CreatedAt::kRunRecord, file);
  if (format != "csv") {
    return Error::invalid_input("request", 0, "format", "export_format", format,
                                "format must be csv or parquet");
  }
  const fs::path part = file.string() + ".part";
  Status status;
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    if (!out) return Error::make(ErrorKind::kStorage, "cannot write " + part.string());
    status =
        stream_table_csv(db_path, run_id, table, personal, [&](const char* data, std::size_t size) {
          out.write(data, static_cast<std::streamsize>(size));
          return static_cast<bool>(out);
        });
    out.close();
    if (status.ok() && !out)
      status = Error::make(ErrorKind::kStorage, "cannot write " + part.string());
  }
  std::error_code ec;
  if (status.ok()) {
    fs::rename(part, file, ec);
    if (ec)
      status =
          Error::make(ErrorKind::kStorage, "cannot write " + file.string() + ": " + ec.message());
  }
  if (!status.ok()) fs::remove(part, ec);
  return status;
}

}  // namespace planwise::app
