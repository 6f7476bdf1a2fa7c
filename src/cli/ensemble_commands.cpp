// `planwise simulate --seeds N` and `planwise ensembles list|show` (issue 12
// item 1): an ensemble's bands per year and metric, the headline's band and
// probabilities, and the thin-sample warning wherever bands are shown.
#include "cli/ensemble_commands.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "api/ensemble_json.hpp"
#include "app/ensemble_record.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/text_table.hpp"
#include "common/number_text.hpp"

namespace planwise::cli {

namespace {

std::string fixed(double v, int decimals) {
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, decimals);
  return ec == std::errc() ? std::string(buffer, end) : "-";
}

// A probability or share: "40.0%".
std::string percent_1(double fraction) {
  return std::isnan(fraction) ? "-" : fixed(fraction * 100.0, 1) + "%";
}

// "1234.5" -> "1,234.5"
std::string count_text(double v) {
  const std::string f = fixed(std::fabs(v), 1);
  const std::size_t dot = f.find('.');
  const std::int64_t whole = std::stoll(f.substr(0, dot));
  return (v < 0 && f != "0.0" ? "-" : "") + with_commas(whole) + f.substr(dot);
}

std::string metric_label(ensemble::YearMetric m) {
  return std::string(ensemble::kYearMetricNames[static_cast<std::size_t>(m)]);
}

std::string headline_label(const app::EnsembleOutcome& o) {
  const std::string& m = o.target.metric;
  return m == "final" ? "final-year avg_comp_growth"
                      : (m == "compound" ? "compound avg FYE pay growth"
                                         : "mean avg_comp_growth over the years");
}

std::string years_table(const ensemble::EnsembleSummary& s) {
  TextTablePrinter t({"Year", "Metric", "Mean", "P10", "P50", "P90", "SD"});
  for (const ensemble::YearBand& y : s.bands) {
    const ValueKind kind = value_kind(metric_label(y.metric));
    const ensemble::Band& b = y.band;
    t.add_row({std::to_string(y.year), metric_label(y.metric), value_text(b.mean, kind),
               value_text(b.p10, kind), value_text(b.p50, kind), value_text(b.p90, kind),
               kind == ValueKind::kRate ? fixed(b.sd * 100.0, 3) + " pt" : value_text(b.sd, kind)});
  }
  return t.render({false, true});
}

// The headline is a rate: each group's variance is shown as the standard
// deviation it gives alone, in points.
std::string sd_points(double variance) {
  return std::isnan(variance) ? "-" : fixed(std::sqrt(variance) * 100.0, 3) + " pt";
}

std::string attribution_table(const ensemble::Attribution& a) {
  TextTablePrinter t({"Draw group", "SD alone", "Share", "95% interval"});
  for (const ensemble::GroupShare& g : a.groups) {
    t.add_row({engine::draw_group_name(g.group), sd_points(g.variance), percent_1(g.share),
               percent_1(g.share_95.low) + " to " + percent_1(g.share_95.high)});
  }
  return t.render({true}) + "Shares of the headline's variance (SD " + sd_points(a.total_variance) +
         " with every group varying); they sum to " + percent_1(a.share_sum) + " [" +
         percent_1(a.share_sum_95.low) + ", " + percent_1(a.share_sum_95.high) +
         "], the gap to 100% being interaction between the processes and sampling error (" +
         std::to_string(a.simulations) + " simulations, " + std::to_string(a.bootstrap_resamples) +
         " bootstrap resamples).\n";
}

std::string band_line(const ensemble::Band& b, ValueKind kind) {
  return "mean " + value_text(b.mean, kind) + ", P10 " + value_text(b.p10, kind) + ", P50 " +
         value_text(b.p50, kind) + ", P90 " + value_text(b.p90, kind) + " (min " +
         value_text(b.min, kind) + ", max " + value_text(b.max, kind) + ")";
}

std::string ensemble_text(const app::EnsembleOutcome& o) {
  const ensemble::EnsembleSummary& s = o.summary;
  const std::string n = std::to_string(s.seeds.size()) + (s.seeds.size() == 1 ? " seed" : " seeds");
  std::string out = "PlanWise Navigator ensemble: scenario " + o.scenario + ", " + n + " (" +
                    app::seed_list_label(s.seeds) + "), years " + std::to_string(o.start_year) +
                    "-" + std::to_string(o.end_year) + "\n";
  out += "Ensemble id: " + o.ensemble_id.value_or("(not stored: --no-db)") + "\n";
  if (o.kept_run_id) out += "Kept run: " + *o.kept_run_id + " (every table of one seed)\n";
  if (s.thin_sample_warning) out += "WARNING: " + *s.thin_sample_warning + "\n";
  out += "\n" + years_table(s);
  out += "\nHeadline (" + headline_label(o) + ") over " + n + ": " +
         band_line(s.headline.band, ValueKind::kRate) + "\n";
  out += "P(in target " + value_text(s.target.growth - s.target.tolerance, ValueKind::kRate) +
         " to " + value_text(s.target.growth + s.target.tolerance, ValueKind::kRate) +
         "): " + percent_1(s.headline.p_in_target) + "\n";
  out += "Total cost over the years: " + band_line(s.headline.total_cost, ValueKind::kMoney) + "\n";
  if (s.headline.budget && s.headline.p_over_budget) {
    out += "P(total cost > " + dollars(*s.headline.budget) +
           "): " + percent_1(*s.headline.p_over_budget) + "\n";
  }
  if (s.thin_sample_warning) out += "WARNING: " + *s.thin_sample_warning + "\n";
  if (o.attribution)
    out += "\nVariance attribution of the headline\n" + attribution_table(*o.attribution);
  if (!o.warnings.empty()) out += std::to_string(o.warnings.size()) + " load-time warnings\n";
  out += "Time: " + fixed(o.total_ms, 1) + " ms (load " + fixed(o.load_ms, 1) + " ms, simulate " +
         fixed(o.simulate_ms, 1) + " ms)\n";
  return out;
}

}  // namespace

ValueKind value_kind(std::string_view metric) {
  if (metric == "avg_fye_pay" || metric == "total_cost") return ValueKind::kMoney;
  if (metric.substr(0, 6) == "growth" || metric == "mean" || metric == "final" ||
      metric == "compound")
    return ValueKind::kRate;
  return ValueKind::kCount;
}

std::string value_text(double v, ValueKind kind) {
  if (std::isnan(v)) return "-";
  switch (kind) {
    case ValueKind::kCount:
      return count_text(v);
    case ValueKind::kMoney:
      return dollars(v);
    case ValueKind::kRate:
      return fixed(v * 100.0, 3) + "%";
  }
  return "-";
}

std::string delta_text(double v, ValueKind kind) {
  if (std::isnan(v)) return "-";
  switch (kind) {
    case ValueKind::kCount: {
      const std::string c = count_text(std::fabs(v));
      return (v < 0 && c != "0.0" ? "-" : "+") + c;
    }
    case ValueKind::kMoney: {
      const double cents = std::round(v * 100.0) / 100.0;
      return (cents < 0 ? "-" : "+") + dollars(std::fabs(cents));
    }
    case ValueKind::kRate: {
      const std::string p = fixed(std::fabs(v) * 100.0, 3);
      return (v < 0 && p != "0.000" ? "-" : "+") + p + " pt";
    }
  }
  return "-";
}

int run_ensemble_simulate(const EnsembleCliOptions& o) {
  app::RunCallbacks callbacks;
  if (!o.quiet) {
    callbacks.on_stage = [](const std::string& s) {
      std::fprintf(stderr, "planwise: %s\n", s.c_str());
    };
  }
  auto outcome = app::run_ensemble(o.request, callbacks);
  if (!outcome) return fail(outcome.error());
  if (outcome->summary.thin_sample_warning)
    std::fprintf(stderr, "planwise: warning: %s\n", outcome->summary.thin_sample_warning->c_str());
  if (o.json) {
    std::cout << api::ensemble_json(*outcome, o.per_seed) << "\n";
  } else {
    std::cout << ensemble_text(*outcome);
  }
  return kExitOk;
}

int run_ensembles_list(const std::string& db) {
  auto list = app::list_stored_ensembles(db);
  if (!list) return fail(list.error());
  TextTablePrinter t(
      {"Ensemble id", "Created (UTC)", "Scenario", "Seeds", "Years", "Headline", "Kept run"});
  for (const store::EnsembleRow& e : *list) {
    t.add_row({e.ensemble_id, e.created_at, e.scenario,
               std::to_string(e.seed_count) + " (" + e.seed_list + ")",
               std::to_string(e.start_year) + "-" + std::to_string(e.end_year), e.headline_metric,
               e.kept_run_id.value_or("")});
  }
  std::cout << t.render({true, true, true, true, true, true, true}) << "(" << list->size()
            << " ensembles in " << db << ")\n";
  return kExitOk;
}

int run_ensembles_show(const std::string& db, const std::string& ensemble_id) {
  auto record = app::show_stored_ensemble(db, ensemble_id, false);
  if (!record) return fail(record.error());
  const store::EnsembleRow& e = record->ensemble;
  std::cout << "Ensemble " << e.ensemble_id << "\n"
            << "  created:         " << e.created_at << " by " << e.actor << "\n"
            << "  scenario:        " << e.scenario << "\n"
            << "  seeds:           " << e.seed_count << " (" << e.seed_list << ")\n"
            << "  years:           " << e.start_year << "-" << e.end_year << "\n"
            << "  headline:        " << e.headline_metric << ", target "
            << value_text(e.target_growth, ValueKind::kRate) << " +/- "
            << value_text(e.target_tolerance, ValueKind::kRate) << "\n"
            << "  budget:          " << (e.budget ? dollars(*e.budget) : std::string("none"))
            << "\n"
            << "  kept run:        " << e.kept_run_id.value_or("none") << "\n"
            << "  engine:          " << e.engine_version << "\n"
            << "  command:         " << e.command << "\n"
            << "  config sha256    " << e.config_hash << "\n"
            << "  census sha256    " << e.census_hash << "\n"
            << "  levers sha256    " << e.levers_hash << "\n"
            << "  effective levers sha256 " << e.effective_levers_hash << "\n";
  if (auto warning = app::stored_thin_sample_warning(e.seed_count))
    std::cout << "WARNING: " << *warning << "\n";
  TextTablePrinter t({"Scope", "Year", "Metric", "n", "Mean", "P10", "P50", "P90", "P(in target)",
                      "P(over budget)"});
  for (const store::EnsembleBandRow& b : record->bands) {
    const ValueKind kind = b.scope == "headline" ? ValueKind::kRate : value_kind(b.metric);
    auto probability = [](const std::optional<double>& p) {
      return p ? percent_1(*p) : std::string();
    };
    t.add_row({b.scope, b.year ? std::to_string(*b.year) : "", b.metric, std::to_string(b.n),
               value_text(b.mean, kind), value_text(b.p10, kind), value_text(b.p50, kind),
               value_text(b.p90, kind), probability(b.p_in_target), probability(b.p_over_budget)});
  }
  std::cout << "\n" << t.render({true, false, true});
  if (!record->attribution.empty()) {
    TextTablePrinter a({"Draw group", "SD alone", "Share", "95% low", "95% high"});
    for (const store::EnsembleAttributionRow& r : record->attribution) {
      a.add_row({r.draw_group, sd_points(r.variance), percent_1(r.share), percent_1(r.share_low),
                 percent_1(r.share_high)});
    }
    std::cout << "\nVariance attribution of the headline\n" << a.render({true});
  }
  return kExitOk;
}

}  // namespace planwise::cli
