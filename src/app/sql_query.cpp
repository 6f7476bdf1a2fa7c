#include "app/sql_query.hpp"

#include "app/existing_database.hpp"

namespace planwise::app {

Result<QueryTable> run_read_only_sql(const std::string& db_path, const std::string& sql) {
  auto db = open_existing_database(db_path, store::OpenMode::kReadOnly,
                                   "run `planwise simulate` first, or pass --db");
  if (!db) return std::move(db).error();
  return (*db)->query(sql);
}

}  // namespace planwise::app
