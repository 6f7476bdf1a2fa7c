#include "store/audit_table.hpp"

#include "common/number_text.hpp"

namespace planwise::store {

namespace {

const std::string kSelectColumns =
    "SELECT seq, " + iso_timestamp_sql("occurred_at") +
    ", event_type, "
    "scenario_id, "
    "fiscal_year, job_level, parameter_name, old_value, new_value, actor, reason, details, "
    "prev_hash, entry_hash, ";
// A file written before issue 11 and opened read-only has no hash_format
// column (ensure_schema adds it on a read-write open): its entries all
// have the legacy form.
constexpr const char* kFormatColumn = "hash_format FROM audit_log";
constexpr const char* kLegacyFormat = "1 FROM audit_log";
constexpr const char* kInsert =
    "INSERT INTO audit_log (seq, occurred_at, event_type, scenario_id, fiscal_year, job_level, "
    "parameter_name, old_value, new_value, actor, reason, details, prev_hash, entry_hash, "
    "hash_format) VALUES (CAST($1 AS BIGINT), CAST($2 AS TIMESTAMPTZ), $3, $4, "
    "CAST(nullif($5, '') AS INTEGER), CAST(nullif($6, '') AS INTEGER), $7, CAST(nullif($8, '') AS "
    "DOUBLE), "
    "CAST(nullif($9, '') AS DOUBLE), $10, $11, $12, $13, $14, CAST($15 AS INTEGER))";

Result<std::string> select_sql(Database& db) {
  auto has = db.has_column("audit_log", "hash_format");
  if (!has) return std::move(has).error();
  return std::string(kSelectColumns) + (*has ? kFormatColumn : kLegacyFormat);
}

std::optional<int> opt_int(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::stoi(*s);
}
std::vector<AuditRow> rows_of(const TextResult& r) {
  std::vector<AuditRow> out;
  for (const auto& row : r.rows) {
    AuditRow a;
    a.seq = std::stoll(row[0].value_or("0"));
    a.occurred_at = row[1].value_or("");
    a.event_type = row[2].value_or("");
    a.scenario_id = row[3].value_or("");
    a.fiscal_year = opt_int(row[4]);
    a.job_level = opt_int(row[5]);
    a.parameter_name = row[6].value_or("");
    a.old_value = parse_nullable_double(row[7]);
    a.new_value = parse_nullable_double(row[8]);
    a.actor = row[9].value_or("");
    a.reason = row[10].value_or("");
    a.details = row[11].value_or("");
    a.prev_hash = row[12].value_or("");
    a.entry_hash = row[13].value_or("");
    a.hash_format = std::stoi(row[14].value_or("0"));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Result<std::vector<AuditRow>> all_audit_rows(Database& db) {
  // rowid keeps the physical order, so a swap of two rows' sequence numbers
  // is visible to verification as an out-of-order sequence.
  auto select = select_sql(db);
  if (!select) return std::move(select).error();
  auto r = db.query(*select + " ORDER BY rowid");
  if (!r) return std::move(r).error();
  return rows_of(*r);
}

Result<std::vector<AuditRow>> audit_rows(Database& db, const AuditFilter& f) {
  auto select = select_sql(db);
  if (!select) return std::move(select).error();
  std::string sql =
      *select +
      " WHERE ($1 = '' OR scenario_id = $1) AND ($2 = '' OR occurred_at >= CAST($2 AS TIMESTAMPTZ))"
      " AND ($3 = '' OR parameter_name = $3) AND ($4 = '' OR fiscal_year = CAST($4 AS INTEGER))"
      " AND ($5 = '' OR job_level = CAST($5 AS INTEGER)) ORDER BY seq";
  auto r = db.query(sql, {f.scenario_id, f.since, f.parameter_name,
                          f.fiscal_year ? std::to_string(*f.fiscal_year) : "",
                          f.job_level ? std::to_string(*f.job_level) : ""});
  if (!r) return std::move(r).error();
  return rows_of(*r);
}

Result<std::optional<AuditRow>> last_audit_row(Database& db) {
  auto select = select_sql(db);
  if (!select) return std::move(select).error();
  auto r = db.query(*select + " ORDER BY seq DESC LIMIT 1");
  if (!r) return std::move(r).error();
  std::vector<AuditRow> rows = rows_of(*r);
  if (rows.empty()) return std::optional<AuditRow>();
  return std::optional<AuditRow>(rows.front());
}

Status append_audit_rows(Database& db, const std::vector<AuditRow>& rows) {
  std::vector<std::vector<std::string>> params;
  params.reserve(rows.size());
  for (const AuditRow& a : rows) {
    params.push_back({std::to_string(a.seq), a.occurred_at, a.event_type, a.scenario_id,
                      a.fiscal_year ? std::to_string(*a.fiscal_year) : "",
                      a.job_level ? std::to_string(*a.job_level) : "", a.parameter_name,
                      a.old_value ? shortest_text(*a.old_value) : "",
                      a.new_value ? shortest_text(*a.new_value) : "", a.actor, a.reason, a.details,
                      a.prev_hash, a.entry_hash, std::to_string(a.hash_format)});
  }
  PLANWISE_RETURN_IF_ERROR(db.execute_many(kInsert, params));
  if (rows.empty()) return Status::success();
  PLANWISE_RETURN_IF_ERROR(db.execute("DELETE FROM audit_head"));
  auto head = db.query("INSERT INTO audit_head VALUES (CAST($1 AS BIGINT), $2)",
                       {std::to_string(rows.back().seq), rows.back().entry_hash});
  if (!head) return std::move(head).error();
  return Status::success();
}

Result<std::optional<AuditHead>> audit_head(Database& db) {
  auto r = db.query("SELECT seq, entry_hash FROM audit_head");
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<AuditHead>();
  return std::optional<AuditHead>(AuditHead{std::stoll(*r->rows[0][0]), *r->rows[0][1]});
}

Result<std::int64_t> count_audit_rows_about(Database& db, const std::string& scenario_id) {
  auto r = db.query(
      "SELECT count(*) FROM audit_log WHERE scenario_id = $1 AND event_type <> 'SCENARIO_CREATED'",
      {scenario_id});
  if (!r) return std::move(r).error();
  return std::stoll(*r->rows.front().front());
}

}  // namespace planwise::store
