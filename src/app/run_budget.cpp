#include "app/run_budget.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>

#include "app/existing_database.hpp"
#include "common/number_text.hpp"
#include "engine/output_schema.hpp"
#include "store/run_store.hpp"

namespace planwise::app {

namespace {

// A stored row of pay_budget, in the column order of kPayBudgetColumns.
Result<engine::PayBudgetRow> row_from(const std::vector<std::optional<std::string>>& cells) {
  std::array<double, std::size(engine::kPayBudgetColumns)> v{};
  if (cells.size() != v.size())
    return Error::make(ErrorKind::kStorage, "pay_budget has an unexpected column count");
  for (std::size_t c = 0; c < v.size(); ++c)
    v[c] = cells[c] ? parse_double(*cells[c]).value_or(0.0) : 0.0;
  engine::PayBudgetRow r;
  r.year = static_cast<int>(v[0]);
  r.level = static_cast<int>(v[1]);
  r.prior_payroll_fye = v[2];
  r.merit = {v[3], v[4]};
  r.cola = {v[5], v[6]};
  r.promotion = {v[7], v[8]};
  r.new_hire_premium = {v[9], v[10]};
  r.total_payroll_prorated = v[11];
  r.run_rate_payroll_fye = v[12];
  r.end_headcount = static_cast<std::int64_t>(v[13]);
  return r;
}

}  // namespace

std::optional<double> pct_of_payroll(double amount, double prior_payroll_fye) {
  if (prior_payroll_fye == 0.0) return std::nullopt;
  return amount / prior_payroll_fye;
}

std::vector<BudgetYear> budget_years(std::span<const engine::PayBudgetRow> rows, bool with_levels) {
  std::map<int, std::vector<engine::PayBudgetRow>> by_year;
  for (const engine::PayBudgetRow& r : rows) by_year[r.year].push_back(r);
  std::vector<BudgetYear> out;
  for (auto& [year, levels] : by_year) {
    std::sort(levels.begin(), levels.end(),
              [](const auto& a, const auto& b) { return a.level < b.level; });
    BudgetYear y;
    y.total = engine::pay_budget_totals(levels);
    y.total.year = year;
    if (with_levels) y.levels = std::move(levels);
    out.push_back(std::move(y));
  }
  return out;
}

Result<RunBudget> run_budget(const std::string& db_path, const std::string& run_id,
                             std::optional<int> year) {
  auto db = open_existing_database(db_path, store::OpenMode::kReadOnly,
                                   "run `planwise simulate` first, or pass --db");
  if (!db) return std::move(db).error();
  auto run = store::get_run(**db, run_id);
  if (!run) return std::move(run).error();
  if (year && (*year < run->start_year || *year > run->end_year)) {
    return Error::invalid_input("request", 0, "year", "simulated_year", std::to_string(*year),
                                "run " + run_id + " simulated " + std::to_string(run->start_year) +
                                    "-" + std::to_string(run->end_year));
  }
  // A database opened read-only is not upgraded, so the table may be missing.
  auto exists = (*db)->has_tables({"pay_budget"});
  if (!exists) return std::move(exists).error();
  const bool has_table = *exists;
  std::vector<engine::PayBudgetRow> rows;
  if (has_table) {
    auto stored = store::run_table(**db, run_id, "pay_budget");
    if (!stored) return std::move(stored).error();
    for (const auto& cells : stored->rows) {
      auto r = row_from(cells);
      if (!r) return std::move(r).error();
      if (!year || r->year == *year) rows.push_back(*r);
    }
  }
  if (rows.empty()) {
    return Error::make(ErrorKind::kNotFound,
                       "run " + run_id +
                           " has no pay budget: it was stored before pay budgets were recorded; "
                           "run the scenario again");
  }
  return RunBudget{run_id, budget_years(rows, true)};
}

Status BudgetSink::on_year(const engine::YearOutput& year) {
  engine::compute_pay_budget(year.frame, year.levers, scratch_);
  BudgetYear y;
  y.total = engine::pay_budget_totals(scratch_);
  y.total.year = year.frame.year;
  y.levels = scratch_;  // the headline's ?levels=1 (Plan & Budget); a few rows a year
  years_.push_back(std::move(y));
  return Status::success();
}

Result<std::vector<BudgetYear>> simulate_budget(const LoadedInputs& in,
                                                const engine::ResolvedLevers& levers) {
  engine::SimulationOptions aggregates_only;
  aggregates_only.build_events = false;
  BudgetSink sink;
  auto result =
      engine::simulate({in.config.engine, in.seeds, levers, in.census}, aggregates_only, &sink);
  if (!result) return std::move(result).error();
  return sink.years();
}

}  // namespace planwise::app
