// `planwise compare A B --seeds N` (issue 12 item 2): both plans' bands and
// the band of their per-seed difference, with whether it is distinguishable
// from zero, per year and metric; or the same as JSON or CSV.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "api/ensemble_json.hpp"
#include "app/ensemble_record.hpp"
#include "cli/commands.hpp"
#include "cli/ensemble_commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"

namespace planwise::cli {

namespace {

std::string interval_text(const ensemble::PairedBand& p, ValueKind kind) {
  return "[" + delta_text(p.diff_95.low, kind) + ", " + delta_text(p.diff_95.high, kind) + "]";
}

std::string verdict(const ensemble::PairedBand& p) {
  return p.distinguishable ? "yes" : "no";
}

std::string years_table(const ensemble::PairedComparison& c) {
  TextTablePrinter t({"Year", "Metric", "A mean", "A P10-P90", "B mean", "B P10-P90", "B - A",
                      "95% interval", "Distinguishable"});
  for (const ensemble::PairedYear& y : c.years) {
    const std::string metric(ensemble::kYearMetricNames[static_cast<std::size_t>(y.metric)]);
    const ValueKind kind = value_kind(metric);
    const ensemble::PairedBand& p = y.band;
    t.add_row({std::to_string(y.year), metric, value_text(p.a.mean, kind),
               value_text(p.a.p10, kind) + " to " + value_text(p.a.p90, kind),
               value_text(p.b.mean, kind),
               value_text(p.b.p10, kind) + " to " + value_text(p.b.p90, kind),
               delta_text(p.diff.mean, kind), interval_text(p, kind), verdict(p)});
  }
  return t.render({false, true});
}

std::string summary_line(const std::string& name, const ensemble::PairedBand& p, ValueKind kind,
                         std::size_t seeds) {
  return name + ": A " + value_text(p.a.mean, kind) + ", B " + value_text(p.b.mean, kind) +
         "; B - A " + delta_text(p.diff.mean, kind) + " " + interval_text(p, kind) + " over " +
         std::to_string(seeds) + " seeds, " +
         (p.distinguishable ? "distinguishable from zero" : "not distinguishable from zero") + "\n";
}

std::string paired_text(const app::PairedCompareOutcome& o) {
  const ensemble::PairedComparison& c = o.paired;
  std::string out = "Paired comparison over " + std::to_string(c.seeds.size()) + " seeds (" +
                    app::seed_list_label(c.seeds) + "), years " + std::to_string(o.start_year) +
                    "-" + std::to_string(o.end_year) + ": A = " + o.label_a + ", B = " + o.label_b +
                    "; both run every seed with the same draws\n";
  if (c.thin_sample_warning) out += "WARNING: " + *c.thin_sample_warning + "\n";
  const std::string& headline = o.target.metric;
  out += "\n" + summary_line("Headline (" + headline + " avg_comp_growth)", c.headline,
                             ValueKind::kRate, c.seeds.size());
  if (!o.per_seed_a.empty() && !o.per_seed_b.empty()) {
    out += "  one run at seed " + std::to_string(o.per_seed_a.front().seed) + " alone says " +
           delta_text(o.per_seed_b.front().headline - o.per_seed_a.front().headline,
                      ValueKind::kRate) +
           "\n";
  }
  out += summary_line("Total cost over the years", c.total_cost, ValueKind::kMoney, c.seeds.size());
  out += "\n" + years_table(c);
  out +=
      "\n95% interval: of the mean per-seed difference B - A (Student t); distinguishable when it "
      "excludes zero.\n";
  if (c.thin_sample_warning) out += "WARNING: " + *c.thin_sample_warning + "\n";
  out += "Time: simulate " + std::to_string(static_cast<long long>(o.simulate_ms)) + " ms\n";
  return out;
}

}  // namespace

int run_paired_compare(const PairedCliOptions& o) {
  auto outcome = app::compare_paired_plans(o.request);
  if (!outcome) return fail(outcome.error());
  if (outcome->paired.thin_sample_warning)
    std::fprintf(stderr, "planwise: warning: %s\n", outcome->paired.thin_sample_warning->c_str());
  if (!o.csv_file.empty()) {
    std::ofstream file(o.csv_file, std::ios::binary);
    file << app::paired_comparison_csv(*outcome);
    if (!file) return fail(Error::make(ErrorKind::kStorage, "writing " + o.csv_file + " failed"));
  }
  if (o.json) {
    std::cout << api::paired_compare_json(*outcome) << "\n";
  } else {
    std::cout << paired_text(*outcome);
    if (!o.csv_file.empty()) std::cout << "Wrote " << o.csv_file << "\n";
  }
  return kExitOk;
}

}  // namespace planwise::cli
