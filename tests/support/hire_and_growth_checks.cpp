// Independent re-derivations (issue 15 item 5) of the properties that
// property_checks.cpp left out: the per-level hire split by largest
// remainder (§4.6, H2), each hire's salary against its level's range (§4.6,
// C4), the first year's start values against the baseline (E8 from Y0 − 1),
// and the compensation-growth table's status and level rows (§4.9, §5.3,
// C5). Everything is recomputed here from the output rows, the
// configuration, the seed tables and the levers; nothing calls the engine's
// own hiring, aggregation or check functions.
#include <algorithm>
#include <cmath>
#include <map>

#include "common/exact_decimal.hpp"
#include "common/rounding.hpp"
#include "support/property_checks.hpp"

namespace planwise::test {

namespace {

using Report = FailureReport;

bool is_hire_row(const SnapshotRow& r) {
  return r.status_code == "new_hire_active" || r.status_code == "new_hire_termination";
}

// The original's level shares in percent (§1.6 hiring.min_reference_hires);
// a level beyond the fifth has none.
std::int64_t original_share_pct(int level) {
  static const std::int64_t kPct[5] = {40, 30, 20, 8, 2};
  return level >= 1 && level <= 5 ? kPct[level - 1] : 0;
}

// Reference hires (§1.6 hiring.reference_years): baseline members hired in
// the last reference_years calendar years before Y0, by derived level.
std::vector<std::vector<double>> reference_salaries(const CollectedRun& run) {
  const engine::EngineConfig& cfg = run.inputs.config.engine;
  std::vector<std::vector<double>> out(run.inputs.seeds.levels.size());
  for (const SnapshotRow& b : run.baseline) {
    const int hired = year_of(b.hire_date);
    if (hired >= cfg.start_year - cfg.reference_years && hired <= cfg.start_year - 1 &&
        b.level >= 1 && b.level <= static_cast<int>(out.size())) {
      out[static_cast<std::size_t>(b.level - 1)].push_back(b.fye);
    }
  }
  for (auto& level : out) std::sort(level.begin(), level.end());
  return out;
}

// Level weights over one common denominator (§4.6 with §1.6): the map's
// exact decimals, or each level's share of the reference hires, the
// original share standing in for a level below min_reference_hires.
std::vector<Int128> level_weights(const CollectedRun& run,
                                  const std::vector<std::vector<double>>& reference) {
  const engine::EngineConfig& cfg = run.inputs.config.engine;
  std::vector<Int128> w;
  if (!cfg.level_mix.empty()) {
    for (const ExactDecimal& v : cfg.level_mix) w.push_back(v.units());
    return w;
  }
  Int128 total = 0;
  for (const auto& level : reference) total += static_cast<Int128>(level.size());
  // share_l = count_l / total or pct_l / 100: both over 100 × total.
  const Int128 per_pct = total > 0 ? total : 1;
  for (std::size_t l = 0; l < reference.size(); ++l) {
    const auto count = static_cast<std::int64_t>(reference[l].size());
    w.push_back(count >= cfg.min_reference_hires ? Int128(count) * 100
                                                 : original_share_pct(int(l) + 1) * per_pct);
  }
  return w;
}

// Largest remainder: floor(H w_l / W) each, then one more seat at a time to
// the level with the largest remainder left, the lower level on a tie.
std::vector<std::int64_t> largest_remainder(std::int64_t hires, const std::vector<Int128>& w) {
  Int128 total = 0;
  for (Int128 v : w) total += v;
  std::vector<std::int64_t> seats(w.size(), 0);
  if (total <= 0) return seats;
  std::vector<Int128> left(w.size(), 0);
  std::int64_t given = 0;
  for (std::size_t l = 0; l < w.size(); ++l) {
    seats[l] = static_cast<std::int64_t>(Int128(hires) * w[l] / total);
    left[l] = Int128(hires) * w[l] - Int128(seats[l]) * total;
    given += seats[l];
  }
  std::vector<bool> took(w.size(), false);
  for (; given < hires; ++given) {
    std::size_t best = w.size();
    for (std::size_t l = 0; l < w.size(); ++l) {
      if (!took[l] && (best == w.size() || left[l] > left[best])) best = l;
    }
    took[best] = true;
    ++seats[best];
  }
  return seats;
}

std::string counts_text(const std::vector<std::int64_t>& v) {
  std::string out;
  for (std::int64_t n : v) out += (out.empty() ? "" : "|") + std::to_string(n);
  return out;
}

}  // namespace

Failures check_hires(const CollectedRun& run) {
  Failures out;
  Report report(out);
  const engine::EngineConfig& cfg = run.inputs.config.engine;
  const auto& levels = run.inputs.seeds.levels;
  const auto reference = reference_salaries(run);
  const std::vector<Int128> weights = level_weights(run, reference);

  // E8 from the baseline: every member's first-year row starts at s0 and
  // the derived level.
  std::map<std::string, const SnapshotRow*> baseline;
  for (const SnapshotRow& b : run.baseline) baseline[b.employee_id] = &b;
  for (const SnapshotRow& r : run.snapshot) {
    if (r.year != cfg.start_year || is_hire_row(r)) continue;
    const auto it = baseline.find(r.employee_id);
    if (it == baseline.end()) {
      report.fail("E8", r.year, r.employee_id + " is not in the baseline");
    } else if (r.start_salary != it->second->fye || r.start_level != it->second->level) {
      report.fail("E8", r.year,
                  r.employee_id + " starts at " + std::to_string(r.start_salary) + " level " +
                      std::to_string(r.start_level) + ", not s0 " +
                      std::to_string(it->second->fye) + " level " +
                      std::to_string(it->second->level));
    }
  }

  std::map<int, std::vector<std::int64_t>> hires_by_level;
  double drift = 1.0;  // M_Y = Π (1 + cola_y) from Y0
  for (int year = cfg.start_year; year <= cfg.end_year; ++year) {
    drift *= 1.0 + run.inputs.levers.cola(year);
    std::vector<std::int64_t>& by_level = hires_by_level[year];
    by_level.assign(levels.size(), 0);
    for (const SnapshotRow& r : run.snapshot) {
      if (r.year != year || !is_hire_row(r)) continue;
      if (r.start_level < 1 || r.start_level > static_cast<int>(levels.size())) {
        report.fail("S3", year, r.employee_id + " hired at level " + std::to_string(r.start_level));
        continue;
      }
      const auto l = static_cast<std::size_t>(r.start_level - 1);
      ++by_level[l];
      // C4: the hire's pay within its level's range, times M_Y for
      // reference pricing, times the level's hire adjustment; 1 cent slack.
      const double adj = run.inputs.levers.value(engine::LeverParam::kNewHireSalaryAdjustment, year,
                                                 r.start_level);
      const bool from_reference =
          cfg.salary_model == engine::SalaryModel::kRecentHires &&
          static_cast<std::int64_t>(reference[l].size()) >= cfg.min_reference_hires;
      const double lo =
          from_reference ? reference[l].front() * drift * adj : levels[l].min_compensation * adj;
      const double hi =
          from_reference ? reference[l].back() * drift * adj : levels[l].max_compensation * adj;
      if (r.start_salary < lo - 0.01 || r.start_salary > hi + 0.01) {
        report.fail("C4", year,
                    r.employee_id + " hired at " + std::to_string(r.start_salary) + " outside [" +
                        std::to_string(lo) + ", " + std::to_string(hi) + "] of level " +
                        std::to_string(r.start_level));
      }
    }
  }
  // H2: the per-level split is the largest-remainder split of the year's hires.
  for (const auto& [year, by_level] : hires_by_level) {
    std::int64_t hires = 0;
    for (std::int64_t n : by_level) hires += n;
    const std::vector<std::int64_t> expected = largest_remainder(hires, weights);
    if (by_level != expected) {
      report.fail("H2", year,
                  "hires by level " + counts_text(by_level) + ", largest remainder gives " +
                      counts_text(expected));
    }
    for (const engine::YearSummary& s : run.result.years) {
      if (s.year == year && s.hires_by_level != expected) {
        report.fail("H2", year,
                    "year_summary hires_by_level " + counts_text(s.hires_by_level) +
                        ", largest remainder gives " + counts_text(expected));
      }
    }
  }
  return out;
}

namespace {

// Active year-end rows of one group, summed in row order.
struct Group {
  std::int64_t count = 0;
  std::int64_t continuous = 0;
  double fye = 0.0;
  double prorated = 0.0;
  void add(const SnapshotRow& r, bool is_continuous) {
    ++count;
    continuous += is_continuous ? 1 : 0;
    fye += r.fye;
    prorated += r.prorated;
  }
};

struct Groups {
  Group continuous_active;
  Group new_hire_active;
  std::vector<Group> level;
  std::int64_t active = 0;
};

// The baseline acts as the snapshot of Y0 − 1 (§4.9): all active,
// new_hire_active when hired in Y0 − 1.
Groups baseline_groups(const CollectedRun& run) {
  Groups g;
  g.level.resize(run.inputs.seeds.levels.size());
  const int prior_year = run.inputs.config.engine.start_year - 1;
  for (const SnapshotRow& b : run.baseline) {
    const bool continuous = year_of(b.hire_date) != prior_year;
    (continuous ? g.continuous_active : g.new_hire_active).add(b, continuous);
    if (b.level >= 1 && b.level <= static_cast<int>(g.level.size()))
      g.level[static_cast<std::size_t>(b.level - 1)].add(b, continuous);
    ++g.active;
  }
  return g;
}

Groups year_groups(const CollectedRun& run, int year) {
  Groups g;
  g.level.resize(run.inputs.seeds.levels.size());
  for (const SnapshotRow& r : run.snapshot) {
    if (r.year != year || r.employment_status != "active") continue;
    const bool continuous = r.status_code == "continuous_active";
    (continuous ? g.continuous_active : g.new_hire_active).add(r, continuous);
    if (r.level >= 1 && r.level <= static_cast<int>(g.level.size()))
      g.level[static_cast<std::size_t>(r.level - 1)].add(r, continuous);
    ++g.active;
  }
  return g;
}

std::string text(std::optional<double> v) {
  return v ? std::to_string(*v) : std::string("null");
}

// One breakdown row against its group now and a year before.
void check_group_row(Report& report, int year, const engine::GrowthRow& row, const Group& now,
                     const Group& prior, double new_hire_ratio) {
  const std::string what = row.row_key + " row: ";
  auto money = [](double sum, std::int64_t n) -> std::optional<double> {
    if (n == 0) return std::nullopt;
    return round2(sum / static_cast<double>(n));
  };
  auto close = [](double a, double b) {
    return std::fabs(a - b) <= 1e-12 * std::max(1.0, std::fabs(b));
  };
  if (row.measure != "fye") report.fail("C5", year, what + "measure " + row.measure);
  if (row.population_count != now.count || row.continuous_count != now.continuous ||
      row.new_hire_count != now.count - now.continuous) {
    report.fail("C5", year,
                what + "counts " + std::to_string(row.population_count) + "/" +
                    std::to_string(row.continuous_count) + "/" +
                    std::to_string(row.new_hire_count) + ", rows give " +
                    std::to_string(now.count) + "/" + std::to_string(now.continuous) + "/" +
                    std::to_string(now.count - now.continuous));
  }
  const std::optional<double> avg = money(now.fye, now.count);
  const std::optional<double> prior_avg = money(prior.fye, prior.count);
  const std::optional<double> avg_prorated = money(now.prorated, now.count);
  if (row.avg_compensation != avg)
    report.fail("C5", year, what + "avg " + text(row.avg_compensation) + " rows give " + text(avg));
  if (row.prior_avg_compensation != prior_avg) {
    report.fail(
        "C5", year,
        what + "prior avg " + text(row.prior_avg_compensation) + " rows give " + text(prior_avg));
  }
  if (row.avg_prorated_compensation != avg_prorated) {
    report.fail("C5", year,
                what + "avg prorated " + text(row.avg_prorated_compensation) + " rows give " +
                    text(avg_prorated));
  }
  std::optional<double> growth;
  if (now.count > 0 && prior.count > 0 && prior.fye != 0.0) {
    growth = (now.fye / static_cast<double>(now.count)) /
                 (prior.fye / static_cast<double>(prior.count)) -
             1.0;
  }
  if (growth.has_value() != row.growth.has_value() || (growth && !close(*row.growth, *growth))) {
    report.fail("C5", year, what + "growth " + text(row.growth) + " rows give " + text(growth));
  }
  if (!close(row.new_hire_ratio, new_hire_ratio) || row.is_headline || row.is_tuning_target ||
      row.target_growth || row.target_status || row.composition_effect) {
    report.fail("C5", year, what + "ratio or methodology-only columns");
  }
}

}  // namespace

Failures check_growth_rows(const CollectedRun& run) {
  Failures out;
  Report report(out);
  const engine::EngineConfig& cfg = run.inputs.config.engine;
  const std::size_t levels = run.inputs.seeds.levels.size();
  Groups prior = baseline_groups(run);
  for (int year = cfg.start_year; year <= cfg.end_year; ++year) {
    const Groups now = year_groups(run, year);
    const double ratio = now.active == 0 ? 0.0
                                         : static_cast<double>(now.new_hire_active.count) /
                                               static_cast<double>(now.active);
    std::vector<const engine::GrowthRow*> status, level;
    for (const engine::GrowthRow& row : run.result.growth) {
      if (row.year != year) continue;
      if (row.kind == engine::GrowthRowKind::kStatus) status.push_back(&row);
      if (row.kind == engine::GrowthRowKind::kLevel) level.push_back(&row);
    }
    if (status.size() != 2 || status[0]->row_key != "continuous_active" ||
        status[1]->row_key != "new_hire_active") {
      report.fail("C5", year, std::to_string(status.size()) + " status rows, not the two of §5.3");
    } else {
      check_group_row(report, year, *status[0], now.continuous_active, prior.continuous_active,
                      ratio);
      check_group_row(report, year, *status[1], now.new_hire_active, prior.new_hire_active, ratio);
    }
    if (level.size() != levels) {
      report.fail(
          "C5", year,
          std::to_string(level.size()) + " level rows for " + std::to_string(levels) + " levels");
    } else {
      for (std::size_t l = 0; l < levels; ++l) {
        if (level[l]->row_key != std::to_string(l + 1)) {
          report.fail("C5", year, "level row " + level[l]->row_key + " out of order");
          continue;
        }
        check_group_row(report, year, *level[l], now.level[l], prior.level[l], ratio);
      }
    }
    prior = now;
  }
  return out;
}

}  // namespace planwise::test
