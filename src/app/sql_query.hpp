// Analysts' read-only SQL on the run store (`planwise sql`). The database is
// opened query-only (store::OpenMode::kQueryOnly): no statement can change
// it, reach another file or the network, load an extension or change a
// setting.
#pragma once

#include <string>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::app {

using QueryTable = store::TextResult;

Result<QueryTable> run_read_only_sql(const std::string& db_path, const std::string& sql);

// The table as CSV (spec §5.0 quoting): a header row, nulls as empty fields.
std::string query_table_csv(const QueryTable& table);

}  // namespace planwise::app
