// The Compare tab (issue 10 item 2): two to four scenarios (each one's latest
// stored run, or a simulation of its current levers when it has none) or
// stored runs side by side — the lever differences cell by cell; per year
// headcount, average FYE pay, growth and the cost by pool; the difference to
// the first one chosen; growth and payroll charts with one line per item;
// and the same figures as CSV (GET /api/compare.csv). "With seed bands"
// compares two scenarios over many seeds instead (compare_paired.js).

import { html, useEffect, useMemo, useState } from '/vendor/htm-preact.js';
import { api, qs } from '../lib/api.js';
import { Chart, PALETTE, axisMoney, axisPct, axisYears } from '../lib/chart.js';
import {
  int, intDelta, isNum, leverText, money, moneyDelta, pct, pts, unitOf, when,
} from '../lib/format.js';
import { COST_LABELS, capVariances } from '../lib/budget.js';
import { CapVariances } from './budget_table.js';
import { ErrorNote, Loading, Notice } from '../lib/ui.js';
import { PairedCompare } from './compare_paired.js';

const MAX_ITEMS = 4;

// Per-year columns: [key, label, formatter, delta formatter].
const COLUMNS = [
  ['headcount', 'Headcount', int, intDelta],
  ['avg_fye', 'Average FYE pay', money, moneyDelta],
  ['growth', 'Pay growth', pct, pts],
  ['total_payroll_prorated', COST_LABELS.total_payroll_prorated, money, moneyDelta],
  ['run_rate_payroll_fye', COST_LABELS.run_rate_payroll_fye, money, moneyDelta],
  ['merit', 'Merit (annualised)', money, moneyDelta],
  ['cola', 'COLA (annualised)', money, moneyDelta],
  ['promotion', 'Promotions (annualised)', money, moneyDelta],
  ['new_hire_premium', 'New-hire premium (annualised)', money, moneyDelta],
];

function lineChart(result, key, axis, fmt) {
  const x = result.years.map((y) => y.year);
  return {
    data: [x, ...result.items.map((_, i) => result.years.map((y) => (isNum(y.values[i][key]) ? y.values[i][key] : null)))],
    opts: {
      scales: { x: { time: false, range: [x[0] - 0.3, x[x.length - 1] + 0.3] } },
      axes: [{ values: axisYears(), splits: () => x }, { values: axis, size: 70 }],
      series: [
        { label: 'Year', value: (u, v) => (v == null ? '—' : String(v)) },
        ...result.items.map((it, i) => ({ label: it.label, stroke: PALETTE[i % PALETTE.length], width: 2.5,
          points: { size: 7 }, value: (u, v) => fmt(v) })),
      ],
    },
  };
}

// Each compared item's figures against its scenario's budget caps.
function compareCaps(result, scenarios) {
  const rows = [];
  result.items.forEach((it, i) => {
    const caps = ((scenarios || []).find((s) => s.scenario_id === it.scenario) || {}).budget_caps || [];
    for (const y of result.years) {
      const v = y.values[i];
      const entry = { year: y.year, total_payroll_prorated: v.total_payroll_prorated,
        pools: Object.fromEntries(['merit', 'cola', 'promotion', 'new_hire_premium'].map((k) => [k, { annualised: v[k] }])) };
      for (const c of capVariances(caps, entry)) rows.push({ ...c, item: it.label });
    }
  });
  return rows;
}

function Picker({ mode, setMode, scenarios, runs, chosen, setChosen }) {
  const options = mode === 'scenarios'
    ? (scenarios || []).map((s) => ({ id: s.scenario_id, text: s.scenario_id, sub: s.last_run ? `last run ${when(s.last_run.created_at)}` : 'no run yet: simulated' }))
    : (runs || []).filter((r) => r.status === 'done').map((r) => ({ id: r.run_id, text: r.run_id,
      sub: `${r.scenario} · seed ${r.seed}${r.what_if ? ' · what-if' : ''}` }));
  const toggle = (id) => setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id)
    : chosen.length < MAX_ITEMS ? [...chosen, id] : chosen);
  return html`<fieldset class="compare-picker" data-testid="compare-picker">
    <legend>Compare</legend>
    <label class="inline check"><input type="radio" name="cmp-mode" checked=${mode === 'scenarios'}
      onChange=${() => { setMode('scenarios'); setChosen([]); }} /> scenarios</label>
    <label class="inline check"><input type="radio" name="cmp-mode" checked=${mode === 'runs'}
      onChange=${() => { setMode('runs'); setChosen([]); }} /> stored runs</label>
    <span class="hint"> Pick 2 to 4, in order: the first is the reference for the differences.</span>
    <div class="compare-options">${options.map((o) => {
      const i = chosen.indexOf(o.id);
      return html`<label class="compare-option" data-testid=${`cmp-opt-${o.id}`}>
        <input type="checkbox" checked=${i >= 0} disabled=${i < 0 && chosen.length >= MAX_ITEMS}
          onChange=${() => toggle(o.id)} />
        ${i >= 0 ? html`<span class="order">${i + 1}</span>` : ''}<strong>${o.text}</strong> <span class="muted small">${o.sub}</span></label>`;
    })}</div>
  </fieldset>`;
}

export function CompareTab({ scenarios, active, parameters, runsVersion, config }) {
  const [view, setView] = useState('items');
  const views = html`<div class="view-switch" role="radiogroup" aria-label="Compare view">
    <label class="inline check"><input type="radio" name="cmp-view" checked=${view === 'items'} onChange=${() => setView('items')} /> one run each, 2 to 4</label>
    <label class="inline check"><input type="radio" name="cmp-view" checked=${view === 'paired'} onChange=${() => setView('paired')}
      data-testid="cmp-view-paired" /> two scenarios with seed bands</label></div>`;
  if (view === 'paired') return html`<div class="compare">${views}<${PairedCompare} scenarios=${scenarios} config=${config} /></div>`;
  return html`<div class="compare">${views}<${CompareItems} scenarios=${scenarios} active=${active}
    parameters=${parameters} runsVersion=${runsVersion} /></div>`;
}

function CompareItems({ scenarios, active, parameters, runsVersion }) {
  const [mode, setMode] = useState('scenarios');
  const [chosen, setChosen] = useState([]);
  const [runs, setRuns] = useState(null);
  const [result, setResult] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!active || mode !== 'runs') return;
    api.get('/api/runs').then((r) => setRuns(r.runs || [])).catch(setErr);
  }, [active, mode, runsVersion]);

  const query = useMemo(() => (chosen.length >= 2 ? qs({ [mode]: chosen.join(',') }) : ''), [mode, chosen]);
  const compare = async () => {
    setErr(null); setBusy(true);
    try { setResult(await api.get(`/api/compare${query}`)); } catch (e) { setErr(e); setResult(null); }
    setBusy(false);
  };
  const growthChart = useMemo(() => (result && result.years.length ? lineChart(result, 'growth', axisPct(1), pct) : null), [result]);
  const costChart = useMemo(() => (result && result.years.length ? lineChart(result, 'total_payroll_prorated', axisMoney(), money) : null), [result]);

  return html`<div class="compare">
    <${Picker} mode=${mode} setMode=${setMode} scenarios=${scenarios} runs=${runs} chosen=${chosen} setChosen=${setChosen} />
    <div class="button-row">
      <button type="button" class="btn-primary" disabled=${chosen.length < 2 || busy} onClick=${compare} data-testid="compare-go">
        Compare ${chosen.length >= 2 ? chosen.length : ''}</button>
      ${result && query ? html`<a class="btn-link-button btn-small" download href=${`/api/compare.csv${query}`}
        data-testid="compare-csv">Export CSV</a>` : ''}
      ${result && query ? html`<a class="btn-link-button btn-small" download href=${`/api/compare.xlsx${query}`}
        data-testid="compare-xlsx">Excel</a>` : ''}
    </div>
    ${busy ? html`<${Loading} text="Comparing…" />` : ''}
    <${ErrorNote} err=${err} testid="compare-error" />
    ${result ? html`
      <div class="compare-items" data-testid="compare-items">${result.items.map((it, i) => html`
        <div class="compare-item" style=${`border-top-color:${PALETTE[i % PALETTE.length]}`}>
          <strong>${i + 1}. ${it.label}</strong>
          ${it.what_if ? html` <span class="tag tag-whatif">what-if</span>` : ''}
          ${it.simulated ? html` <span class="tag">simulated now</span>` : ''}
          <div class="muted small">${it.run_id ? html`run <code>${it.run_id}</code>` : 'current levers, not stored'}</div>
          <div>Mean growth <strong>${pct(result.mean_growth[i])}</strong>${i ? html` (${pts(result.mean_growth[i] - result.mean_growth[0])})` : ''}${' · '}final headcount <strong>${int(result.final_headcount[i])}</strong></div>
        </div>`)}</div>
      <div class="chart-grid">
        <div class="chart-card"><h3>Average-pay growth by year</h3>
          ${growthChart ? html`<${Chart} opts=${growthChart.opts} data=${growthChart.data} height=${240} label="Growth by year, one line per compared item" testid="compare-growth-chart" />` : ''}</div>
        <div class="chart-card"><h3>${COST_LABELS.total_payroll_prorated} by year</h3>
          ${costChart ? html`<${Chart} opts=${costChart.opts} data=${costChart.data} height=${240} label="Total payroll by year, one line per compared item" testid="compare-cost-chart" />` : ''}</div>
      </div>
      <h3>By year <span class="muted small">(differences to ${result.items[0].label})</span></h3>
      <div class="table-wrap"><table class="data compare-years" data-testid="compare-years">
        <thead><tr><th scope="col">Year</th><th scope="col">Item</th>
          ${COLUMNS.map(([, label]) => html`<th scope="col" class="num">${label}</th>`)}</tr></thead>
        <tbody>${result.years.map((y) => result.items.map((it, i) => html`
          <tr class=${i === 0 ? 'group-start' : ''} data-testid=${`cmp-${y.year}-${i}`}>
            ${i === 0 ? html`<th scope="rowgroup" rowspan=${result.items.length}>${y.year}</th>` : ''}
            <td>${it.label}</td>
            ${COLUMNS.map(([key, , fmt, dfmt]) => html`<td class="num">${fmt(y.values[i][key])}
              ${i > 0 ? html`<div class="delta small" data-testid=${`cmp-${y.year}-${i}-${key}-delta`}>${dfmt(y.deltas[i][key])}</div>` : ''}</td>`)}
          </tr>`))}</tbody></table></div>
      <${CapVariances} title="Budget cap" testid="compare-caps" rows=${compareCaps(result, scenarios)} />
      <h3>Lever differences</h3>
      ${result.lever_differences.length ? html`<div class="table-wrap scroll-y"><table class="data compact" data-testid="compare-levers">
        <thead><tr><th scope="col">Lever</th><th scope="col">Year</th><th scope="col">Level</th>
          ${result.items.map((it) => html`<th scope="col" class="num">${it.label}</th>`)}</tr></thead>
        <tbody>${result.lever_differences.map((d) => html`<tr>
          <td>${d.parameter}</td><td>${d.year}</td><td>L${d.level}</td>
          ${d.values.map((v, i) => html`<td class=${`num ${i && v !== d.values[0] ? 'changed' : ''}`}>${leverText(unitOf(parameters, d.parameter), v)}</td>`)}
        </tr>`)}</tbody></table></div>` : html`<${Notice} kind="info">The compared items run with the same levers.<//>`}
    ` : html`<${Notice} kind="info">Choose two to four ${mode === 'scenarios' ? 'scenarios' : 'stored runs'} and press Compare.<//>`}
  </div>`;
}
