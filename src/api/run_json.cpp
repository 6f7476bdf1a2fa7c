#include "api/run_json.hpp"

#include <nlohmann/json.hpp>

#include "app/run_history.hpp"
#include "common/number_text.hpp"

namespace planwise::api {

namespace {
using nlohmann::json;

json optional_number(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

bool is_numeric_type(const std::string& type) {
  static const char* kNumeric[] = {"TINYINT", "SMALLINT", "INTEGER",   "BIGINT",
                                   "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                                   "UBIGINT", "FLOAT",    "DOUBLE"};
  for (const char* t : kNumeric) {
    if (type == t) return true;
  }
  return type.rfind("DECIMAL", 0) == 0;
}
json pools_json(const engine::PayBudgetRow& r) {
  auto pool = [&r](const engine::PoolCost& p) {
    const auto pct = app::pct_of_payroll(p.annualised, r.prior_payroll_fye);
    return json{{"annualised", p.annualised},
                {"in_year", p.in_year},
                {"pct_of_payroll", optional_number(pct)}};
  };
  return {{"merit", pool(r.merit)},
          {"cola", pool(r.cola)},
          {"promotion", pool(r.promotion)},
          {"new_hire_premium", pool(r.new_hire_premium)}};
}

json budget_figures(const engine::PayBudgetRow& r) {
  return {{"prior_payroll_fye", r.prior_payroll_fye},
          {"total_payroll_prorated", r.total_payroll_prorated},
          {"run_rate_payroll_fye", r.run_rate_payroll_fye},
          {"end_headcount", r.end_headcount},
          {"pools", pools_json(r)}};
}

json budget_years_value(const std::vector<app::BudgetYear>& years, bool with_levels) {
  json out = json::array();
  for (const app::BudgetYear& y : years) {
    json year = {{"year", y.total.year}};
    year.update(budget_figures(y.total));
    if (with_levels) {
      json levels = json::array();
      for (const engine::PayBudgetRow& l : y.levels) {
        json level = {{"level", l.level}};
        level.update(budget_figures(l));
        levels.push_back(std::move(level));
      }
      year["levels"] = std::move(levels);
    }
    out.push_back(std::move(year));
  }
  return out;
}

}  // namespace

std::string budget_years_json(const std::vector<app::BudgetYear>& years, bool with_levels,
                              int indent) {
  return budget_years_value(years, with_levels).dump(indent);
}

std::string run_budget_json(const app::RunBudget& budget, int indent) {
  return json{{"run_id", budget.run_id}, {"years", budget_years_value(budget.years, true)}}.dump(
      indent);
}

std::string simulation_summary_json(const app::SimulateOutcome& o, int indent) {
  json years = json::array();
  for (const engine::YearSummary& y : o.result.years) {
    years.push_back({
        {"year", y.year},
        {"start_active", y.start_headcount},
        {"experienced_terminations", y.experienced_terminations},
        {"hires", y.hires},
        {"new_hire_terminations", y.new_hire_terminations},
        {"promotions", y.promotions},
        {"raises", y.raises},
        {"end_active", y.end_headcount},
        {"target_end_active", y.target_end_headcount},
        {"headcount_growth", y.headcount_growth},
        {"avg_comp_fye", optional_number(y.avg_fye_active)},
        {"avg_comp_growth", optional_number(y.avg_comp_growth)},
        {"total_payroll_prorated", y.total_prorated_compensation},
        // The same figure under its name before issue 10 (docs/model.md).
        {"total_comp_prorated", y.total_prorated_compensation},
    });
  }
  json body = {
      {"run_id", o.run_id ? json(*o.run_id) : json(nullptr)},
      {"scenario", o.scenario},
      {"seed", o.seed},
      {"start_year", o.start_year},
      {"end_year", o.end_year},
      {"baseline",
       {{"active", o.result.baseline.active}, {"avg_salary", o.result.baseline.avg_salary}}},
      {"years", years},
      {"warning_count", o.warnings.size()},
  };
  add_run_marks(body, run_marks(o));
  return body.dump(indent);
}

RunMarks run_marks(const store::RunRecord& run) {
  RunMarks m;
  m.what_if = run.what_if;
  m.overrides = stored_overrides(run.lever_overrides).size();
  m.carried_lever_years = app::carried_lever_years(run);
  m.target = app::recorded_target(run);
  return m;
}

RunMarks run_marks(const app::SimulateOutcome& o) {
  return {!o.lever_overrides.empty(), o.lever_overrides.size(), o.carried_lever_years, o.target};
}

void add_run_marks(json& out, const RunMarks& m) {
  out["what_if"] = m.what_if;
  out["overrides"] = m.overrides;
  out["carried_lever_years"] = m.carried_lever_years;
  out["target"] = m.target ? json{{"growth", m.target->growth},
                                  {"tolerance", m.target->tolerance},
                                  {"metric", m.target->metric}}
                           : json(nullptr);
}

std::vector<app::CellEdit> stored_overrides(const std::string& text) {
  std::vector<app::CellEdit> out;
  const json cells = json::parse(text, nullptr, false);
  if (!cells.is_array()) return out;
  for (const json& c : cells) {
    if (!c.is_object() || !c.value("parameter", json()).is_string() ||
        !c.value("year", json()).is_number_integer() ||
        !c.value("level", json()).is_number_integer() || !c.value("value", json()).is_number())
      continue;
    out.push_back({c["parameter"].get<std::string>(), c["year"].get<int>(), c["level"].get<int>(),
                   c["value"].get<double>()});
  }
  return out;
}

std::string query_table_json(const app::QueryTable& table, int indent) {
  json rows = json::array();
  for (const auto& row : table.rows) {
    json object = json::object();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const auto& cell = row[c];
      if (!cell) {
        object[table.columns[c]] = nullptr;
      } else if (table.types[c] == "BOOLEAN") {
        object[table.columns[c]] = *cell == "true";
      } else if (is_numeric_type(table.types[c])) {
        if (auto i = parse_int(*cell))
          object[table.columns[c]] = *i;
        else if (auto d = parse_double(*cell))
          object[table.columns[c]] = *d;
        else
          object[table.columns[c]] = *cell;
      } else {
        object[table.columns[c]] = *cell;
      }
    }
    rows.push_back(std::move(object));
  }
  return rows.dump(indent);
}

}  // namespace planwise::api
