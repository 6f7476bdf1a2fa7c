#include "api/ensemble_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/config.hpp"
#include "ensemble/seed_list.hpp"

namespace planwise::api {

namespace {

using nlohmann::json;

// A statistic: NaN (no values) and infinities are null.
json num(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json optional_num(const std::optional<double>& v) {
  return v ? num(*v) : json(nullptr);
}

json band_json(const ensemble::Band& b) {
  return {{"n", b.n},          {"mean", num(b.mean)}, {"sd", num(b.sd)},   {"se", num(b.se)},
          {"min", num(b.min)}, {"p10", num(b.p10)},   {"p25", num(b.p25)}, {"p50", num(b.p50)},
          {"p75", num(b.p75)}, {"p90", num(b.p90)},   {"max", num(b.max)}};
}

json paired_json(const ensemble::PairedBand& p) {
  return {{"a", band_json(p.a)},
          {"b", band_json(p.b)},
          {"diff", band_json(p.diff)},
          {"diff_low", num(p.diff_95.low)},
          {"diff_high", num(p.diff_95.high)},
          {"distinguishable", p.distinguishable}};
}

json target_json(const app::RunTarget& t) {
  return {{"growth", t.growth}, {"tolerance", t.tolerance}, {"metric", t.metric}};
}

json warning_json(const std::optional<std::string>& warning) {
  return warning ? json(*warning) : json(nullptr);
}

std::string_view metric_name(ensemble::YearMetric m) {
  return ensemble::kYearMetricNames[static_cast<std::size_t>(m)];
}

// [{"year", "metrics": {name: f(band)}}] from rows ordered by year.
template <class Row, class Value>
json years_json(const std::vector<Row>& rows, Value value) {
  json years = json::array();
  for (const Row& row : rows) {
    if (years.empty() || years.back()["year"] != row.year)
      years.push_back({{"year", row.year}, {"metrics", json::object()}});
    years.back()["metrics"][std::string(metric_name(row.metric))] = value(row);
  }
  return years;
}

json per_seed_json(const std::vector<ensemble::SeedOutcome>& outcomes) {
  json out = json::array();
  for (const ensemble::SeedOutcome& o : outcomes) {
    json years = json::array();
    for (const ensemble::SeedYear& y : o.years) {
      json row = {{"year", y.year}};
      for (std::size_t i = 0; i < ensemble::kYearMetricCount; ++i)
        row[std::string(ensemble::kYearMetricNames[i])] = num(y.values[i]);
      years.push_back(std::move(row));
    }
    out.push_back({{"seed", o.seed},
                   {"headline", num(o.headline)},
                   {"total_cost", num(o.total_cost)},
                   {"years", std::move(years)}});
  }
  return out;
}

json attribution_json(const ensemble::Attribution& a) {
  json groups = json::array();
  for (const ensemble::GroupShare& g : a.groups) {
    groups.push_back({{"group", engine::draw_group_name(g.group)},
                      {"variance", num(g.variance)},
                      {"share", num(g.share)},
                      {"share_low", num(g.share_95.low)},
                      {"share_high", num(g.share_95.high)}});
  }
  return {{"base_seed", a.base_seed},
          {"seed_count", a.seeds.size()},
          {"total_variance", num(a.total_variance)},
          {"groups", std::move(groups)},
          {"share_sum", num(a.share_sum)},
          {"share_sum_low", num(a.share_sum_95.low)},
          {"share_sum_high", num(a.share_sum_95.high)},
          {"bootstrap_resamples", a.bootstrap_resamples},
          {"simulations", a.simulations}};
}

}  // namespace

std::string ensemble_json(const app::EnsembleOutcome& outcome, bool per_seed, int indent) {
  const ensemble::EnsembleSummary& s = outcome.summary;
  json j;
  j["ensemble_id"] = outcome.ensemble_id ? json(*outcome.ensemble_id) : json(nullptr);
  j["kept_run_id"] = outcome.kept_run_id ? json(*outcome.kept_run_id) : json(nullptr);
  j["scenario"] = outcome.scenario;
  j["start_year"] = outcome.start_year;
  j["end_year"] = outcome.end_year;
  j["seeds"] = s.seeds;
  j["seed_count"] = s.seeds.size();
  j["seed_list"] = ensemble::seed_list_text(s.seeds);
  j["headline_metric"] = ensemble::headline_metric_name(s.headline_metric);
  j["target"] = target_json(outcome.target);
  j["thin_sample_warning"] = warning_json(s.thin_sample_warning);
  j["headline"] = {{"band", band_json(s.headline.band)},
                   {"p_in_target", num(s.headline.p_in_target)},
                   {"total_cost", band_json(s.headline.total_cost)},
                   {"budget", optional_num(s.headline.budget)},
                   {"p_over_budget", optional_num(s.headline.p_over_budget)}};
  j["years"] = years_json(s.bands, [](const ensemble::YearBand& b) { return band_json(b.band); });
  if (per_seed) j["per_seed"] = per_seed_json(outcome.per_seed);
  j["attribution"] = outcome.attribution ? attribution_json(*outcome.attribution) : json(nullptr);
  json warnings = json::array();
  for (const engine::ValidationItem& w : outcome.warnings)
    warnings.push_back({{"check", w.check_id}, {"message", w.message}});
  j["warnings"] = std::move(warnings);
  j["simulate_ms"] = outcome.simulate_ms;
  j["total_ms"] = outcome.total_ms;
  return j.dump(indent);
}

std::string paired_compare_json(const app::PairedCompareOutcome& outcome, int indent) {
  const ensemble::PairedComparison& p = outcome.paired;
  json j;
  j["label_a"] = outcome.label_a;
  j["label_b"] = outcome.label_b;
  j["start_year"] = outcome.start_year;
  j["end_year"] = outcome.end_year;
  j["seeds"] = p.seeds;
  j["seed_count"] = p.seeds.size();
  j["target"] = target_json(outcome.target);
  j["thin_sample_warning"] = warning_json(p.thin_sample_warning);
  j["headline"] = paired_json(p.headline);
  j["total_cost"] = paired_json(p.total_cost);
  j["years"] =
      years_json(p.years, [](const ensemble::PairedYear& y) { return paired_json(y.band); });
  // What one run at the first seed would have said.
  if (!outcome.per_seed_a.empty() && !outcome.per_seed_b.empty()) {
    const ensemble::SeedOutcome& a = outcome.per_seed_a.front();
    const ensemble::SeedOutcome& b = outcome.per_seed_b.front();
    j["single_seed"] = {{"seed", a.seed},
                        {"headline_diff", num(b.headline - a.headline)},
                        {"total_cost_diff", num(b.total_cost - a.total_cost)}};
  } else {
    j["single_seed"] = nullptr;
  }
  j["simulate_ms"] = outcome.simulate_ms;
  return j.dump(indent);
}

std::string sweep_json(const app::SweepOutcome& outcome, int indent) {
  const tuning::Sweep& s = outcome.sweep;
  json j;
  j["scenario"] = outcome.scenario;
  json axes = json::array();
  for (const tuning::SweepAxis& a : s.axes)
    axes.push_back({{"lever", a.lever}, {"values", a.values}});
  j["axes"] = std::move(axes);
  j["seeds"] = s.seeds;
  j["seed_count"] = s.seeds.size();
  j["target"] = target_json(outcome.target);
  j["thin_sample_warning"] = warning_json(s.thin_sample_warning);
  json points = json::array();
  for (const tuning::SweepPoint& p : s.points) {
    points.push_back({{"x", p.x},
                      {"headline", band_json(p.headline)},
                      {"p_in_target", num(p.p_in_target)},
                      {"total_cost", band_json(p.total_cost)},
                      {"adjusted", p.adjusted}});
  }
  j["points"] = std::move(points);
  j["locked_cells"] = s.locked_cells;
  j["simulations"] = s.simulations;
  j["simulate_ms"] = outcome.simulate_ms;
  return j.dump(indent);
}

}  // namespace planwise::api
