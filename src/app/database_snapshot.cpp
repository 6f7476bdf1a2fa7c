#include "app/database_snapshot.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>

#include "app/existing_database.hpp"
#include "store/database.hpp"

namespace planwise::app {

Status write_database_snapshot(const std::string& db_path, const std::filesystem::path& out,
                               SnapshotRows rows_in) {
  std::error_code ec;
  if (std::filesystem::exists(out, ec) || std::filesystem::exists(out.string() + ".rows", ec)) {
    return Error::invalid_input("request", 0, "out", "exists", out.string(),
                                "the snapshot file already exists");
  }
  auto db = open_existing_database(db_path, store::OpenMode::kReadWrite,
                                   "run `planwise simulate` first, or pass --db");
  if (!db) return std::move(db).error();
  auto current = (*db)->query("SELECT current_database()");
  if (!current) return std::move(current).error();
  if (current->rows.empty() || !current->rows[0][0])
    return Error::make(ErrorKind::kStorage, "cannot name the database to copy");
  // An alias of its own per copy: ATTACH names a catalog of the whole
  // instance, which two copies at once must not share.
  static std::atomic<unsigned> counter{0};
  const std::string alias =
      "planwise_snapshot_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  const std::filesystem::path tmp = out.string() + ".partial";
  std::filesystem::remove(tmp, ec);
  Status s = (*db)->execute("ATTACH " + store::sql_literal(tmp.string()) + " AS " + alias);
  if (!s.ok()) return s;
  s = (*db)->execute("COPY FROM DATABASE " + store::sql_identifier(*current->rows[0][0]) + " TO " +
                     alias);
  // The runs' rows are files beside the database (store/row_files.hpp).
  if (s.ok() && rows_in == SnapshotRows::kInTables) s = store::copy_run_rows_into(**db, alias);
  const Status detached = (*db)->execute("DETACH " + alias);
  if (s.ok()) s = detached;
  const std::string rows = out.string() + ".rows";
  if (s.ok() && rows_in == SnapshotRows::kFilesBeside)
    s = store::copy_row_files(db_path, out.string());
  if (!s.ok()) {
    std::filesystem::remove(tmp, ec);
    std::filesystem::remove_all(rows, ec);
    return s;
  }
  std::filesystem::rename(tmp, out, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    std::filesystem::remove_all(rows, ec);
    return Error::make(ErrorKind::kStorage, "cannot write the snapshot " + out.string());
  }
  return Status::success();
}

Result<std::filesystem::path> write_dated_snapshot(const std::string& db_path) {
  const std::filesystem::path db = db_path;
  const std::filesystem::path folder = db.parent_path() / (db.filename().string() + ".snapshots");
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  std::filesystem::permissions(folder, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) {
    return Error::make(ErrorKind::kStorage,
                       "cannot make the snapshot folder " + folder.string() + ": " + ec.message());
  }
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  std::filesystem::path out = folder / (std::string(stamp) + ".duckdb");
  for (int i = 2; std::filesystem::exists(out); ++i)
    out = folder / (std::string(stamp) + "-" + std::to_string(i) + ".duckdb");
  PLANWISE_RETURN_IF_ERROR(write_database_snapshot(db_path, out, SnapshotRows::kInTables));
  return std::filesystem::absolute(out);
}

}  // namespace planwise::app
