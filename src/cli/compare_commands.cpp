// `planwise compare A B [C D] [--runs] [--csv FILE]` (issue 10 item 2): the
// app's comparison as terminal tables, or its CSV (GET /api/compare.csv).
#include <cmath>
#include <fstream>
#include <iostream>

#include "app/compare.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace planwise::cli {

namespace {

enum Metric : std::size_t { kHeadcount, kAvgFye, kGrowth, kTotalPayroll, kRunRate };

std::string money_or_dash(const std::optional<double>& v) {
  return v ? dollars(*v) : "-";
}

std::string count_or_dash(const std::optional<double>& v) {
  return v ? with_commas(static_cast<std::int64_t>(std::llround(*v))) : "-";
}

// Signed differences: "+1,234", "-$5.00", "+0.25 pt" (percentage points).
std::string delta_count(const std::optional<double>& v) {
  if (!v) return "-";
  return (*v >= 0 ? "+" : "-") +
         with_commas(static_cast<std::int64_t>(std::llround(std::fabs(*v))));
}

std::string delta_money(const std::optional<double>& v) {
  if (!v) return "-";
  // A difference that rounds to zero cents is shown as +$0.00, never -$0.00.
  const double cents = std::round(*v * 100.0) / 100.0;
  return (cents >= 0 ? "+" : "-") + dollars(std::fabs(cents));
}

std::string delta_points(const std::optional<double>& v) {
  if (!v) return "-";
  std::string points = percent(std::fabs(*v));  // "0.53%": percentage points here
  points.pop_back();
  const bool negative = *v < 0 && points != "0.00";  // never "-0.00 pt"
  return (negative ? "-" : "+") + points + " pt";
}

std::string items_text(const app::Comparison& c) {
  TextTablePrinter t({"#", "Label", "Run", "What-if", "Target", "Mean growth", "Final headcount"});
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const app::CompareItem& item = c.items[i];
    const std::string run =
        item.simulated ? "(simulated now: no stored run)" : item.run_id.value_or("");
    const std::string target = item.target ? percent(item.target->growth) + " +/- " +
                                                 percent(item.target->tolerance) + ", " +
                                                 item.target->metric
                                           : "-";
    t.add_row({std::to_string(i), item.label, run, item.what_if ? "what-if" : "", target,
               percent(c.mean_growth[i]),
               c.final_headcount[i] ? with_commas(*c.final_headcount[i]) : "-"});
  }
  return t.render({false, true, true, true, true});
}

std::string levers_text(const app::Comparison& c) {
  if (c.lever_differences.empty()) return "No lever differences.\n";
  std::vector<std::string> header = {"Parameter", "Year", "Level"};
  for (const app::CompareItem& item : c.items) header.push_back(item.label);
  TextTablePrinter t(header);
  for (const app::LeverDifference& d : c.lever_differences) {
    std::vector<std::string> row = {d.parameter, std::to_string(d.year), std::to_string(d.level)};
    // Six decimals tell lever values apart (0.0404 vs 0.05) without float noise.
    for (const auto& v : d.values)
      row.push_back(v ? shortest_text(std::round(*v * 1e6) / 1e6) : "-");
    t.add_row(std::move(row));
  }
  return t.render({true}) + "(" + std::to_string(c.lever_differences.size()) + " cells differ)\n";
}

std::string years_text(const app::Comparison& c) {
  TextTablePrinter t({"Year", "Item", "Headcount", "Avg FYE pay", "Pay growth",
                      "Total payroll (prorated)", "Run-rate payroll (FYE)", "Merit", "COLA",
                      "Promotion", "NH premium", "D headcount", "D avg FYE", "D growth",
                      "D total payroll"});
  for (const app::CompareYear& y : c.years) {
    for (std::size_t i = 0; i < c.items.size(); ++i) {
      const app::CompareValues& v = y.values[i];
      const app::CompareValues& d = y.deltas[i];
      t.add_row({std::to_string(y.year), c.items[i].label, count_or_dash(v[kHeadcount]),
                 money_or_dash(v[kAvgFye]), percent(v[kGrowth]), money_or_dash(v[kTotalPayroll]),
                 money_or_dash(v[kRunRate]), money_or_dash(v[5]), money_or_dash(v[6]),
                 money_or_dash(v[7]), money_or_dash(v[8]), delta_count(d[kHeadcount]),
                 delta_money(d[kAvgFye]), delta_points(d[kGrowth]), delta_money(d[kTotalPayroll])});
    }
  }
  return t.render({false, true});
}

}  // namespace

int run_compare(const app::CompareRequest& request, const std::string& csv_file) {
  auto comparison = app::compare(request);
  if (!comparison) return fail(comparison.error());
  if (!csv_file.empty()) {
    std::ofstream file(csv_file, std::ios::binary);
    file << app::comparison_csv(*comparison);
    if (!file) return fail(Error::make(ErrorKind::kStorage, "writing " + csv_file + " failed"));
  }
  const app::Comparison& c = *comparison;
  std::cout << "Comparison of " << c.items.size() << (request.runs.empty() ? " scenarios" : " runs")
            << " (D = difference to " << c.items.front().label << ")\n\n"
            << items_text(c) << "\nLever differences\n"
            << levers_text(c) << "\nPer year\n"
            << years_text(c)
            << "\nPay growth is avg_comp_growth; pools (merit, COLA, promotion, new-hire premium) "
               "are annualised, from runs stored with a pay budget (\"-\" otherwise).\n";
  if (!csv_file.empty()) std::cout << "Wrote " << csv_file << "\n";
  return kExitOk;
}

}  // namespace planwise::cli
