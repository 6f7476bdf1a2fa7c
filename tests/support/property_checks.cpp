// Independent re-derivations of the spec §6 properties from output rows.
// Nothing here calls the engine's own step or check functions.
#include "support/property_checks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/exact_decimal.hpp"
#include "common/rounding.hpp"

namespace planwise::test {

namespace {

using Report = FailureReport;

std::int64_t rha(Int128 num, Int128 den) {  // round_half_away(num / den), den > 0
  return num >= 0 ? static_cast<std::int64_t>((2 * num + den) / (2 * den))
                  : -static_cast<std::int64_t>((-2 * num + den) / (2 * den));
}

const char* age_band(int age) {
  return age < 25   ? "< 25"
         : age < 35 ? "25-34"
         : age < 45 ? "35-44"
         : age < 55 ? "45-54"
         : age < 65 ? "55-64"
                    : "65+";
}
const char* tenure_band(int t) {
  return t < 2 ? "< 2" : t < 5 ? "2-4" : t < 10 ? "5-9" : t < 20 ? "10-19" : "20+";
}

bool active_code(const std::string& c) {
  return c == "continuous_active" || c == "new_hire_active";
}

// Rows of one year, and the events of each employee-year.
struct YearView {
  std::vector<const SnapshotRow*> rows;
  std::unordered_map<std::string, std::vector<const EventRow*>> events;  // by employee_id
};

std::map<int, YearView> by_year(const CollectedRun& run) {
  std::map<int, YearView> years;
  for (const SnapshotRow& r : run.snapshot) years[r.year].rows.push_back(&r);
  for (const EventRow& e : run.events) years[e.year].events[e.employee_id].push_back(&e);
  return years;
}

bool is_hire_id(const std::string& id) {
  static const std::regex kPattern("^NH_[0-9]{4}_[0-9]{6,}$");
  return std::regex_match(id, kPattern);
}

int priority(const std::string& category) {
  if (category == "hire") return 1;
  if (category == "promotion") return 2;
  if (category == "merit_cola") return 3;
  return 4;
}

}  // namespace

Failures check_structure(const CollectedRun& run) {
  Failures out;
  Report report(out);
  const int levels = run.inputs.seeds.level_count();
  std::set<std::pair<std::string, int>> keys;
  for (const SnapshotRow& r : run.snapshot) {
    if (!keys.insert({r.employee_id, r.year}).second)
      report.fail("S1", r.year, "duplicate snapshot row " + r.employee_id);
    const bool active = r.employment_status == "active";
    if (active != active_code(r.status_code) ||
        (r.employment_status != "active" && r.employment_status != "terminated")) {
      report.fail("S2", r.year,
                  r.employee_id + " status " + r.employment_status + " code " + r.status_code);
    }
    if (active == (r.termination_date != kNoDate) || active == r.termination_reason.has_value()) {
      report.fail("S2", r.year, r.employee_id + " termination columns disagree with status");
    }
    if (r.level < 1 || r.level > levels || r.start_level < 1 || r.start_level > levels) {
      report.fail("S3", r.year, r.employee_id + " level out of range");
    }
    static const std::set<std::string> kCodes = {"continuous_active", "experienced_termination",
                                                 "new_hire_active", "new_hire_termination"};
    if (!kCodes.count(r.status_code))
      report.fail("S3", r.year, "unknown status code " + r.status_code);
    const int age = r.year - year_of(r.birth_date);
    const int tenure = r.year - year_of(r.hire_date);
    if (r.age != age || r.tenure != tenure || r.age_band != age_band(age) ||
        r.tenure_band != tenure_band(tenure)) {
      report.fail("S6", r.year, r.employee_id + " age/tenure/bands do not follow the dates");
    }
    if (r.current_compensation != r.fye)
      report.fail("S7", r.year, r.employee_id + " current != FYE");
  }
  std::set<std::tuple<std::string, int, int>> event_keys;
  static const std::set<std::pair<std::string, std::string>> kTypes = {
      {"hire", "hire"},
      {"termination", "experienced_termination"},
      {"termination", "new_hire_termination"},
      {"promotion", "promotion"},
      {"raise", "merit_cola"}};
  for (const EventRow& e : run.events) {
    if (!event_keys.insert({e.employee_id, e.year, e.sequence}).second) {
      report.fail("S1", e.year, "duplicate event key " + e.employee_id);
    }
    if (!kTypes.count({e.event_type, e.category}))
      report.fail("S3", e.year, "bad type " + e.event_type + "/" + e.category);
    if (e.level < 1 || e.level > levels || e.new_level < 1 || e.new_level > levels) {
      report.fail("S3", e.year, e.employee_id + " event level out of range");
    }
    if (e.quality_flag != "VALID")
      report.fail("S3", e.year, e.employee_id + " flag " + e.quality_flag);
    if (e.age_band != age_band(e.age) || e.tenure_band != tenure_band(e.tenure)) {
      report.fail("S3", e.year, e.employee_id + " event bands");
    }
  }
  // S4: each member of S_Y and each hire of Y exactly once.
  auto years = by_year(run);
  std::set<std::string> members;
  for (const SnapshotRow& b : run.baseline) members.insert(b.employee_id);
  std::set<std::string> census_ids = members;
  std::set<std::string> census_ssns;
  for (const SnapshotRow& b : run.baseline) census_ssns.insert(b.employee_ssn);
  std::set<std::string> hire_ids, hire_ssns;
  for (auto& [year, view] : years) {
    std::set<std::string> seen_members;
    std::set<std::string> next;
    for (const SnapshotRow* r : view.rows) {
      const bool hire =
          r->status_code == "new_hire_active" || r->status_code == "new_hire_termination";
      if (hire) {
        if (!is_hire_id(r->employee_id) || !hire_ids.insert(r->employee_id).second ||
            census_ids.count(r->employee_id)) {
          report.fail("S5", year, "bad or repeated hire id " + r->employee_id);
        }
        if (!hire_ssns.insert(r->employee_ssn).second || census_ssns.count(r->employee_ssn)) {
          report.fail("S5", year, "repeated hire SSN " + r->employee_ssn);
        }
      } else if (!members.count(r->employee_id) || !seen_members.insert(r->employee_id).second) {
        report.fail("S4", year, "member row not in S_Y or repeated: " + r->employee_id);
      }
      if (r->employment_status == "active") next.insert(r->employee_id);
    }
    if (seen_members.size() != members.size()) {
      report.fail("S4", year,
                  std::to_string(members.size() - seen_members.size()) + " members of S_Y missing");
    }
    members = std::move(next);
  }
  return out;
}

Failures check_headcounts(const CollectedRun& run) {
  Failures out;
  Report report(out);
  const engine::EngineConfig& cfg = run.inputs.config.engine;
  const Int128 scale = ExactDecimal::kScale;
  auto years = by_year(run);
  std::int64_t n = static_cast<std::int64_t>(run.baseline.size());
  std::set<std::string> terminated;
  for (auto& [year, view] : years) {
    std::int64_t members = 0, hires = 0, exp = 0, nh = 0, active = 0, exp_events = 0, nh_events = 0;
    for (const SnapshotRow* r : view.rows) {
      const bool hire = r->status_code.rfind("new_hire", 0) == 0;
      (hire ? hires : members) += 1;
      exp += r->status_code == "experienced_termination";
      nh += r->status_code == "new_hire_termination";
      active += r->employment_status == "active";
      if (terminated.count(r->employee_id))
        report.fail("H7", year, r->employee_id + " reappears after leaving");
      if (r->employment_status == "terminated") terminated.insert(r->employee_id);
    }
    for (const auto& [id, events] : view.events) {
      for (const EventRow* e : events) {
        exp_events += e->category == "experienced_termination";
        nh_events += e->category == "new_hire_termination";
      }
    }
    if (members != n)
      report.fail("H4", year,
                  "N_Y " + std::to_string(members) + " != previous end " + std::to_string(n));
    const std::int64_t t = rha(Int128(cfg.total_termination_rate.units()) * members, scale);
    if (exp != t || exp_events != t)
      report.fail("H1", year, "T " + std::to_string(exp) + " expected " + std::to_string(t));
    const std::int64_t target =
        rha(Int128(members) * (scale + cfg.target_growth_rate.units()), scale);
    const std::int64_t x = target - members + t;
    const std::int64_t h =
        x <= 0 ? 0 : rha(Int128(x) * scale, scale - cfg.new_hire_termination_rate.units());
    if (hires != h)
      report.fail("H2", year, "H " + std::to_string(hires) + " expected " + std::to_string(h));
    const std::int64_t want_nt = rha(Int128(cfg.new_hire_termination_rate.units()) * hires, scale);
    if (nh != want_nt || nh_events != want_nt)
      report.fail("H3", year, "NT " + std::to_string(nh) + " expected " + std::to_string(want_nt));
    if (active != members - exp + hires - nh)
      report.fail("H4", year, "end " + std::to_string(active));
    if (x >= 0 && active != target)
      report.fail("H5", year,
                  "end " + std::to_string(active) + " target " + std::to_string(target));
    if (x < 0 && active != members - exp) report.fail("H5", year, "end above target is not N - T");
    for (const engine::YearSummary& s : run.result.years) {
      if (s.year == year &&
          (s.end_headcount != active || s.target_end_headcount != target || s.hires != hires)) {
        report.fail("H4", year, "year_summary disagrees with the snapshot");
      }
    }
    n = active;
  }
  return out;
}

Failures check_events(const CollectedRun& run) {
  Failures out;
  Report report(out);
  const auto& levels = run.inputs.seeds.levels;
  const int top = static_cast<int>(levels.size());
  const engine::ResolvedLevers& lv = run.inputs.levers;
  auto years = by_year(run);
  std::map<std::string, const SnapshotRow*> previous_year;
  for (auto& [year, view] : years) {
    std::map<std::string, std::int64_t> code_counts, category_counts;
    std::set<double> colas;
    std::map<std::string, const SnapshotRow*> this_year;
    for (const SnapshotRow* r : view.rows) {
      ++code_counts[r->status_code];
      this_year[r->employee_id] = r;
      const bool hire = r->status_code.rfind("new_hire", 0) == 0;
      auto it = view.events.find(r->employee_id);
      const std::vector<const EventRow*> none;
      const auto& events = it == view.events.end() ? none : it->second;
      // E3
      int hires = 0, promos = 0, raises = 0, terms = 0;
      for (const EventRow* e : events) {
        hires += e->category == "hire";
        promos += e->category == "promotion";
        raises += e->category == "merit_cola";
        terms += e->event_type == "termination";
        ++category_counts[e->category];
      }
      if (promos > 1 || raises > 1 || terms > 1 || (hire && (hires != 1 || promos || raises)) ||
          (!hire && hires)) {
        report.fail("E3", year, r->employee_id + " has a wrong set of events");
      }
      // E1, E2, E6, E7 by replay; E4, E5 formulas.
      const DayNumber first = hire ? r->hire_date : jan1(year);
      const DayNumber last = r->termination_date != kNoDate ? r->termination_date : dec31(year);
      double s = r->start_salary;
      int level = r->start_level;
      DayNumber prev_date = jan1(year);
      int prev_priority = 0;
      int seq = 0;
      bool saw_termination = false;
      for (const EventRow* e : events) {
        if (e->sequence != ++seq) report.fail("E6", year, r->employee_id + " sequence gap");
        if (e->date < jan1(year) || e->date > dec31(year) || e->date < first || e->date > last) {
          report.fail("E1", year,
                      r->employee_id + " event " + e->category + " on " + format_date(e->date));
        }
        const int p = priority(e->category);
        if (e->date < prev_date || (e->date == prev_date && p < prev_priority)) {
          report.fail("E6", year, r->employee_id + " events out of order");
        }
        prev_date = e->date;
        prev_priority = p;
        if (e->category == "hire") {
          if (e->amount != s || e->level != level)
            report.fail("E7", year, r->employee_id + " hire event");
        } else if (e->category == "promotion") {
          if (!e->previous || *e->previous != s)
            report.fail("E6", year, r->employee_id + " promotion previous");
          if (e->new_level != level + 1 || e->level != level || e->new_level > top ||
              e->age >= 65 || e->tenure < 1) {
            report.fail("E4", year, r->employee_id + " promotion levels/eligibility");
          }
          const double rate = lv.value(engine::LeverParam::kPromotionRaise, year, level);
          const double raised = round2(s * (1.0 + rate));
          const double floor =
              levels[static_cast<std::size_t>(std::min(level, top - 1))].min_compensation;
          if (e->amount != std::max(raised, floor) || e->band_floor != (raised < floor) ||
              e->promotion_raise_rate != rate) {
            report.fail("E4", year, r->employee_id + " promotion amount");
          }
          if (e->amount < s) report.fail("C1", year, r->employee_id + " promotion lowers pay");
          s = e->amount;
          ++level;
        } else if (e->category == "merit_cola") {
          if (!e->previous || *e->previous != s)
            report.fail("E6", year, r->employee_id + " raise previous");
          const double merit = lv.value(engine::LeverParam::kMeritBase, year, level);
          const double cola = lv.cola(year);
          if (!e->merit_rate || *e->merit_rate != merit || !e->cola_rate || *e->cola_rate != cola ||
              e->level != level) {
            report.fail("E5", year, r->employee_id + " raise rates");
          } else if (e->amount != round2(s * ((1.0 + *e->merit_rate) + *e->cola_rate))) {
            report.fail("E5", year, r->employee_id + " raise amount");
          }
          if (e->cola_rate) colas.insert(*e->cola_rate);
          if (e->amount < s) report.fail("C1", year, r->employee_id + " raise lowers pay");
          s = e->amount;
        } else {
          saw_termination = true;
          if (e->date != r->termination_date || e->amount != s)
            report.fail("E7", year, r->employee_id + " termination event");
          if (hire && e->date <= r->hire_date)
            report.fail("E2", year, r->employee_id + " exit not after hire");
        }
      }
      if (s != r->fye || level != r->level || saw_termination != (r->termination_date != kNoDate)) {
        report.fail("E7", year, r->employee_id + " replay does not reproduce the row");
      }
      // E8: carry-forward from the previous year's row.
      if (!hire) {
        auto prev = previous_year.find(r->employee_id);
        if (prev != previous_year.end() &&
            (r->start_salary != prev->second->fye || r->start_level != prev->second->level)) {
          report.fail("E8", year,
                      r->employee_id + " start values differ from last year's end values");
        }
      }
    }
    if (colas.size() > 1) report.fail("E5", year, "more than one COLA rate in the year");
    // E9
    if (code_counts["new_hire_active"] + code_counts["new_hire_termination"] !=
            category_counts["hire"] ||
        code_counts["experienced_termination"] != category_counts["experienced_termination"] ||
        code_counts["new_hire_termination"] != category_counts["new_hire_termination"]) {
      report.fail("E9", year, "status counts differ from event counts");
    }
    previous_year = std::move(this_year);
  }
  return out;
}

Failures check_compensation(const CollectedRun& run) {
  Failures out;
  Report report(out);
  const auto& levels = run.inputs.seeds.levels;
  const engine::EngineConfig& cfg = run.inputs.config.engine;
  auto years = by_year(run);
  // C4 (baseline): derived levels.
  for (const SnapshotRow& b : run.baseline) {
    int expect = 1;
    for (const auto& l : levels) {
      if (l.min_compensation <= b.fye) expect = l.level_id;
    }
    if (b.level != expect) report.fail("C4", b.year, b.employee_id + " baseline level");
  }
  struct Sums {
    std::int64_t n = 0;
    double fye = 0, prorated = 0;
  };
  Sums prior_active;
  for (const SnapshotRow& b : run.baseline) {
    ++prior_active.n;
    prior_active.fye += b.fye;
    prior_active.prorated += b.prorated;
  }
  for (auto& [year, view] : years) {
    const double days = days_in_year(year);
    Sums active, continuous;
    double continuous_start = 0;
    double payroll = 0;
    for (const SnapshotRow* r : view.rows) {
      const bool hire = r->status_code.rfind("new_hire", 0) == 0;
      const DayNumber first = hire ? r->hire_date : jan1(year);
      const DayNumber last = r->termination_date != kNoDate ? r->termination_date : dec31(year);
      const double employed = static_cast<double>(last - first + 1);
      if (r->start_salary > r->fye) report.fail("C1", year, r->employee_id + " FYE below start");
      const bool partial = employed < days;
      if (r->prorated > r->fye * employed / days + 0.01 || (partial && !(r->prorated < r->fye))) {
        report.fail("C2", year, r->employee_id + " prorated above FYE share");
      }
      const bool events = r->start_salary != r->fye;
      if (r->prorated < r->start_salary * employed / days - 0.01 ||
          (!partial && !events && r->prorated != r->fye)) {
        report.fail("C3", year, r->employee_id + " prorated below start share");
      }
      if (r->level > r->start_level &&
          r->fye < levels[static_cast<std::size_t>(r->level - 1)].min_compensation) {
        report.fail("C4", year, r->employee_id + " promoted below band minimum");
      }
      payroll += r->prorated;
      if (r->employment_status == "active") {
        ++active.n;
        active.fye += r->fye;
        active.prorated += r->prorated;
      }
      if (r->status_code == "continuous_active") {
        ++continuous.n;
        continuous.fye += r->fye;
        continuous_start += r->start_salary;
      }
    }
    // C5: the summary recomputes from the rows.
    for (const engine::YearSummary& s : run.result.years) {
      if (s.year != year) continue;
      auto close = [](double a, double b) {
        return std::fabs(a - b) <= 1e-12 * std::max(1.0, std::fabs(b));
      };
      const double fye_growth = (active.fye / active.n) / (prior_active.fye / prior_active.n) - 1.0;
      const double current_growth =
          (active.prorated / active.n) / (prior_active.prorated / prior_active.n) - 1.0;
      const double continuous_growth = continuous.fye / continuous_start - 1.0;
      if (!s.avg_comp_growth || !close(*s.avg_comp_growth, fye_growth))
        report.fail("C5", year, "avg_comp_growth");
      if (!s.growth_current || !close(*s.growth_current, current_growth))
        report.fail("C5", year, "growth_current");
      if (!s.growth_continuous || !close(*s.growth_continuous, continuous_growth))
        report.fail("C5", year, "growth_continuous");
      if (!s.avg_fye_active || *s.avg_fye_active != round2(active.fye / active.n))
        report.fail("C5", year, "avg_fye_active");
      if (!close(s.total_prorated_compensation, round2(payroll)))
        report.fail("C5", year, "total_prorated_compensation");
      const double target = cfg.growth_target;
      if (s.target_status != (std::fabs(fye_growth - target) <= cfg.growth_tolerance
                                  ? "TARGET_ACHIEVED"
                                  : (fye_growth < target ? "BELOW_TARGET" : "ABOVE_TARGET")) &&
          cfg.calculation_methodology == engine::GrowthMethodology::kFullYearEquivalent) {
        report.fail("C5", year, "target_status");
      }
    }
    prior_active = active;
  }
  return out;
}

Failures check_all(const CollectedRun& run) {
  Failures all;
  for (auto* check : {&check_structure, &check_headcounts, &check_events, &check_compensation,
                      &check_hires, &check_growth_rows}) {
    Failures f = check(run);
    all.insert(all.end(), f.begin(), f.end());
  }
  return all;
}

}  // namespace planwise::test
