// The landing tab (issue 10 items 3–5): outcomes first. The budget by pool
// of the current levers for a plan year, the scenario's budget caps and the
// variance against them, and the scenario's own target — set here, and used
// by the headline, Impact, Results and Auto-Optimize alike. The lever grid
// is one click away (the headline's "Edit levers", or the Levers tab).

import { html, useEffect, useState } from '/vendor/htm-preact.js';
import { api, can } from '../lib/api.js';
import { isNum, when } from '../lib/format.js';
import { CAP_POOLS, focusYear } from '../lib/budget.js';
import { ErrorNote, Field, Loading, Notice } from '../lib/ui.js';
import { BudgetTable, BudgetYearPicker } from './budget_table.js';
import { targetOf } from './headline.js';

const enc = encodeURIComponent;

function ScenarioCard({ info }) {
  if (!info) return null;
  const link = info.base
    ? (info.inherits ? html`inherits from <strong>${info.base}</strong> (its later changes show through)`
      : html`copied from <strong>${info.base}</strong> (its own values; no link)`)
    : 'the base scenario';
  const run = info.last_run;
  return html`<div class="scenario-card" data-testid="scenario-card">
    <div><strong>${info.scenario_id}</strong>${info.archived ? html` <span class="tag">archived</span>` : ''} · ${link}${` · ${info.stored_cells ?? 0} stored values, ${info.locked_cells ?? 0} locked`}</div>
    ${info.description ? html`<div class="muted">${info.description}</div>` : ''}
    <div class="muted">${run ? html`Last run <code>${run.run_id}</code> ${when(run.created_at)}${run.what_if ? html` <span class="tag tag-whatif">what-if</span>` : ''}`
      : 'No stored run yet.'}</div>
  </div>`;
}

function TargetForm({ info, config, scenario, mayEdit, onChanged }) {
  const t = targetOf(info, config);
  const [f, setF] = useState({ growth: '', tolerance: '', metric: 'mean', reason: '' });
  const [err, setErr] = useState(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setF({ growth: String(Number((t.growth * 100).toFixed(3))), tolerance: String(Number((t.tolerance * 100).toFixed(3))),
      metric: t.metric, reason: '' });
  }, [scenario, t.growth, t.tolerance, t.metric]);
  useEffect(() => setSaved(false), [scenario]);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setErr(null); setSaved(false);
    const growth = Number(f.growth) / 100; const tolerance = Number(f.tolerance) / 100;
    if (f.growth.trim() === '' || !isNum(growth)) { setErr({ field: 'growth', detail: 'enter the target growth in percent, e.g. 2' }); return; }
    if (f.tolerance.trim() === '' || !isNum(tolerance) || tolerance <= 0) { setErr({ field: 'tolerance', detail: 'enter the tolerance in points, above 0 (e.g. 0.1)' }); return; }
    if (!f.reason.trim()) { setErr({ field: 'reason', detail: 'enter the reason for the change (it goes to the audit trail)' }); return; }
    try {
      await api.put(`/api/scenarios/${enc(scenario)}/target`, { growth, tolerance, metric: f.metric, reason: f.reason.trim() });
      setSaved(true);
      onChanged();
    } catch (x) { setErr(x); }
  };
  return html`<form class="card-form" onSubmit=${submit} data-testid="target-form">
    <h3>Target of ${scenario}</h3>
    <div class="form-row">
      <${Field} label="Average-pay growth (%)" id="tg-growth" err=${err} field="growth">
        <input id="tg-growth" type="number" step="0.01" value=${f.growth} onInput=${set('growth')} disabled=${!mayEdit} /><//>
      <${Field} label="Tolerance (± pt)" id="tg-tol" err=${err} field="tolerance">
        <input id="tg-tol" type="number" step="0.01" min="0.01" value=${f.tolerance} onInput=${set('tolerance')} disabled=${!mayEdit} /><//>
      <${Field} label="Measured as" id="tg-metric" err=${err} field="metric">
        <select id="tg-metric" value=${f.metric} onChange=${set('metric')} disabled=${!mayEdit}>
          <option value="mean">mean of the plan years</option><option value="final">final year</option>
        </select><//>
      <${Field} label="Reason" id="tg-reason" err=${err} field="reason">
        <input id="tg-reason" type="text" size="28" value=${f.reason} onInput=${set('reason')} disabled=${!mayEdit} /><//>
      <button type="submit" class="btn-primary" disabled=${!mayEdit} data-testid="target-save">Save target</button>
    </div>
    ${err && !['growth', 'tolerance', 'metric', 'reason'].includes(err.field) ? html`<${ErrorNote} err=${err} />` : ''}
    ${saved ? html`<${Notice} kind="ok">Target saved; every tab now measures against it.<//>` : ''}
  </form>`;
}

function CapsForm({ info, scenario, years, mayEdit, onChanged }) {
  const [rows, setRows] = useState([]);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setRows(((info && info.budget_caps) || []).map((c) => ({ ...c, amount: String(c.amount) })));
  }, [scenario, info]);
  useEffect(() => setSaved(false), [scenario]);
  const update = (i, k, v) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const add = () => setRows([...rows, { year: years[0], pool: 'merit', amount: '' }]);
  const submit = async (e) => {
    e.preventDefault();
    setErr(null); setSaved(false);
    const caps = [];
    for (const [i, r] of rows.entries()) {
      const amount = Number(String(r.amount).replace(/[$,\s]/g, ''));
      if (!isNum(amount) || amount < 0 || String(r.amount).trim() === '') {
        setErr({ field: 'caps', detail: `row ${i + 1}: enter the cap in dollars, 0 or more` }); return;
      }
      caps.push({ year: Number(r.year), pool: r.pool, amount });
    }
    if (!reason.trim()) { setErr({ field: 'reason', detail: 'enter the reason for the change (it goes to the audit trail)' }); return; }
    try {
      await api.put(`/api/scenarios/${enc(scenario)}/budget`, { caps, reason: reason.trim() });
      setSaved(true);
      onChanged();
    } catch (x) { setErr(x); }
  };
  return html`<form class="card-form" onSubmit=${submit} data-testid="caps-form">
    <h3>Budget caps of ${scenario}</h3>
    <p class="hint">A cap limits a pool's annualised cost (or the year's total payroll) in a plan year. The budget
      tables on this tab, Impact, Results and Compare show the variance; a total-payroll cap can be Auto-Optimize's cost cap.</p>
    ${rows.length ? html`<table class="data compact"><thead><tr><th scope="col">Year</th><th scope="col">Pool</th>
        <th scope="col">Cap ($ a year)</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
      <tbody>${rows.map((r, i) => html`<tr>
        <td><select aria-label=${`cap ${i + 1} year`} value=${r.year} onChange=${(e) => update(i, 'year', Number(e.currentTarget.value))} disabled=${!mayEdit}>
          ${years.map((y) => html`<option value=${y}>${y}</option>`)}</select></td>
        <td><select aria-label=${`cap ${i + 1} pool`} value=${r.pool} onChange=${(e) => update(i, 'pool', e.currentTarget.value)} disabled=${!mayEdit}>
          ${CAP_POOLS.map((p) => html`<option value=${p.key}>${p.label}</option>`)}</select></td>
        <td><input aria-label=${`cap ${i + 1} amount`} type="text" inputmode="decimal" size="14" value=${r.amount}
          onInput=${(e) => update(i, 'amount', e.currentTarget.value)} disabled=${!mayEdit} /></td>
        <td><button type="button" class="btn-small" onClick=${() => setRows(rows.filter((_, j) => j !== i))} disabled=${!mayEdit}>Remove</button></td>
      </tr>`)}</tbody></table>` : html`<p class="muted">No caps set.</p>`}
    <div class="form-row">
      <button type="button" onClick=${add} disabled=${!mayEdit || !years.length} data-testid="cap-add">Add a cap</button>
      <${Field} label="Reason" id="cap-reason" err=${err} field="reason">
        <input id="cap-reason" type="text" size="28" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} disabled=${!mayEdit} /><//>
      <button type="submit" class="btn-primary" disabled=${!mayEdit} data-testid="caps-save">Save caps</button>
    </div>
    ${err && err.field !== 'reason' ? html`<${ErrorNote} err=${err} />` : ''}
    ${saved ? html`<${Notice} kind="ok">Caps saved.<//>` : ''}
  </form>`;
}

export function PlanTab({ config, scenario, scenarioInfo, stored, levers, me, onScenarioChanged }) {
  const budgetYears = (stored.headline && stored.headline.budget && stored.headline.budget.years) || [];
  const [year, setYear] = useState(null);
  useEffect(() => {
    if (!budgetYears.length) return;
    if (year === null || !budgetYears.some((y) => y.year === year)) setYear(focusYear(budgetYears));
  }, [budgetYears]);
  const mayEdit = can(me, 'edit_levers') && !(scenarioInfo && scenarioInfo.archived);
  const leverYears = (levers && levers.years) || budgetYears.map((y) => y.year);
  return html`<div class="plan">
    <${ScenarioCard} info=${scenarioInfo} />
    <div class="section-head"><h2>Budget by pool</h2>
      <${BudgetYearPicker} years=${budgetYears} year=${year} setYear=${setYear} /></div>
    <p class="hint">Simulated from the scenario's stored levers. Annualised: the increases granted, at a full year's
      rate. In-year: what they cost in the calendar year, given their dates. % of payroll: of the run-rate payroll
      on 1 January (docs/model.md §6.8, "Cost vocabulary").</p>
    ${stored.err ? html`<${ErrorNote} err=${stored.err} />` : ''}
    ${!stored.headline && !stored.err ? html`<${Loading} text="Simulating the current levers…" />` : ''}
    ${budgetYears.length && year !== null ? html`<${BudgetTable} years=${budgetYears} year=${year}
        caps=${scenarioInfo ? scenarioInfo.budget_caps : []} />` : ''}
    <div class="plan-forms">
      <${TargetForm} info=${scenarioInfo} config=${config} scenario=${scenario} mayEdit=${mayEdit} onChanged=${onScenarioChanged} />
      <${CapsForm} info=${scenarioInfo} scenario=${scenario} years=${leverYears} mayEdit=${mayEdit} onChanged=${onScenarioChanged} />
    </div>
    ${!can(me, 'edit_levers') ? html`<p class="muted">Your role reads the plan; targets and caps are set by analysts.</p>` : ''}
  </div>`;
}
