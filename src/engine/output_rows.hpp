// Spec §5: the rows of every output table, emitted cell by cell into a
// writer W in the column order of output_schema.hpp. W provides text(sv),
// null(), integer(i64), real(double; NaN = null), money(double),
// date(DayNumber; kNoDate = null), boolean(bool) and end_row(). Templates,
// so a writer's cell calls inline (a 1 M-employee run emits ~10^8 cells).
#pragma once

#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>

#include "common/number_text.hpp"
#include "common/rounding.hpp"
#include "engine/pay_budget.hpp"
#include "engine/simulate.hpp"

namespace planwise::engine {

namespace output_detail {

template <class W>
void optional_real(W& w, const std::optional<double>& v) {
  if (v)
    w.real(*v);
  else
    w.null();
}
template <class W>
void optional_money(W& w, const std::optional<double>& v) {
  if (v)
    w.money(*v);
  else
    w.null();
}

// "Merit: 4.04% + COLA: 2.03%": rates × 100, round2, two decimals (§5.1).
inline std::size_t raise_details(double merit, double cola, char* out) {
  std::size_t n = 0;
  auto put = [&](std::string_view s) {
    for (char c : s) out[n++] = c;
  };
  put("Merit: ");
  n += format_money(round2(merit * 100.0), out + n);
  put("% + COLA: ");
  n += format_money(round2(cola * 100.0), out + n);
  put("%");
  return n;
}

inline std::size_t level_details(const char* prefix, int from, int to, char* out) {
  std::size_t n = 0;
  for (const char* p = prefix; *p; ++p) out[n++] = *p;
  n += format_int(from, out + n);
  if (to > 0) {
    for (const char* p = " -> "; *p; ++p) out[n++] = *p;
    n += format_int(to, out + n);
  }
  return n;
}

inline std::string_view quality_flag(std::string_view id, int year, const EngineConfig& cfg,
                                     DayNumber date, double amount) {
  if (id.empty()) return "INVALID_EMPLOYEE_ID";
  if (year < cfg.start_year || year > cfg.end_year) return "INVALID_SIMULATION_YEAR";
  if (date < jan1(year) || date > dec31(year)) return "INVALID_EFFECTIVE_DATE";
  if (!(amount > 0.0)) return "INVALID_COMPENSATION";
  return "VALID";
}

}  // namespace output_detail

template <class W>
void emit_events(W& w, const YearOutput& y) {
  const EventLog& e = *y.events;
  const YearFrame& f = y.frame;
  char id_buffer[kHireIdBufferSize];
  char ssn_buffer[kHireIdBufferSize];
  char details[96];
  for (std::size_t k = 0; k < e.size(); ++k) {
    const std::size_t row = e.row[k];
    const EmployeeRef ref = f.ref[row];
    const std::string_view id = y.ids.id(ref, id_buffer);
    const EventCategory category = e.category[k];
    w.text(id);
    w.text(y.ids.ssn(ref, ssn_buffer));
    w.integer(e.year);
    w.text(kEventTypeLabels[static_cast<std::size_t>(category)]);
    w.text(kEventCategoryLabels[static_cast<std::size_t>(category)]);
    w.date(e.date[k]);
    w.integer(e.sequence[k]);
    std::size_t n = 0;
    switch (category) {
      case EventCategory::kHire:
        n = output_detail::level_details("New hire - Level ", e.level[k], 0, details);
        break;
      case EventCategory::kPromotion:
        n = output_detail::level_details("Level ", e.level[k], e.new_level[k], details);
        break;
      case EventCategory::kMeritCola:
        n = output_detail::raise_details(e.merit_rate[k], e.cola_rate[k], details);
        break;
      default: {
        const std::string_view label = kEventCategoryLabels[static_cast<std::size_t>(category)];
        n = label.copy(details, label.size());
      }
    }
    w.text(std::string_view(details, n));
    w.money(e.amount[k]);
    if (std::isnan(e.previous[k]))
      w.null();
    else
      w.money(e.previous[k]);
    w.integer(e.level[k]);
    w.integer(e.new_level[k]);
    w.integer(f.age[row]);
    w.integer(f.tenure[row]);
    w.text(kAgeBandLabels[f.age_band[row]]);
    w.text(kTenureBandLabels[f.tenure_band[row]]);
    w.real(e.probability[k]);
    w.real(e.weight[k]);
    w.real(e.draw[k]);
    w.real(e.merit_rate[k]);
    w.real(e.cola_rate[k]);
    w.real(e.promotion_raise_rate[k]);
    if (e.band_floor[k] < 0)
      w.null();
    else
      w.boolean(e.band_floor[k] != 0);
    w.text(y.config.scenario_id);
    if (e.source[k] == ParamSource::kNone)
      w.null();
    else
      w.text(kParamSourceLabels[static_cast<std::size_t>(e.source[k])]);
    w.text(output_detail::quality_flag(id, e.year, y.config, e.date[k], e.amount[k]));
    w.text(y.config.created_at);
    w.end_row();
  }
}

// The 20 columns of a snapshot row (§5.2), shared by the year snapshots and
// the baseline (§5.5), which is the snapshot of Y0 − 1.
struct SnapshotValues {
  std::string_view id;
  std::string_view ssn;
  int year;
  DayNumber birth;
  DayNumber hire;
  int age;
  int tenure;
  int start_level;
  int level;
  double start_salary;
  double fye;
  double prorated;
  DayNumber exit;
  StatusCode status;
};

template <class W>
void emit_snapshot_columns(W& w, const SnapshotValues& v, const std::string& created_at) {
  const bool active = is_active(v.status);
  w.text(v.id);
  w.text(v.ssn);
  w.integer(v.year);
  w.date(v.birth);
  w.date(v.hire);
  w.integer(v.age);
  w.integer(v.tenure);
  w.text(kAgeBandLabels[age_band_of(v.age)]);
  w.text(kTenureBandLabels[tenure_band_of(v.tenure)]);
  w.integer(v.start_level);
  w.integer(v.level);
  w.money(v.start_salary);
  w.money(v.fye);
  w.money(v.prorated);
  w.money(v.fye);
  w.text(active ? "active" : "terminated");
  w.date(v.exit);
  if (active)
    w.null();
  else
    w.text(kStatusCodeLabels[static_cast<std::size_t>(v.status)]);
  w.text(kStatusCodeLabels[static_cast<std::size_t>(v.status)]);
  w.text(created_at);
}

template <class W>
void emit_snapshot(W& w, const YearOutput& y) {
  const YearFrame& f = y.frame;
  char id_buffer[kHireIdBufferSize];
  char ssn_buffer[kHireIdBufferSize];
  for (std::size_t i = 0; i < f.size(); ++i) {
    emit_snapshot_columns(
        w,
        {y.ids.id(f.ref[i], id_buffer), y.ids.ssn(f.ref[i], ssn_buffer), f.year, f.birth_date[i],
         f.hire_date[i], f.age[i], f.tenure[i], f.start_level[i], f.level[i], f.start_salary[i],
         f.salary[i], f.prorated[i], f.exit_date[i], f.status[i]},
        y.config.created_at);
    w.end_row();
  }
}

template <class W>
void emit_growth(W& w, const std::vector<GrowthRow>& rows, const std::string& created_at) {
  static constexpr std::string_view kKinds[] = {"methodology", "status", "level"};
  for (const GrowthRow& r : rows) {
    w.integer(r.year);
    w.text(kKinds[static_cast<std::size_t>(r.kind)]);
    w.text(r.row_key);
    w.text(r.measure);
    w.integer(r.population_count);
    w.integer(r.continuous_count);
    w.integer(r.new_hire_count);
    output_detail::optional_money(w, r.avg_compensation);
    output_detail::optional_money(w, r.prior_avg_compensation);
    output_detail::optional_money(w, r.avg_prorated_compensation);
    output_detail::optional_real(w, r.growth);
    w.boolean(r.is_headline);
    w.boolean(r.is_tuning_target);
    output_detail::optional_real(w, r.target_growth);
    output_detail::optional_real(w, r.tolerance);
    if (r.target_status)
      w.text(*r.target_status);
    else
      w.null();
    output_detail::optional_real(w, r.deviation_from_target);
    output_detail::optional_real(w, r.gap_to_target);
    w.real(r.new_hire_ratio);
    output_detail::optional_real(w, r.composition_effect);
    w.text(created_at);
    w.end_row();
  }
}

template <class W>
void emit_year_summary(W& w, const YearSummary& s, const std::string& created_at) {
  w.integer(s.year);
  w.boolean(s.success);
  w.boolean(s.validation_passed);
  w.integer(s.warning_count);
  w.integer(s.start_headcount);
  w.integer(s.experienced_terminations);
  w.integer(s.target_end_headcount);
  w.integer(s.hires);
  w.integer(s.new_hire_terminations);
  w.integer(s.total_terminations);
  w.integer(s.end_headcount);
  w.integer(s.headcount_gap);
  w.real(s.headcount_growth);
  w.integer(s.promotions);
  w.integer(s.raises);
  w.integer(s.band_floor_promotions);
  output_detail::optional_money(w, s.avg_fye_active);
  output_detail::optional_money(w, s.avg_prorated_active);
  w.money(s.total_prorated_compensation);
  output_detail::optional_real(w, s.avg_comp_growth);
  output_detail::optional_real(w, s.growth_current);
  output_detail::optional_real(w, s.growth_continuous);
  w.text(growth_methodology_name(s.tuning_methodology));
  output_detail::optional_real(w, s.tuning_metric);
  w.text(s.target_status);
  w.text(created_at);
  w.end_row();
}

// hires_by_level rows of one year: every level, 1..L, zero hires included,
// so a reader never has to guess a missing level.
template <class W>
void emit_hires_by_level(W& w, const YearSummary& s) {
  for (std::size_t l = 0; l < s.hires_by_level.size(); ++l) {
    w.integer(s.year);
    w.integer(static_cast<std::int64_t>(l + 1));
    w.integer(s.hires_by_level[l]);
    w.end_row();
  }
}

// The baseline as the snapshot of Y0 − 1 (§4.9, §5.5): active, every pay
// column s0, new_hire_active when hired in Y0 − 1.
template <class W>
void emit_baseline(W& w, const StagedCensus& c, const EngineConfig& cfg) {
  const int year = cfg.start_year - 1;
  for (std::size_t i = 0; i < c.baseline_size(); ++i) {
    const StatusCode code = year_of(c.hire_date[i]) == year ? StatusCode::kNewHireActive
                                                            : StatusCode::kContinuousActive;
    emit_snapshot_columns(
        w,
        {c.employee_id[i], c.employee_ssn[i], year, c.birth_date[i], c.hire_date[i],
         year - year_of(c.birth_date[i]), year - year_of(c.hire_date[i]), c.level[i], c.level[i],
         c.salary[i], c.salary[i], c.salary[i], kNoDate, code},
        cfg.created_at);
    w.real(c.census_compensation[i]);
    w.end_row();
  }
}

template <class W>
void emit_duplicates(W& w, const StagedCensus& c) {
  for (const DuplicateAuditRow& d : c.duplicates) {
    w.integer(d.source_row);
    w.text(d.employee_id);
    w.text(d.employee_ssn);
    w.date(d.birth_date);
    w.date(d.hire_date);
    w.date(d.termination_date);
    w.real(d.gross_compensation);
    if (d.active < 0)
      w.null();
    else
      w.boolean(d.active != 0);
    w.integer(d.duplicate_count);
    w.integer(d.occurrence_rank);
    w.text(d.kept ? "KEPT" : "DROPPED");
    w.end_row();
  }
}

template <class W>
void emit_effective_parameters(W& w, const ResolvedLevers& levers) {
  for (int year = levers.start_year(); year <= levers.end_year(); ++year) {
    for (int level = 1; level <= levers.level_count(); ++level) {
      for (const LeverParamInfo& info : kLeverCatalogue) {
        const ResolvedLever& v = levers.at(info.param, year, level);
        w.text(levers.scenario_id());
        w.integer(year);
        w.integer(level);
        w.text(info.event_type);
        w.text(info.name);
        w.real(v.value);
        w.text(kParamSourceLabels[static_cast<std::size_t>(v.source)]);
        if (v.is_locked)
          w.boolean(*v.is_locked);
        else
          w.null();
        w.end_row();
      }
    }
  }
}

// pay_budget rows of one year, computed here (not in the year loop) so only
// runs that write outputs pay for them.
template <class W>
void emit_pay_budget(W& w, const YearOutput& y) {
  std::vector<PayBudgetRow> rows;
  compute_pay_budget(y.frame, y.levers, rows);
  for (const PayBudgetRow& r : rows) {
    w.integer(r.year);
    w.integer(r.level);
    w.money(r.prior_payroll_fye);
    for (const PoolCost* p : {&r.merit, &r.cola, &r.promotion, &r.new_hire_premium}) {
      w.money(p->annualised);
      w.money(p->in_year);
    }
    w.money(r.total_payroll_prorated);
    w.money(r.run_rate_payroll_fye);
    w.integer(r.end_headcount);
    w.end_row();
  }
}

template <class W>
void emit_validation_report(W& w, const ValidationItems& items) {
  for (const ValidationItem& v : items) {
    if (v.year == 0)
      w.null();
    else
      w.integer(v.year);
    w.text(v.check_id);
    w.text(check_status_name(v.status));
    output_detail::optional_real(w, v.value);
    output_detail::optional_real(w, v.threshold);
    w.text(v.message);
    w.end_row();
  }
}

}  // namespace planwise::engine
