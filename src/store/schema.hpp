// The run store's schema: `runs` plus one table per output table of spec §5,
// each keyed by run_id. Created on first open; versioned for migrations.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/output_schema.hpp"

namespace planwise::store {

class Database;

inline constexpr int kSchemaVersion = 1;

// The output tables stored per run, in write order.
const std::vector<const engine::TableDef*>& stored_tables();
// DuckDB column type of an output column.
const char* sql_type(engine::ColumnType type);

Status ensure_schema(Database& db);

}  // namespace planwise::store
