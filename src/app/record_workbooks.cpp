#include "app/record_workbooks.hpp"

#include <algorithm>

#include "app/ensemble_record.hpp"
#include "app/optimize.hpp"
#include "common/date.hpp"
#include "common/number_text.hpp"

namespace planwise::app {

namespace {

using io::CellKind;
using io::XlsxCell;

XlsxCell optional_cell(const std::optional<double>& v, XlsxCell (*make)(double)) {
  return v ? make(*v) : XlsxCell{};
}
XlsxCell integer_of(double v) {
  return io::integer_cell(static_cast<std::int64_t>(v));
}

// kCompareMetrics' kinds: headcount, avg_fye, growth, then six money pools.
XlsxCell (*compare_kind(std::size_t metric))(double) {
  if (metric == 0) return integer_of;
  if (metric == 2) return io::percent_cell;
  return io::money_cell;
}
CellKind compare_column_kind(std::size_t metric) {
  if (metric == 0) return CellKind::kInteger;
  if (metric == 2) return CellKind::kPercent;
  return CellKind::kMoney;
}

io::XlsxSheet comparison_sheet(const Comparison& c) {
  io::XlsxSheet s;
  s.name = "Comparison";
  s.columns = {{"year", CellKind::kKey},    {"item", CellKind::kKey},
               {"label", CellKind::kText},  {"scenario", CellKind::kText},
               {"run_id", CellKind::kText}, {"simulated", CellKind::kBool},
               {"what_if", CellKind::kBool}};
  for (std::size_t m = 0; m < kCompareMetrics.size(); ++m)
    s.columns.push_back({kCompareMetrics[m], compare_column_kind(m)});
  for (std::size_t m = 0; m < kCompareMetrics.size(); ++m)
    s.columns.push_back({std::string("delta_") + kCompareMetrics[m], compare_column_kind(m)});
  for (const CompareYear& y : c.years) {
    for (std::size_t i = 0; i < c.items.size(); ++i) {
      const CompareItem& item = c.items[i];
      std::vector<XlsxCell> row = {io::key_cell(y.year),
                                   io::key_cell(static_cast<std::int64_t>(i + 1)),
                                   io::text_cell(item.label),
                                   io::text_cell(item.scenario),
                                   item.run_id ? io::text_cell(*item.run_id) : XlsxCell{},
                                   io::bool_cell(item.simulated),
                                   io::bool_cell(item.what_if)};
      for (std::size_t m = 0; m < kCompareMetrics.size(); ++m)
        row.push_back(optional_cell(y.values[i][m], compare_kind(m)));
      for (std::size_t m = 0; m < kCompareMetrics.size(); ++m)
        row.push_back(optional_cell(y.deltas[i][m], compare_kind(m)));
      s.rows.push_back(std::move(row));
    }
  }
  return s;
}

io::XlsxSheet items_sheet(const Comparison& c) {
  io::XlsxSheet s;
  s.name = "Items";
  s.columns = {{"item", CellKind::kKey},
               {"label", CellKind::kText},
               {"scenario", CellKind::kText},
               {"run_id", CellKind::kText},
               {"mean_growth", CellKind::kPercent},
               {"final_headcount", CellKind::kInteger},
               {"target_growth", CellKind::kPercent},
               {"target_tolerance", CellKind::kPercent},
               {"target_metric", CellKind::kText}};
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const CompareItem& item = c.items[i];
    const auto& t = item.target;
    s.rows.push_back({io::key_cell(static_cast<std::int64_t>(i + 1)), io::text_cell(item.label),
                      io::text_cell(item.scenario),
                      item.run_id ? io::text_cell(*item.run_id) : XlsxCell{},
                      optional_cell(c.mean_growth[i], io::percent_cell),
                      c.final_headcount[i] ? io::integer_cell(*c.final_headcount[i]) : XlsxCell{},
                      t ? io::percent_cell(t->growth) : XlsxCell{},
                      t ? io::percent_cell(t->tolerance) : XlsxCell{},
                      t ? io::text_cell(t->metric) : XlsxCell{}});
  }
  return s;
}

io::XlsxSheet lever_differences_sheet(const Comparison& c) {
  io::XlsxSheet s;
  s.name = "Lever differences";
  s.columns = {{"parameter", CellKind::kText}, {"year", CellKind::kKey}, {"level", CellKind::kKey}};
  for (std::size_t i = 0; i < c.items.size(); ++i)
    s.columns.push_back({std::to_string(i + 1) + ": " + c.items[i].label, CellKind::kNumber});
  for (const LeverDifference& d : c.lever_differences) {
    std::vector<XlsxCell> row = {io::text_cell(d.parameter), io::key_cell(d.year),
                                 io::key_cell(d.level)};
    for (const auto& v : d.values) row.push_back(optional_cell(v, io::number_cell));
    s.rows.push_back(std::move(row));
  }
  return s;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

io::XlsxSheet optimization_result_sheet(const store::OptimizationRecord& rec) {
  const store::OptimizationRunRow& r = rec.run;
  std::vector<ProvenanceField> f = {
      {"status", io::text_cell(r.status)},    {"converged", io::bool_cell(r.converged)},
      {"message", io::text_cell(r.message)},  {"evaluations", io::integer_cell(r.evaluations)},
      {"target", io::percent_cell(r.target)}, {"tolerance", io::percent_cell(r.tolerance)},
      {"metric", io::text_cell(r.metric)},
  };
  if (const auto* best = rec.evaluation(r.best_evaluation)) {
    f.push_back({"best_evaluation", io::key_cell(best->evaluation)});
    f.push_back({"best_growth", io::percent_cell(best->growth)});
    f.push_back({"best_gap", io::percent_cell(best->gap)});
    f.push_back({"best_total_cost", io::money_cell(best->total_cost)});
    for (std::size_t v = 0; v < r.variables.size() && v < best->levers.size(); ++v)
      f.push_back({"best " + r.variables[v], io::number_cell(best->levers[v])});
  }
  if (r.reach_checked) {
    f.push_back({"reachable", io::bool_cell(r.reachable)});
    f.push_back({"reach_low", io::percent_cell(r.reach_low)});
    f.push_back({"reach_high", io::percent_cell(r.reach_high)});
    f.push_back({"reach_verdict", io::text_cell(r.reach_verdict)});
  }
  f.push_back({"dry_run", io::bool_cell(r.dry_run)});
  f.push_back({"applied", io::bool_cell(r.applied)});
  f.push_back({"apply_note", io::text_cell(r.apply_note)});
  return field_sheet("Result", std::move(f));
}

io::XlsxSheet evaluations_sheet(const store::OptimizationRecord& rec) {
  io::XlsxSheet s;
  s.name = "Evaluations";
  s.columns = {{"evaluation", CellKind::kKey}, {"iteration", CellKind::kKey}};
  for (const std::string& v : rec.run.variables) s.columns.push_back({v, CellKind::kNumber});
  for (const char* name : {"growth", "gap"}) s.columns.push_back({name, CellKind::kPercent});
  s.columns.push_back({"total_cost", CellKind::kMoney});
  for (const char* name : {"equity", "objective", "constraint_value"})
    s.columns.push_back({name, CellKind::kNumber});
  s.columns.push_back({"feasible", CellKind::kBool});
  s.columns.push_back({"on_pareto_front", CellKind::kBool});
  s.columns.push_back({"ms", CellKind::kNumber});
  for (const store::OptimizationEvaluationRow& e : rec.evaluations) {
    std::vector<XlsxCell> row = {io::key_cell(e.evaluation), io::key_cell(e.iteration)};
    for (std::size_t v = 0; v < rec.run.variables.size(); ++v)
      row.push_back(v < e.levers.size() ? io::number_cell(e.levers[v]) : XlsxCell{});
    row.insert(row.end(),
               {io::percent_cell(e.growth), io::percent_cell(e.gap), io::money_cell(e.total_cost),
                io::number_cell(e.equity), io::number_cell(e.objective),
                io::number_cell(e.constraint_value), io::bool_cell(e.feasible),
                io::bool_cell(e.on_pareto_front), io::number_cell(e.ms)});
    s.rows.push_back(std::move(row));
  }
  return s;
}

io::XlsxSheet sensitivity_sheet(const store::OptimizationRecord& rec) {
  io::XlsxSheet s;
  s.name = "Sensitivity";
  s.columns = {{"variable", CellKind::kText}};
  for (const char* name :
       {"value", "step", "growth_slope", "cost_slope", "growth_elasticity", "cost_elasticity"})
    s.columns.push_back({name, CellKind::kNumber});
  for (const store::SensitivityRow& r : rec.sensitivity) {
    s.rows.push_back({io::text_cell(r.variable), io::number_cell(r.value), io::number_cell(r.step),
                      io::number_cell(r.growth_slope), io::number_cell(r.cost_slope),
                      io::number_cell(r.growth_elasticity), io::number_cell(r.cost_elasticity)});
  }
  return s;
}

io::XlsxSheet seed_spread_sheet(const store::OptimizationRecord& rec) {
  io::XlsxSheet s;
  s.name = "Seed spread";
  s.columns = {{"seed", CellKind::kText}, {"growth", CellKind::kPercent}};
  for (const store::SeedSpreadRow& r : rec.seed_spread)
    s.rows.push_back({io::text_cell(std::to_string(r.seed)), io::percent_cell(r.growth)});
  return s;
}

// An ensemble band's figures are head counts, money or fractions by metric.
XlsxCell (*band_kind(const store::EnsembleBandRow& b))(double) {
  if (b.scope == "headline") return io::percent_cell;
  if (b.scope == "total_cost" || b.metric == "avg_fye_pay" || b.metric == "total_cost")
    return io::money_cell;
  if (b.metric.rfind("growth", 0) == 0) return io::percent_cell;
  return io::number_cell;
}

io::XlsxSheet bands_sheet(const store::EnsembleRecord& rec) {
  io::XlsxSheet s;
  s.name = "Bands";
  s.columns = {{"scope", CellKind::kText},
               {"year", CellKind::kKey},
               {"metric", CellKind::kText},
               {"n", CellKind::kInteger}};
  for (const char* name : {"mean", "sd", "se", "min", "p10", "p25", "p50", "p75", "p90", "max"})
    s.columns.push_back({name, CellKind::kNumber});
  s.columns.push_back({"p_in_target", CellKind::kPercent});
  s.columns.push_back({"p_over_budget", CellKind::kPercent});
  for (const store::EnsembleBandRow& b : rec.bands) {
    const auto make = band_kind(b);
    std::vector<XlsxCell> row = {io::text_cell(b.scope),
                                 b.year ? io::key_cell(*b.year) : XlsxCell{},
                                 io::text_cell(b.metric), io::integer_cell(b.n)};
    for (double v : {b.mean, b.sd, b.se, b.min, b.p10, b.p25, b.p50, b.p75, b.p90, b.max})
      row.push_back(make(v));
    row.push_back(optional_cell(b.p_in_target, io::percent_cell));
    row.push_back(optional_cell(b.p_over_budget, io::percent_cell));
    s.rows.push_back(std::move(row));
  }
  return s;
}

io::XlsxSheet attribution_sheet(const store::EnsembleRecord& rec) {
  io::XlsxSheet s;
  s.name = "Attribution";
  s.columns = {{"draw_group", CellKind::kText},
               {"variance", CellKind::kNumber},
               {"share", CellKind::kPercent},
               {"share_low", CellKind::kPercent},
               {"share_high", CellKind::kPercent}};
  for (const store::EnsembleAttributionRow& a : rec.attribution) {
    s.rows.push_back({io::text_cell(a.draw_group), io::number_cell(a.variance),
                      io::percent_cell(a.share), io::percent_cell(a.share_low),
                      io::percent_cell(a.share_high)});
  }
  return s;
}

// Governance report columns that hold dollars (store/governance_reports.cpp).
const std::set<std::string>& report_money_columns() {
  static const std::set<std::string> kNames = {
      "average_pay",     "median_pay",  "total_compensation_cost",
      "budget_variance", "cost_impact", "estimated_cost_impact"};
  return kNames;
}

// The kind every non-null value of a report column reads as.
CellKind report_column_kind(const ReportTable& t, std::size_t c) {
  CellKind kind = CellKind::kEmpty;
  for (const auto& row : t.rows) {
    if (!row[c]) continue;
    const std::string& v = *row[c];
    CellKind here = CellKind::kText;
    if (parse_int(v)) {
      here = t.columns[c].find("year") != std::string::npos ? CellKind::kKey : CellKind::kInteger;
    } else if (parse_double(v)) {
      here = CellKind::kNumber;
    } else if (v.size() == 10 && parse_date(v)) {
      here = CellKind::kDate;
    } else if (v.size() > 10 && io::date_time_cell(v)) {
      here = CellKind::kDateTime;
    } else if (v == "true" || v == "false") {
      here = CellKind::kBool;
    }
    if (kind == CellKind::kEmpty || kind == here) {
      kind = here;
    } else if ((kind == CellKind::kInteger || kind == CellKind::kKey) &&
               here == CellKind::kNumber) {
      kind = CellKind::kNumber;
    } else if (kind == CellKind::kNumber &&
               (here == CellKind::kInteger || here == CellKind::kKey)) {
      kind = CellKind::kNumber;
    } else {
      return CellKind::kText;
    }
  }
  if (kind == CellKind::kEmpty) return CellKind::kText;
  if ((kind == CellKind::kNumber || kind == CellKind::kInteger) &&
      report_money_columns().count(t.columns[c]))
    return CellKind::kMoney;
  return kind;
}

}  // namespace

io::XlsxWorkbook comparison_workbook(const Comparison& comparison, const std::string& exported_at) {
  io::XlsxWorkbook wb;
  wb.sheets = {comparison_sheet(comparison), items_sheet(comparison),
               lever_differences_sheet(comparison)};
  std::vector<ProvenanceField> f;
  for (std::size_t i = 0; i < comparison.items.size(); ++i) {
    const CompareItem& item = comparison.items[i];
    const std::string key = "item " + std::to_string(i + 1);
    f.push_back({key + " scenario", io::text_cell(item.scenario)});
    f.push_back({key + " run_id", item.run_id ? io::text_cell(*item.run_id)
                                              : io::text_cell("(simulated at export)")});
  }
  wb.sheets.push_back(provenance_sheet(std::move(f), exported_at));
  return wb;
}

Result<io::XlsxWorkbook> optimization_workbook(const std::string& db_path,
                                               const std::string& opt_run_id,
                                               const std::string& exported_at) {
  auto rec = read_optimization_run(db_path, opt_run_id);
  if (!rec) return std::move(rec).error();
  const store::OptimizationRunRow& r = rec->run;
  io::XlsxWorkbook wb;
  wb.sheets = {optimization_result_sheet(*rec), evaluations_sheet(*rec), sensitivity_sheet(*rec),
               seed_spread_sheet(*rec)};
  wb.sheets.push_back(provenance_sheet({{"opt_run_id", io::text_cell(r.opt_run_id)},
                                        {"created_at", time_cell(r.created_at)},
                                        {"scenario", io::text_cell(r.scenario)},
                                        {"algorithm", io::text_cell(algorithm_label(r.algorithm))},
                                        {"seed", io::text_cell(std::to_string(r.seed))},
                                        {"start_year", io::key_cell(r.start_year)},
                                        {"end_year", io::key_cell(r.end_year)},
                                        {"census_rows", io::integer_cell(r.census_rows)},
                                        {"variables", io::text_cell(joined(r.variables))},
                                        {"command", io::text_cell(r.command)}},
                                       exported_at));
  return wb;
}

Result<io::XlsxWorkbook> ensemble_workbook(const std::string& db_path,
                                           const std::string& ensemble_id,
                                           const std::string& exported_at) {
  auto rec = show_stored_ensemble(db_path, ensemble_id, false);
  if (!rec) return std::move(rec).error();
  const store::EnsembleRow& e = rec->ensemble;
  io::XlsxWorkbook wb;
  wb.sheets = {bands_sheet(*rec), attribution_sheet(*rec)};
  std::vector<ProvenanceField> f = {
      {"ensemble_id", io::text_cell(e.ensemble_id)},
      {"created_at", time_cell(e.created_at)},
      {"scenario", io::text_cell(e.scenario)},
      {"seeds", io::text_cell(e.seed_list)},
      {"seed_count", io::integer_cell(e.seed_count)},
      {"start_year", io::key_cell(e.start_year)},
      {"end_year", io::key_cell(e.end_year)},
      {"headline_metric", io::text_cell(e.headline_metric)},
      {"target_growth", io::percent_cell(e.target_growth)},
      {"target_tolerance", io::percent_cell(e.target_tolerance)},
      {"budget", e.budget ? io::money_cell(*e.budget) : XlsxCell{}},
      {"engine_version", io::text_cell(e.engine_version)},
      {"census_sha256", io::text_cell(e.census_hash)},
      {"levers_sha256", io::text_cell(e.levers_hash)},
      {"effective_levers_sha256", io::text_cell(e.effective_levers_hash)},
      {"config_sha256", io::text_cell(e.config_hash)},
      {"seeds_sha256", io::text_cell(e.seeds_hash)},
      {"kept_run_id", e.kept_run_id ? io::text_cell(*e.kept_run_id) : XlsxCell{}},
      {"command", io::text_cell(e.command)},
  };
  if (auto warning = stored_thin_sample_warning(e.seed_count))
    f.push_back({"warning", io::text_cell(*warning)});
  wb.sheets.push_back(provenance_sheet(std::move(f), exported_at));
  return wb;
}

Result<io::XlsxWorkbook> report_workbook(const std::string& db_path, ReportName name,
                                         const ReportFilter& filter,
                                         const std::string& exported_at) {
  auto table = governance_report(db_path, name, filter);
  if (!table) return std::move(table).error();
  io::XlsxSheet s;
  s.name = table->title.substr(0, io::kXlsxMaxSheetName);
  for (std::size_t c = 0; c < table->columns.size(); ++c)
    s.columns.push_back({table->columns[c], report_column_kind(*table, c)});
  for (const auto& row : table->rows) {
    std::vector<XlsxCell> cells;
    for (std::size_t c = 0; c < row.size(); ++c)
      cells.push_back(io::cell_from_text(s.columns[c].kind, row[c]).value_or(XlsxCell{}));
    s.rows.push_back(std::move(cells));
  }
  io::XlsxWorkbook wb;
  wb.sheets.push_back(std::move(s));
  wb.sheets.push_back(provenance_sheet(
      {{"report", io::text_cell(report_slug(name))},
       {"title", io::text_cell(table->title)},
       {"view", io::text_cell(table->view)},
       {"scenario", io::text_cell(filter.scenario.empty() ? "(every scenario)" : filter.scenario)}},
      exported_at));
  return wb;
}

}  // namespace planwise::app
