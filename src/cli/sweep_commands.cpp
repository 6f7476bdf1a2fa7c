// `planwise sweep` (issue 12 item 3): one row per grid point with the
// headline's band, P(in target) and total cost; or the same as JSON or CSV.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "api/ensemble_json.hpp"
#include "app/ensemble_record.hpp"
#include "cli/commands.hpp"
#include "cli/ensemble_commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace planwise::cli {

namespace {

std::string sweep_text(const app::SweepOutcome& o) {
  const tuning::Sweep& s = o.sweep;
  std::string out = "Lever sweep of scenario " + o.scenario + ": " +
                    std::to_string(s.points.size()) + " grid points x " +
                    std::to_string(s.seeds.size()) + " seeds (" + app::seed_list_label(s.seeds) +
                    "), " + std::to_string(s.simulations) + " simulations\n";
  out += "Target: " + value_text(o.target.growth, ValueKind::kRate) + " +/- " +
         value_text(o.target.tolerance, ValueKind::kRate) + ", headline " + o.target.metric +
         " avg_comp_growth\n";
  if (s.thin_sample_warning) out += "WARNING: " + *s.thin_sample_warning + "\n";
  std::vector<std::string> header;
  for (const tuning::SweepAxis& a : s.axes) header.push_back(a.lever);
  for (const char* h : {"Headline mean", "P10", "P50", "P90", "P(in target)", "Total cost mean",
                        "Cost P10", "Cost P90", "Adjusted"})
    header.emplace_back(h);
  TextTablePrinter t(header);
  for (const tuning::SweepPoint& p : s.points) {
    std::vector<std::string> row;
    for (double x : p.x) row.push_back(shortest_text(x));
    const auto rate = [](double v) { return value_text(v, ValueKind::kRate); };
    const auto money = [](double v) { return value_text(v, ValueKind::kMoney); };
    row.insert(
        row.end(),
        {rate(p.headline.mean), rate(p.headline.p10), rate(p.headline.p50), rate(p.headline.p90),
         value_text(p.p_in_target * 100.0, ValueKind::kCount) + "%", money(p.total_cost.mean),
         money(p.total_cost.p10), money(p.total_cost.p90), p.adjusted ? "yes" : ""});
    t.add_row(std::move(row));
  }
  out += "\n" + t.render();
  if (!s.locked_cells.empty()) {
    out += "\nLocked cells held at their values (" + std::to_string(s.locked_cells.size()) + "):";
    for (const std::string& c : s.locked_cells) out += "\n  " + c;
    out += "\n";
  }
  out +=
      "Adjusted: the levers run differ from the grid value (lever bounds, merit order or "
      "locks).\n";
  if (s.thin_sample_warning) out += "WARNING: " + *s.thin_sample_warning + "\n";
  return out;
}

}  // namespace

int run_sweep(const SweepCliOptions& o) {
  app::RunCallbacks callbacks;
  if (!o.quiet) {
    callbacks.on_stage = [](const std::string& s) {
      std::fprintf(stderr, "planwise: %s\n", s.c_str());
    };
  }
  auto outcome = app::run_lever_sweep(o.request, callbacks);
  if (!outcome) return fail(outcome.error());
  if (outcome->sweep.thin_sample_warning)
    std::fprintf(stderr, "planwise: warning: %s\n", outcome->sweep.thin_sample_warning->c_str());
  if (!o.csv_file.empty()) {
    std::ofstream file(o.csv_file, std::ios::binary);
    file << app::sweep_csv(*outcome);
    if (!file) return fail(Error::make(ErrorKind::kStorage, "writing " + o.csv_file + " failed"));
  }
  if (o.json) {
    std::cout << api::sweep_json(*outcome) << "\n";
  } else {
    std::cout << sweep_text(*outcome);
    if (!o.csv_file.empty()) std::cout << "Wrote " << o.csv_file << "\n";
  }
  return kExitOk;
}

}  // namespace planwise::cli
