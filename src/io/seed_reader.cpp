// Spec §1.7: reads and validates every seed table the engine uses. Errors
// name file, line and column; all errors of a file are reported together.
#include "io/seed_reader.hpp"

#include <map>
#include <set>

#include "common/number_text.hpp"
#include "io/csv_reader.hpp"

namespace planwise::io {

namespace {

// A CSV file being read, with helpers that record typed parse errors.
class SeedFile {
 public:
  SeedFile(const std::filesystem::path& dir, const char* name) : path_(dir / name) {}

  bool open() {
    auto t = read_csv_file(path_);
    if (!t) {
      errors_.add(std::move(t).error());
      return false;
    }
    table_ = std::move(t).value();
    return true;
  }
  std::optional<std::size_t> column(const char* name) {
    auto c = require_column(table_, name);
    if (!c) {
      errors_.add(std::move(c).error());
      return std::nullopt;
    }
    return *c;
  }
  std::optional<double> number(std::size_t row, std::size_t col, double lo, double hi,
                               const char* rule) {
    const std::string_view text = table_.cell(row, col);
    const auto v = parse_double(text);
    if (!v || *v < lo || *v > hi) {
      fail(row, col, rule,
           "expected a number from " + shortest_text(lo) + " to " + shortest_text(hi));
      return std::nullopt;
    }
    return v;
  }
  std::optional<std::int64_t> integer(std::size_t row, std::size_t col) {
    const auto v = parse_int(table_.cell(row, col));
    if (!v) fail(row, col, "integer", "expected a whole number");
    return v;
  }
  void fail(std::size_t row, std::size_t col, const char* rule, std::string message) {
    errors_.add(Error::invalid_input(table_.file, table_.source_row(row), table_.header[col], rule,
                                     std::string(table_.cell(row, col)), std::move(message)));
  }
  void fail_file(const char* column, const char* rule, std::string message) {
    errors_.add(Error::invalid_input(table_.file, 0, column, rule, "", std::move(message)));
  }
  const TextTable& table() const { return table_; }
  ErrorCollector& errors() { return errors_; }

 private:
  std::filesystem::path path_;
  TextTable table_;
  ErrorCollector errors_;
};

constexpr double kHuge = 1e300;

template <std::size_t N>
void read_band_multipliers(SeedFile& f, const char* band_column,
                           const std::array<std::string_view, N>& labels,
                           std::array<double, N>& out) {
  if (!f.open()) return;
  const auto band = f.column(band_column);
  const auto mult = f.column("multiplier");
  if (!band || !mult) return;
  std::array<bool, N> seen{};
  for (std::size_t r = 0; r < f.table().rows(); ++r) {
    const std::string_view label = f.table().cell(r, *band);
    std::size_t k = 0;
    while (k < N && labels[k] != label) ++k;
    if (k == N) {
      f.fail(r, *band, "band_label", "unknown band label");
      continue;
    }
    if (seen[k]) {
      f.fail(r, *band, "band_unique", "the band appears twice");
      continue;
    }
    seen[k] = true;
    if (auto v = f.number(r, *mult, 0.0, kHuge, "multiplier_non_negative")) out[k] = *v;
  }
  for (std::size_t k = 0; k < N; ++k) {
    if (!seen[k])
      f.fail_file(band_column, "band_complete", "band '" + std::string(labels[k]) + "' is missing");
  }
}

void read_levels(SeedFile& f, engine::SeedTables& s) {
  if (!f.open()) return;
  const auto id = f.column("level_id");
  const auto name = f.column("name");
  const auto lo = f.column("min_compensation");
  const auto hi = f.column("max_compensation");
  const auto merit = f.column("avg_annual_merit_increase");
  const auto promo = f.column("promotion_probability");
  if (!id || !name || !lo || !hi || !merit || !promo) return;
  std::map<std::int64_t, std::size_t> by_id;
  for (std::size_t r = 0; r < f.table().rows(); ++r) {
    const auto level = f.integer(r, *id);
    if (!level) continue;
    if (*level < 1 || *level > 250 || by_id.count(*level)) {
      f.fail(r, *id, "level_id_unique", "level ids must be distinct numbers from 1");
      continue;
    }
    by_id[*level] = r;
  }
  std::int64_t expect = 1;
  for (const auto& [level, r] : by_id) {
    if (level != expect++) {
      f.fail(r, *id, "level_id_contiguous", "level ids must run 1..L without gaps");
      return;
    }
    engine::JobLevel l;
    l.level_id = static_cast<int>(level);
    l.name = std::string(f.table().cell(r, *name));
    const auto min_c = f.number(r, *lo, 0.0, kHuge, "compensation_non_negative");
    const auto max_c = f.number(r, *hi, 0.0, kHuge, "compensation_non_negative");
    const auto m = f.number(r, *merit, 0.0, 1.0, "rate_range");
    const auto p = f.number(r, *promo, 0.0, 1.0, "rate_range");
    if (!min_c || !max_c || !m || !p) continue;
    l.min_compensation = *min_c;
    l.max_compensation = *max_c;
    l.avg_annual_merit_increase = *m;
    l.promotion_probability = *p;
    if (l.max_compensation <= l.min_compensation) {
      f.fail(r, *hi, "band_max_above_min",
             "max_compensation must be greater than min_compensation");
    }
    if (!s.levels.empty() && l.min_compensation <= s.levels.back().min_compensation) {
      f.fail(
          r, *lo, "band_min_increasing",
          "min_compensation must increase with the level so that the bands cover the salary range "
          "without overlap");
    }
    s.levels.push_back(l);
  }
  if (by_id.empty())
    f.fail_file("level_id", "levels_present", "at least one job level is required");
}

void read_single_value(SeedFile& f, const char* column, double lo, double hi, bool exclusive_lo,
                       double& out) {
  if (!f.open()) return;
  const auto c = f.column(column);
  if (!c) return;
  if (f.table().rows() != 1) {
    f.fail_file(column, "single_row",
                "exactly one data row is required, found " + std::to_string(f.table().rows()));
    return;
  }
  if (auto v = f.number(0, *c, lo, hi, "value_range")) {
    if (exclusive_lo && *v <= lo) {
      f.fail(0, *c, "value_positive", "the value must be greater than " + shortest_text(lo));
      return;
    }
    out = *v;
  }
}

void read_timing(SeedFile& f, const std::string& profile, engine::SeedTables& s) {
  if (!f.open()) return;
  const auto month = f.column("month");
  const auto pct = f.column("percentage");
  const auto prof = f.column("industry_profile");
  if (!month || !pct || !prof) return;
  s.timing_profile = profile;
  std::array<bool, 12> seen{};
  double sum = 0.0;
  bool any = false;
  for (std::size_t r = 0; r < f.table().rows(); ++r) {
    if (f.table().cell(r, *prof) != profile) continue;
    any = true;
    const auto m = f.integer(r, *month);
    if (!m) continue;
    if (*m < 1 || *m > 12 || seen[static_cast<std::size_t>(*m - 1)]) {
      f.fail(r, *month, "month_once", "months 1-12 must each appear exactly once for the profile");
      continue;
    }
    seen[static_cast<std::size_t>(*m - 1)] = true;
    if (auto w = f.number(r, *pct, 0.0, kHuge, "weight_non_negative")) {
      s.raise_month_weights[static_cast<std::size_t>(*m - 1)] = *w;
      sum += *w;
    }
  }
  if (!any) {
    f.fail_file("industry_profile", "profile_present",
                "raise_timing.distribution_profile '" + profile + "' has no rows in this file");
    return;
  }
  for (int m = 0; m < 12; ++m) {
    if (!seen[static_cast<std::size_t>(m)]) {
      f.fail_file("month", "month_once",
                  "month " + std::to_string(m + 1) + " is missing for profile " + profile);
    }
  }
  if (sum <= 0.0)
    f.fail_file("percentage", "weight_sum", "the profile's weights must sum to more than 0");
}

void read_timing_rules(SeedFile& f, engine::TimingRules& rules) {
  if (!f.open()) return;
  const auto name = f.column("rule_name");
  const auto target = f.column("target_value");
  const auto tol = f.column("tolerance");
  if (!name || !target || !tol) return;
  for (std::size_t r = 0; r < f.table().rows(); ++r) {
    const std::string_view rule = f.table().cell(r, *name);
    const auto t = f.number(r, *target, -kHuge, kHuge, "number");
    const auto d = f.number(r, *tol, 0.0, kHuge, "tolerance_non_negative");
    if (!t || !d) continue;
    if (rule == "monthly_distribution_sum") {
      rules.sum_target = *t;
      rules.sum_tolerance = *d;
    } else if (rule == "minimum_month_percentage") {
      rules.min_month_target = *t;
      rules.min_month_tolerance = *d;
    } else if (rule == "maximum_month_percentage") {
      rules.max_month_target = *t;
      rules.max_month_tolerance = *d;
    } else if (rule != "monthly_variance_tolerance") {  // known but not evaluated (§1.7)
      f.fail(r, *name, "rule_name", "unknown timing validation rule");
    }
  }
}

void read_cola(SeedFile& f, engine::SeedTables& s) {
  if (!f.open()) return;
  const auto year = f.column("year");
  const auto rate = f.column("cola_rate");
  if (!year || !rate) return;
  for (std::size_t r = 0; r < f.table().rows(); ++r) {
    const auto y = f.integer(r, *year);
    const auto v = f.number(r, *rate, 0.0, 0.1, "cola_range");
    if (!y || !v) continue;
    if (!s.cola_by_year.emplace(static_cast<int>(*y), *v).second) {
      f.fail(r, *year, "year_unique", "the year appears twice");
    }
  }
}

}  // namespace

Result<engine::SeedTables> read_seed_tables(const std::filesystem::path& dir,
                                            const std::string& profile) {
  engine::SeedTables s;
  ErrorCollector all;
  auto run = [&all](SeedFile& f) {
    if (!f.errors().empty()) {
      Error e = f.errors().take();
      std::vector<Error> rest = std::move(e.more);
      e.more.clear();
      all.add(std::move(e));
      for (Error& r : rest) all.add(std::move(r));
    }
  };
  SeedFile levels(dir, "config_job_levels.csv");
  read_levels(levels, s);
  run(levels);
  SeedFile base(dir, "config_termination_hazard_base.csv");
  read_single_value(base, "base_rate_for_new_hire", 0.0, kHuge, true, s.termination_base);
  run(base);
  SeedFile t_age(dir, "config_termination_hazard_age_multipliers.csv");
  read_band_multipliers(t_age, "age_band", engine::kAgeBandLabels, s.termination_age);
  run(t_age);
  SeedFile t_ten(dir, "config_termination_hazard_tenure_multipliers.csv");
  read_band_multipliers(t_ten, "tenure_band", engine::kTenureBandLabels, s.termination_tenure);
  run(t_ten);
  SeedFile p_age(dir, "config_promotion_hazard_age_multipliers.csv");
  read_band_multipliers(p_age, "age_band", engine::kAgeBandLabels, s.promotion_age);
  run(p_age);
  SeedFile p_ten(dir, "config_promotion_hazard_tenure_multipliers.csv");
  read_band_multipliers(p_ten, "tenure_band", engine::kTenureBandLabels, s.promotion_tenure);
  run(p_ten);
  SeedFile timing(dir, "config_raise_timing_distribution.csv");
  read_timing(timing, profile, s);
  run(timing);
  SeedFile rules(dir, "config_timing_validation_rules.csv");
  read_timing_rules(rules, s.timing_rules);
  run(rules);
  SeedFile cola(dir, "config_cola_by_year.csv");
  read_cola(cola, s);
  run(cola);
  SeedFile raises(dir, "config_raises_hazard.csv");
  read_single_value(raises, "promotion_raise", 0.0, 1.0, false, s.promotion_raise_fallback);
  run(raises);
  if (!all.empty()) return all.take();
  return s;
}

}  // namespace planwise::io
