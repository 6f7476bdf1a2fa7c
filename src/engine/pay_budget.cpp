// Issue 10 item 3: the pay budget by pool and level (see pay_budget.hpp).
#include "engine/pay_budget.hpp"

#include "common/rounding.hpp"

namespace planwise::engine {

namespace {

// The share of a salary change that counts in the year: from its effective
// date to the last employed day inclusive, over D_Y (§4.5, §4.7).
double in_year_share(DayNumber effective, DayNumber last, double days_in_year) {
  return static_cast<double>(last - effective + 1) / days_in_year;
}

void add(PoolCost& pool, double annualised, double share) {
  pool.annualised += annualised;
  pool.in_year += annualised * share;
}

void round_pool(PoolCost& pool) {
  pool.annualised = round2(pool.annualised);
  pool.in_year = round2(pool.in_year);
}

void round_row(PayBudgetRow& r) {
  r.prior_payroll_fye = round2(r.prior_payroll_fye);
  round_pool(r.merit);
  round_pool(r.cola);
  round_pool(r.promotion);
  round_pool(r.new_hire_premium);
  r.total_payroll_prorated = round2(r.total_payroll_prorated);
  r.run_rate_payroll_fye = round2(r.run_rate_payroll_fye);
}

// A member's raise and promotion (§4.3–§4.5), charged to their 1 Jan level.
void add_member(const YearFrame& f, std::size_t i, const YearLevers& levers, DayNumber last,
                double days, PayBudgetRow& row) {
  row.prior_payroll_fye += f.start_salary[i];
  if (f.promo_date[i] != kNoDate) {
    add(row.promotion, f.promo_amount[i] - f.promo_previous[i],
        in_year_share(f.promo_date[i], last, days));
  }
  if (f.raise_date[i] != kNoDate) {
    const double increase = f.raise_amount[i] - f.raise_previous[i];
    const double merit = levers.merit[static_cast<std::size_t>(f.raise_level[i] - 1)];
    const double rates = merit + levers.cola;
    // round2(s × 1) = s, so both rates summing to 0 means no increase.
    const double merit_part = rates == 0.0 ? 0.0 : increase * (merit / rates);
    const double share = in_year_share(f.raise_date[i], last, days);
    add(row.merit, merit_part, share);
    add(row.cola, increase - merit_part, share);
  }
}

// A hire's pay above the reference pay (§4.6): salary = round2(reference ×
// adjustment), so the reference is salary / adjustment to within a cent.
void add_hire(const YearFrame& f, std::size_t i, const YearLevers& levers, DayNumber last,
              double days, PayBudgetRow& row) {
  const double adjustment = levers.hire_adjustment[static_cast<std::size_t>(f.start_level[i] - 1)];
  if (adjustment <= 0.0) return;
  const double premium = f.start_salary[i] - f.start_salary[i] / adjustment;
  add(row.new_hire_premium, premium, in_year_share(f.hire_date[i], last, days));
}

}  // namespace

void compute_pay_budget(const YearFrame& f, const YearLevers& levers,
                        std::vector<PayBudgetRow>& out) {
  const std::size_t levels = levers.merit.size();
  out.assign(levels, PayBudgetRow{});
  std::vector<std::int64_t> people(levels, 0);  // rows that touch each level
  const double days = static_cast<double>(f.days);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const DayNumber last = f.exit_date[i] != kNoDate ? f.exit_date[i] : f.last_day;
    const std::size_t start = f.start_level[i] - 1u;
    const std::size_t end = f.level[i] - 1u;
    if (f.is_hire_row(i))
      add_hire(f, i, levers, last, days, out[start]);
    else
      add_member(f, i, levers, last, days, out[start]);
    PayBudgetRow& closing = out[end];
    closing.total_payroll_prorated += f.prorated[i];
    if (is_active(f.status[i])) {
      closing.run_rate_payroll_fye += f.salary[i];
      ++closing.end_headcount;
    }
    ++people[start];
    if (end != start) ++people[end];
  }
  std::size_t kept = 0;
  for (std::size_t l = 0; l < levels; ++l) {
    if (people[l] == 0) continue;
    PayBudgetRow r = out[l];
    r.year = f.year;
    r.level = static_cast<int>(l + 1);
    round_row(r);
    out[kept++] = r;
  }
  out.resize(kept);
}

PayBudgetRow pay_budget_totals(std::span<const PayBudgetRow> rows) {
  PayBudgetRow t;
  auto sum = [](PoolCost& into, const PoolCost& p) {
    into.annualised += p.annualised;
    into.in_year += p.in_year;
  };
  for (const PayBudgetRow& r : rows) {
    t.year = r.year;
    t.prior_payroll_fye += r.prior_payroll_fye;
    sum(t.merit, r.merit);
    sum(t.cola, r.cola);
    sum(t.promotion, r.promotion);
    sum(t.new_hire_premium, r.new_hire_premium);
    t.total_payroll_prorated += r.total_payroll_prorated;
    t.run_rate_payroll_fye += r.run_rate_payroll_fye;
    t.end_headcount += r.end_headcount;
  }
  round_row(t);
  return t;
}

}  // namespace planwise::engine
