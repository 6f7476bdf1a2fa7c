// Sweep (issue 12 items 3 and 6): a grid of one or two levers over the
// scenario's levers, each grid point run over a seed ensemble
// (POST /api/sweep; locks hold, as in the optimizer). One lever: the
// headline's mean with its P10–P90 band against the lever, with the target
// band. Two levers: a heatmap of the headline's mean with contour lines at
// the target (solid) and at its tolerance (dashed).

import { html, useMemo, useState } from '/vendor/htm-preact.js';
import { api } from '../lib/api.js';
import { axisPct } from '../lib/chart.js';
import {
  leverText, money, ms, parseLeverInput, pct, pts, unitOf,
} from '../lib/format.js';
import { ErrorNote, FieldError, Loading, Notice } from '../lib/ui.js';
import { FanChart } from '../lib/fan_chart.js';
import { Heatmap } from '../lib/heatmap.js';
import { SeedsInput, ThinSample, seedsText, seedsValue } from '../lib/bands.js';

const GROWTH_AXIS = axisPct(2);

/** One axis of the form → "merit_base=0.02:0.05:0.0025", or an error naming the field. */
function axisText(axis, parameters, i) {
  const unit = unitOf(parameters, axis.lever);
  const [from, to, step] = [axis.from, axis.to, axis.step].map((t) => parseLeverInput(unit, t));
  if (![from, to, step].every(Number.isFinite)) {
    throw { kind: 'invalid_input', field: `axes[${i}]`, detail: `enter from, to and step of ${axis.lever} as numbers` };
  }
  return `${axis.lever}=${from}:${to}:${step}`;
}

function AxisForm({ axis, set, parameters, i, err }) {
  const unit = unitOf(parameters, axis.lever);
  const upd = (k) => (e) => set({ ...axis, [k]: e.currentTarget.value });
  return html`<fieldset class="sweep-axis" data-testid=${`sweep-axis-${i}`}>
    <legend>Lever ${i + 1}</legend>
    <select aria-label=${`Lever ${i + 1}`} value=${axis.lever} onChange=${upd('lever')} data-testid=${`sweep-lever-${i}`}>
      ${(parameters || []).map((p) => html`<option value=${p.name}>${p.name}</option>`)}</select>
    ${['from', 'to', 'step'].map((k) => html`<label class="inline">${k} <input type="text" size="6" value=${axis[k]}
      onInput=${upd(k)} data-testid=${`sweep-${k}-${i}`} />${unit === 'multiplier' ? '' : ' %'}</label>`)}
    <${FieldError} err=${err} field=${`axes[${i}]`} />
  </fieldset>`;
}

export function SweepTab({ scenario, parameters }) {
  const [axes, setAxes] = useState([
    { lever: 'merit_base', from: '2', to: '5', step: '0.25' },
    { lever: 'cola_rate', from: '1', to: '3', step: '0.5' },
  ]);
  const [two, setTwo] = useState(false);
  const [seedsText0, setSeedsText] = useState('10');
  const [result, setResult] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);

  const go = async (e) => {
    e.preventDefault();
    setErr(null);
    const seeds = seedsValue(seedsText0);
    if (!seeds) { setErr({ kind: 'invalid_input', field: 'seeds', detail: 'enter a whole number of seeds, 1 or more' }); return; }
    let texts;
    try { texts = (two ? axes : axes.slice(0, 1)).map((a, i) => axisText(a, parameters, i)); } catch (x) { setErr(x); return; }
    setBusy(true);
    try { setResult(await api.post('/api/sweep', { scenario, axes: texts, seeds }, { retry: true })); } catch (x) { setErr(x); setResult(null); }
    setBusy(false);
  };

  const r = result;
  const t = r && r.target;
  const fmtAxis = (k) => (v) => leverText(unitOf(parameters, r.axes[k].lever), v);
  const line = useMemo(() => {
    if (!r || r.axes.length !== 1) return null;
    const f = (vals) => vals.map((v) => leverText(unitOf(parameters, r.axes[0].lever), v));
    return { x: r.points.map((p) => p.x[0]), bands: r.points.map((p) => p.headline), xAxis: (u, vals) => f(vals) };
  }, [r]);
  const grid = useMemo(() => {
    if (!r || r.axes.length !== 2) return null;
    const n1 = r.axes[1].values.length;
    return { xs: r.axes[0].values, ys: r.axes[1].values,
      z: r.axes[0].values.map((_, i) => r.axes[1].values.map((__, j) => { const p = r.points[i * n1 + j]; return p ? p.headline.mean : null; })) };
  }, [r]);
  const adjusted = r ? r.points.filter((p) => p.adjusted).length : 0;

  return html`<div class="tab-sweep">
    <h2>Lever sweep <span class="muted">· scenario <code>${scenario}</code></span></h2>
    <form onSubmit=${go} aria-label="Sweep settings">
      <${AxisForm} axis=${axes[0]} set=${(a) => setAxes([a, axes[1]])} parameters=${parameters} i=${0} err=${err} />
      <label class="inline check"><input type="checkbox" checked=${two} onChange=${(e) => setTwo(e.currentTarget.checked)}
        data-testid="sweep-two" /> a second lever (heatmap)</label>
      ${two ? html`<${AxisForm} axis=${axes[1]} set=${(a) => setAxes([axes[0], a])} parameters=${parameters} i=${1} err=${err} />` : ''}
      <div class="form-row">
        <${SeedsInput} id="sweep-seeds" value=${seedsText0} setValue=${setSeedsText} testid="sweep-seeds" hint="per grid point, the same for every point" />
        <button type="submit" class="btn-primary" disabled=${busy} data-testid="sweep-go">Run sweep</button>
      </div>
    </form>
    ${busy ? html`<${Loading} text="Simulating the grid…" />` : ''}
    ${err && !/^axes\[/.test(err.field || '') ? html`<${ErrorNote} err=${err} testid="sweep-error" />` : ''}
    ${r ? html`
      <p class="muted small" data-testid="sweep-meta">${r.points.length} grid points × ${seedsText(r.seed_count)} = ${r.simulations} simulations in ${ms(r.simulate_ms)} ·
        target ${pct(t.growth)} ± ${pts(t.tolerance).replace('+', '')}${adjusted ? ` · ${adjusted} point(s) moved by the lever rules (marked *)` : ''}</p>
      <${ThinSample} warning=${r.thin_sample_warning} testid="sweep-thin-sample" />
      ${(r.locked_cells || []).length ? html`<${Notice} kind="info">Locked cells held: ${r.locked_cells.join(', ')}<//>` : ''}
      ${line ? html`<div class="chart-card"><h3>Headline growth against ${r.axes[0].lever}: median, P10–P90 and P25–P75 over ${seedsText(r.seed_count)} per point</h3>
        <${FanChart} x=${line.x} bands=${line.bands} fmt=${pct} axis=${GROWTH_AXIS} xAxis=${line.xAxis} xFmt=${fmtAxis(0)} xLabel=${r.axes[0].lever}
          target=${t} yLabel="Headline growth" testid="sweep-line-chart" height=${300} /></div>` : ''}
      ${grid ? html`<div class="chart-card"><h3>Mean headline growth over ${seedsText(r.seed_count)} per point; contour at the target ${pct(t.growth)} (solid) and ± the tolerance (dashed)</h3>
        <${Heatmap} xs=${grid.xs} ys=${grid.ys} z=${grid.z} level=${t.growth} dashed=${[t.growth - t.tolerance, t.growth + t.tolerance]}
          fmtX=${fmtAxis(0)} fmtY=${fmtAxis(1)} fmtZ=${(v) => pct(v)} xLabel=${r.axes[0].lever} yLabel=${r.axes[1].lever} testid="sweep-heatmap" /></div>` : ''}
      <details class="changes" open=${r.points.length <= 30}><summary>Grid points (${r.points.length})</summary>
        <div class="table-wrap scroll-y"><table class="data compact" data-testid="sweep-table">
          <thead><tr>${r.axes.map((a) => html`<th class="num">${a.lever}</th>`)}<th class="num">Mean</th><th class="num">P10</th><th class="num">P90</th>
            <th class="num">P(in target)</th><th class="num">Total payroll, mean</th><th class="num">Seeds</th></tr></thead>
          <tbody>${r.points.map((p) => html`<tr>${p.x.map((v, k) => html`<td class="num">${fmtAxis(k)(v)}${p.adjusted ? '*' : ''}</td>`)}
            <td class="num">${pct(p.headline.mean, 3)}</td><td class="num">${pct(p.headline.p10, 3)}</td><td class="num">${pct(p.headline.p90, 3)}</td>
            <td class="num">${pct(p.p_in_target, 0)}</td><td class="num">${money(p.total_cost.mean)}</td><td class="num">${p.headline.n}</td></tr>`)}</tbody>
        </table></div></details>
    ` : html`<${Notice} kind="info">Choose one or two levers and their grid (from, to, step). Every point runs over the seeds; the
      chart shows where the plan lands, and how widely, across the grid.<//>`}
  </div>`;
}
