// Issue 11: change requests and scenario governance. Plain reads and
// writes; the rules live in governance/.
#include "store/governance_tables.hpp"

#include "common/number_text.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateRequestIds =
    "CREATE SEQUENCE IF NOT EXISTS change_request_ids START 1";

constexpr const char* kCreateRequests = R"sql(
CREATE TABLE IF NOT EXISTS change_requests (
  request_id VARCHAR PRIMARY KEY,
  scenario_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  state VARCHAR NOT NULL,
  requester VARCHAR NOT NULL,
  justification VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  submitted_at TIMESTAMPTZ,
  decided_at TIMESTAMPTZ,
  decided_by VARCHAR,
  decision_reason VARCHAR,
  auto_approved BOOLEAN NOT NULL,
  published_at TIMESTAMPTZ,
  published_by VARCHAR,
  rolled_back_at TIMESTAMPTZ,
  rolled_back_by_request VARCHAR,
  rollback_of VARCHAR,
  optimization_run_id VARCHAR,
  base_digest VARCHAR NOT NULL,
  seed UBIGINT NOT NULL,
  simulated_at TIMESTAMPTZ NOT NULL,
  cost_impact DOUBLE NOT NULL,
  employees_affected BIGINT NOT NULL,
  growth_change DOUBLE,
  budget_variance DOUBLE,
  risk_score INTEGER NOT NULL,
  risk_level VARCHAR NOT NULL,
  impact_class VARCHAR NOT NULL,
  risk_factors VARCHAR NOT NULL
))sql";

constexpr const char* kCreateRequestCells = R"sql(
CREATE TABLE IF NOT EXISTS change_request_cells (
  request_id VARCHAR NOT NULL,
  fiscal_year INTEGER NOT NULL,
  job_level INTEGER NOT NULL,
  parameter_name VARCHAR NOT NULL,
  old_value DOUBLE NOT NULL,
  new_value DOUBLE NOT NULL,
  PRIMARY KEY (request_id, fiscal_year, job_level, parameter_name)
))sql";

constexpr const char* kCreateRequestYears = R"sql(
CREATE TABLE IF NOT EXISTS change_request_years (
  request_id VARCHAR NOT NULL,
  fiscal_year INTEGER NOT NULL,
  cost_published DOUBLE NOT NULL,
  cost_proposed DOUBLE NOT NULL,
  headcount_published BIGINT NOT NULL,
  headcount_proposed BIGINT NOT NULL,
  avg_pay_published DOUBLE,
  avg_pay_proposed DOUBLE,
  growth_published DOUBLE,
  growth_proposed DOUBLE,
  budget_variance DOUBLE,
  PRIMARY KEY (request_id, fiscal_year)
))sql";

constexpr const char* kCreateScenarioGovernance = R"sql(
CREATE TABLE IF NOT EXISTS scenario_governance (
  scenario_id VARCHAR PRIMARY KEY,
  approval_threshold DOUBLE NOT NULL,
  auto_approve BOOLEAN NOT NULL,
  auto_publish BOOLEAN NOT NULL,
  published_at TIMESTAMPTZ,
  published_by VARCHAR,
  published_request VARCHAR,
  publications BIGINT NOT NULL
))sql";

// Timestamps travel as ISO-8601 UTC text.
const std::string kRequestColumns =
    "request_id, scenario_id, kind, state, requester, justification, " +
    iso_timestamp_sql("created_at") + ", " + iso_timestamp_sql("submitted_at") + ", " +
    iso_timestamp_sql("decided_at") + ", decided_by, decision_reason, auto_approved, " +
    iso_timestamp_sql("published_at") + ", published_by, " + iso_timestamp_sql("rolled_back_at") +
    ", rolled_back_by_request, rollback_of, optimization_run_id, base_digest, seed, " +
    iso_timestamp_sql("simulated_at") +
    ", cost_impact, employees_affected, growth_change, budget_variance, risk_score, risk_level, "
    "impact_class, risk_factors";

// Bound parameters of a request row, in table order; "" binds NULL for the
// optional columns (NULLIF in the statements).
std::vector<std::string> request_params(const ChangeRequestRow& r) {
  auto opt = [](const std::optional<double>& v) { return v ? shortest_text(*v) : std::string(); };
  return {r.request_id,
          r.scenario_id,
          r.kind,
          r.state,
          r.requester,
          r.justification,
          r.created_at,
          r.submitted_at,
          r.decided_at,
          r.decided_by,
          r.decision_reason,
          r.auto_approved ? "true" : "false",
          r.published_at,
          r.published_by,
          r.rolled_back_at,
          r.rolled_back_by_request,
          r.rollback_of,
          r.optimization_run_id,
          r.base_digest,
          std::to_string(r.seed),
          r.simulated_at,
          shortest_text(r.cost_impact),
          std::to_string(r.employees_affected),
          opt(r.growth_change),
          opt(r.budget_variance),
          std::to_string(r.risk_score),
          r.risk_level,
          r.impact_class,
          r.risk_factors};
}

constexpr const char* kInsertRequest =
    "INSERT INTO change_requests VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS TIMESTAMPTZ), "
    "CAST(NULLIF($8, '') AS TIMESTAMPTZ), CAST(NULLIF($9, '') AS TIMESTAMPTZ), NULLIF($10, ''), "
    "NULLIF($11, ''), CAST($12 AS BOOLEAN), CAST(NULLIF($13, '') AS TIMESTAMPTZ), NULLIF($14, ''), "
    "CAST(NULLIF($15, '') AS TIMESTAMPTZ), NULLIF($16, ''), NULLIF($17, ''), NULLIF($18, ''), $19, "
    "CAST($20 AS UBIGINT), CAST($21 AS TIMESTAMPTZ), CAST($22 AS DOUBLE), CAST($23 AS BIGINT), "
    "CAST(NULLIF($24, '') AS DOUBLE), CAST(NULLIF($25, '') AS DOUBLE), CAST($26 AS INTEGER), $27, "
    "$28, $29)";

ChangeRequestRow request_from(const std::vector<std::optional<std::string>>& c) {
  auto s = [&](std::size_t i) { return c[i].value_or(""); };
  ChangeRequestRow r;
  r.request_id = s(0);
  r.scenario_id = s(1);
  r.kind = s(2);
  r.state = s(3);
  r.requester = s(4);
  r.justification = s(5);
  r.created_at = s(6);
  r.submitted_at = s(7);
  r.decided_at = s(8);
  r.decided_by = s(9);
  r.decision_reason = s(10);
  r.auto_approved = s(11) == "true";
  r.published_at = s(12);
  r.published_by = s(13);
  r.rolled_back_at = s(14);
  r.rolled_back_by_request = s(15);
  r.rollback_of = s(16);
  r.optimization_run_id = s(17);
  r.base_digest = s(18);
  r.seed = static_cast<std::uint64_t>(std::stoull(s(19).empty() ? "0" : s(19)));
  r.simulated_at = s(20);
  r.cost_impact = parse_double(s(21)).value_or(0.0);
  r.employees_affected = parse_int(s(22)).value_or(0);
  r.growth_change = parse_nullable_double(c[23]);
  r.budget_variance = parse_nullable_double(c[24]);
  r.risk_score = static_cast<int>(parse_int(s(25)).value_or(0));
  r.risk_level = s(26);
  r.impact_class = s(27);
  r.risk_factors = s(28);
  return r;
}

Status insert_children(Database& db, const ChangeRequest& request) {
  std::vector<std::vector<std::string>> cells;
  for (const RequestCellRow& c : request.cells) {
    cells.push_back({request.row.request_id, std::to_string(c.year), std::to_string(c.level),
                     c.parameter, shortest_text(c.old_value), shortest_text(c.new_value)});
  }
  if (!cells.empty()) {
    PLANWISE_RETURN_IF_ERROR(db.execute_many(
        "INSERT INTO change_request_cells VALUES ($1, CAST($2 AS INTEGER), CAST($3 AS INTEGER), "
        "$4, CAST($5 AS DOUBLE), CAST($6 AS DOUBLE))",
        cells));
  }
  auto opt = [](const std::optional<double>& v) { return v ? shortest_text(*v) : std::string(); };
  std::vector<std::vector<std::string>> years;
  for (const RequestYearRow& y : request.years) {
    years.push_back({request.row.request_id, std::to_string(y.year),
                     shortest_text(y.cost_published), shortest_text(y.cost_proposed),
                     std::to_string(y.headcount_published), std::to_string(y.headcount_proposed),
                     opt(y.avg_pay_published), opt(y.avg_pay_proposed), opt(y.growth_published),
                     opt(y.growth_proposed), opt(y.budget_variance)});
  }
  if (years.empty()) return Status::success();
  return db.execute_many(
      "INSERT INTO change_request_years VALUES ($1, CAST($2 AS INTEGER), CAST($3 AS DOUBLE), "
      "CAST($4 AS DOUBLE), CAST($5 AS BIGINT), CAST($6 AS BIGINT), CAST(NULLIF($7, '') AS DOUBLE), "
      "CAST(NULLIF($8, '') AS DOUBLE), CAST(NULLIF($9, '') AS DOUBLE), CAST(NULLIF($10, '') AS "
      "DOUBLE), CAST(NULLIF($11, '') AS DOUBLE))",
      years);
}

}  // namespace

Status ensure_governance_tables(Database& db) {
  for (const char* sql : {kCreateRequestIds, kCreateRequests, kCreateRequestCells,
                          kCreateRequestYears, kCreateScenarioGovernance}) {
    PLANWISE_RETURN_IF_ERROR(db.execute(sql));
  }
  return Status::success();
}

Result<bool> governance_tables_exist(Database& db) {
  return db.has_tables(
      {"change_requests", "change_request_cells", "change_request_years", "scenario_governance"});
}

Result<std::string> next_request_id(Database& db) {
  auto r = db.query("SELECT nextval('change_request_ids')");
  if (!r) return std::move(r).error();
  return "CR-" + r->rows.front().front().value_or("0");
}

Status insert_request(Database& db, const ChangeRequest& request) {
  PLANWISE_RETURN_IF_ERROR(db.run(kInsertRequest, request_params(request.row)));
  return insert_children(db, request);
}

Status update_request_row(Database& db, const ChangeRequestRow& row) {
  PLANWISE_RETURN_IF_ERROR(
      db.run("DELETE FROM change_requests WHERE request_id = $1", {row.request_id}));
  return db.run(kInsertRequest, request_params(row));
}

Status replace_request(Database& db, const ChangeRequest& request) {
  const std::string& id = request.row.request_id;
  PLANWISE_RETURN_IF_ERROR(db.run("DELETE FROM change_request_cells WHERE request_id = $1", {id}));
  PLANWISE_RETURN_IF_ERROR(db.run("DELETE FROM change_request_years WHERE request_id = $1", {id}));
  PLANWISE_RETURN_IF_ERROR(update_request_row(db, request.row));
  return insert_children(db, request);
}

Result<std::vector<RequestCellRow>> request_cells(Database& db, const std::string& request_id) {
  auto r = db.query(
      "SELECT fiscal_year, job_level, parameter_name, old_value, new_value FROM "
      "change_request_cells WHERE request_id = $1 ORDER BY fiscal_year, job_level, parameter_name",
      {request_id});
  if (!r) return std::move(r).error();
  std::vector<RequestCellRow> out;
  for (const auto& c : r->rows) {
    out.push_back({static_cast<int>(parse_int(c[0].value_or("0")).value_or(0)),
                   static_cast<int>(parse_int(c[1].value_or("0")).value_or(0)), c[2].value_or(""),
                   parse_double(c[3].value_or("")).value_or(0.0),
                   parse_double(c[4].value_or("")).value_or(0.0)});
  }
  return out;
}

Result<std::optional<ChangeRequest>> read_request(Database& db, const std::string& request_id) {
  auto present = governance_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return std::optional<ChangeRequest>();
  auto r = db.query("SELECT " + kRequestColumns + " FROM change_requests WHERE request_id = $1",
                    {request_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return std::optional<ChangeRequest>();
  ChangeRequest out;
  out.row = request_from(r->rows.front());
  auto cells = request_cells(db, request_id);
  if (!cells) return std::move(cells).error();
  out.cells = std::move(cells).value();
  auto years = db.query(
      "SELECT fiscal_year, cost_published, cost_proposed, headcount_published, "
      "headcount_proposed, avg_pay_published, avg_pay_proposed, growth_published, "
      "growth_proposed, budget_variance FROM change_request_years WHERE request_id = $1 ORDER BY "
      "fiscal_year",
      {request_id});
  if (!years) return std::move(years).error();
  for (const auto& c : years->rows) {
    RequestYearRow y;
    y.year = static_cast<int>(parse_int(c[0].value_or("0")).value_or(0));
    y.cost_published = parse_double(c[1].value_or("")).value_or(0.0);
    y.cost_proposed = parse_double(c[2].value_or("")).value_or(0.0);
    y.headcount_published = parse_int(c[3].value_or("0")).value_or(0);
    y.headcount_proposed = parse_int(c[4].value_or("0")).value_or(0);
    y.avg_pay_published = parse_nullable_double(c[5]);
    y.avg_pay_proposed = parse_nullable_double(c[6]);
    y.growth_published = parse_nullable_double(c[7]);
    y.growth_proposed = parse_nullable_double(c[8]);
    y.budget_variance = parse_nullable_double(c[9]);
    out.years.push_back(y);
  }
  return std::optional<ChangeRequest>(std::move(out));
}

Result<std::vector<ChangeRequestRow>> list_requests(Database& db, const RequestFilter& f) {
  std::vector<ChangeRequestRow> out;
  auto present = governance_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return out;
  // Newest first; ids are CR-<n>, so the number orders them.
  auto r = db.query("SELECT " + kRequestColumns +
                        " FROM change_requests WHERE ($1 = '' OR scenario_id = $1) AND ($2 = '' OR "
                        "state = $2) AND ($3 = '' OR requester = $3) ORDER BY created_at DESC, "
                        "CAST(substr(request_id, 4) AS BIGINT) DESC",
                    {f.scenario_id, f.state, f.requester});
  if (!r) return std::move(r).error();
  for (const auto& row : r->rows) out.push_back(request_from(row));
  return out;
}

Result<ScenarioGovernanceRow> scenario_governance(Database& db, const std::string& scenario_id) {
  ScenarioGovernanceRow out;
  out.scenario_id = scenario_id;
  auto present = governance_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return out;
  auto r = db.query("SELECT approval_threshold, auto_approve, auto_publish, " +
                        iso_timestamp_sql("published_at") +
                        ", published_by, published_request, publications FROM "
                        "scenario_governance WHERE scenario_id = $1",
                    {scenario_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return out;
  const auto& c = r->rows.front();
  out.approval_threshold = parse_double(c[0].value_or("")).value_or(out.approval_threshold);
  out.auto_approve = c[1] == std::optional<std::string>("true");
  out.auto_publish = c[2] == std::optional<std::string>("true");
  out.published_at = c[3].value_or("");
  out.published_by = c[4].value_or("");
  out.published_request = c[5].value_or("");
  out.publications = parse_int(c[6].value_or("0")).value_or(0);
  return out;
}

Status write_scenario_governance(Database& db, const ScenarioGovernanceRow& g) {
  return db.run(
      "INSERT OR REPLACE INTO scenario_governance VALUES ($1, CAST($2 AS DOUBLE), CAST($3 AS "
      "BOOLEAN), CAST($4 AS BOOLEAN), CAST(NULLIF($5, '') AS TIMESTAMPTZ), NULLIF($6, ''), "
      "NULLIF($7, ''), CAST($8 AS BIGINT))",
      {g.scenario_id, shortest_text(g.approval_threshold), g.auto_approve ? "true" : "false",
       g.auto_publish ? "true" : "false", g.published_at, g.published_by, g.published_request,
       std::to_string(g.publications)});
}

Status rename_scenario_governance(Database& db, const std::string& from, const std::string& to) {
  auto present = governance_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return Status::success();
  PLANWISE_RETURN_IF_ERROR(
      db.run("UPDATE change_requests SET scenario_id = $2 WHERE scenario_id = $1", {from, to}));
  // Primary keys are re-keyed by insert-then-delete (DuckDB does not update
  // them in place).
  PLANWISE_RETURN_IF_ERROR(
      db.run("INSERT INTO scenario_governance SELECT $2, approval_threshold, "
             "auto_approve, auto_publish, published_at, published_by, "
             "published_request, publications FROM scenario_governance WHERE "
             "scenario_id = $1",
             {from, to}));
  return db.run("DELETE FROM scenario_governance WHERE scenario_id = $1", {from});
}

Result<std::int64_t> count_requests_about(Database& db, const std::string& scenario_id) {
  auto present = governance_tables_exist(db);
  if (!present) return std::move(present).error();
  if (!*present) return std::int64_t{0};
  auto r = db.query("SELECT count(*) FROM change_requests WHERE scenario_id = $1", {scenario_id});
  if (!r) return std::move(r).error();
  return parse_int(r->rows.front().front().value_or("0")).value_or(0);
}

}  // namespace planwise::store
