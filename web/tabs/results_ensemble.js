// Results, the seed ensemble of the shown run's scenario (issue 12 items 1,
// 4 and 6): POST /api/ensembles over the seeds control's count (from the
// configured seed), the headline's band and P(in target), a fan chart of a
// metric by year with one seed's line, the bands by year and, when asked,
// the variance attribution by draw group with its bootstrap intervals.

import { html, useEffect, useMemo, useState } from '/vendor/htm-preact.js';
import { api } from '../lib/api.js';
import { isNum, money, ms, pct, pts } from '../lib/format.js';
import { ErrorNote, Loading, Notice, Stat } from '../lib/ui.js';
import { FanChart } from '../lib/fan_chart.js';
import {
  SeedsInput, ThinSample, metricOf, seedsText, seedsValue,
} from '../lib/bands.js';

const TABLE_KEYS = ['mean', 'p10', 'p25', 'p50', 'p75', 'p90', 'sd'];

/** Shares of the headline's variance by draw group, each with its bootstrap interval (SVG bars). */
export function AttributionChart({ attribution, testid = 'attribution-chart' }) {
  const groups = (attribution && attribution.groups) || [];
  if (!groups.length) return '';
  const W = 560; const row = 30; const L = 190; const R = 70;
  const top = Math.max(1, ...groups.map((g) => (isNum(g.share_high) ? g.share_high : g.share || 0)));
  const x = (v) => L + (Math.max(0, v) / top) * (W - L - R);
  const H = groups.length * row + 26;
  return html`<svg class="attribution-chart" viewBox=${`0 0 ${W} ${H}`} width="100%" role="img" data-testid=${testid}
      aria-label="Share of the headline's seed variance by random process, with bootstrap intervals">
    ${[0, 0.25, 0.5, 0.75, 1].filter((t) => t <= top).map((t) => html`<line x1=${x(t)} x2=${x(t)} y1="4" y2=${H - 20} class="at-grid" />
      <text x=${x(t)} y=${H - 6} text-anchor="middle" class="at-tick">${pct(t, 0)}</text>`)}
    ${groups.map((g, i) => {
      const y = 6 + i * row;
      return html`<g data-testid="attribution-bar">
        <text x=${L - 8} y=${y + 16} text-anchor="end" class="at-label">${g.group}</text>
        <rect x=${L} y=${y + 4} width=${Math.max(0, x(g.share) - L)} height="16" class="at-bar"><title>${`${g.group}: ${pct(g.share, 1)} of the variance [${pct(g.share_low, 1)}, ${pct(g.share_high, 1)}]`}</title></rect>
        ${isNum(g.share_low) && isNum(g.share_high) ? html`<line x1=${x(g.share_low)} x2=${x(g.share_high)} y1=${y + 12} y2=${y + 12} class="at-whisker" />
          <line x1=${x(g.share_low)} x2=${x(g.share_low)} y1=${y + 6} y2=${y + 18} class="at-whisker" />
          <line x1=${x(g.share_high)} x2=${x(g.share_high)} y1=${y + 6} y2=${y + 18} class="at-whisker" />` : ''}
        <text x=${W - R + 6} y=${y + 16} class="at-value">${pct(g.share, 1)}</text>
      </g>`;
    })}
  </svg>`;
}

export function EnsemblePanel({ run, config, target }) {
  const [seedsText0, setSeedsText] = useState('25');
  const [attribute, setAttribute] = useState(false);
  const [metric, setMetric] = useState(config.growth_metric);
  const [result, setResult] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const scenario = run ? run.scenario : null;
  useEffect(() => { setResult(null); setErr(null); }, [scenario]);

  const go = async () => {
    const seeds = seedsValue(seedsText0);
    if (!seeds) { setErr({ kind: 'invalid_input', field: 'seeds', detail: 'enter a whole number of seeds, 1 or more' }); return; }
    setBusy(true); setErr(null);
    const body = { scenario, seeds, attribute };
    if (run.start_year != null) body.start_year = run.start_year;
    if (run.end_year != null) body.end_year = run.end_year;
    if (run.target) body.target = run.target;
    try { setResult(await api.post('/api/ensembles?per_seed=1', body, { retry: true })); } catch (e) { setErr(e); setResult(null); }
    setBusy(false);
  };

  const m = metricOf(metric);
  const years = (result && result.years) || [];
  const fan = useMemo(() => {
    if (!years.length) return null;
    const seedRow = result.per_seed && (result.per_seed.find((s) => s.seed === run.seed) || result.per_seed[0]);
    return {
      x: years.map((y) => y.year),
      bands: years.map((y) => y.metrics[metric]),
      single: seedRow ? { label: `Seed ${seedRow.seed}${seedRow.seed === run.seed ? ' (this run)' : ''}`,
        values: years.map((y) => { const r = seedRow.years.find((z) => z.year === y.year); return r ? r[metric] : null; }) } : null,
    };
  }, [result, metric]);
  const h = result && result.headline;
  const t = result && result.target ? result.target : target;
  const growthMetric = metric.startsWith('growth_');

  return html`<section class="ensemble-panel" data-testid="ensemble-panel">
    <h3>Seed ensemble <span class="muted small">· the stored levers of <code>${scenario || '—'}</code> over many seeds</span></h3>
    <div class="form-row">
      <${SeedsInput} id="results-seeds" value=${seedsText0} setValue=${setSeedsText} testid="results-seeds"
        hint="counting up from the configured seed" />
      <label class="inline check"><input type="checkbox" checked=${attribute} data-testid="results-attribute"
        onChange=${(e) => setAttribute(e.currentTarget.checked)} /> attribute the variance by random process (several times the simulations)</label>
      <button type="button" class="btn-primary" disabled=${busy || !scenario} onClick=${go} data-testid="results-ensemble-go">Run ensemble</button>
    </div>
    ${run && run.what_if ? html`<${Notice} kind="info">This run had unsaved edits; the ensemble runs the scenario's stored levers.<//>` : ''}
    ${busy ? html`<${Loading} text="Simulating the seeds…" />` : ''}
    <${ErrorNote} err=${err} testid="results-ensemble-error" />
    ${result ? html`
      <p class="muted small" data-testid="ensemble-meta">${seedsText(result.seed_count)} (${result.seed_list}) · ${result.start_year}–${result.end_year}
        · headline: ${result.headline_metric} of the years · simulated in ${ms(result.simulate_ms)}${result.ensemble_id ? html` · stored as <code>${result.ensemble_id}</code> · <a download data-testid="ensemble-xlsx"
          href=${`/api/ensembles/${encodeURIComponent(result.ensemble_id)}/export?format=xlsx`}>Excel</a>` : ' · not stored'}</p>
      <${ThinSample} warning=${result.thin_sample_warning} />
      <div class="stats">
        <${Stat} label=${`Headline growth, median (${seedsText(h.band.n)})`} value=${pct(h.band.p50)} testid="ensemble-headline"
          sub=${`P10 ${pct(h.band.p10)} · P90 ${pct(h.band.p90)} · mean ${pct(h.band.mean)} ± ${pts(h.band.sd, 3).replace('+', '')} (SD)`} />
        <${Stat} label="Chance of landing in the target band" value=${pct(h.p_in_target, 0)} testid="ensemble-p-in-target"
          sub=${`target ${pct(t.growth)} ± ${pts(t.tolerance).replace('+', '')}; share of the ${seedsText(h.band.n)}`} />
        <${Stat} label=${`Total payroll (prorated), all years (${seedsText(h.total_cost.n)})`} value=${money(h.total_cost.p50)}
          sub=${`P10 ${money(h.total_cost.p10)} · P90 ${money(h.total_cost.p90)}${isNum(h.p_over_budget) ? ` · P(over budget) ${pct(h.p_over_budget, 0)}` : ''}`} />
      </div>
      <div class="chart-card"><h3>${m.label} by year: P10–P90 and P25–P75 over ${seedsText(result.seed_count)}
        <select aria-label="Metric of the fan chart" value=${metric} onChange=${(e) => setMetric(e.currentTarget.value)}>
          ${Object.keys(years[0] ? years[0].metrics : {}).map((k) => html`<option value=${k}>${metricOf(k).label}</option>`)}</select></h3>
        ${fan ? html`<${FanChart} x=${fan.x} bands=${fan.bands} single=${fan.single} fmt=${m.fmt} axis=${m.axis}
          target=${growthMetric ? t : null} testid="results-fan-chart" height=${280}
          label=${`${m.label} by year over ${result.seed_count} seeds: P10–P90 and P25–P75 shaded, the median as a line`} />` : ''}
      </div>
      <div class="table-wrap"><table class="data compact" data-testid="ensemble-table">
        <caption>${m.label} by year over ${seedsText(result.seed_count)}</caption>
        <thead><tr><th scope="col">Year</th><th class="num">Seeds</th>${TABLE_KEYS.map((k) => html`<th class="num">${k === 'sd' ? 'SD' : k.toUpperCase()}</th>`)}</tr></thead>
        <tbody>${years.map((y) => { const b = y.metrics[metric] || {}; return html`<tr><th scope="row">${y.year}</th><td class="num">${b.n}</td>
          ${TABLE_KEYS.map((k) => html`<td class="num">${k === 'sd' ? m.dfmt(b[k]).replace('+', '') : m.fmt(b[k])}</td>`)}</tr>`; })}</tbody>
      </table></div>
      ${result.attribution ? html`<div class="chart-card" data-testid="attribution">
        <h3>Which random process drives the uncertainty: share of the headline's variance (${seedsText(result.attribution.seed_count)}, ${result.attribution.bootstrap_resamples} bootstrap resamples)</h3>
        <${AttributionChart} attribution=${result.attribution} />
        <p class="muted small">Each bar varies one process's draws with the others held; the whiskers are 95 % bootstrap intervals.
          The shares sum to ${pct(result.attribution.share_sum, 0)} [${pct(result.attribution.share_sum_low, 0)}, ${pct(result.attribution.share_sum_high, 0)}] of the total variance (${result.attribution.simulations} simulations).</p>
      </div>` : ''}
    ` : ''}
  </section>`;
}
