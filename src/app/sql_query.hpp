// Analysts' read-only SQL on the run store (`planwise sql`). The database is
// opened read-only, so no statement can change it.
#pragma once

#include <string>

#include "common/result.hpp"
#include "store/database.hpp"

namespace planwise::app {

using QueryTable = store::TextResult;

Result<QueryTable> run_read_only_sql(const std::string& db_path, const std::string& sql);

}  // namespace planwise::app
