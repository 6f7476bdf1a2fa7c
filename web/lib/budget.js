// The cost vocabulary of docs/model.md §6.8, shared by every tab
// that shows a budget: one label and one definition per figure, so the Plan,
// Results, Impact and Compare tabs never name the same number differently.

import { isNum } from './format.js';

/** The pay pools of GET /api/runs/{id}/budget, in the order a committee reads them. */
export const POOLS = [
  { key: 'merit', label: 'Merit', title: 'Merit increases granted in the year' },
  { key: 'cola', label: 'COLA', title: 'Cost-of-living increases granted in the year' },
  { key: 'promotion', label: 'Promotions', title: 'Promotion increases, by the level promoted from' },
  { key: 'new_hire_premium', label: 'New-hire premium', title: 'Hiring pay above the reference salary of the level' },
];

/** The cap pools a scenario may carry (PUT /api/scenarios/{id}/budget). */
export const CAP_POOLS = [
  { key: 'merit', label: 'Merit' },
  { key: 'cola', label: 'COLA' },
  { key: 'promotion', label: 'Promotions' },
  { key: 'total', label: 'Total of the four pools' },
  { key: 'payroll', label: 'Total payroll (prorated)' },
];

export const COST_LABELS = {
  total_payroll_prorated: 'Total payroll (prorated)',
  run_rate_payroll_fye: 'Run-rate payroll (FYE)',
  prior_payroll_fye: 'Prior-year run-rate payroll',
};

/** A pool's annualised amount in a budget year (0 when the pool is absent). */
export function poolAmount(entry, key) {
  const p = entry && entry.pools && entry.pools[key];
  return p && isNum(p.annualised) ? p.annualised : NaN;
}

/** The annualised total of the four pools of a budget year (or level). */
export function poolsTotal(entry) {
  let s = 0;
  for (const p of POOLS) {
    const v = poolAmount(entry, p.key);
    if (!isNum(v)) return NaN;
    s += v;
  }
  return s;
}

/** amount / prior-year run-rate payroll, NaN when that payroll is 0 or missing. */
export function shareOfPayroll(amount, entry) {
  const base = entry && entry.prior_payroll_fye;
  return isNum(amount) && isNum(base) && base > 0 ? amount / base : NaN;
}

/**
 * Budget caps against a budget year: one row per cap of that year with the
 * planned amount (annualised, as committees approve it) and the variance
 * (planned − cap; positive means over budget).
 */
export function capVariances(caps, yearEntry) {
  if (!yearEntry) return [];
  return (caps || []).filter((c) => c.year === yearEntry.year).map((c) => {
    const planned = c.pool === 'total' ? poolsTotal(yearEntry)
      : c.pool === 'payroll' ? yearEntry.total_payroll_prorated : poolAmount(yearEntry, c.pool);
    return { ...c, planned, variance: planned - c.amount, over: planned > c.amount + 0.005 };
  });
}

/** The smallest total-payroll cap of a scenario: the optimizer's one cost cap for every year. */
export function payrollCap(caps) {
  const xs = (caps || []).filter((c) => c.pool === 'payroll').map((c) => c.amount);
  return xs.length ? Math.min(...xs) : NaN;
}

/** The year whose budget the headline shows: the current calendar year when planned, else the first. */
export function focusYear(years) {
  if (!years || !years.length) return null;
  const now = new Date().getUTCFullYear();
  const y = years.find((e) => e.year === now);
  return y ? y.year : years[0].year;
}
