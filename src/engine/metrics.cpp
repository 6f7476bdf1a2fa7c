// Spec §4.9: the three growth methodologies, the status and level
// breakdowns, and the year summary of §5.4.
#include "engine/metrics.hpp"

#include <algorithm>
#include <cmath>

#include "common/rounding.hpp"
#include "common/year_of_day.hpp"

namespace planwise::engine {

namespace {

void add(PopulationTotals& t, double fye, double prorated, double start, bool continuous) {
  ++t.count;
  t.continuous_count += continuous ? 1 : 0;
  t.fye += fye;
  t.fye_squares += fye * fye;
  t.prorated += prorated;
  t.start += start;
}

std::optional<double> mean(double sum, std::int64_t count) {
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

std::optional<double> money_mean(double sum, std::int64_t count) {
  auto m = mean(sum, count);
  if (m) *m = round2(*m);
  return m;
}

std::optional<double> growth_of(std::optional<double> now, std::optional<double> prior) {
  if (!now || !prior || *prior == 0.0) return std::nullopt;
  return *now / *prior - 1.0;
}

GrowthRow base_row(int year, GrowthRowKind kind, std::string key, std::string measure,
                   double new_hire_ratio) {
  GrowthRow row;
  row.year = year;
  row.kind = kind;
  row.row_key = std::move(key);
  row.measure = std::move(measure);
  row.new_hire_ratio = new_hire_ratio;
  return row;
}

// FYE breakdown row (status or level): mean FYE against the same group of
// the year before; null growth when the prior group is empty.
GrowthRow fye_group_row(int year, GrowthRowKind kind, std::string key, const PopulationTotals& now,
                        const PopulationTotals& prior, double new_hire_ratio) {
  GrowthRow row = base_row(year, kind, std::move(key), "fye", new_hire_ratio);
  row.population_count = now.count;
  row.continuous_count = now.continuous_count;
  row.new_hire_count = now.count - now.continuous_count;
  row.avg_compensation = money_mean(now.fye, now.count);
  row.prior_avg_compensation = money_mean(prior.fye, prior.count);
  row.avg_prorated_compensation = money_mean(now.prorated, now.count);
  row.growth = growth_of(mean(now.fye, now.count), mean(prior.fye, prior.count));
  return row;
}

}  // namespace

YearAggregates aggregate_rows_in_order(const YearFrame& f, int level_count) {
  YearAggregates a;
  a.by_level.assign(static_cast<std::size_t>(level_count), {});
  for (std::size_t i = 0; i < f.size(); ++i) {
    a.total_prorated += f.prorated[i];
    if (f.promo_date[i] != kNoDate) {
      ++a.promotions;
      a.band_floor_promotions += f.promo_band_floor[i];
    }
    if (f.raise_date[i] != kNoDate) ++a.raises;
    switch (f.status[i]) {
      case StatusCode::kExperiencedTermination:
        ++a.experienced_terminations;
        continue;
      case StatusCode::kNewHireTermination:
        ++a.new_hire_terminations;
        continue;
      case StatusCode::kContinuousActive:
        add(a.continuous, f.salary[i], f.prorated[i], f.start_salary[i], true);
        break;
      case StatusCode::kNewHireActive:
        add(a.new_hire, f.salary[i], f.prorated[i], f.start_salary[i], false);
        break;
    }
    const bool continuous = f.status[i] == StatusCode::kContinuousActive;
    add(a.active, f.salary[i], f.prorated[i], f.start_salary[i], continuous);
    // A level out of 1..L is in no level row; the S3 check of the year
    // reports it (issue 15 item 5) instead of a write past the end.
    const std::size_t level = f.level[i] - 1u;
    if (level < a.by_level.size())
      add(a.by_level[level], f.salary[i], f.prorated[i], f.start_salary[i], continuous);
  }
  return a;
}

namespace {

// The sums of one row into a population whose counts are kept apart.
void add_sums(PopulationTotals& t, double fye, double prorated, double start) {
  t.fye += fye;
  t.fye_squares += fye * fye;
  t.prorated += prorated;
  t.start += start;
}

// The events every row counts, whatever its status.
void count_events(YearAggregates& a, const YearFrame& f, std::size_t i) {
  if (f.promo_date[i] != kNoDate) {
    ++a.promotions;
    a.band_floor_promotions += f.promo_band_floor[i];
  }
  if (f.raise_date[i] != kNoDate) ++a.raises;
}

}  // namespace

// Issue 13: the members' rows come first, each continuous_active or an
// experienced termination (§4.8), then the hires'. Over the members the
// active population's sums are the continuous one's, add for add, so they
// are summed once and the active sums start from them at the first hire:
// every sum still adds the same values in row order (§0.2), with half the
// additions and no status dispatch. A frame whose statuses do not follow
// that order (which the year's checks report) takes the row-by-row loop.
// The year loop passes the members' events as its member pass counted them
// (whole counts, on every thread), so this one thread reads three columns
// fewer.
YearAggregates aggregate_year(const YearFrame& f, int level_count,
                              const MemberEventCounts* members_counted) {
  YearAggregates a;
  a.by_level.assign(static_cast<std::size_t>(level_count), {});
  if (members_counted != nullptr) {
    a.promotions = members_counted->promotions;
    a.band_floor_promotions = members_counted->band_floor_promotions;
    a.raises = members_counted->raises;
  }
  const std::size_t members = f.member_count;
  for (std::size_t i = 0; i < members; ++i) {
    a.total_prorated += f.prorated[i];
    if (members_counted == nullptr) count_events(a, f, i);
    const StatusCode status = f.status[i];
    if (status != StatusCode::kContinuousActive) {
      if (status != StatusCode::kExperiencedTermination)
        return aggregate_rows_in_order(f, level_count);
      ++a.experienced_terminations;
      continue;
    }
    ++a.continuous.count;
    add_sums(a.continuous, f.salary[i], f.prorated[i], f.start_salary[i]);
    const std::size_t level = f.level[i] - 1u;  // out of 1..L: in no level row (S3 reports it)
    if (level < a.by_level.size()) {
      ++a.by_level[level].count;
      add_sums(a.by_level[level], f.salary[i], f.prorated[i], f.start_salary[i]);
    }
  }
  a.continuous.continuous_count = a.continuous.count;
  for (PopulationTotals& l : a.by_level) l.continuous_count = l.count;
  a.active = a.continuous;
  for (std::size_t i = members; i < f.size(); ++i) {
    a.total_prorated += f.prorated[i];
    count_events(a, f, i);
    const StatusCode status = f.status[i];
    if (status != StatusCode::kNewHireActive) {
      if (status != StatusCode::kNewHireTermination) return aggregate_rows_in_order(f, level_count);
      ++a.new_hire_terminations;
      continue;
    }
    add(a.new_hire, f.salary[i], f.prorated[i], f.start_salary[i], false);
    add(a.active, f.salary[i], f.prorated[i], f.start_salary[i], false);
    const std::size_t level = f.level[i] - 1u;
    if (level < a.by_level.size())
      add(a.by_level[level], f.salary[i], f.prorated[i], f.start_salary[i], false);
  }
  return a;
}

YearAggregates aggregate_baseline(const StagedCensus& census, int start_year, int level_count) {
  YearAggregates a;
  a.by_level.assign(static_cast<std::size_t>(level_count), {});
  const YearOfDay year_of_day;
  for (std::size_t i = 0; i < census.baseline_size(); ++i) {
    const double s0 = census.salary[i];
    const bool new_hire = year_of_day(census.hire_date[i]) == start_year - 1;
    add(new_hire ? a.new_hire : a.continuous, s0, s0, s0, !new_hire);
    add(a.active, s0, s0, s0, !new_hire);
    add(a.by_level[census.level[i] - 1u], s0, s0, s0, !new_hire);
    a.total_prorated += s0;
  }
  return a;
}

std::string target_status(std::optional<double> growth, double target, double tolerance) {
  if (!growth) return "NO_DATA";
  if (std::fabs(*growth - target) <= tolerance) return "TARGET_ACHIEVED";
  return *growth < target ? "BELOW_TARGET" : "ABOVE_TARGET";
}

std::vector<GrowthRow> growth_rows(int year, const YearAggregates& now, const YearAggregates& prior,
                                   const EngineConfig& cfg) {
  const double ratio = now.active.count == 0 ? 0.0
                                             : static_cast<double>(now.new_hire.count) /
                                                   static_cast<double>(now.active.count);
  std::vector<GrowthRow> rows;
  rows.reserve(5 + now.by_level.size());

  GrowthRow current = base_row(year, GrowthRowKind::kMethodology, "current", "prorated", ratio);
  current.population_count = now.active.count;
  current.continuous_count = now.continuous.count;
  current.new_hire_count = now.new_hire.count;
  current.avg_compensation = money_mean(now.active.prorated, now.active.count);
  current.prior_avg_compensation = money_mean(prior.active.prorated, prior.active.count);
  current.avg_prorated_compensation = current.avg_compensation;
  current.growth = growth_of(mean(now.active.prorated, now.active.count),
                             mean(prior.active.prorated, prior.active.count));

  // Matched cohort: the same people on 31 Dec against 1 Jan.
  GrowthRow continuous =
      base_row(year, GrowthRowKind::kMethodology, "continuous", "fye_matched_cohort", ratio);
  continuous.population_count = now.continuous.count;
  continuous.continuous_count = now.continuous.count;
  continuous.avg_compensation = money_mean(now.continuous.fye, now.continuous.count);
  continuous.prior_avg_compensation = money_mean(now.continuous.start, now.continuous.count);
  continuous.avg_prorated_compensation = money_mean(now.continuous.prorated, now.continuous.count);
  if (now.continuous.count > 0 && now.continuous.start != 0.0) {
    continuous.growth = now.continuous.fye / now.continuous.start - 1.0;
  }

  GrowthRow fye = base_row(year, GrowthRowKind::kMethodology, "full_year_equivalent", "fye", ratio);
  fye.population_count = now.active.count;
  fye.continuous_count = now.continuous.count;
  fye.new_hire_count = now.new_hire.count;
  fye.avg_compensation = money_mean(now.active.fye, now.active.count);
  fye.prior_avg_compensation = money_mean(prior.active.fye, prior.active.count);
  fye.avg_prorated_compensation = money_mean(now.active.prorated, now.active.count);
  fye.growth =
      growth_of(mean(now.active.fye, now.active.count), mean(prior.active.fye, prior.active.count));
  fye.is_headline = true;

  std::optional<double> composition;
  if (fye.growth && continuous.growth) composition = *fye.growth - *continuous.growth;
  const GrowthMethodology methods[3] = {GrowthMethodology::kCurrent, GrowthMethodology::kContinuous,
                                        GrowthMethodology::kFullYearEquivalent};
  GrowthRow* method_rows[3] = {&current, &continuous, &fye};
  for (int m = 0; m < 3; ++m) {
    GrowthRow& row = *method_rows[m];
    row.is_tuning_target = methods[m] == cfg.calculation_methodology;
    row.target_growth = cfg.growth_target;
    row.tolerance = cfg.growth_tolerance;
    row.target_status = target_status(row.growth, cfg.growth_target, cfg.growth_tolerance);
    if (row.growth) {
      row.deviation_from_target = std::fabs(*row.growth - cfg.growth_target);
      row.gap_to_target = cfg.growth_target - *row.growth;
    }
    row.composition_effect = composition;
    rows.push_back(std::move(row));
  }

  rows.push_back(fye_group_row(year, GrowthRowKind::kStatus, "continuous_active", now.continuous,
                               prior.continuous, ratio));
  rows.push_back(fye_group_row(year, GrowthRowKind::kStatus, "new_hire_active", now.new_hire,
                               prior.new_hire, ratio));
  for (std::size_t l = 0; l < now.by_level.size(); ++l) {
    rows.push_back(fye_group_row(year, GrowthRowKind::kLevel, std::to_string(l + 1),
                                 now.by_level[l], prior.by_level[l], ratio));
  }
  return rows;
}

YearSummary summarize_year(int year, const HiringPlan& plan, std::int64_t new_hire_terminations,
                           const YearAggregates& now, const std::vector<GrowthRow>& growth,
                           const EngineConfig& cfg) {
  YearSummary s;
  s.year = year;
  s.start_headcount = plan.start_headcount;
  s.experienced_terminations = plan.terminations;
  s.target_end_headcount = plan.target_end;
  s.hires = plan.hires;
  s.hires_by_level = plan.per_level;
  s.new_hire_terminations = new_hire_terminations;
  s.total_terminations = plan.terminations + new_hire_terminations;
  s.end_headcount = now.active.count;
  s.headcount_gap = s.end_headcount - s.target_end_headcount;
  s.headcount_growth =
      plan.start_headcount == 0
          ? 0.0
          : static_cast<double>(s.end_headcount) / static_cast<double>(plan.start_headcount) - 1.0;
  s.promotions = now.promotions;
  s.raises = now.raises;
  s.band_floor_promotions = now.band_floor_promotions;
  s.avg_fye_active = money_mean(now.active.fye, now.active.count);
  s.avg_prorated_active = money_mean(now.active.prorated, now.active.count);
  s.total_prorated_compensation = round2(now.total_prorated);
  s.growth_current = growth[0].growth;
  s.growth_continuous = growth[1].growth;
  s.avg_comp_growth = growth[2].growth;
  s.tuning_methodology = cfg.calculation_methodology;
  double cv_sum = 0.0;
  int cv_levels = 0;
  for (const PopulationTotals& level : now.by_level) {
    if (level.count < 2) continue;
    const double n = static_cast<double>(level.count);
    const double mean = level.fye / n;
    const double variance = std::max(0.0, level.fye_squares / n - mean * mean);
    cv_sum += std::sqrt(variance) / mean;
    ++cv_levels;
  }
  if (cv_levels > 0) s.pay_equity_cv = cv_sum / cv_levels;
  s.tuning_metric = growth[static_cast<std::size_t>(cfg.calculation_methodology)].growth;
  s.target_status = target_status(s.tuning_metric, cfg.growth_target, cfg.growth_tolerance);
  return s;
}

}  // namespace planwise::engine
