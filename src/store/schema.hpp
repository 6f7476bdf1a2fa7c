// The run store's schema. `runs` holds one row per run. The small output
// tables of spec §5 are stored as they are, with a leading run_id. The two
// large ones (yearly_events, workforce_snapshot) are stored compactly, as
// numbers keyed by (run_key, employee_key) with the employees' text in
// `employees`, and presented with every spec column by views of the same
// names: writing a 1 M-employee run is bound by DuckDB's per-value append
// cost, so derivable text (bands, labels, details) is computed on read.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/output_schema.hpp"

namespace planwise::store {

class Database;

// Version 2 (issue 13 item 4) is a database with every table, column and
// view of this program, governance report views included: a read-write open
// then checks it with one query and a few catalogue lookups. A change to a
// table, a column or a report view's definition bumps it, so that the next
// read-write open of an older file takes ensure_schema's upgrade path.
inline constexpr int kSchemaVersion = 2;

// Output tables stored with their spec columns, in write order.
const std::vector<const engine::TableDef*>& plain_tables();
// Every output table name a run can have (plain tables and the two views).
const std::vector<std::string>& output_table_names();
// Tables a run always stores, whatever output.tables says: the views need
// the lever set (merit and COLA rates of events).
bool always_stored(const std::string& table);
// Per-run tables holding rows keyed by run_key (compact storage).
const std::vector<std::string>& keyed_tables();
// DuckDB column type of an output column.
const char* sql_type(engine::ColumnType type);

Status ensure_schema(Database& db);

}  // namespace planwise::store
