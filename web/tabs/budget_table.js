// The budget by pool (issue 10 item 3): for one plan year, per level and in
// total, each pool's annualised cost, its share of the prior year's run-rate
// payroll and its in-year cost, with the scenario's caps and the variance
// against them. Figures come from GET /api/runs/{id}/budget or the
// headline's simulation of the current levers; nothing is computed here but
// the shares and the variances.

import { html } from '/vendor/htm-preact.js';
import { int, isNum, money, moneyDelta, pct } from '../lib/format.js';
import { CAP_POOLS, COST_LABELS, POOLS, capVariances, shareOfPayroll } from '../lib/budget.js';
import { Notice } from '../lib/ui.js';

function PoolCells({ entry, testPrefix }) {
  return POOLS.map((p) => {
    const v = entry.pools && entry.pools[p.key];
    const a = v ? v.annualised : NaN;
    return html`
      <td class="num" data-testid=${`${testPrefix}-${p.key}-annualised`}>${money(a)}</td>
      <td class="num" data-testid=${`${testPrefix}-${p.key}-pct`}>${pct(shareOfPayroll(a, entry))}</td>
      <td class="num" data-testid=${`${testPrefix}-${p.key}-in-year`}>${money(v ? v.in_year : NaN)}</td>`;
  });
}

export function BudgetYearPicker({ years, year, setYear, id = 'budget-year' }) {
  if (!years || years.length < 2) return null;
  return html`<label class="inline" for=${id}>Plan year
    <select id=${id} value=${year} onChange=${(e) => setYear(Number(e.currentTarget.value))}
      data-testid=${id}>
      ${years.map((y) => html`<option value=${y.year}>${y.year}</option>`)}
    </select></label>`;
}

/** <${BudgetTable} years=${budget.years} year=${2026} caps=${scenario.budget_caps} /> */
export function BudgetTable({ years, year, caps, testid = 'budget-table' }) {
  const entry = (years || []).find((y) => y.year === year);
  if (!entry) return html`<${Notice} kind="info">No budget figures for ${year}.<//>`;
  const levels = entry.levels || [];
  const variances = capVariances(caps, entry);
  return html`<div class="table-wrap budget-wrap">
    <table class="data budget-table" data-testid=${testid}>
      <caption class="sr-only">Budget by pool for ${year}: annualised cost, share of the prior year's
        run-rate payroll and in-year cost</caption>
      <thead>
        <tr><th rowspan="2" scope="col">Level</th>
          <th rowspan="2" scope="col" class="num" title="Run-rate payroll on 1 January: the base of every %">${COST_LABELS.prior_payroll_fye}</th>
          ${POOLS.map((p) => html`<th colspan="3" scope="colgroup" title=${p.title}>${p.label}</th>`)}
          <th rowspan="2" scope="col" class="num">${COST_LABELS.total_payroll_prorated}</th>
          <th rowspan="2" scope="col" class="num">${COST_LABELS.run_rate_payroll_fye}</th>
          <th rowspan="2" scope="col" class="num">Headcount 31 Dec</th></tr>
        <tr>${POOLS.map(() => html`<th scope="col" class="num">Annualised</th><th scope="col" class="num">% of payroll</th>
          <th scope="col" class="num">In-year</th>`)}</tr>
      </thead>
      <tbody>
        ${levels.map((l) => html`<tr data-testid=${`budget-level-${l.level}`}>
          <th scope="row">L${l.level}</th>
          <td class="num">${money(l.prior_payroll_fye)}</td>
          <${PoolCells} entry=${l} testPrefix=${`budget-l${l.level}`} />
          <td class="num">${money(l.total_payroll_prorated)}</td>
          <td class="num">${money(l.run_rate_payroll_fye)}</td>
          <td class="num">${int(l.end_headcount)}</td></tr>`)}
      </tbody>
      <tfoot>
        <tr class="total-row" data-testid="budget-total">
          <th scope="row">All levels</th>
          <td class="num">${money(entry.prior_payroll_fye)}</td>
          <${PoolCells} entry=${entry} testPrefix="budget-total" />
          <td class="num" data-testid="budget-total-prorated">${money(entry.total_payroll_prorated)}</td>
          <td class="num" data-testid="budget-total-fye">${money(entry.run_rate_payroll_fye)}</td>
          <td class="num">${int(entry.end_headcount)}</td></tr>
      </tfoot>
    </table>
  </div>
  <${CapVariances} rows=${variances} title=${`Budget cap ${year}`} testid=${`${testid}-caps`} />`;
}

const capLabel = (pool) => (CAP_POOLS.find((p) => p.key === pool) || { label: pool }).label;

/**
 * Budget caps against the plan (issue 10 item 3): one row per cap with the
 * planned amount and the variance (positive: over budget). `rows` come from
 * capVariances; a row's `item` names the compared scenario when there are several.
 */
export function CapVariances({ rows, title = 'Budget cap', testid = 'budget-caps', withYear = false }) {
  if (!rows || !rows.length) return null;
  const items = rows.some((r) => r.item);
  const years = withYear || items;
  return html`<table class="data compact caps-table" data-testid=${testid}>
    <thead><tr>${items ? html`<th scope="col">Scenario</th>` : ''}${years ? html`<th scope="col">Year</th>` : ''}<th scope="col">${title}</th>
      <th scope="col" class="num">Cap</th><th scope="col" class="num">Planned</th><th scope="col" class="num">Variance</th><th scope="col">Status</th></tr></thead>
    <tbody>${rows.map((v) => html`<tr data-testid=${`cap-${v.pool}`}>
      ${items ? html`<td>${v.item}</td>` : ''}${years ? html`<td>${v.year}</td>` : ''}<th scope="row">${capLabel(v.pool)}</th>
      <td class="num">${money(v.amount)}</td><td class="num">${money(v.planned)}</td>
      <td class="num delta">${moneyDelta(v.variance)}</td>
      <td class=${v.over ? 'band-warn' : 'band-good'}>${isNum(v.planned) ? (v.over ? 'over budget' : 'within budget') : '—'}</td></tr>`)}
    </tbody></table>`;
}
