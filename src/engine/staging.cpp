// Spec §1.2–§1.4 and §1.3: census staging. Deduplicates on employee_id,
// applies the compensation basis, derives baseline levels from salary and
// collects the reference hires that price new hires (§4.6).
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>

#include "common/number_text.hpp"
#include "common/rounding.hpp"
#include "common/year_of_day.hpp"
#include "engine/census.hpp"
#include "engine/draws.hpp"

namespace planwise::engine {

namespace {

// ^NH_[0-9]{4}_[0-9]{6,}$ is reserved for hires (§1.2).
// PREFIX YYYY SEP NNNNNN...: the shape format_hire_id and format_hire_ssn
// give a simulated hire (spec §7).
bool has_hire_shape(std::string_view text, std::string_view prefix, char separator) {
  const std::size_t year_at = prefix.size(), seq_at = prefix.size() + 5;
  if (text.size() < seq_at + 6 || text.substr(0, prefix.size()) != prefix ||
      text[year_at + 4] != separator)
    return false;
  auto all_digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return all_digits(text.substr(year_at, 4)) && all_digits(text.substr(seq_at));
}
bool is_reserved_hire_id(std::string_view id) {
  return has_hire_shape(id, "NH_", '_');
}
// Issue 15 item 6: a census SSN of a hire's shape could equal a simulated
// hire's SSN in the outputs, so it is refused like a reserved id.
bool is_reserved_hire_ssn(std::string_view ssn) {
  return has_hire_shape(ssn, "SSN-NH-", '-');
}

DuplicateAuditRow audit_row(const CensusRows& rows, std::size_t i) {
  DuplicateAuditRow a;
  a.source_row = rows.source_row[i];
  a.employee_id = std::string(rows.employee_id[i]);
  a.employee_ssn = std::string(rows.employee_ssn[i]);
  a.birth_date = rows.birth_date[i];
  a.hire_date = rows.hire_date[i];
  a.termination_date = rows.termination_date[i];
  a.gross_compensation = rows.gross_compensation[i];
  a.active = rows.active[i];
  return a;
}

// Rows ordered by id, and within an id by the §1.3 keep preference: latest
// hire date, then highest gross compensation, then earliest file position.
// Extracts usually come sorted by id already: that order needs no sort and
// no index, and has no duplicate ids to look for.
class DedupOrder {
 public:
  explicit DedupOrder(const CensusRows& rows) : size_(rows.size()) {
    bool strictly_increasing = true;
    for (std::size_t i = 1; i < rows.size() && strictly_increasing; ++i) {
      strictly_increasing = rows.employee_id[i - 1] < rows.employee_id[i];
    }
    if (strictly_increasing) return;
    sorted_ = std::vector<std::uint32_t>(rows.size());
    std::iota(sorted_.begin(), sorted_.end(), 0u);
    std::sort(sorted_.begin(), sorted_.end(), [&rows](std::uint32_t a, std::uint32_t b) {
      const int c = rows.employee_id[a].compare(rows.employee_id[b]);
      if (c != 0) return c < 0;
      if (rows.hire_date[a] != rows.hire_date[b]) return rows.hire_date[a] > rows.hire_date[b];
      if (rows.gross_compensation[a] != rows.gross_compensation[b]) {
        return rows.gross_compensation[a] > rows.gross_compensation[b];
      }
      return a < b;
    });
  }
  std::size_t size() const { return size_; }
  std::uint32_t operator[](std::size_t k) const {
    return sorted_.empty() ? static_cast<std::uint32_t>(k) : sorted_[k];
  }
  bool ids_unique() const { return sorted_.empty(); }

 private:
  std::size_t size_;
  std::vector<std::uint32_t> sorted_;  // empty: file order
};

struct StagingCounts {
  std::size_t duplicate_ids = 0;
  std::size_t terminated_after_reference = 0;
  std::size_t active_flag_disagrees = 0;
  std::size_t hired_before_16 = 0;
  std::size_t age_out_of_range = 0;
  std::size_t below_first_band = 0;
  std::size_t duplicate_ssns = 0;
  std::size_t hired_after_leaving = 0;
  std::int64_t first_hired_after_leaving = 0;  // its source row
};

// id_key of every string, four at a time: FNV-1a is a chain of dependent
// multiplies per string, so four chains in flight run about as fast as one.
// The steps are id_key's (engine/draws.hpp), byte for byte.
std::vector<std::uint64_t> id_keys(const StringColumn& strings) {
  std::vector<std::uint64_t> keys(strings.size());
  std::size_t i = 0;
  for (; i + 4 <= strings.size(); i += 4) {
    const std::string_view s[4] = {strings[i], strings[i + 1], strings[i + 2], strings[i + 3]};
    std::uint64_t h[4] = {kFnvBasis, kFnvBasis, kFnvBasis, kFnvBasis};
    const std::size_t longest = std::max({s[0].size(), s[1].size(), s[2].size(), s[3].size()});
    for (std::size_t b = 0; b < longest; ++b) {
      for (int lane = 0; lane < 4; ++lane) {
        if (b < s[lane].size()) h[lane] = fnv1a_step(h[lane], s[lane][b]);
      }
    }
    for (int lane = 0; lane < 4; ++lane) keys[i + static_cast<std::size_t>(lane)] = mix64(h[lane]);
  }
  for (; i < strings.size(); ++i) keys[i] = id_key(strings[i]);
  return keys;
}

// Rows whose SSN another row also has. The rule: (64-bit hash (the draws'
// id_key), row) pairs in ascending order, a byte comparison of neighbours
// with equal hashes. Only rows whose hash another row may share can be such
// neighbours, so a bitmap of hash prefixes picks them out first and only
// those few are sorted: a million rows then cost a few ms instead of a sort
// of a million pairs (issue 13 item 5).
std::size_t count_shared_ssns(const StringColumn& ssns) {
  // About 16 prefixes a row (~3% of the rows collide), up to 2 MB per
  // bitmap at a million rows: a fixed 2 MB cost the bundled census 4 MB of
  // zeroed pages (about a thousand page faults) for 4,378 rows. The count
  // does not depend on the width: rows with equal hashes share any prefix.
  const int prefix_bits = std::clamp(static_cast<int>(std::bit_width(ssns.size())) + 4, 12, 24);
  auto prefix = [prefix_bits](std::uint64_t hash) { return hash >> (64 - prefix_bits); };
  std::vector<std::uint64_t> seen(std::size_t{1} << (prefix_bits - 6), 0);
  std::vector<std::uint64_t> shared_prefix(seen.size(), 0);
  auto test_and_set = [](std::vector<std::uint64_t>& bits, std::uint64_t at) {
    const std::uint64_t bit = std::uint64_t{1} << (at & 63);
    const bool was = (bits[at >> 6] & bit) != 0;
    bits[at >> 6] |= bit;
    return was;
  };
  const std::vector<std::uint64_t> hashes = id_keys(ssns);
  // The bitmap is larger than the cache: asking for a word a few rows ahead
  // lets the misses overlap.
  constexpr std::size_t kAhead = 16;
  bool any_shared = false;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    if (i + kAhead < hashes.size()) __builtin_prefetch(&seen[prefix(hashes[i + kAhead]) >> 6], 1);
    if (test_and_set(seen, prefix(hashes[i]))) {
      test_and_set(shared_prefix, prefix(hashes[i]));
      any_shared = true;
    }
  }
  if (!any_shared) return 0;
  std::vector<std::uint32_t> candidate_rows;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    if (i + kAhead < hashes.size())
      __builtin_prefetch(&shared_prefix[prefix(hashes[i + kAhead]) >> 6], 0);
    const std::uint64_t p = prefix(hashes[i]);
    if ((shared_prefix[p >> 6] >> (p & 63)) & 1)
      candidate_rows.push_back(static_cast<std::uint32_t>(i));
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> candidates(candidate_rows.size());
  for (std::size_t k = 0; k < candidate_rows.size(); ++k)
    candidates[k] = {hashes[candidate_rows[k]], candidate_rows[k]};
  std::sort(candidates.begin(), candidates.end());
  std::size_t shared = 0;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    if (candidates[i].first == candidates[i - 1].first &&
        ssns[candidates[i].second] == ssns[candidates[i - 1].second])
      ++shared;
  }
  return shared;
}

// Ascending salaries, as std::sort gives them. Finite salaries of +0 or more
// (every baseline salary) order as their IEEE bit patterns do, and equal
// ones have equal bits, so a radix sort of the bits gives the same sequence
// at a fraction of the cost for the large levels of a big census (issue 13
// item 5). Anything else takes std::sort.
void sort_salaries(std::vector<double>& salaries) {
  const bool plain = std::all_of(salaries.begin(), salaries.end(),
                                 [](double s) { return std::isfinite(s) && !std::signbit(s); });
  if (!plain || salaries.size() < 4096) {
    std::sort(salaries.begin(), salaries.end());
    return;
  }
  constexpr int kDigitBits = 11;
  constexpr std::uint64_t kDigitMask = (std::uint64_t{1} << kDigitBits) - 1;
  std::vector<std::uint64_t> keys(salaries.size());
  std::vector<std::uint64_t> spare(salaries.size());
  for (std::size_t i = 0; i < salaries.size(); ++i)
    keys[i] = std::bit_cast<std::uint64_t>(salaries[i]);
  for (int shift = 0; shift < 64; shift += kDigitBits) {
    std::array<std::size_t, kDigitMask + 1> start{};
    for (std::uint64_t k : keys) ++start[(k >> shift) & kDigitMask];
    if (start[(keys[0] >> shift) & kDigitMask] == keys.size()) continue;  // one digit: no move
    std::exclusive_scan(start.begin(), start.end(), start.begin(), std::size_t{0});
    for (std::uint64_t k : keys) spare[start[(k >> shift) & kDigitMask]++] = k;
    keys.swap(spare);
  }
  for (std::size_t i = 0; i < salaries.size(); ++i) salaries[i] = std::bit_cast<double>(keys[i]);
}

void add_count_warnings(const StagingCounts& n, const StagedCensus& out, const EngineConfig& cfg,
                        ValidationItems& w) {
  auto count_warning = [&w](std::size_t count, const char* id, const std::string& text) {
    if (count > 0) w.push_back(warning(0, id, text, static_cast<double>(count)));
  };
  count_warning(n.duplicate_ids, "census_duplicate_ids",
                std::to_string(n.duplicate_ids) +
                    " employee ids occur more than once; kept the latest hire date, then the "
                    "highest compensation, then the first row (see census_duplicates_audit)");
  count_warning(n.terminated_after_reference, "census_termination_after_reference",
                std::to_string(n.terminated_after_reference) +
                    " rows have a termination date after the census date; they are excluded");
  count_warning(n.hired_after_leaving, "census_hire_after_termination",
                std::to_string(n.hired_after_leaving) +
                    " terminated rows have a hire date after their termination date (the first "
                    "at row " +
                    std::to_string(n.first_hired_after_leaving) + "); they are excluded");
  count_warning(n.active_flag_disagrees, "census_active_flag",
                std::to_string(n.active_flag_disagrees) +
                    " rows have an 'active' flag that disagrees with the termination date "
                    "(the flag is not used)");
  count_warning(n.hired_before_16, "census_hired_before_16",
                std::to_string(n.hired_before_16) +
                    " baseline rows have a hire year earlier than birth year + 16");
  count_warning(n.age_out_of_range, "census_age_range",
                std::to_string(n.age_out_of_range) +
                    " baseline employees are aged outside 18-80 in " +
                    std::to_string(cfg.start_year));
  count_warning(n.duplicate_ssns, "census_duplicate_ssn",
                std::to_string(n.duplicate_ssns) + " baseline rows share an SSN with another row");
  count_warning(n.below_first_band, "census_below_first_band",
                std::to_string(n.below_first_band) +
                    " baseline employees earn below level 1's minimum; they are level 1");
  const std::size_t size = out.baseline_size();
  if (size > 0 && size < 1000) {
    w.push_back(warning(0, "census_small_baseline",
                        "baseline has only " + std::to_string(size) + " employees", double(size),
                        1000.0));
  }
  if (size > 0) {
    double sum = 0.0;
    for (double s : out.salary) sum += s;
    const double mean = sum / static_cast<double>(size);
    if (mean < 50000.0 || mean > 200000.0) {
      w.push_back(warning(0, "census_mean_salary",
                          "baseline mean salary " + money_text(mean) + " is outside 50,000-200,000",
                          mean));
    }
  }
}

}  // namespace

int level_from_salary(double salary, const SeedTables& seeds) {
  int level = 1;
  for (const JobLevel& l : seeds.levels) {
    if (l.min_compensation <= salary) level = l.level_id;
  }
  return level;
}

Result<StagedCensus> stage_census(const CensusRows& rows, const EngineConfig& cfg,
                                  const SeedTables& seeds) {
  StagedCensus out;
  out.file = rows.file;
  out.census_rows = rows.size();
  const DayNumber reference_date = dec31(cfg.start_year - 1);  // R (§0.1)
  const bool plan_year = cfg.compensation_basis == CompensationBasis::kPlanYearEarnings;
  const DayNumber pys = cfg.effective_plan_year_start();
  const DayNumber pye = cfg.effective_plan_year_end();
  ErrorCollector errors;
  StagingCounts counts;
  auto fail = [&](std::size_t i, const char* column, const char* rule, std::string value,
                  std::string message) {
    errors.add(Error::invalid_input(rows.file, rows.source_row[i], column, rule, std::move(value),
                                    std::move(message)));
  };

  const DedupOrder order(rows);
  out.employee_id.reserve(rows.size(), rows.size() * 12);
  out.employee_ssn.reserve(rows.size(), rows.size() * 14);
  out.birth_date.reserve(rows.size());
  out.hire_date.reserve(rows.size());
  out.census_compensation.reserve(rows.size());
  out.salary.reserve(rows.size());
  out.level.reserve(rows.size());
  const YearOfDay year_of_day;
  for (std::size_t g = 0; g < order.size();) {
    std::size_t end = g + 1;
    while (!order.ids_unique() && end < order.size() &&
           rows.employee_id[order[end]] == rows.employee_id[order[g]])
      ++end;
    const std::uint32_t i = order[g];  // the kept row of this id
    if (end - g > 1) {
      ++counts.duplicate_ids;
      for (std::size_t k = g; k < end; ++k) {
        DuplicateAuditRow a = audit_row(rows, order[k]);
        a.duplicate_count = static_cast<int>(end - g);
        a.occurrence_rank = static_cast<int>(k - g + 1);
        a.kept = k == g;
        out.duplicates.push_back(std::move(a));
      }
    }
    g = end;

    const std::string_view id = rows.employee_id[i];
    if (id.empty()) {
      fail(i, "employee_id", "id_non_empty", "", "employee_id must not be empty");
      continue;
    }
    if (is_reserved_hire_id(id)) {
      fail(i, "employee_id", "id_not_reserved", std::string(id),
           "ids of the form NH_YYYY_NNNNNN are reserved for simulated hires");
      continue;
    }
    if (is_reserved_hire_ssn(rows.employee_ssn[i])) {
      // The value stays out of the error: errors reach roles that may not
      // see SSNs (docs/security.md).
      fail(i, "employee_ssn", "ssn_not_reserved", "",
           "SSNs of the form SSN-NH-YYYY-NNNNNN are reserved for simulated hires");
      continue;
    }
    const DayNumber term = rows.termination_date[i];
    const DayNumber hire = rows.hire_date[i];
    if (term != kNoDate && hire > term) {
      // Issue 15 item 6: a leaver is excluded from the baseline whatever
      // its dates (§1.2), so inconsistent dates are a warning, not fatal.
      if (counts.hired_after_leaving++ == 0) counts.first_hired_after_leaving = rows.source_row[i];
      continue;
    }
    if (rows.active[i] >= 0 && (rows.active[i] == 1) != (term == kNoDate)) {
      ++counts.active_flag_disagrees;
    }
    if (term != kNoDate) {  // left before the simulation: not in the baseline
      if (term > reference_date) ++counts.terminated_after_reference;
      continue;
    }
    if (hire > reference_date) {
      fail(i, "employee_hire_date", "hire_on_or_before_census_date", format_date(hire),
           "a baseline employee must be hired on or before " + format_date(reference_date));
      continue;
    }
    const double gross = rows.gross_compensation[i];
    if (!std::isfinite(gross) || gross <= 0.0) {
      fail(i, "employee_gross_compensation", "salary_positive", shortest_text(gross),
           "compensation of a baseline employee must be a finite number greater than 0");
      continue;
    }
    double s0 = round2(gross);
    if (s0 <= 0.0) {
      // Issue 15 item 6: 0 < gross < 0.005 would stage a salary of 0.00.
      fail(i, "employee_gross_compensation", "salary_positive", shortest_text(gross),
           "compensation of a baseline employee must be at least 0.01 after rounding to cents");
      continue;
    }
    if (plan_year) {
      if (hire > pye) {
        fail(i, "employee_hire_date", "hire_within_plan_year", format_date(hire),
             "with plan_year_earnings a baseline hire date must not be after the plan year end " +
                 format_date(pye));
        continue;
      }
      // P / E scales a partial plan year up to a full one; with E = P the
      // salary is round2(gross) itself (§1.3), not gross × P / P, which can
      // differ by a cent in binary64.
      const DayNumber p_days = pye - pys + 1;
      const DayNumber e_days = pye - std::max(hire, pys) + 1;
      if (e_days != p_days)
        s0 = round2(gross * static_cast<double>(p_days) / static_cast<double>(e_days));
    }
    const int birth_year = year_of_day(rows.birth_date[i]);
    if (year_of_day(hire) < birth_year + 16) ++counts.hired_before_16;
    const int age = cfg.start_year - birth_year;
    if (age < 18 || age > 80) ++counts.age_out_of_range;
    if (s0 < seeds.levels.front().min_compensation) ++counts.below_first_band;

    out.employee_id.push_back(id);
    out.employee_ssn.push_back(rows.employee_ssn[i]);
    out.birth_date.push_back(rows.birth_date[i]);
    out.hire_date.push_back(hire);
    out.census_compensation.push_back(gross);
    out.salary.push_back(s0);
    out.level.push_back(static_cast<std::uint8_t>(level_from_salary(s0, seeds)));
  }
  if (!errors.empty()) return errors.take();
  counts.duplicate_ssns = count_shared_ssns(out.employee_ssn);
  out.id_key = id_keys(out.employee_id);
  if (out.baseline_size() == 0) {
    return Error::invalid_input(rows.file, 0, "employee_termination_date", "baseline_non_empty", "",
                                "the census has no active employee (every row has a termination "
                                "date), so there is nothing to simulate");
  }

  // Reference hires: baseline members hired in the last reference_years
  // calendar years before Y0 (§1.6).
  out.reference_salaries.assign(static_cast<std::size_t>(seeds.level_count()), {});
  const int first_reference_year = cfg.start_year - cfg.reference_years;
  for (std::size_t i = 0; i < out.baseline_size(); ++i) {
    const int hire_year = year_of_day(out.hire_date[i]);
    if (hire_year >= first_reference_year && hire_year <= cfg.start_year - 1) {
      out.reference_salaries[out.level[i] - 1u].push_back(out.salary[i]);
    }
  }
  for (auto& salaries : out.reference_salaries) sort_salaries(salaries);
  add_count_warnings(counts, out, cfg, out.warnings);
  return out;
}

}  // namespace planwise::engine
