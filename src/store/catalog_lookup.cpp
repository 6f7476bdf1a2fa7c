// Database::has_tables and has_column: which of the tables, views and
// columns added after schema version 1 this file has, asked of DuckDB's
// catalogue once per connection rather than once per read.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/database_impl.hpp"

namespace planwise::store {
namespace {

bool all_known(const std::set<std::string>& known, const std::vector<std::string>& names) {
  return std::all_of(names.begin(), names.end(),
                     [&](const std::string& n) { return known.count(n) > 0; });
}

}  // namespace

Result<bool> Database::has_tables(const std::vector<std::string>& names) {
  std::set<std::string>& known = impl_->known_catalog;
  if (all_known(known, names)) return true;
  auto r = query(
      "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() "
      "WHERE NOT internal");
  if (!r) return std::move(r).error();
  std::set<std::string> found;
  for (const auto& row : r->rows) {
    if (row.front()) found.insert(*row.front());
  }
  // Inside this connection's own transaction the catalogue may show a
  // table that a rollback takes away again: answer, but remember nothing.
  if (!in_transaction()) known.insert(found.begin(), found.end());
  return all_known(found, names);
}

Result<bool> Database::has_column(const std::string& table, const std::string& column) {
  // A "." cannot clash with a table name: the store's names have none.
  const std::string key = table + "." + column;
  std::set<std::string>& known = impl_->known_catalog;
  if (known.count(key) > 0) return true;
  auto r = query("SELECT count(*) FROM duckdb_columns() WHERE table_name = $1 AND column_name = $2",
                 {table, column});
  if (!r) return std::move(r).error();
  const bool present = r->rows.front().front().value_or("0") != "0";
  if (present && !in_transaction()) known.insert(key);
  return present;
}

}  // namespace planwise::store
