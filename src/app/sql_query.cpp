#include "app/sql_query.hpp"

#include <filesystem>

namespace planwise::app {

Result<QueryTable> run_read_only_sql(const std::string& db_path, const std::string& sql) {
  if (!std::filesystem::exists(db_path)) {
    return Error::make(ErrorKind::kNotFound, "no database at " + db_path +
                                                 " (run `planwise simulate` first, or pass --db)");
  }
  auto db = store::Database::open(db_path, store::OpenMode::kReadOnly);
  if (!db) return std::move(db).error();
  return (*db)->query(sql);
}

}  // namespace planwise::app
