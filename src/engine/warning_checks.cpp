// Spec §6.6 statistical sanity checks (4 standard errors, only where the
// expected count is at least 30), C6, and the §4.6/§4.7 head-count warnings.
#include <cmath>
#include <string>
#include <utility>

#include "common/number_text.hpp"
#include "engine/year_checks.hpp"

namespace planwise::engine {

namespace {

constexpr double kSigmas = 4.0;
constexpr double kMinExpected = 30.0;

ValidationItem item(int year, const char* id, bool ok, double value, double threshold,
                    std::string message) {
  return ValidationItem{year,  id,        ok ? CheckStatus::kPass : CheckStatus::kWarn,
                        value, threshold, std::move(message)};
}

// Shares of `n` dates per month against expected shares; the worst month
// decides. `floor` widens the band (P4's validation_tolerance).
ValidationItem month_share_check(int year, const char* id,
                                 const std::array<std::int64_t, 12>& counts, std::int64_t n,
                                 const std::array<double, 12>& expected, double floor) {
  double worst = 0.0;
  double worst_band = 0.0;
  int worst_month = 0;
  bool ok = true;
  for (int m = 0; m < 12; ++m) {
    const double p = expected[static_cast<std::size_t>(m)];
    if (static_cast<double>(n) * p < kMinExpected) continue;
    const double share =
        static_cast<double>(counts[static_cast<std::size_t>(m)]) / static_cast<double>(n);
    const double band =
        std::max(floor, kSigmas * std::sqrt(p * (1.0 - p) / static_cast<double>(n)));
    const double dev = std::fabs(share - p);
    if (dev > band) ok = false;
    if (dev / band > (worst_band > 0 ? worst / worst_band : 0.0)) {
      worst = dev;
      worst_band = band;
      worst_month = m + 1;
    }
  }
  std::string message = worst_month == 0 ? "no month has an expected count of 30"
                                         : "largest month deviation " + shortest_text(worst) +
                                               " in month " + std::to_string(worst_month) +
                                               " (band " + shortest_text(worst_band) + ")";
  return item(year, id, ok, worst, worst_band, std::move(message));
}

// Dates counted per day of the year, then per month. Rows alternate between
// four sets of counts: with legacy timing every raise falls on one of two
// days, and one count per day would make each increment wait for the last.
class DayCounts {
 public:
  explicit DayCounts(const YearFrame& f) : first_day_(f.first_day), days_(f.days) {}
  // A date outside the year counts in no day (E1 reports it as fatal).
  void add(std::size_t row, DayNumber d) {
    const auto offset = static_cast<std::uint32_t>(d - first_day_);
    ++counts_[row & 3][offset < static_cast<std::uint32_t>(days_) ? offset : kOutside];
  }
  std::int64_t on(DayNumber d) const {
    const auto offset = static_cast<std::size_t>(d - first_day_);
    return counts_[0][offset] + counts_[1][offset] + counts_[2][offset] + counts_[3][offset];
  }
  std::array<std::int64_t, 12> per_month(int year) const {
    std::array<std::int64_t, 12> months{};
    DayNumber d = first_day_;
    for (int m = 1; m <= 12; ++m) {
      for (int k = 0; k < days_in_month(year, m); ++k) months[m - 1u] += on(d++);
    }
    return months;
  }

 private:
  static constexpr std::size_t kOutside = 366;
  DayNumber first_day_;
  int days_;
  std::array<std::array<std::int64_t, kOutside + 1>, 4> counts_{};
};

}  // namespace

WarningTallies gather_exit_and_raise_tallies(const YearFrame& f) {
  const int year = f.year;
  WarningTallies t;

  // P1: hire dates uniform over the year.
  DayCounts hire_days(f);
  for (std::size_t i = f.member_count; i < f.size(); ++i) hire_days.add(i, f.hire_date[i]);
  t.hire_months = hire_days.per_month(year);

  // One pass over the members for P3 (hazard weights of leavers and
  // stayers) and P4/P5 (raise dates). The running sums in locals, which
  // stay in registers; in `t`, each addition would wait for the last one's
  // store (the row-order sums are one chain of additions each).
  double leave_sum = 0.0;
  double stay_sum = 0.0;
  std::int64_t leavers = 0;
  std::int64_t raises = 0;
  DayCounts raise_days(f);
  for (std::size_t i = 0; i < f.member_count; ++i) {
    // Leavers are random among stayers, so both sums take every row: the
    // other adds +0.0, which leaves a sum as it is (a sum that starts at
    // +0.0 is never -0.0), so both are the sums in row order of §0.2.
    const bool left = f.exit_date[i] != kNoDate;
    leave_sum += left ? f.term_weight[i] : 0.0;
    stay_sum += left ? 0.0 : f.term_weight[i];
    leavers += left ? 1 : 0;
    const DayNumber d = f.raise_date[i];
    if (d != kNoDate) {
      ++raises;
      raise_days.add(i, d);
    }
  }
  t.leave_sum = leave_sum;
  t.stay_sum = stay_sum;
  t.leave_n = leavers;
  t.raises = raises;
  t.raise_months = raise_days.per_month(year);
  // Every raise not on 1 January or 1 July is off the legacy dates.
  t.january_first = raise_days.on(f.first_day);
  t.off_legacy_dates = raises - t.january_first - raise_days.on(day_number(year, 7, 1));
  return t;
}

WarningTallies gather_promotion_tallies(const YearFrame& f, const SeedTables& seeds,
                                        const YearLevers& levers, const HireModel& hire_model) {
  const int year = f.year;
  const int top = seeds.level_count();
  WarningTallies t;
  // P2: promotions against Σp, per level, in row order.
  t.expected.assign(static_cast<std::size_t>(top), 0.0);
  t.variance = t.expected;
  t.got = t.expected;
  for (std::size_t i = 0; i < f.member_count; ++i) {
    const double p = f.promo_probability[i];
    const std::size_t l = f.start_level[i] - 1u;  // S3 reports a level out of 1..L
    if (!std::isnan(p) && l < t.expected.size()) {
      t.expected[l] += p;
      t.variance[l] += p * (1.0 - p);
      if (f.promo_date[i] != kNoDate) t.got[l] += 1.0;
    }
  }

  // P6: hire salary positions, summed in row order.
  for (std::size_t i = f.member_count; i < f.size(); ++i) {
    if (f.start_level[i] < 1 || f.start_level[i] > top) continue;  // S3 reports it
    const HireLevelPricing& p = hire_model.levels[f.start_level[i] - 1u];
    if (p.from_reference) {
      t.hire_position_sum += uniform(f.state[i], year, kHireSalary, f.salts);
    } else {
      const double adj = levers.hire_adjustment[f.start_level[i] - 1u];
      t.hire_position_sum += (f.start_salary[i] / adj - p.band_min) / (p.band_max - p.band_min);
    }
  }
  return t;
}

void WarningTallies::take_promotions(WarningTallies&& from) {
  expected = std::move(from.expected);
  variance = std::move(from.variance);
  got = std::move(from.got);
  hire_position_sum = from.hire_position_sum;
}

WarningTallies gather_warning_tallies(const YearFrame& f, const SeedTables& seeds,
                                      const YearLevers& levers, const HireModel& hire_model) {
  WarningTallies t = gather_exit_and_raise_tallies(f);
  t.take_promotions(gather_promotion_tallies(f, seeds, levers, hire_model));
  return t;
}

void run_warning_checks(const YearCheckContext& ctx, ValidationItems& out) {
  run_warning_checks(ctx, gather_warning_tallies(ctx.frame, ctx.seeds, ctx.levers, ctx.hire_model),
                     out);
}

void run_warning_checks(const YearCheckContext& ctx, const WarningTallies& t,
                        ValidationItems& out) {
  const YearFrame& f = ctx.frame;
  const int year = f.year;
  std::array<double, 12> day_shares{};
  for (int m = 1; m <= 12; ++m) day_shares[m - 1u] = double(days_in_month(year, m)) / f.days;
  out.push_back(month_share_check(year, "P1", t.hire_months,
                                  static_cast<std::int64_t>(f.hire_count()), day_shares, 0.0));
  {
    bool ok = true;
    std::string message = "promotions per level within 4 sd of expectation";
    double worst = 0.0;
    for (std::size_t l = 0; l < t.expected.size(); ++l) {
      if (t.expected[l] < kMinExpected) continue;
      const double z = std::fabs(t.got[l] - t.expected[l]) / std::sqrt(t.variance[l]);
      worst = std::max(worst, z);
      if (z > kSigmas) {
        ok = false;
        message = "level " + std::to_string(l + 1) + ": " + shortest_text(t.got[l]) +
                  " promotions, expected " + shortest_text(t.expected[l]);
      }
    }
    out.push_back(item(year, "P2", ok, worst, kSigmas, message));
  }
  const std::int64_t leave_n = t.leave_n;
  const auto stay_n = static_cast<std::int64_t>(f.member_count) - leave_n;
  if (leave_n > 0 && stay_n > 0) {
    const double leave_mean = t.leave_sum / double(leave_n),
                 stay_mean = t.stay_sum / double(stay_n);
    out.push_back(item(year, "P3", leave_mean > stay_mean, leave_mean, stay_mean,
                       "mean weight of leavers " + shortest_text(leave_mean) + " vs stayers " +
                           shortest_text(stay_mean)));
  }
  if (ctx.config.raise_timing == RaiseTimingMethod::kRealistic) {
    out.push_back(month_share_check(year, "P4", t.raise_months, t.raises, ctx.month_shares,
                                    ctx.config.validation_tolerance));
  } else {
    const std::int64_t raises = t.raises;
    const double share = raises == 0 ? 0.5 : double(t.january_first) / double(raises);
    const double band = raises == 0 ? 1.0 : kSigmas * std::sqrt(0.25 / double(raises));
    const bool ok =
        t.off_legacy_dates == 0 && (raises * 0.5 < kMinExpected || std::fabs(share - 0.5) <= band);
    out.push_back(item(year, "P5", ok, share, band,
                       std::to_string(t.off_legacy_dates) +
                           " raises off 1 Jan/1 Jul; share of 1 Jan " + shortest_text(share)));
  }

  // P6: hire salary positions average 0.5.
  {
    const std::int64_t n = static_cast<std::int64_t>(f.hire_count());
    if (n >= kMinExpected) {
      const double m = t.hire_position_sum / double(n),
                   band = kSigmas * std::sqrt(1.0 / (12.0 * double(n)));
      out.push_back(item(year, "P6", std::fabs(m - 0.5) <= band, m, band,
                         "mean hire salary position " + shortest_text(m)));
    }
  }

  // C6 (informational): the tuning metric against its band.
  if (ctx.tuning_metric) {
    const double gap = std::fabs(*ctx.tuning_metric - ctx.config.growth_target);
    out.push_back(item(year, "C6", gap <= ctx.config.growth_tolerance, *ctx.tuning_metric,
                       ctx.config.growth_target,
                       std::string(growth_methodology_name(ctx.config.calculation_methodology)) +
                           " growth " + shortest_text(*ctx.tuning_metric) + " against target " +
                           shortest_text(ctx.config.growth_target) + " +/- " +
                           shortest_text(ctx.config.growth_tolerance)));
  }

  // §4.6 / §4.7 head-count warnings.
  if (ctx.plan.need < 0) {
    out.push_back(warning(year, "hiring_target_below_attainable",
                          "target below attainable head count: the year ends above target",
                          double(ctx.aggregates.active.count), double(ctx.plan.target_end)));
  }
  if (ctx.new_hire_terminations.selected < ctx.new_hire_terminations.requested) {
    out.push_back(warning(year, "new_hire_termination_shortfall",
                          "fewer hires than requested new-hire leavers have room for an exit date",
                          double(ctx.new_hire_terminations.selected),
                          double(ctx.new_hire_terminations.requested)));
  }
}

}  // namespace planwise::engine
