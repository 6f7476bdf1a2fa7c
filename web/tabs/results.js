// Tab 4 — Results: one stored run (GET /api/runs), filtered by employment
// status (GET /api/runs/{id}/results?status=...), judged against the target
// band; its pay budget by pool and level (GET /api/runs/{id}/budget); charts
// and exports with progress (lib/export_link.js).

import { html, useEffect, useMemo, useState } from '/vendor/htm-preact.js';
import { api, qs } from '../lib/api.js';
import {
  Chart, COLORS, PALETTE, axisInt, axisMoney, axisPct, axisYears, bars, targetSeries,
} from '../lib/chart.js';
import { int, isNum, money, pct, pts, when } from '../lib/format.js';
import { ErrorNote, Loading, Notice, Stat } from '../lib/ui.js';
import { focusYear } from '../lib/budget.js';
import { BudgetTable, BudgetYearPicker } from './budget_table.js';
import { EnsemblePanel } from './results_ensemble.js';
import { ExportLink } from '../lib/export_link.js';

export const DEFAULT_STATUSES = ['continuous_active', 'new_hire_active'];
const KNOWN_STATUSES = ['continuous_active', 'new_hire_active', 'experienced_termination', 'new_hire_termination'];
const EXPORT_TABLES = ['year_summary', 'hires_by_level', 'pay_budget', 'workforce_snapshot', 'yearly_events'];
const EXPORT_FORMATS = ['csv', 'parquet'];
const isDone = (s) => s === 'done';

/** "run_… · done · default · seed 42 · 2025–2029", leaving out what the list does not give. */
export function runLabel(r) {
  const parts = [r.run_id, r.status, r.scenario];
  if (r.seed != null) parts.push(`seed ${r.seed}`);
  if (r.start_year != null) parts.push(`${r.start_year}–${r.end_year}`);
  if (r.created_at) parts.push(when(r.created_at));
  if (r.what_if) parts.push(`what-if (${r.overrides} unsaved edit${r.overrides === 1 ? '' : 's'})`);
  if ((r.carried_lever_years || []).length) parts.push(`levers carried to ${r.carried_lever_years.join(', ')}`);
  return parts.filter((x) => x != null && x !== '').join(' · ');
}

export function bandOf(growth, target, tol) {
  if (!isNum(growth)) return { text: '—', tone: '' };
  const gap = growth - target;
  if (Math.abs(gap) <= tol + 1e-12) return { text: 'on target', tone: 'good' };
  return gap > 0 ? { text: `above by ${pts(gap)}`, tone: 'warn' } : { text: `below by ${pts(-gap)}`, tone: 'warn' };
}

/** A run's pay budget by pool and level (GET /api/runs/{id}/budget), one year at a time. */
function RunBudget({ runId, caps }) {
  const [budget, setBudget] = useState(null);
  const [err, setErr] = useState(null);
  const [year, setYear] = useState(null);
  useEffect(() => {
    if (!runId) return;
    setBudget(null);
    api.get(`/api/runs/${encodeURIComponent(runId)}/budget`)
      .then((b) => { setBudget(b); setErr(null); setYear((y) => y ?? focusYear(b.years || [])); })
      .catch((e) => { setErr(e); setBudget(null); });
  }, [runId]);
  if (err) return html`<${ErrorNote} err=${err} testid="results-budget-error" />`;
  if (!budget) return html`<${Loading} text="Loading the pay budget…" />`;
  const years = budget.years || [];
  const y = years.some((b) => b.year === year) ? year : focusYear(years);
  if (y === null) return '';
  return html`<div class="section-head"><${BudgetYearPicker} years=${years} year=${y} setYear=${setYear} id="results-budget-year" /></div>
    <${BudgetTable} years=${years} year=${y} caps=${caps} testid="results-budget" />`;
}

export function ResultsTab({ active, selectedRun, setSelectedRun, runsVersion, target: scenarioTarget, scenarios, config }) {
  const [runs, setRuns] = useState(null);
  const [runsErr, setRunsErr] = useState(null);
  const [statuses, setStatuses] = useState(DEFAULT_STATUSES);
  const [tolText, setTolText] = useState(() => String(Number((scenarioTarget.tolerance * 100).toFixed(3))));
  const [data, setData] = useState(null);
  const [err, setErr] = useState(null);
  const [loading, setLoading] = useState(false);
  const [levelYear, setLevelYear] = useState(null);

  useEffect(() => {
    if (!active) return;
    api.get('/api/runs').then((r) => { setRuns(r.runs || []); setRunsErr(null); }).catch(setRunsErr);
  }, [runsVersion, active]);

  const runId = selectedRun || (runs && (runs.find((r) => isDone(r.status)) || {}).run_id) || null;

  useEffect(() => {
    if (!runId) return;
    setLoading(true);
    setErr(null);
    const status = statuses.length ? statuses.join(',') : DEFAULT_STATUSES.join(',');
    api.get(`/api/runs/${encodeURIComponent(runId)}/results${qs({ status })}`)
      .then((d) => { setData(d); setErr(null); })
      .catch((e) => { setErr(e); setData(null); })
      .finally(() => setLoading(false));
  }, [runId, statuses.join(',')]);

  const statusOptions = useMemo(() => {
    const s = new Set();
    // status_counts always covers every status, whatever the filter.
    if (data) for (const c of data.status_counts || []) s.add(c.status);
    if (!s.size) KNOWN_STATUSES.forEach((x) => s.add(x));
    return [...s];
  }, [data]);

  const tolPt = Number(tolText);
  const tol = Number.isFinite(tolPt) && tolPt >= 0 ? tolPt / 100 : 0.001;
  // The target the run recorded (issue 10 item 4), else the scenario's own.
  const recorded = runs && runId ? (runs.find((r) => r.run_id === runId) || {}).target : null;
  const target = recorded ? recorded.growth : scenarioTarget.growth;
  useEffect(() => {
    const t = recorded || scenarioTarget;
    setTolText(String(Number((t.tolerance * 100).toFixed(3))));
  }, [runId, recorded && recorded.tolerance, scenarioTarget.tolerance]);
  const years = (data && data.years) || [];
  const yearList = years.map((y) => y.year);

  const countsByYear = useMemo(() => {
    const m = new Map();
    for (const c of (data && data.status_counts) || []) {
      if (!m.has(c.year)) m.set(c.year, {});
      m.get(c.year)[c.status] = c.count;
    }
    return m;
  }, [data]);

  const payChart = useMemo(() => {
    if (!years.length) return null;
    const x = yearList;
    const t = targetSeries(target, tol, x.length, 'pct');
    return {
      data: [x, years.map((y) => y.avg_fye), years.map((y) => y.avg_fye_growth), ...t.data],
      opts: {
        scales: { x: { time: false, range: [x[0] - 0.5, x[x.length - 1] + 0.5] }, y: { range: (u, lo, hi) => [0, hi * 1.1] },
          pct: { auto: true } },
        axes: [
          { values: axisYears(), splits: () => x },
          { label: 'Average FYE pay', values: axisMoney(), size: 70 },
          { side: 1, scale: 'pct', label: 'Growth', values: axisPct(1), grid: { show: false }, size: 60 },
        ],
        series: [
          { label: 'Year', value: (u, v) => (v == null ? '—' : String(v)) },
          { label: 'Average FYE pay', stroke: COLORS.blue, fill: 'rgba(31,111,235,0.18)', paths: bars(0.45),
            points: { show: false }, value: (u, v) => money(v) },
          { label: 'Growth', scale: 'pct', stroke: COLORS.orange, width: 3, points: { size: 8 }, value: (u, v) => pct(v) },
          ...t.series,
        ],
        bands: [{ series: [3, 4], fill: 'rgba(46,139,87,0.14)' }],
      },
    };
  }, [data, tol, target]);

  const statusChart = useMemo(() => {
    if (!countsByYear.size) return null;
    const x = [...countsByYear.keys()].sort((a, b) => a - b);
    const raw = statusOptions.map((s) => x.map((y) => countsByYear.get(y)[s] || 0));
    const cum = [];
    raw.forEach((r, k) => cum.push(r.map((v, i) => v + (k ? cum[k - 1][i] : 0))));
    const order = statusOptions.map((_, k) => statusOptions.length - 1 - k); // top of the stack first
    return {
      data: [x, ...order.map((k) => cum[k])],
      opts: {
        scales: { x: { time: false, range: [x[0] - 0.5, x[x.length - 1] + 0.5] }, y: { range: (u, lo, hi) => [0, hi * 1.05] } },
        axes: [{ values: axisYears(), splits: () => x }, { label: 'Employees', values: axisInt(), size: 60 }],
        series: [
          { label: 'Year', value: (u, v) => (v == null ? '—' : String(v)) },
          ...order.map((k) => ({
            label: statusOptions[k], stroke: PALETTE[k % PALETTE.length], fill: PALETTE[k % PALETTE.length],
            paths: bars(0.6), points: { show: false },
            value: (u, v, si, i) => (i == null ? '—' : int(raw[k][i])),
          })),
        ],
      },
    };
  }, [countsByYear, statusOptions]);

  const ly = levelYear && yearList.includes(levelYear) ? levelYear : yearList[yearList.length - 1];
  const levelChart = useMemo(() => {
    const rows = ((data && data.by_level) || []).filter((r) => r.year === ly).sort((a, b) => a.level - b.level);
    if (!rows.length) return null;
    const x = rows.map((r) => r.level);
    return {
      rows,
      data: [x, rows.map((r) => r.headcount), rows.map((r) => r.avg_fye)],
      opts: {
        scales: { x: { time: false, range: [x[0] - 0.5, x[x.length - 1] + 0.5] }, y: { range: (u, lo, hi) => [0, hi * 1.1] },
          pay: { range: (u, lo, hi) => [0, hi * 1.1] } },
        axes: [{ label: 'Level', values: (u, v) => v.map((z) => (Number.isInteger(z) ? `L${z}` : '')), splits: () => x },
          { label: 'Headcount', values: axisInt(), size: 60 },
          { side: 1, scale: 'pay', label: 'Average FYE pay', values: axisMoney(), grid: { show: false }, size: 70 }],
        series: [
          { label: 'Level', value: (u, v) => (v == null ? '—' : `L${v}`) },
          { label: 'Headcount', stroke: COLORS.teal, fill: 'rgba(15,139,141,0.35)', paths: bars(0.5), points: { show: false }, value: (u, v) => int(v) },
          { label: 'Average FYE pay', scale: 'pay', stroke: COLORS.purple, width: 3, points: { size: 8 }, value: (u, v) => money(v) },
        ],
      },
    };
  }, [data, ly]);

  const toggleStatus = (s) => setStatuses((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  const runRow = runs && runs.find((r) => r.run_id === runId);

  const growths = years.map((y) => y.avg_fye_growth);
  const meanG = growths.length && growths.every(isNum) ? growths.reduce((a, b) => a + b, 0) / growths.length : NaN;
  const finalG = growths[growths.length - 1];
  const verdict = bandOf(meanG, target, tol);
  // Total payroll (prorated): every status, whatever the filter (docs/model.md "Cost vocabulary").
  const totalPayroll = years.reduce((a, y) => a + (isNum(y.total_payroll_prorated) ? y.total_payroll_prorated : NaN), 0);
  const eventTypes = [...new Set(((data && data.events) || []).map((e) => e.event_type))].sort();

  return html`<div class="tab-results">
    <h2>Results</h2>
    <div class="form-row">
      <div class="form-field grow">
        <label for="results-run">Run</label>
        ${runs ? html`<select id="results-run" value=${runId || ''} onChange=${(e) => setSelectedRun(e.currentTarget.value)}>
          ${!runId ? html`<option value="">— no finished run yet —</option>` : ''}
          ${runs.map((r) => html`<option value=${r.run_id} disabled=${!isDone(r.status)}>${runLabel(r)}</option>`)}
        </select>` : html`<${Loading} text="Loading runs…" />`}
        <${ErrorNote} err=${runsErr} />
      </div>
      <div class="form-field">
        <label for="results-tol">Tolerance (± pt)</label>
        <input id="results-tol" type="number" min="0" step="0.05" size="6" value=${tolText}
          onInput=${(e) => setTolText(e.currentTarget.value)} />
      </div>
      <div class="form-field"><span class="label">Target${recorded ? ' (recorded with the run)' : ''}</span>
        <span class="static" data-testid="results-target">${pct(target)}</span></div>
    </div>
    <fieldset class="status-filter">
      <legend>Employment status</legend>
      ${statusOptions.map((s) => html`<label class="inline check"><input type="checkbox" checked=${statuses.includes(s)}
        onChange=${() => toggleStatus(s)} /> ${s}</label>`)}
      <button type="button" class="btn-small" onClick=${() => setStatuses(statusOptions)}>All</button>
      <button type="button" class="btn-small" onClick=${() => setStatuses(DEFAULT_STATUSES)}>Active only (default)</button>
      ${!statuses.length ? html`<span class="hint">Nothing selected: showing the two active statuses.</span>` : ''}
    </fieldset>

    ${!runId && runs ? html`<${Notice} kind="info">No finished run yet. Start one in Run Simulation.<//>` : ''}
    <${ErrorNote} err=${err} testid="results-error" />
    ${loading && !data ? html`<${Loading} text="Loading results…" />` : ''}
    ${data ? html`
      <p class="muted">Run <code>${data.run_id}</code>${runRow && runRow.seed != null ? ` · seed ${runRow.seed}` : ''}${runRow ? ` · scenario ${runRow.scenario} · created ${when(runRow.created_at)}` : ''}${runRow && runRow.what_if
        ? html` <span class="tag tag-whatif" data-testid="results-whatif">what-if: ${runRow.overrides} unsaved edit${runRow.overrides === 1 ? '' : 's'}, not the stored levers</span>` : ''}${' '}
        · statuses: ${(data.statuses || []).join(', ')}${loading ? ' · refreshing…' : ''}</p>
      <div class="stats">
        <${Stat} label=${`Mean growth (${years.length} years)`} value=${pct(meanG)} testid="results-mean-growth"
          sub=${`year 1 against the census baseline; ${verdict.text}`} tone=${verdict.tone} />
        <${Stat} label=${`Final-year growth (${yearList[yearList.length - 1] || '—'})`} value=${pct(finalG)}
          sub=${`target ${pct(target)} ± ${pts(tol).replace('+', '')}`} />
        <${Stat} label="Headcount, final year" value=${int(years.length ? years[years.length - 1].headcount : NaN)}
          sub=${`coverage ${yearList[0] || '—'}–${yearList[yearList.length - 1] || '—'}`} />
        <${Stat} label="Total payroll (prorated), all years" value=${money(totalPayroll)} testid="results-payroll"
          sub="every status, whatever the filter; summed over the years, as on Impact" />
      </div>
      <div class="table-wrap">
        <table class="data" data-testid="results-table">
          <caption>Per year: headcount, pay and prorated pay of the selected statuses; total payroll (prorated) and run-rate payroll (FYE) of everyone; growth judged against ${pct(target)} ± ${tolText} pt</caption>
          <thead><tr><th scope="col">Year</th><th class="num">Headcount</th><th class="num">Average FYE pay</th>
            <th class="num">Growth</th><th class="num">vs target</th><th>Band</th><th class="num">Prorated pay (selected)</th>
            <th class="num">Total payroll (prorated)</th><th class="num">Run-rate payroll (FYE)</th>
            ${statusOptions.map((s) => html`<th class="num status-col">${s}</th>`)}</tr></thead>
          <tbody>${years.map((y) => {
            const b = bandOf(y.avg_fye_growth, target, tol);
            const c = countsByYear.get(y.year) || {};
            return html`<tr><th scope="row">${y.year}</th><td class="num">${int(y.headcount)}</td>
              <td class="num">${money(y.avg_fye)}</td><td class="num">${pct(y.avg_fye_growth)}</td>
              <td class="num">${pts(y.avg_fye_growth - target)}</td><td class=${`band band-${b.tone}`}>${b.text}</td>
              <td class="num">${money(y.selected_prorated)}</td><td class="num">${money(y.total_payroll_prorated)}</td>
              <td class="num">${money(y.run_rate_payroll_fye)}</td>
              ${statusOptions.map((s) => html`<td class="num">${data ? int(c[s] || 0) : '—'}</td>`)}</tr>`;
          })}</tbody>
        </table>
      </div>
      ${runRow ? html`<${EnsemblePanel} run=${runRow} config=${config}
        target=${{ growth: target, tolerance: tol, metric: (recorded || scenarioTarget).metric }} />` : ''}
      <h3>Pay budget by pool</h3>
      <${RunBudget} runId=${data.run_id}
        caps=${((scenarios || []).find((x) => runRow && x.scenario_id === runRow.scenario) || {}).budget_caps || []} />
      <div class="chart-grid">
        <div class="chart-card"><h3>Average pay and growth by year</h3>
          ${payChart ? html`<${Chart} opts=${payChart.opts} data=${payChart.data} height=${260} testid="results-pay-chart"
            label="Average FYE pay (bars) and growth (line) by year with the target and tolerance band" />` : ''}</div>
        <div class="chart-card"><h3>Workforce by employment status</h3>
          ${statusChart ? html`<${Chart} opts=${statusChart.opts} data=${statusChart.data} height=${260} testid="results-status-chart"
            label="Stacked employee counts by status and year" />` : html`<${Loading} />`}</div>
        <div class="chart-card"><h3>Headcount and pay by level,
          <select aria-label="Year of the level chart" value=${ly} onChange=${(e) => setLevelYear(Number(e.currentTarget.value))}>
            ${yearList.map((y) => html`<option value=${y}>${y}</option>`)}</select></h3>
          ${levelChart ? html`<${Chart} opts=${levelChart.opts} data=${levelChart.data} height=${260} testid="results-level-chart"
            label="Headcount (bars) and average FYE pay (line) by level" />` : html`<p class="muted">No level breakdown for this year.</p>`}</div>
        <div class="chart-card"><h3>Events by year</h3>
          ${eventTypes.length ? html`<table class="compact"><thead><tr><th>Year</th>${eventTypes.map((t) => html`<th class="num">${t}</th>`)}</tr></thead>
            <tbody>${yearList.map((y) => html`<tr><th scope="row">${y}</th>${eventTypes.map((t) => {
              const e = data.events.find((z) => z.year === y && z.event_type === t);
              return html`<td class="num">${e ? int(e.count) : '0'}</td>`;
            })}</tr>`)}</tbody></table>` : html`<p class="muted">No events recorded.</p>`}
        </div>
      </div>
      <h3>Export</h3>
      <div class="exports" data-testid="exports">
        <span class="export-item"><code>workbook</code> <a class="btn-small btn-link-button" download data-testid="export-xlsx"
          href=${`/api/runs/${encodeURIComponent(data.run_id)}/export${qs({ format: 'xlsx' })}`}>Excel</a></span>
        ${EXPORT_TABLES.map((t) => html`<span class="export-item"><code>${t}</code>
          ${EXPORT_FORMATS.map((f) => html` <${ExportLink} runId=${data.run_id} table=${t} format=${f} />`)}</span>`)}
      </div>
    ` : ''}
  </div>`;
}
