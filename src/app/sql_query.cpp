#include "app/sql_query.hpp"

#include "app/existing_database.hpp"
#include "io/csv_table_writer.hpp"

namespace planwise::app {

Result<QueryTable> run_read_only_sql(const std::string& db_path, const std::string& sql) {
  auto db = open_existing_database(db_path, store::OpenMode::kQueryOnly,
                                   "run `planwise simulate` first, or pass --db");
  if (!db) return std::move(db).error();
  return (*db)->query(sql);
}

std::string query_table_csv(const QueryTable& table) {
  std::string out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c) out += ',';
    io::append_csv_field(out, table.columns[c]);
  }
  out += '\n';
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out += ',';
      if (row[c]) io::append_csv_field(out, *row[c]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace planwise::app
