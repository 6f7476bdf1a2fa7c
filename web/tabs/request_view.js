// One change request as GET /api/requests/{id} gives it (issue 11 items 1
// and 3): its impact in dollars, in total and per year, and in growth
// points, the cells it changes (old → new), and its risk level with the
// factors that made it. Shown by the Approvals cards and after "Request
// approval" in the lever grid. Every figure is the server's simulation.

import { html } from '/vendor/htm-preact.js';
import { int, intDelta, isNum, leverText, money, moneyDelta, pct, pts, unitOf, when } from '../lib/format.js';

export function RiskTag({ level }) {
  if (!level) return null;
  return html`<span class=${`risk risk-${String(level).toLowerCase()}`} data-testid="risk-level">${level}</span>`;
}

export function StateTag({ row }) {
  return html`<span class=${`state state-req-${row.state}`} data-testid="request-state">${row.state_label || row.state}</span>`;
}

/** The headline figures of a request: cost, growth, people, budget. */
export function ImpactFigures({ r }) {
  return html`<dl class="impact-figures" data-testid="request-impact">
    <div><dt>Cost impact, all years</dt><dd data-testid="impact-total">${moneyDelta(r.cost_impact)}</dd></div>
    <div><dt>Average-pay growth</dt><dd data-testid="impact-growth">${pts(r.growth_change, 3)}</dd></div>
    <div><dt>Employees affected</dt><dd data-testid="impact-employees">${int(r.employees_affected)}</dd></div>
    ${isNum(r.budget_variance) ? html`<div><dt>Budget variance</dt><dd>${moneyDelta(r.budget_variance)}</dd></div>` : ''}
  </dl>`;
}

function YearTable({ years }) {
  if (!(years || []).length) return null;
  const growthDelta = (y) => (isNum(y.growth_proposed) && isNum(y.growth_published)
    ? y.growth_proposed - y.growth_published : NaN);
  return html`<div class="table-wrap"><table class="data compact" data-testid="impact-years">
    <caption>Impact per year: the published plan against the proposal, same seed</caption>
    <thead><tr><th scope="col">Year</th><th scope="col" class="num">Cost published</th><th scope="col" class="num">Cost proposed</th>
      <th scope="col" class="num">Change</th><th scope="col" class="num">Growth published</th><th scope="col" class="num">Growth proposed</th>
      <th scope="col" class="num">Growth change</th><th scope="col" class="num">Headcount change</th></tr></thead>
    <tbody>${years.map((y) => html`<tr>
      <th scope="row">${y.year}</th><td class="num">${money(y.cost_published)}</td><td class="num">${money(y.cost_proposed)}</td>
      <td class="num delta" data-testid="impact-year-change">${moneyDelta(y.cost_change)}</td>
      <td class="num">${pct(y.growth_published, 3)}</td><td class="num">${pct(y.growth_proposed, 3)}</td>
      <td class="num">${pts(growthDelta(y), 3)}</td>
      <td class="num">${intDelta((y.headcount_proposed ?? NaN) - (y.headcount_published ?? NaN))}</td>
    </tr>`)}</tbody></table></div>`;
}

export function CellTable({ cells, parameters }) {
  if (!(cells || []).length) return null;
  return html`<div class="table-wrap"><table class="data compact" data-testid="request-cells">
    <caption>Lever cells it changes</caption>
    <thead><tr><th scope="col">Parameter</th><th scope="col">Year</th><th scope="col">Level</th>
      <th scope="col" class="num">Published</th><th scope="col" aria-hidden="true"></th><th scope="col" class="num">Proposed</th></tr></thead>
    <tbody>${cells.map((c) => {
      const unit = unitOf(parameters, c.parameter);
      return html`<tr><td><code>${c.parameter}</code></td><td>${c.year}</td><td>${c.level}</td>
        <td class="num">${leverText(unit, c.old_value)}</td><td aria-hidden="true">→</td>
        <td class="num"><strong>${leverText(unit, c.new_value)}</strong></td></tr>`;
    })}</tbody></table></div>`;
}

function RiskFactors({ risk, row }) {
  const level = (risk && risk.level) || row.risk_level;
  const factors = (risk && risk.factors) || [];
  return html`<div class="risk-block" data-testid="request-risk">
    <strong>Risk</strong> <${RiskTag} level=${level} /> score ${risk ? risk.score : row.risk_score}
    ${row.impact_class ? html` · cost impact class ${row.impact_class}` : ''}
    ${factors.length ? html`<ul class="risk-factors">${factors.map((f) => html`<li class=${f.points ? '' : 'muted'}>
      <code>${f.factor}</code>: ${f.detail} <span class="points">(${f.points} pt${f.points === 1 ? '' : 's'})</span></li>`)}</ul>` : ''}
  </div>`;
}

/** The whole of a request: figures, years, cells and risk. `view` is a RequestView. */
export function RequestDetail({ view, parameters }) {
  const r = view.request;
  return html`<div class="request-detail">
    <${ImpactFigures} r=${r} />
    <${YearTable} years=${view.years} />
    <${CellTable} cells=${view.cells} parameters=${parameters} />
    <${RiskFactors} risk=${view.risk} row=${r} />
    <p class="muted small">Simulated ${when(r.simulated_at)} with seed ${r.seed ?? '—'}${isNum(view.simulate_ms) && view.simulate_ms > 0
      ? ` in ${(view.simulate_ms / 1000).toFixed(1)} s` : ''}.${view.needs_approval
      ? ` Its cost is above the scenario's approval threshold of ${money(view.policy && view.policy.approval_threshold)}.` : ''}</p>
  </div>`;
}
