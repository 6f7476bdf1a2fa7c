#include "app/compare.hpp"

#include <map>
#include <tuple>

#include "app/existing_database.hpp"
#include "app/lever_workspace.hpp"
#include "app/run_budget.hpp"
#include "app/run_history.hpp"
#include "common/number_text.hpp"
#include "engine/simulate.hpp"
#include "io/csv_table_writer.hpp"
#include "levers/lever_catalogue.hpp"
#include "levers/lever_store.hpp"
#include "store/run_store.hpp"

namespace planwise::app {

namespace {

enum Metric : std::size_t {
  kHeadcount,
  kAvgFye,
  kGrowth,
  kTotalPayroll,
  kRunRate,
  kMerit,
  kCola,
  kPromotion,
  kNewHirePremium
};

// One item's figures by year, before they are aligned on the union of years.
using YearValues = std::map<int, CompareValues>;
// (year, parameter in catalogue order, level) -> value: one item's lever set.
using LeverCells = std::map<std::tuple<int, int, int>, double>;

std::optional<double> number(const std::optional<std::string>& text) {
  return text ? parse_double(*text) : std::nullopt;
}

int column(const store::TextResult& t, const std::string& name) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c] == name) return static_cast<int>(c);
  }
  return -1;
}

std::optional<double> cell(const store::TextResult& t, std::size_t row, const std::string& name) {
  const int c = column(t, name);
  return c < 0 ? std::nullopt : number(t.rows[row][static_cast<std::size_t>(c)]);
}

// Run-rate payroll (FYE) without pay_budget rows: the actives' average FYE
// pay times their count is the sum of their 31 Dec FYE pay.
std::optional<double> run_rate(const CompareValues& v) {
  if (!v[kHeadcount] || !v[kAvgFye]) return std::nullopt;
  return *v[kHeadcount] * *v[kAvgFye];
}

Result<YearValues> stored_years(store::Database& db, const std::string& run_id) {
  auto t = store::run_table(db, run_id, "year_summary");
  if (!t) return std::move(t).error();
  YearValues out;
  for (std::size_t r = 0; r < t->rows.size(); ++r) {
    const auto year = cell(*t, r, "simulation_year");
    if (!year) continue;
    CompareValues v{};
    v[kHeadcount] = cell(*t, r, "end_headcount");
    v[kAvgFye] = cell(*t, r, "avg_fye_active");
    v[kGrowth] = cell(*t, r, "avg_comp_growth");
    v[kTotalPayroll] = cell(*t, r, "total_prorated_compensation");
    v[kRunRate] = run_rate(v);
    out[static_cast<int>(*year)] = v;
  }
  // The pools exist only for runs stored with pay_budget (contract A).
  auto budget = store::pay_budget_totals(db, run_id);
  if (!budget) return std::move(budget).error();
  if (*budget) {
    for (const auto& row : (*budget)->rows) {
      const auto year = number(row[0]);
      if (!year || !out.count(static_cast<int>(*year))) continue;
      CompareValues& v = out[static_cast<int>(*year)];
      v[kMerit] = number(row[1]);
      v[kCola] = number(row[2]);
      v[kPromotion] = number(row[3]);
      v[kNewHirePremium] = number(row[4]);
      v[kTotalPayroll] = number(row[5]);
      v[kRunRate] = number(row[6]);
    }
  }
  return out;
}

Result<LeverCells> stored_levers(store::Database& db, const std::string& run_id) {
  auto t = store::run_lever_set(db, run_id);
  if (!t) return std::move(t).error();
  LeverCells out;
  for (const auto& row : t->rows) {
    const levers::LeverSpec* spec = levers::find_spec(row[1].value_or(""));
    const auto year = number(row[0]), level = number(row[2]), value = number(row[3]);
    if (spec == nullptr || !year || !level || !value) continue;
    out[{static_cast<int>(*year), static_cast<int>(spec->param), static_cast<int>(*level)}] =
        *value;
  }
  return out;
}

LeverCells cells_of(const engine::ResolvedLevers& lv) {
  LeverCells out;
  for (int year = lv.start_year(); year <= lv.end_year(); ++year) {
    for (const levers::LeverSpec& spec : levers::lever_specs()) {
      for (int level = 1; level <= lv.level_count(); ++level)
        out[{year, static_cast<int>(spec.param), level}] = lv.value(spec.param, year, level);
    }
  }
  return out;
}

// A scenario without a stored run: its current effective levers, simulated
// with the configuration's seed; nothing is stored.
Result<YearValues> simulate_scenario(const CompareRequest& request, const std::string& scenario) {
  InputRequest inputs = request.inputs;
  inputs.scenario = scenario;
  auto rows = read_store_levers(inputs, request.db_path, scenario);
  if (!rows) return std::move(rows).error();
  inputs.lever_rows = std::move(rows).value();
  auto in = load_inputs(inputs);
  if (!in) return std::move(in).error();
  engine::SimulationOptions options;
  options.build_events = false;
  BudgetSink budget;  // the pools, as a stored run's pay_budget has them
  auto result =
      engine::simulate({in->config.engine, in->seeds, in->levers, in->census}, options, &budget);
  if (!result) return std::move(result).error();
  YearValues out;
  for (const engine::YearSummary& y : result->years) {
    CompareValues v{};
    v[kHeadcount] = static_cast<double>(y.end_headcount);
    v[kAvgFye] = y.avg_fye_active;
    v[kGrowth] = y.avg_comp_growth;
    v[kTotalPayroll] = y.total_prorated_compensation;
    out[y.year] = v;
  }
  // The run-rate payroll and the pools: the budget covers every simulated year.
  for (const BudgetYear& b : budget.years()) {
    CompareValues& v = out[b.total.year];
    v[kRunRate] = b.total.run_rate_payroll_fye;
    v[kMerit] = b.total.merit.annualised;
    v[kCola] = b.total.cola.annualised;
    v[kPromotion] = b.total.promotion.annualised;
    v[kNewHirePremium] = b.total.new_hire_premium.annualised;
  }
  return out;
}

Error not_found(const std::string& field, const std::string& what) {
  Error e = Error::make(ErrorKind::kNotFound, what);
  e.file = "request";
  e.column = field;
  return e;
}

// Item 0 is the base: every delta is item minus item 0.
void align_years(Comparison& out, const std::vector<YearValues>& by_item) {
  std::map<int, bool> years;
  for (const YearValues& item : by_item) {
    for (const auto& [year, v] : item) years[year] = true;
  }
  for (const auto& [year, unused] : years) {
    CompareYear y;
    y.year = year;
    for (const YearValues& item : by_item) {
      auto it = item.find(year);
      y.values.push_back(it == item.end() ? CompareValues{} : it->second);
    }
    for (const CompareValues& v : y.values) {
      CompareValues d{};
      for (std::size_t m = 0; m < d.size(); ++m) {
        if (v[m] && y.values[0][m]) d[m] = *v[m] - *y.values[0][m];
      }
      y.deltas.push_back(d);
    }
    out.years.push_back(std::move(y));
  }
  for (const YearValues& item : by_item) {
    double sum = 0.0;
    int n = 0;
    for (const auto& [year, v] : item) {
      if (v[kGrowth]) sum += *v[kGrowth], ++n;
    }
    out.mean_growth.push_back(n > 0 ? std::optional<double>(sum / n) : std::nullopt);
    std::optional<std::int64_t> last;
    if (!item.empty() && item.rbegin()->second[kHeadcount])
      last = static_cast<std::int64_t>(*item.rbegin()->second[kHeadcount]);
    out.final_headcount.push_back(last);
  }
}

void lever_differences(Comparison& out, const std::vector<LeverCells>& by_item) {
  std::map<std::tuple<int, int, int>, bool> keys;
  for (const LeverCells& item : by_item) {
    for (const auto& [key, value] : item) keys[key] = true;
  }
  for (const auto& [key, unused] : keys) {
    LeverDifference d;
    d.year = std::get<0>(key);
    d.parameter =
        std::string(levers::spec_of(static_cast<engine::LeverParam>(std::get<1>(key))).name);
    d.level = std::get<2>(key);
    bool differs = false;
    for (const LeverCells& item : by_item) {
      auto it = item.find(key);
      d.values.push_back(it == item.end() ? std::nullopt : std::optional<double>(it->second));
      differs = differs || d.values.back() != d.values.front();
    }
    if (differs) out.lever_differences.push_back(std::move(d));
  }
}

}  // namespace

Result<Comparison> compare(const CompareRequest& request) {
  const bool by_runs = !request.runs.empty();
  const std::string field = by_runs ? "runs" : "scenarios";
  const std::vector<std::string>& names = by_runs ? request.runs : request.scenarios;
  if (by_runs && !request.scenarios.empty())
    return Error::invalid_input("request", 0, "scenarios", "compare_items", "",
                                "give scenarios or runs, not both");
  if (names.size() < 2 || names.size() > 4)
    return Error::invalid_input(
        "request", 0, field, "compare_items", std::to_string(names.size()),
        "compare takes 2 to 4 " + field + ", got " + std::to_string(names.size()));
  auto db = open_existing_database(request.db_path, store::OpenMode::kReadOnly,
                                   "run `planwise simulate` first, or pass --db");
  if (!db) return std::move(db).error();
  Comparison out;
  std::vector<YearValues> years;
  std::vector<LeverCells> lever_sets;
  if (by_runs) {
    for (const std::string& id : names) {
      auto run = store::get_run(**db, id);
      if (!run && run.error().kind == ErrorKind::kNotFound)
        return not_found("runs", "no stored run " + id);
      if (!run) return std::move(run).error();
      out.items.push_back({run->scenario + " (" + id + ")", run->scenario, id, false, run->what_if,
                           recorded_target(*run)});
      auto y = stored_years(**db, id);
      if (!y) return std::move(y).error();
      years.push_back(std::move(y).value());
      auto l = stored_levers(**db, id);
      if (!l) return std::move(l).error();
      lever_sets.push_back(std::move(l).value());
    }
  } else {
    auto setup = load_config_and_seeds(request.inputs);
    if (!setup) return std::move(setup).error();
    levers::LeverStore lever_store(**db, setup->seeds);
    auto range = lever_store.year_range();
    if (!range) return std::move(range).error();
    for (const std::string& s : names) {
      auto found = store::find_scenario(**db, s);
      if (!found) return std::move(found).error();
      if (!*found) return not_found("scenarios", "no lever scenario named '" + s + "'");
      auto effective = lever_store.effective(s, range->first, range->second);
      if (!effective) return std::move(effective).error();
      lever_sets.push_back(cells_of(effective->levers));
      auto latest = store::latest_run_of(**db, s);
      if (!latest) return std::move(latest).error();
      CompareItem item{s, s, *latest, !latest->has_value(), false, std::nullopt};
      auto y = *latest ? stored_years(**db, **latest) : simulate_scenario(request, s);
      if (!y) return std::move(y).error();
      years.push_back(std::move(y).value());
      if (*latest) {
        auto run = store::get_run(**db, **latest);
        if (!run) return std::move(run).error();
        item.what_if = run->what_if;
        item.target = recorded_target(*run);
      } else {
        auto target = run_target_for_scenario(db->get(), s);
        if (!target) return std::move(target).error();
        item.target = *target;
      }
      out.items.push_back(std::move(item));
    }
  }
  lever_differences(out, lever_sets);
  align_years(out, years);
  return out;
}

std::string comparison_csv(const Comparison& c) {
  std::string out = "year,item,label,scenario,run_id,simulated,what_if";
  for (const char* m : kCompareMetrics) out += std::string(",") + m;
  for (const char* m : kCompareMetrics) out += std::string(",delta_") + m;
  out += "\n";
  auto number_text = [](const std::optional<double>& v) {
    return v ? shortest_text(*v) : std::string();
  };
  for (const CompareYear& y : c.years) {
    for (std::size_t i = 0; i < c.items.size(); ++i) {
      const CompareItem& item = c.items[i];
      out += std::to_string(y.year) + "," + std::to_string(i) + ",";
      io::append_csv_field(out, item.label);
      out += ",";
      io::append_csv_field(out, item.scenario);
      out += "," + item.run_id.value_or("") + "," + (item.simulated ? "true" : "false") + "," +
             (item.what_if ? "true" : "false");
      for (const auto& v : y.values[i]) out += "," + number_text(v);
      for (const auto& v : y.deltas[i]) out += "," + number_text(v);
      out += "\n";
    }
  }
  return out;
}

}  // namespace planwise::app
