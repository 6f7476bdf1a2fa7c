// Auto-Optimize, the parts drawn from an optimization's evaluations and its
// result (the `planwise optimize --json` object): convergence chart, iteration
// table, summary, reachability, proposed levers, Pareto front, accept/reject.

import { html, useMemo, useState } from '/vendor/htm-preact.js';
import { api, errorInfo } from '../lib/api.js';
import { Chart, COLORS, axisMoney, axisPct, pointsOnly, targetSeries } from '../lib/chart.js';
import {
  int, isNum, leverText, money, moneyShort, ms, mult, pct, pts,
} from '../lib/format.js';
import { ConfirmBox, ErrorNote, Notice, Stat, needsConfirmation } from '../lib/ui.js';
import { RobustSummary } from './optimize_robust.js';
import { ProposedFan } from './optimize_fan.js';

const variableText = (name, v) => (name === 'new_hire' || /new_hire/.test(name) ? mult(v) : pct(v));
const leversText = (lv) => Object.entries(lv || {}).map(([k, v]) => `${k} ${variableText(k, v)}`).join(', ');

/**
 * The y range that shows the search itself: the target band, the evaluations
 * after the reachability check (iteration ≥ 1) and the last point of iteration 0
 * (the starting levers). Null when there is nothing to zoom to.
 */
function searchRange(evals, target, tolerance) {
  const later = evals.filter((e) => e.iteration >= 1 && isNum(e.growth));
  if (!later.length) return null;
  const first = evals.filter((e) => e.iteration === 0 && isNum(e.growth));
  const ys = [target - tolerance, target + tolerance, ...later.map((e) => e.growth)];
  if (first.length) ys.push(first[first.length - 1].growth);
  const lo = Math.min(...ys); const hi = Math.max(...ys);
  const pad = Math.max((hi - lo) * 0.12, tolerance);
  return [lo - pad, hi + pad];
}

export function ConvergenceChart({ evals, target, tolerance }) {
  const [zoom, setZoom] = useState(true);
  const range = searchRange(evals, target, tolerance);
  const chart = useMemo(() => {
    const x = evals.map((e) => e.evaluation);
    const t = targetSeries(target, tolerance, x.length);
    const y = zoom && range ? { range: () => range } : { auto: true };
    return {
      data: [x, evals.map((e) => e.growth), ...t.data],
      opts: {
        scales: { x: { time: false, range: (u, lo, hi) => [Math.min(lo, 1) - 0.5, hi + 0.5] }, y },
        axes: [{ label: 'Evaluation', values: (u, v) => v.map((z) => (Number.isInteger(z) ? String(z) : '')) },
          { label: 'Growth', values: axisPct(2), size: 64 }],
        series: [
          { label: 'Evaluation', value: (u, v) => (v == null ? '—' : String(v)) },
          { label: 'Growth', stroke: COLORS.blue, width: 3, points: { size: 8, fill: COLORS.blue }, value: (u, v) => pct(v, 3) },
          ...t.series,
        ],
        bands: [{ series: [2, 3], fill: 'rgba(46,139,87,0.14)' }],
      },
    };
  }, [evals, target, tolerance, zoom, range && range.join()]);
  return html`<div>
    ${range ? html`<label class="inline check small"><input type="checkbox" checked=${zoom}
      onChange=${(e) => setZoom(e.currentTarget.checked)} /> Zoom to the search (the reachability check's
      extreme points, iteration 0, fall outside)</label>` : ''}
    <${Chart} opts=${chart.opts} data=${chart.data} height=${280} testid="opt-convergence-chart"
      label="Growth per evaluation with the target line and the tolerance band" />
  </div>`;
}

export function EvaluationTable({ evals }) {
  if (!evals.length) return null;
  return html`<details class="eval-details" open>
    <summary>Evaluations (${evals.length})</summary>
    <div class="table-wrap scroll-y">
      <table class="data compact" data-testid="opt-evals">
        <thead><tr><th class="num">#</th><th class="num">Iteration</th><th class="num">Growth</th><th class="num">Gap</th>
          <th class="num">Total cost</th><th>Feasible</th><th class="num">Time</th><th>Levers</th></tr></thead>
        <tbody>${evals.slice(-300).map((e) => html`<tr>
          <td class="num">${e.evaluation}</td><td class="num">${e.iteration}</td><td class="num">${pct(e.growth, 3)}</td>
          <td class="num">${pts(e.gap, 3)}</td><td class="num">${money(e.total_cost)}</td><td>${e.feasible === false ? 'no' : 'yes'}</td>
          <td class="num">${ms(e.ms)}</td><td class="levers-cell">${leversText(e.levers)}</td></tr>`)}</tbody>
      </table>
    </div>
  </details>`;
}

function ParetoChart({ history, target }) {
  const chart = useMemo(() => {
    const pts0 = history.filter((h) => isNum(h.total_cost) && isNum(h.growth)).sort((a, b) => a.total_cost - b.total_cost);
    if (!pts0.some((h) => h.on_pareto_front)) return null;
    return {
      n: pts0.filter((h) => h.on_pareto_front).length,
      data: [pts0.map((h) => h.total_cost), pts0.map((h) => (h.on_pareto_front ? null : h.growth)),
        pts0.map((h) => (h.on_pareto_front ? h.growth : null)), pts0.map(() => target)],
      opts: {
        scales: { x: { time: false } },
        axes: [{ label: 'Total cost, all years', values: axisMoney() }, { label: 'Growth', values: axisPct(2), size: 64 }],
        series: [
          { label: 'Total cost', value: (u, v) => money(v) },
          { label: 'Other evaluations', stroke: 'rgba(107,114,128,0.6)', paths: pointsOnly, points: { show: true, size: 5, fill: 'rgba(107,114,128,0.4)' }, value: (u, v) => pct(v, 3) },
          { label: 'Pareto front', stroke: COLORS.red, paths: pointsOnly, points: { show: true, size: 9, fill: COLORS.red }, value: (u, v) => pct(v, 3) },
          { label: 'Target', stroke: COLORS.green, width: 2, dash: [8, 5], points: { show: false }, value: (u, v) => pct(v) },
        ],
      },
    };
  }, [history, target]);
  if (!chart) return html`<p class="muted">No point of the history is on the Pareto front.</p>`;
  return html`<div class="chart-card"><h3>Pareto front: cost against growth (${chart.n} points)</h3>
    <${Chart} opts=${chart.opts} data=${chart.data} height=${280} testid="opt-pareto-chart"
      label="Scatter of total cost against growth; Pareto-front points highlighted" /></div>`;
}

/** Status, message and the four key figures: shown above the convergence chart. */
export function ResultHeadline({ r }) {
  const tone = r.converged ? 'ok' : (r.status === 'unreachable' || r.status === 'infeasible') ? 'error' : 'warn';
  return html`<div class="opt-headline">
    <${Notice} kind=${tone} testid="opt-verdict"><strong data-testid="opt-status">${r.status}</strong>${r.message ? ` — ${r.message}` : ''}<//>
    <div class="stats">
      <${Stat} label="Converged" value=${r.converged ? 'Yes' : 'No'} tone=${r.converged ? 'good' : 'warn'} />
      <${Stat} label="Evaluations" value=${int(r.evaluations)} sub=${`search ${ms(r.search_ms)}, total ${ms(r.elapsed_ms)}`} />
      <${Stat} label="Growth: start → best" value=${pct(r.final_growth, 3)} testid="opt-final-growth" sub=${`from ${pct(r.initial_growth, 3)}`} />
      <${Stat} label="Gap: start → best" value=${pts(r.final_gap, 3)} sub=${`from ${pts(r.initial_gap, 3)}`} />
    </div>
  </div>`;
}

export function OptimizeResult({ job, setJob, onLeversChanged }) {
  const r = job.result;
  const s = r.summary || {};
  const reach = r.reachability || {};
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const upd = (fn) => setJob((j) => (j && j.id === job.id ? { ...j, ...fn(j) } : j));

  const [closestAsked, setClosestAsked] = useState(false);
  // `confirm`: write into a scenario without locks on past years (the
  // server asks first); `closest`: accept an unreachable run's closest point.
  const accept = async ({ confirm = false, closest = false } = {}) => {
    setBusy(true); setErr(null);
    try {
      const body = reason.trim() ? { reason: reason.trim() } : {};
      if (confirm) body.confirm = true;
      if (closest) body.accept_closest = true;
      const a = await api.post(`/api/optimizations/${encodeURIComponent(job.id)}/accept`, body);
      upd(() => ({ decision: { accepted: true, ...a } }));
      onLeversChanged();
    } catch (ex) { setErr(ex); } finally { setBusy(false); }
  };
  const reject = () => upd(() => ({ decision: { accepted: false } }));

  const spread = r.seed_spread;
  const changes = r.changes || [];
  const canDecide = r.dry_run && !r.applied && !job.decision;
  // Issue 10 item 7: an unreachable result offers only "Accept closest",
  // behind a confirmation; a result off the guard rails says so.
  const reachable = r.reachable !== false;
  const violations = r.guard_rail_violations || [];
  const rails = r.guard_rails;

  return html`<div class="opt-result" data-testid="opt-result">
    <h3>Summary</h3>
    <table class="compact kv" data-testid="opt-summary"><tbody>
      <tr><th scope="row">Performance</th><td data-testid="opt-performance">${s.performance_status || '—'}</td></tr>
      ${rails ? html`<tr><th scope="row">Guard rails</th><td data-testid="opt-rails">merit ≥ ${pct(rails.merit_floor)}, COLA ≥ ${pct(rails.cola_floor)}${rails.merit_ordering ? ', merit lower levels ≥ higher' : ''}${rails.promotion_ranges ? ', promotion within policy ranges' : ''}
        ${violations.length ? html` · <strong class="warn-text" data-testid="opt-violations">${violations.length} broken</strong>` : ' · all kept'}</td></tr>` : ''}
      ${r.cost_cap_met != null ? html`<tr><th scope="row">Cost cap</th><td>${r.cost_cap_met ? 'met in every year' : html`<strong class="warn-text">not met</strong>`}</td></tr>` : ''}
      <tr><th scope="row">Initial gap</th><td>${pts(s.initial_gap, 3)}</td></tr>
      <tr><th scope="row">Final gap</th><td>${pts(s.final_gap, 3)}</td></tr>
      <tr><th scope="row">Gap reduction</th><td>${pts(s.gap_reduction, 3)} (${isNum(s.gap_reduction_percentage) ? `${s.gap_reduction_percentage.toFixed(1)}%` : '—'})</td></tr>
      ${s.performance_insights ? html`<tr><th scope="row">Insights</th><td>average gap reduction per iteration ${pts(s.performance_insights.avg_gap_reduction_per_iteration, 3)}; convergence efficiency ${isNum(s.performance_insights.convergence_efficiency) ? s.performance_insights.convergence_efficiency.toFixed(1) : '—'}</td></tr>` : ''}
    </tbody></table>
    ${(s.recommendations || []).length ? html`<h4>Recommendations</h4><ul class="recs">${s.recommendations.map((x) => html`<li>${x}</li>`)}</ul>` : ''}

    ${violations.length ? html`<table class="compact" data-testid="opt-violation-list"><thead><tr><th>Rule</th><th>Year</th><th>Level</th><th class="num">Value</th><th class="num">Limit</th></tr></thead>
      <tbody>${violations.map((v) => html`<tr><td>${v.rule}</td><td>${v.year ?? '—'}</td><td>${v.level ?? 'all'}</td>
        <td class="num">${pct(v.value, 3)}</td><td class="num">${pct(v.limit, 3)}</td></tr>`)}</tbody></table>` : ''}
    <${RobustSummary} robust=${r.robust} target=${r.target} tolerance=${isNum(r.tolerance) ? r.tolerance : job.request.tolerance} />
    <${ProposedFan} result=${r} target=${r.target} tolerance=${isNum(r.tolerance) ? r.tolerance : job.request.tolerance} />
    <h3>Reachability</h3>
    <p data-testid="opt-reachability">${reach.verdict || (reach.checked === false ? 'not checked' : '—')}</p>
    ${reach.checked ? html`<p class="muted">Reachable range ${pct(reach.low, 3)} to ${pct(reach.high, 3)}; closest ${pct(reach.closest, 3)}
      ${(reach.binding || []).length ? `; binding: ${reach.binding.join(', ')}` : ''}
      ${(reach.suggestions || []).length ? `; levers to consider: ${reach.suggestions.join(', ')}` : ''}</p>` : ''}

    ${r.best_levers && Object.keys(r.best_levers).length ? html`<h3>Best levers</h3>
      <table class="compact"><thead><tr><th>Variable</th><th class="num">Best</th><th class="num">Bounds</th></tr></thead>
        <tbody>${Object.entries(r.best_levers).map(([k, v]) => html`<tr><td><code>${k}</code></td><td class="num">${variableText(k, v)}</td>
          <td class="num">${r.bounds && r.bounds[k] ? `${variableText(k, r.bounds[k][0])} – ${variableText(k, r.bounds[k][1])}` : '—'}</td></tr>`)}</tbody></table>
      ${(r.locked_out || []).length ? html`<p class="muted">Fully locked, left out: ${r.locked_out.join(', ')}</p>` : ''}` : ''}

    ${changes.length ? html`<details class="changes"><summary>Cells that ${r.applied ? 'were' : 'would be'} written (${changes.length})</summary>
      <div class="table-wrap scroll-y"><table class="compact"><thead><tr><th>Parameter</th><th>Year</th><th>Level</th><th class="num">Old</th><th class="num">New</th></tr></thead>
      <tbody>${changes.map((c) => html`<tr><td><code>${c.parameter_name}</code></td><td>${c.fiscal_year}</td><td>${c.job_level}</td>
        <td class="num">${leverText(c.parameter_name === 'new_hire_salary_adjustment' ? 'multiplier' : 'rate', c.old_value)}</td>
        <td class="num">${leverText(c.parameter_name === 'new_hire_salary_adjustment' ? 'multiplier' : 'rate', c.new_value)}</td></tr>`)}</tbody></table></div>
    </details>` : ''}
    ${(r.skipped_locked || []).length ? html`<p class="muted">${r.skipped_locked.length} locked cell(s) were left unchanged.</p>` : ''}

    ${spread && (spread.seeds || []).length ? html`<h3>Seed-to-seed spread</h3>
      <p>${spread.seeds.length} seeds: mean ${pct(spread.mean, 3)}, standard deviation ${pts(spread.stddev, 3).replace('+', '')}.${' '}
      ${spread.tolerance_below_noise ? html` <strong class="warn-text">The tolerance is smaller than the seed noise: hitting the target for one seed says little about another.</strong>` : ''}</p>` : ''}

    ${(r.sensitivity || []).length ? html`<details><summary>Sensitivity at the best point (${r.sensitivity.length} levers)</summary>
      <table class="compact"><thead><tr><th>Lever</th><th class="num">Value</th><th class="num">Growth elasticity</th><th class="num">Cost elasticity</th><th class="num">Cost slope</th></tr></thead>
      <tbody>${r.sensitivity.map((x) => html`<tr><td><code>${x.lever}</code></td><td class="num">${variableText(x.lever, x.value)}</td>
        <td class="num">${isNum(x.growth_elasticity) ? x.growth_elasticity.toFixed(3) : '—'}</td>
        <td class="num">${isNum(x.cost_elasticity) ? x.cost_elasticity.toFixed(3) : '—'}</td>
        <td class="num">${moneyShort(x.cost_slope)}</td></tr>`)}</tbody></table></details>` : ''}

    ${r.algorithm === 'nsga2' ? html`<${ParetoChart} history=${r.history || []} target=${r.target} />` : ''}

    <p><a href=${`/api/optimizations/${encodeURIComponent(job.id)}/report`} target="_blank" rel="noopener">Evidence report (Markdown)</a>${' · '}<a download data-testid="opt-xlsx"
      href=${`/api/optimizations/${encodeURIComponent(job.id)}/export?format=xlsx`}>Excel workbook</a>${' · '}${r.apply_note ? html`<span class="muted">${r.apply_note}</span>` : ''}</p>

    ${canDecide ? html`<div class="decision" data-testid="opt-decision">
      <h3>Accept or reject the proposal</h3>
      <p class="muted">Accepting writes the best levers to scenario <code>${r.scenario}</code> (locks respected, audited under your name);
        into a published scenario it makes a change request for an approver instead. Rejecting discards the proposal; nothing is written.</p>
      <div class="form-row">
        <div class="form-field grow"><label for="opt-accept-reason">Reason (optional)</label>
          <input id="opt-accept-reason" type="text" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} /></div>
        ${reachable ? html`<button type="button" class="btn-primary" disabled=${busy} onClick=${() => accept()} data-testid="opt-accept">Accept</button>`
          : html`<button type="button" disabled=${busy || closestAsked} onClick=${() => setClosestAsked(true)} data-testid="opt-accept-closest">Accept closest…</button>`}
        <button type="button" disabled=${busy} onClick=${reject} data-testid="opt-reject">Reject</button>
      </div>
      ${!reachable && closestAsked ? html`<div class="notice notice-warn confirm-box" role="alertdialog" data-testid="opt-closest-confirm">
        <p>The target is out of reach of these levers within the guard rails: the best point found is only the closest,
          at ${pct(r.final_growth, 3)} against a target of ${pct(r.target, 3)}.
          Write it to <code>${r.scenario}</code> anyway?</p>
        <div class="button-row">
          <button type="button" class="btn-primary" disabled=${busy} onClick=${() => accept({ closest: true })} data-testid="opt-closest-yes">Accept the closest point</button>
          <button type="button" onClick=${() => setClosestAsked(false)}>Cancel</button></div></div>` : ''}
      ${needsConfirmation(err) && errorInfo(err).field === 'confirm' ? html`<${ConfirmBox} err=${err} action="Accept anyway" testid="opt-confirm"
          onConfirm=${() => accept({ confirm: true, closest: !reachable })} onCancel=${() => setErr(null)} />`
        : html`<${ErrorNote} err=${err} testid="opt-accept-error" />`}
    </div>` : ''}
    ${job.decision && job.decision.accepted && !job.decision.request_id ? html`<${Notice} kind="ok" testid="opt-accepted">Accepted: ${(job.decision.changes || []).length} value(s) written${''}
      ${(job.decision.skipped_locked || []).length ? `, ${job.decision.skipped_locked.length} locked cell(s) skipped` : ''}.<//>` : ''}
    ${job.decision && job.decision.request_id ? html`<${Notice} kind="ok" testid="opt-accepted">Accepted as change request <strong
      data-testid="opt-request-id">${job.decision.request_id}</strong> (${job.decision.request_state || 'made'}): scenario <code>${r.scenario}</code>
      is published, so the proposal ${job.decision.request_state === 'published'
        ? 'was approved and published by the scenario\'s policy' : 'waits for an approver in the Approvals tab'}.<//>` : ''}
    ${job.decision && !job.decision.accepted ? html`<${Notice} kind="info" testid="opt-rejected">Proposal rejected: nothing was written. The run stays in the record.<//>` : ''}
  </div>`;
}
