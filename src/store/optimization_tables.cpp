#include "store/optimization_tables.hpp"

#include <algorithm>
#include <functional>

#include "common/number_text.hpp"

namespace planwise::store {

namespace {

constexpr const char* kCreateOptimizationRuns = R"sql(
CREATE TABLE IF NOT EXISTS optimization_runs (
  opt_run_id VARCHAR PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL,
  scenario VARCHAR NOT NULL,
  algorithm VARCHAR NOT NULL,
  mode VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  mix VARCHAR NOT NULL,
  target DOUBLE NOT NULL,
  tolerance DOUBLE NOT NULL,
  max_iterations INTEGER NOT NULL,
  budget_evaluations INTEGER NOT NULL,
  budget_seconds DOUBLE NOT NULL,
  cost_cap DOUBLE,
  weight_growth DOUBLE NOT NULL,
  weight_cost DOUBLE NOT NULL,
  weight_equity DOUBLE NOT NULL,
  variables VARCHAR[] NOT NULL,
  lower_bounds DOUBLE[] NOT NULL,
  upper_bounds DOUBLE[] NOT NULL,
  locked_out VARCHAR[] NOT NULL,
  seed UBIGINT NOT NULL,
  start_year INTEGER NOT NULL,
  end_year INTEGER NOT NULL,
  census_rows BIGINT NOT NULL,
  status VARCHAR NOT NULL,
  converged BOOLEAN NOT NULL,
  stopped_by_limit BOOLEAN NOT NULL,
  message VARCHAR NOT NULL,
  evaluations INTEGER NOT NULL,
  initial_evaluation INTEGER,
  best_evaluation INTEGER,
  reach_checked BOOLEAN NOT NULL,
  reachable BOOLEAN NOT NULL,
  reach_low DOUBLE NOT NULL,
  reach_high DOUBLE NOT NULL,
  reach_closest DOUBLE NOT NULL,
  reach_binding VARCHAR[] NOT NULL,
  reach_suggestions VARCHAR[] NOT NULL,
  reach_verdict VARCHAR NOT NULL,
  dry_run BOOLEAN NOT NULL,
  applied BOOLEAN NOT NULL,
  apply_note VARCHAR NOT NULL,
  elapsed_ms DOUBLE NOT NULL,
  command VARCHAR NOT NULL,
  search_ms DOUBLE NOT NULL
))sql";

constexpr const char* kCreateEvaluations = R"sql(
CREATE TABLE IF NOT EXISTS optimization_evaluations (
  opt_run_id VARCHAR NOT NULL,
  evaluation INTEGER NOT NULL,
  iteration INTEGER NOT NULL,
  levers DOUBLE[] NOT NULL,
  growth DOUBLE NOT NULL,
  growth_by_year DOUBLE[] NOT NULL,
  gap DOUBLE NOT NULL,
  total_cost DOUBLE NOT NULL,
  pay_equity_cv DOUBLE NOT NULL,
  objective DOUBLE NOT NULL,
  constraint_value DOUBLE NOT NULL,
  feasible BOOLEAN NOT NULL,
  on_pareto_front BOOLEAN NOT NULL,
  ms DOUBLE NOT NULL,
  PRIMARY KEY (opt_run_id, evaluation)
))sql";

constexpr const char* kCreateSensitivity = R"sql(
CREATE TABLE IF NOT EXISTS optimization_sensitivity (
  opt_run_id VARCHAR NOT NULL,
  variable VARCHAR NOT NULL,
  value DOUBLE NOT NULL,
  step DOUBLE NOT NULL,
  growth_slope DOUBLE NOT NULL,
  cost_slope DOUBLE NOT NULL,
  growth_elasticity DOUBLE NOT NULL,
  cost_elasticity DOUBLE NOT NULL
))sql";

constexpr const char* kCreateSeedSpread = R"sql(
CREATE TABLE IF NOT EXISTS optimization_seed_spread (
  opt_run_id VARCHAR NOT NULL,
  seed UBIGINT NOT NULL,
  growth DOUBLE NOT NULL
))sql";

// Issue 10: added to databases of every age by ALTER TABLE, so the columns
// come last in the same order whether the table is new or old (the inserts
// below are positional).
constexpr const char* kIssue10Changes[] = {
    "ALTER TABLE optimization_runs ADD COLUMN IF NOT EXISTS rail_merit_floor DOUBLE",
    "ALTER TABLE optimization_runs ADD COLUMN IF NOT EXISTS rail_cola_floor DOUBLE",
    "ALTER TABLE optimization_runs ADD COLUMN IF NOT EXISTS rail_merit_ordering BOOLEAN",
    "ALTER TABLE optimization_runs ADD COLUMN IF NOT EXISTS rail_promotion_ranges BOOLEAN",
    "ALTER TABLE optimization_runs ADD COLUMN IF NOT EXISTS cost_cap_met BOOLEAN",
    "ALTER TABLE optimization_evaluations ADD COLUMN IF NOT EXISTS cost_by_year DOUBLE[]",
    R"sql(CREATE TABLE IF NOT EXISTS optimization_guard_rail_violations (
  opt_run_id VARCHAR NOT NULL,
  rule VARCHAR NOT NULL,
  fiscal_year INTEGER NOT NULL,
  job_level INTEGER,
  value DOUBLE NOT NULL,
  limit_value DOUBLE NOT NULL
))sql"};

// Text forms DuckDB casts back: lists as [a, b], text lists with quotes.
std::string number(double v) {
  return shortest_text(v);
}
std::string flag(bool b) {
  return b ? "true" : "false";
}
std::string numbers(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + number(values[i]);
  return out + "]";
}
std::string texts(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + sql_literal(values[i]);
  return out + "]";
}

std::vector<double> parse_numbers(const std::optional<std::string>& text) {
  std::vector<double> out;
  if (!text) return out;
  std::string s = *text;
  std::size_t pos = 1;
  while (pos < s.size()) {
    std::size_t end = s.find_first_of(",]", pos);
    if (end == std::string::npos) break;
    std::string part = s.substr(pos, end - pos);
    part.erase(0, part.find_first_not_of(' '));
    if (!part.empty()) out.push_back(parse_double(part).value_or(0.0));
    pos = end + 1;
  }
  return out;
}

// Reads a VARCHAR[] back through to_json, whose quoting is unambiguous.
std::vector<std::string> parse_texts(const std::optional<std::string>& json) {
  std::vector<std::string> out;
  if (!json) return out;
  const std::string& s = *json;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '"') continue;
    std::string item;
    for (++i; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      item += s[i];
    }
    out.push_back(item);
  }
  return out;
}

// Inserts rows of text parameters in blocks of one statement each.
Status insert_blocks(Database& db, const std::string& table, const std::vector<std::string>& types,
                     const std::vector<std::vector<std::string>>& rows) {
  constexpr std::size_t kBlock = 200;
  const std::size_t columns = types.size();
  for (std::size_t first = 0; first < rows.size(); first += kBlock) {
    const std::size_t n = std::min(kBlock, rows.size() - first);
    std::string sql = "INSERT INTO " + table + " VALUES ";
    std::vector<std::string> params;
    for (std::size_t k = 0; k < n; ++k) {
      sql += k ? ", (" : "(";
      for (std::size_t c = 0; c < columns; ++c) {
        const std::string arg = "$" + std::to_string(k * columns + c + 1);
        // "?" types are nullable: the empty text is NULL.
        const bool nullable = types[c].back() == '?';
        const std::string type = nullable ? types[c].substr(0, types[c].size() - 1) : types[c];
        sql += (c ? ", " : "") + std::string("CAST(") +
               (nullable ? "NULLIF(" + arg + ", '')" : arg) + " AS " + type + ")";
        params.push_back(rows[first + k][c]);
      }
      sql += ")";
    }
    PLANWISE_RETURN_IF_ERROR(db.run(sql, params));
  }
  return Status::success();
}

const std::string kOptimizationRunColumns =
    "opt_run_id, " + iso_timestamp_sql("created_at") +
    ", scenario, "
    "algorithm, mode, metric, "
    "mix, target, tolerance, max_iterations, budget_evaluations, budget_seconds, cost_cap, "
    "weight_growth, "
    "weight_cost, weight_equity, to_json(variables), lower_bounds, upper_bounds, "
    "to_json(locked_out), seed, "
    "start_year, end_year, census_rows, status, converged, stopped_by_limit, message, evaluations, "
    "initial_evaluation, best_evaluation, reach_checked, reachable, reach_low, reach_high, "
    "reach_closest, "
    "to_json(reach_binding), to_json(reach_suggestions), reach_verdict, dry_run, applied, "
    "apply_note, elapsed_ms, "
    "command, search_ms";
// The issue 10 columns, or nulls where a read-only database predates them.
constexpr const char* kRunColumnsIssue10 =
    ", rail_merit_floor, rail_cola_floor, rail_merit_ordering, rail_promotion_ranges, "
    "cost_cap_met";
constexpr const char* kRunColumnsBefore10 = ", NULL, NULL, NULL, NULL, NULL";

std::string run_columns(bool current) {
  return std::string(kOptimizationRunColumns) +
         (current ? kRunColumnsIssue10 : kRunColumnsBefore10);
}

OptimizationRunRow run_from(const std::vector<std::optional<std::string>>& r) {
  auto text = [&](std::size_t i) { return r[i].value_or(""); };
  auto num = [&](std::size_t i) { return parse_double(text(i)).value_or(0.0); };
  auto integer = [&](std::size_t i) { return static_cast<int>(std::stoll(r[i].value_or("0"))); };
  auto boolean = [&](std::size_t i) { return text(i) == "true"; };
  auto maybe_int = [&](std::size_t i) {
    return r[i] ? std::optional<int>(integer(i)) : std::nullopt;
  };
  OptimizationRunRow o;
  o.opt_run_id = text(0);
  o.created_at = text(1);
  o.scenario = text(2);
  o.algorithm = text(3);
  o.mode = text(4);
  o.metric = text(5);
  o.mix = text(6);
  o.target = num(7);
  o.tolerance = num(8);
  o.max_iterations = integer(9);
  o.budget_evaluations = integer(10);
  o.budget_seconds = num(11);
  if (r[12]) o.cost_cap = num(12);
  o.weight_growth = num(13);
  o.weight_cost = num(14);
  o.weight_equity = num(15);
  o.variables = parse_texts(r[16]);
  o.lower = parse_numbers(r[17]);
  o.upper = parse_numbers(r[18]);
  o.locked_out = parse_texts(r[19]);
  o.seed = std::stoull(r[20].value_or("0"));
  o.start_year = integer(21);
  o.end_year = integer(22);
  o.census_rows = std::stoll(r[23].value_or("0"));
  o.status = text(24);
  o.converged = boolean(25);
  o.stopped_by_limit = boolean(26);
  o.message = text(27);
  o.evaluations = integer(28);
  o.initial_evaluation = maybe_int(29);
  o.best_evaluation = maybe_int(30);
  o.reach_checked = boolean(31);
  o.reachable = boolean(32);
  o.reach_low = num(33);
  o.reach_high = num(34);
  o.reach_closest = num(35);
  o.reach_binding = parse_texts(r[36]);
  o.reach_suggestions = parse_texts(r[37]);
  o.reach_verdict = text(38);
  o.dry_run = boolean(39);
  o.applied = boolean(40);
  o.apply_note = text(41);
  o.elapsed_ms = num(42);
  o.command = text(43);
  o.search_ms = num(44);
  o.rails_recorded = r[45].has_value();
  if (o.rails_recorded) {
    o.rail_merit_floor = num(45);
    o.rail_cola_floor = num(46);
    o.rail_merit_ordering = boolean(47);
    o.rail_promotion_ranges = boolean(48);
  }
  if (r[49]) o.cost_cap_met = boolean(49);
  return o;
}

}  // namespace

Status ensure_optimization_tables(Database& db) {
  for (const char* sql :
       {kCreateOptimizationRuns, kCreateEvaluations, kCreateSensitivity, kCreateSeedSpread}) {
    PLANWISE_RETURN_IF_ERROR(db.execute(sql));
  }
  for (const char* sql : kIssue10Changes) PLANWISE_RETURN_IF_ERROR(db.execute(sql));
  return Status::success();
}

Result<bool> optimization_tables_current(Database& db) {
  // Through has_column (table descriptions), as schema.cpp's state: every
  // read-write open asks this (issue 13 item 4).
  for (const auto& [table, column] :
       {std::pair{"optimization_runs", "cost_cap_met"},
        std::pair{"optimization_evaluations", "cost_by_year"},
        std::pair{"optimization_guard_rail_violations", "limit_value"}}) {
    auto has = db.has_column(table, column);
    if (!has) return std::move(has).error();
    if (!*has) return false;
  }
  return true;
}

Status insert_optimization(Database& db, const OptimizationRecord& record) {
  const OptimizationRunRow& o = record.run;
  auto opt_int = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
  PLANWISE_RETURN_IF_ERROR(insert_blocks(
      db, "optimization_runs",
      {"VARCHAR", "TIMESTAMPTZ", "VARCHAR",   "VARCHAR",  "VARCHAR",  "VARCHAR",   "VARCHAR",
       "DOUBLE",  "DOUBLE",      "INTEGER",   "INTEGER",  "DOUBLE",   "DOUBLE?",   "DOUBLE",
       "DOUBLE",  "DOUBLE",      "VARCHAR[]", "DOUBLE[]", "DOUBLE[]", "VARCHAR[]", "UBIGINT",
       "INTEGER", "INTEGER",     "BIGINT",    "VARCHAR",  "BOOLEAN",  "BOOLEAN",   "VARCHAR",
       "INTEGER", "INTEGER?",    "INTEGER?",  "BOOLEAN",  "BOOLEAN",  "DOUBLE",    "DOUBLE",
       "DOUBLE",  "VARCHAR[]",   "VARCHAR[]", "VARCHAR",  "BOOLEAN",  "BOOLEAN",   "VARCHAR",
       "DOUBLE",  "VARCHAR",     "DOUBLE",    "DOUBLE?",  "DOUBLE?",  "BOOLEAN?",  "BOOLEAN?",
       "BOOLEAN?"},
      {{o.opt_run_id,
        o.created_at,
        o.scenario,
        o.algorithm,
        o.mode,
        o.metric,
        o.mix,
        number(o.target),
        number(o.tolerance),
        std::to_string(o.max_iterations),
        std::to_string(o.budget_evaluations),
        number(o.budget_seconds),
        o.cost_cap ? number(*o.cost_cap) : "",
        number(o.weight_growth),
        number(o.weight_cost),
        number(o.weight_equity),
        texts(o.variables),
        numbers(o.lower),
        numbers(o.upper),
        texts(o.locked_out),
        std::to_string(o.seed),
        std::to_string(o.start_year),
        std::to_string(o.end_year),
        std::to_string(o.census_rows),
        o.status,
        flag(o.converged),
        flag(o.stopped_by_limit),
        o.message,
        std::to_string(o.evaluations),
        opt_int(o.initial_evaluation),
        opt_int(o.best_evaluation),
        flag(o.reach_checked),
        flag(o.reachable),
        number(o.reach_low),
        number(o.reach_high),
        number(o.reach_closest),
        texts(o.reach_binding),
        texts(o.reach_suggestions),
        o.reach_verdict,
        flag(o.dry_run),
        flag(o.applied),
        o.apply_note,
        number(o.elapsed_ms),
        o.command,
        number(o.search_ms),
        o.rails_recorded ? number(o.rail_merit_floor) : "",
        o.rails_recorded ? number(o.rail_cola_floor) : "",
        o.rails_recorded ? flag(o.rail_merit_ordering) : "",
        o.rails_recorded ? flag(o.rail_promotion_ranges) : "",
        o.cost_cap_met ? flag(*o.cost_cap_met) : ""}}));
  std::vector<std::vector<std::string>> rows;
  for (const OptimizationEvaluationRow& e : record.evaluations) {
    rows.push_back({o.opt_run_id, std::to_string(e.evaluation), std::to_string(e.iteration),
                    numbers(e.levers), number(e.growth), numbers(e.growth_by_year), number(e.gap),
                    number(e.total_cost), number(e.equity), number(e.objective),
                    number(e.constraint_value), flag(e.feasible), flag(e.on_pareto_front),
                    number(e.ms), numbers(e.cost_by_year)});
  }
  PLANWISE_RETURN_IF_ERROR(insert_blocks(
      db, "optimization_evaluations",
      {"VARCHAR", "INTEGER", "INTEGER", "DOUBLE[]", "DOUBLE", "DOUBLE[]", "DOUBLE", "DOUBLE",
       "DOUBLE", "DOUBLE", "DOUBLE", "BOOLEAN", "BOOLEAN", "DOUBLE", "DOUBLE[]"},
      rows));
  rows.clear();
  for (const GuardRailViolationRow& v : record.violations) {
    rows.push_back({o.opt_run_id, v.rule, std::to_string(v.year),
                    v.level ? std::to_string(*v.level) : "", number(v.value), number(v.limit)});
  }
  PLANWISE_RETURN_IF_ERROR(
      insert_blocks(db, "optimization_guard_rail_violations",
                    {"VARCHAR", "VARCHAR", "INTEGER", "INTEGER?", "DOUBLE", "DOUBLE"}, rows));
  rows.clear();
  for (const SensitivityRow& s : record.sensitivity) {
    rows.push_back({o.opt_run_id, s.variable, number(s.value), number(s.step),
                    number(s.growth_slope), number(s.cost_slope), number(s.growth_elasticity),
                    number(s.cost_elasticity)});
  }
  PLANWISE_RETURN_IF_ERROR(insert_blocks(
      db, "optimization_sensitivity",
      {"VARCHAR", "VARCHAR", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE"}, rows));
  rows.clear();
  for (const SeedSpreadRow& s : record.seed_spread) {
    rows.push_back({o.opt_run_id, std::to_string(s.seed), number(s.growth)});
  }
  return insert_blocks(db, "optimization_seed_spread", {"VARCHAR", "UBIGINT", "DOUBLE"}, rows);
}

Status mark_optimization_applied(Database& db, const std::string& opt_run_id,
                                 const std::string& note) {
  auto r =
      db.query("UPDATE optimization_runs SET applied = true, apply_note = $2 WHERE opt_run_id = $1",
               {opt_run_id, note});
  if (!r) return std::move(r).error();
  return Status::success();
}

Result<std::vector<OptimizationRunRow>> list_optimizations(Database& db) {
  auto exist = db.has_tables({"optimization_runs"});
  if (!exist) return std::move(exist).error();
  std::vector<OptimizationRunRow> out;
  if (!*exist) return out;
  auto current = optimization_tables_current(db);
  if (!current) return std::move(current).error();
  auto r = db.query("SELECT " + run_columns(*current) +
                    " FROM optimization_runs ORDER BY created_at DESC, opt_run_id DESC");
  if (!r) return std::move(r).error();
  for (const auto& row : r->rows) out.push_back(run_from(row));
  return out;
}

Result<OptimizationRecord> read_optimization(Database& db, const std::string& opt_run_id) {
  auto exist = db.has_tables({"optimization_runs"});
  if (!exist) return std::move(exist).error();
  auto not_found = [&] {
    return Error::make(ErrorKind::kNotFound,
                       "no optimization run '" + opt_run_id + "' in " + db.path() +
                           " (`planwise optimize list` shows the stored runs)");
  };
  if (!*exist) return not_found();
  auto current = optimization_tables_current(db);
  if (!current) return std::move(current).error();
  auto r =
      db.query("SELECT " + run_columns(*current) + " FROM optimization_runs WHERE opt_run_id = $1",
               {opt_run_id});
  if (!r) return std::move(r).error();
  if (r->rows.empty()) return not_found();
  OptimizationRecord record;
  record.run = run_from(r->rows.front());
  auto e = db.query(
      "SELECT evaluation, iteration, levers, growth, growth_by_year, gap, total_cost, "
      "pay_equity_cv, objective, "
      "constraint_value, feasible, on_pareto_front, ms, " +
          std::string(*current ? "cost_by_year" : "NULL") +
          " FROM optimization_evaluations WHERE opt_run_id = $1 ORDER BY evaluation",
      {opt_run_id});
  if (!e) return std::move(e).error();
  for (const auto& row : e->rows) {
    auto num = [&](std::size_t i) { return parse_double(row[i].value_or("")).value_or(0.0); };
    OptimizationEvaluationRow v;
    v.evaluation = std::stoi(row[0].value_or("0"));
    v.iteration = std::stoi(row[1].value_or("0"));
    v.levers = parse_numbers(row[2]);
    v.growth = num(3);
    v.growth_by_year = parse_numbers(row[4]);
    v.gap = num(5);
    v.total_cost = num(6);
    v.equity = num(7);
    v.objective = num(8);
    v.constraint_value = num(9);
    v.feasible = row[10].value_or("") == "true";
    v.on_pareto_front = row[11].value_or("") == "true";
    v.ms = num(12);
    v.cost_by_year = parse_numbers(row[13]);
    record.evaluations.push_back(std::move(v));
  }
  if (*current) {
    auto g = db.query(
        "SELECT rule, fiscal_year, job_level, value, limit_value FROM "
        "optimization_guard_rail_violations WHERE opt_run_id = $1 ORDER BY rowid",
        {opt_run_id});
    if (!g) return std::move(g).error();
    for (const auto& row : g->rows) {
      GuardRailViolationRow v;
      v.rule = row[0].value_or("");
      v.year = std::stoi(row[1].value_or("0"));
      if (row[2]) v.level = std::stoi(*row[2]);
      v.value = parse_double(row[3].value_or("")).value_or(0.0);
      v.limit = parse_double(row[4].value_or("")).value_or(0.0);
      record.violations.push_back(std::move(v));
    }
  }
  auto s = db.query(
      "SELECT variable, value, step, growth_slope, cost_slope, growth_elasticity, cost_elasticity "
      "FROM "
      "optimization_sensitivity WHERE opt_run_id = $1 ORDER BY rowid",
      {opt_run_id});
  if (!s) return std::move(s).error();
  for (const auto& row : s->rows) {
    auto num = [&](std::size_t i) { return parse_double(row[i].value_or("")).value_or(0.0); };
    record.sensitivity.push_back(
        {row[0].value_or(""), num(1), num(2), num(3), num(4), num(5), num(6)});
  }
  auto seeds = db.query(
      "SELECT seed, growth FROM optimization_seed_spread WHERE opt_run_id = $1 ORDER BY seed",
      {opt_run_id});
  if (!seeds) return std::move(seeds).error();
  for (const auto& row : seeds->rows) {
    record.seed_spread.push_back(
        {std::stoull(row[0].value_or("0")), parse_double(row[1].value_or("")).value_or(0.0)});
  }
  return record;
}

}  // namespace planwise::store
