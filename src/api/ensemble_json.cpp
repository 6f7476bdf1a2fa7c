#include "api/ensemble_json.hpp"

#include <nlohmann/json.hpp>

#include "api/band_json.hpp"
#include "engine/config.hpp"
#include "ensemble/seed_list.hpp"

namespace planwise::api {

namespace {

using nlohmann::json;

json optional_num(const std::optional<double>& v) {
  return v ? finite_or_null(*v) : json(nullptr);
}

json paired_json(const ensemble::PairedBand& p) {
  return {{"a", band_json(p.a)},
          {"b", band_json(p.b)},
          {"diff", band_json(p.diff)},
          {"diff_low", finite_or_null(p.diff_95.low)},
          {"diff_high", finite_or_null(p.diff_95.high)},
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
        row[std::string(ensemble::kYearMetricNames[i])] = finite_or_null(y.values[i]);
      years.push_back(std::move(row));
    }
    out.push_back({{"seed", o.seed},
                   {"headline", finite_or_null(o.headline)},
                   {"total_cost", finite_or_null(o.total_cost)},
                   {"years", std::move(years)}});
  }
  return out;
}

json attribution_json(const ensemble::Attribution& a) {
  json groups = json::array();
  for (const ensemble::GroupShare& g : a.groups) {
    groups.push_back({{"group", engine::draw_group_name(g.group)},
                      {"variance", finite_or_null(g.variance)},
                      {"share", finite_or_null(g.share)},
                      {"share_low", finite_or_null(g.share_95.low)},
                      {"share_high", finite_or_null(g.share_95.high)}});
  }
  return {{"base_seed", a.base_seed},
          {"seed_count", a.seeds.size()},
          {"total_variance", finite_or_null(a.total_variance)},
          {"groups", std::move(groups)},
          {"share_sum", finite_or_null(a.share_sum)},
          {"share_sum_low", finite_or_null(a.share_sum_95.low)},
          {"share_sum_high", finite_or_null(a.share_sum_95.high)},
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
                   {"p_in_target", finite_or_null(s.headline.p_in_target)},
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
                        {"headline_diff", finite_or_null(b.headline - a.headline)},
                        {"total_cost_diff", finite_or_null(b.total_cost - a.total_cost)}};
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
                      {"p_in_target", finite_or_null(p.p_in_target)},
                      {"total_cost", band_json(p.total_cost)},
                      {"adjusted", p.adjusted}});
  }
  j["points"] = std::move(points);
  j["locked_cells"] = s.locked_cells;
  j["simulations"] = s.simulations;
  j["checks"] = s.checks == engine::ChecksLevel::kFull ? "full" : "final";
  j["simulate_ms"] = outcome.simulate_ms;
  return j.dump(indent);
}

}  // namespace planwise::api
