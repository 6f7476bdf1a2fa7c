// Compare, "with seed bands" (issue 12 items 2 and 6): two scenarios run
// over the same seeds with the same draws (POST /api/compare/paired), side
// by side — each one's band of the headline and of every metric by year —
// and the band of their per-seed difference, marked distinguishable when
// its 95 % interval excludes zero.

import { html, useMemo, useState } from '/vendor/htm-preact.js';
import { api } from '../lib/api.js';
import { PALETTE, axisPct } from '../lib/chart.js';
import { isNum, money, moneyDelta, pct, pts } from '../lib/format.js';
import { ErrorNote, Loading, Notice, Stat } from '../lib/ui.js';
import { FanChart } from '../lib/fan_chart.js';
import {
  BandBar, DistinguishMark, SeedsInput, ThinSample, bandText, metricOf, pairedText, seedsText, seedsValue,
} from '../lib/bands.js';

const GROWTH_AXIS = axisPct(1);
const finite = (xs) => xs.filter(isNum);

function Side({ label, color, band, cost, target, lo, hi, testid }) {
  return html`<div class="compare-item" style=${`border-top-color:${color}`} data-testid=${testid}>
    <strong>${label}</strong>
    <div>Headline growth <strong>${bandText(band, pct)}</strong> <span class="muted small">over ${seedsText(band.n)}</span></div>
    <${BandBar} band=${band} target=${target} lo=${lo} hi=${hi} fmt=${(v) => pct(v)} />
    <div class="small">Total payroll (prorated), all years: ${bandText(cost, money)}</div>
  </div>`;
}

export function PairedCompare({ scenarios, config }) {
  const ids = (scenarios || []).map((s) => s.scenario_id);
  const [a, setA] = useState(ids[0] || '');
  const [b, setB] = useState(ids[1] || ids[0] || '');
  const [seedsText0, setSeedsText] = useState('25');
  const [metric, setMetric] = useState(config.growth_metric);
  const [result, setResult] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);

  const go = async () => {
    const seeds = seedsValue(seedsText0);
    if (!seeds) { setErr({ kind: 'invalid_input', field: 'seeds', detail: 'enter a whole number of seeds, 1 or more' }); return; }
    setBusy(true); setErr(null);
    try {
      setResult(await api.post('/api/compare/paired', { a: { scenario: a }, b: { scenario: b }, seeds }, { retry: true }));
    } catch (e) { setErr(e); setResult(null); }
    setBusy(false);
  };

  const m = metricOf(metric);
  const years = (result && result.years) || [];
  const growth = config.growth_metric;
  const fans = useMemo(() => {
    if (!years.length) return null;
    const x = years.map((y) => y.year);
    const side = (k) => years.map((y) => (y.metrics[growth] ? y.metrics[growth][k] : null));
    const all = finite([...side('a'), ...side('b')].flatMap((bd) => (bd ? [bd.p10, bd.p90] : [])));
    const diff = years.map((y) => (y.metrics[growth] ? y.metrics[growth].diff : null));
    return { x, a: side('a'), b: side('b'), diff, range: all.length ? [Math.min(...all), Math.max(...all)] : null };
  }, [result]);
  const h = result && result.headline;
  const t = result && result.target;
  // One scale for both bars: the two samples' range, a little wider.
  const pad = h ? (Math.max(h.a.max, h.b.max) - Math.min(h.a.min, h.b.min)) * 0.05 : 0;
  const lo = h ? Math.min(h.a.min, h.b.min) - pad : NaN;
  const hi = h ? Math.max(h.a.max, h.b.max) + pad : NaN;

  return html`<div class="compare-paired" data-testid="compare-paired">
    <div class="form-row">
      <div class="form-field"><label for="cmp-a">A</label>
        <select id="cmp-a" value=${a} onChange=${(e) => setA(e.currentTarget.value)} data-testid="cmp-paired-a">
          ${ids.map((id) => html`<option value=${id}>${id}</option>`)}</select></div>
      <div class="form-field"><label for="cmp-b">B</label>
        <select id="cmp-b" value=${b} onChange=${(e) => setB(e.currentTarget.value)} data-testid="cmp-paired-b">
          ${ids.map((id) => html`<option value=${id}>${id}</option>`)}</select></div>
      <${SeedsInput} id="cmp-seeds" value=${seedsText0} setValue=${setSeedsText} testid="cmp-seeds" hint="the same seeds for A and B" />
      <button type="button" class="btn-primary" disabled=${busy || !a || !b} onClick=${go} data-testid="cmp-paired-go">Compare seed by seed</button>
    </div>
    ${busy ? html`<${Loading} text="Simulating both scenarios over the seeds…" />` : ''}
    <${ErrorNote} err=${err} testid="cmp-paired-error" />
    ${result ? html`
      <p class="muted small">${seedsText(result.seed_count)} (${result.seeds[0]}…${result.seeds[result.seeds.length - 1]}), the same draws for both ·
        ${result.start_year}–${result.end_year} · target ${pct(t.growth)} ± ${pts(t.tolerance).replace('+', '')} (${t.metric}) · simulated in ${Number(result.simulate_ms).toFixed(0)} ms</p>
      <${ThinSample} warning=${result.thin_sample_warning} testid="cmp-thin-sample" />
      <div class="compare-items">
        <${Side} label=${`A · ${result.label_a}`} color=${PALETTE[0]} band=${h.a} cost=${result.total_cost.a} target=${t} lo=${lo} hi=${hi} testid="cmp-side-a" />
        <${Side} label=${`B · ${result.label_b}`} color=${PALETTE[1]} band=${h.b} cost=${result.total_cost.b} target=${t} lo=${lo} hi=${hi} testid="cmp-side-b" />
      </div>
      <div class="stats">
        <${Stat} label="B − A, headline growth, seed by seed" value=${pts(h.diff.mean)} testid="cmp-paired-diff"
          sub=${html`<span data-testid="cmp-paired-diff-text">${pairedText(h, pts, result.seed_count)}</span> <${DistinguishMark} pb=${h} testid="cmp-paired-mark" />`} />
        <${Stat} label="B − A, total payroll (prorated), all years" value=${moneyDelta(result.total_cost.diff.mean)}
          sub=${html`${pairedText(result.total_cost, moneyDelta, result.seed_count)} <${DistinguishMark} pb=${result.total_cost} />`} />
        <${Stat} label=${`One seed alone (seed ${result.single_seed.seed})`} value=${pts(result.single_seed.headline_diff)}
          sub=${`the difference a single run would show; total payroll ${moneyDelta(result.single_seed.total_cost_diff)}`} />
      </div>
      ${fans ? html`<div class="chart-grid">
        <div class="chart-card"><h3>A · ${result.label_a}: growth by year, P10–P90 and P25–P75</h3>
          <${FanChart} x=${fans.x} bands=${fans.a} fmt=${pct} axis=${GROWTH_AXIS} yRange=${fans.range} testid="cmp-fan-a" height=${240} /></div>
        <div class="chart-card"><h3>B · ${result.label_b}: growth by year, P10–P90 and P25–P75</h3>
          <${FanChart} x=${fans.x} bands=${fans.b} fmt=${pct} axis=${GROWTH_AXIS} yRange=${fans.range} testid="cmp-fan-b" height=${240} /></div>
        <div class="chart-card"><h3>B − A per seed: growth by year</h3>
          <${FanChart} x=${fans.x} bands=${fans.diff} fmt=${pts} axis=${GROWTH_AXIS} testid="cmp-fan-diff" height=${240} /></div>
      </div>` : ''}
      <h3>By year <select aria-label="Metric of the table" value=${metric} onChange=${(e) => setMetric(e.currentTarget.value)}>
        ${Object.keys(years[0] ? years[0].metrics : {}).map((k) => html`<option value=${k}>${metricOf(k).label}</option>`)}</select></h3>
      <div class="table-wrap"><table class="data" data-testid="cmp-paired-years">
        <caption>${m.label}: A and B as median [P10, P90]; B − A as the mean per-seed difference [95 % interval] over ${seedsText(result.seed_count)}</caption>
        <thead><tr><th scope="col">Year</th><th class="num">A · ${result.label_a}</th><th class="num">B · ${result.label_b}</th>
          <th class="num">B − A</th><th>Distinguishable from zero</th></tr></thead>
        <tbody>${years.map((y) => { const pb = y.metrics[metric]; return pb ? html`<tr><th scope="row">${y.year}</th>
          <td class="num">${bandText(pb.a, m.fmt)}</td><td class="num">${bandText(pb.b, m.fmt)}</td>
          <td class="num">${m.dfmt(pb.diff.mean)} [${m.dfmt(pb.diff_low)}, ${m.dfmt(pb.diff_high)}]</td>
          <td><${DistinguishMark} pb=${pb} /></td></tr>` : ''; })}</tbody>
      </table></div>
    ` : html`<${Notice} kind="info">Choose two scenarios and a number of seeds: both run on the same seeds with the same draws,
      so their per-seed difference shows what the levers change, apart from the noise.<//>`}
  </div>`;
}
