#include "app/run_workbook.hpp"

#include "app/existing_database.hpp"
#include "app/run_history.hpp"
#include "common/number_text.hpp"
#include "store/run_purge.hpp"
#include "store/run_store.hpp"
#include "store/run_tables.hpp"

namespace planwise::app {

namespace {

// Aggregates of the employee rows (issue 14 item 2: no row-level data in the
// run workbook). The level of an event is the level it happened at.
constexpr const char* kEventsByLevel =
    "SELECT simulation_year, event_type, level_id, count(*) AS events, "
    "count(DISTINCT employee_id) AS employees, sum(compensation_amount) AS total_compensation "
    "FROM yearly_events WHERE run_id = $1 GROUP BY ALL "
    "ORDER BY simulation_year, event_type, level_id";
constexpr const char* kSnapshotByLevel =
    "SELECT simulation_year, detailed_status_code AS status, level_id, count(*) AS headcount, "
    "avg(full_year_equivalent_compensation) AS avg_fye_compensation, "
    "sum(prorated_annual_compensation) AS total_prorated_compensation "
    "FROM workforce_snapshot WHERE run_id = $1 GROUP BY ALL "
    "ORDER BY simulation_year, status, level_id";

Result<io::XlsxSheet> stored_sheet(store::Database& db, const std::string& run_id,
                                   const std::string& table, const std::string& sheet) {
  auto rows = store::run_table(db, run_id, table, PersonalData::kMasked);
  if (!rows) return std::move(rows).error();
  ColumnKinds kinds = output_table_kinds(table);
  // The stored rows' created_at is logical (1970) for byte-identity; the
  // run's real time is on the Provenance sheet.
  kinds.dropped.insert("created_at");
  return sheet_from_result(sheet, *rows, kinds);
}

Result<io::XlsxSheet> aggregate_sheet(store::Database& db, const std::string& run_id,
                                      const char* sql, const std::string& sheet,
                                      const ColumnKinds& kinds) {
  auto rows = db.query(sql, {run_id});
  if (!rows) return std::move(rows).error();
  return sheet_from_result(sheet, *rows, kinds);
}

std::vector<ProvenanceField> run_provenance(const store::RunRecord& r) {
  std::vector<ProvenanceField> f = {
      {"run_id", io::text_cell(r.run_id)},
      {"run_created_at", time_cell(r.created_at)},
      {"scenario", io::text_cell(r.scenario)},
      {"seed", io::text_cell(std::to_string(r.seed))},  // up to 2^64: text keeps every digit
      {"start_year", io::key_cell(r.start_year)},
      {"end_year", io::key_cell(r.end_year)},
      {"engine_version", io::text_cell(r.engine_version)},
      {"census_sha256", io::text_cell(r.census_sha256)},
      {"census_rows", io::integer_cell(r.census_rows)},
      {"levers_sha256", io::text_cell(r.levers_sha256)},
      {"effective_levers_sha256", io::text_cell(r.effective_levers_sha256)},
      {"config_sha256", io::text_cell(r.config_sha256)},
      {"seeds_sha256", io::text_cell(r.seeds_sha256)},
      {"what_if", io::bool_cell(r.what_if)},
  };
  if (auto t = recorded_target(r)) {
    f.push_back({"target_growth", io::percent_cell(t->growth)});
    f.push_back({"target_tolerance", io::percent_cell(t->tolerance)});
    f.push_back({"target_metric", io::text_cell(t->metric)});
  }
  f.push_back({"command", io::text_cell(r.command)});
  return f;
}

}  // namespace

Result<io::XlsxWorkbook> run_workbook(const std::string& db_path, const std::string& run_id,
                                      const std::string& exported_at) {
  auto db = open_existing_database(db_path);
  if (!db) return std::move(db).error();
  auto run = store::get_run(**db, run_id);
  if (!run) return std::move(run).error();
  io::XlsxWorkbook wb;
  const std::pair<const char*, const char*> kTables[] = {
      {"year_summary", "Year summary"},
      {"hires_by_level", "Hires by level"},
      {"compensation_growth", "Compensation growth"},
      {"pay_budget", "Pay budget"}};
  for (const auto& [table, sheet] : kTables) {
    auto s = stored_sheet(**db, run_id, table, sheet);
    if (!s) return std::move(s).error();
    wb.sheets.push_back(std::move(s).value());
  }
  std::vector<ProvenanceField> provenance = run_provenance(*run);
  auto purge = store::run_purge(**db, run_id);
  if (!purge) return std::move(purge).error();
  if (*purge) {
    provenance.push_back({"employee_rows_purged_at", time_cell((*purge)->purged_at)});
  } else {
    auto events = aggregate_sheet(**db, run_id, kEventsByLevel, "Events by level",
                                  {{"total_compensation"}, {}, {}});
    if (!events) return std::move(events).error();
    wb.sheets.push_back(std::move(events).value());
    auto snapshot =
        aggregate_sheet(**db, run_id, kSnapshotByLevel, "Snapshot by level",
                        {{"avg_fye_compensation", "total_prorated_compensation"}, {}, {}});
    if (!snapshot) return std::move(snapshot).error();
    wb.sheets.push_back(std::move(snapshot).value());
  }
  wb.sheets.push_back(provenance_sheet(std::move(provenance), exported_at));
  return wb;
}

Result<io::XlsxWorkbook> table_workbook(const std::string& db_path, const std::string& run_id,
                                        const std::string& table, PersonalData personal,
                                        const std::string& exported_at) {
  PLANWISE_RETURN_IF_ERROR(check_table_export(db_path, run_id, table));
  auto db = open_existing_database(db_path);
  if (!db) return std::move(db).error();
  auto run = store::get_run(**db, run_id);
  if (!run) return std::move(run).error();
  // Counted first, so a table Excel cannot hold is refused before it is read.
  auto count = (*db)->query(
      "SELECT count(*) FROM (" + store::run_table_select(table, personal) + ") AS t", {run_id});
  if (!count) return std::move(count).error();
  const auto rows = parse_int(count->rows.at(0).at(0).value_or("0")).value_or(0);
  if (rows + 1 > io::kXlsxMaxRows) {
    return Error::invalid_input("request", 0, "table", "excel_row_limit", table,
                                table + " of run " + run_id + " has " + std::to_string(rows) +
                                    " rows, more than an Excel sheet's 1,048,576 (with its "
                                    "header): export it as CSV or Parquet");
  }
  auto stored = store::run_table(**db, run_id, table, personal);
  if (!stored) return std::move(stored).error();
  auto sheet = sheet_from_result(table, *stored, output_table_kinds(table));
  if (!sheet) return std::move(sheet).error();
  io::XlsxWorkbook wb;
  wb.sheets.push_back(std::move(sheet).value());
  std::vector<ProvenanceField> provenance = run_provenance(*run);
  provenance.insert(provenance.begin() + 1, {"table", io::text_cell(table)});
  provenance.push_back(
      {"personal_data",
       io::text_cell(personal == PersonalData::kFull ? "full"
                                                     : "masked (SSN last four, birth year)")});
  wb.sheets.push_back(provenance_sheet(std::move(provenance), exported_at));
  return wb;
}

}  // namespace planwise::app
