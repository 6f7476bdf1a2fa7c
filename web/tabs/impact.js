// Tab 2 — Impact Analysis: the unsaved edits of the lever grid (proposed)
// against the stored levers (current), both simulated by POST /api/impact
// with the same seed, re-run on every edit (useImpact in headline.js, shared
// with the headline strip). The verdict measures against the scenario's own
// target (issue 10 item 4). With the seeds control at 2 or more, every
// difference also shows its paired band over that many seeds (issue 12
// item 2: the same draws for both lever sets, seed by seed) and a fan chart
// shows the proposed growth by year.

import { html, useMemo } from '/vendor/htm-preact.js';
import { Chart, COLORS, axisMoney, axisPct, axisYears, bars } from '../lib/chart.js';
import {
  int, intDelta, isNum, leverText, money, moneyDelta, ms, pct, pts, unitOf,
} from '../lib/format.js';
import { ErrorNote, Loading, Notice, Stat } from '../lib/ui.js';
import { IssueList } from './levers.js';
import { metricValue, verdict } from './headline.js';
import { POOLS, capVariances } from '../lib/budget.js';
import { CapVariances } from './budget_table.js';
import { FanChart } from '../lib/fan_chart.js';
import {
  PairedDelta, SeedsInput, ThinSample, metricOf, seedsText,
} from '../lib/bands.js';

const mean = (xs) => (xs.length && xs.every(isNum) ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const sum = (xs) => (xs.length && xs.every(isNum) ? xs.reduce((a, b) => a + b, 0) : NaN);

const poolText = (year, key) => {
  const p = year.pools[key];
  return `${money(p.annualised)} (${isNum(p.pct_of_payroll) ? pct(p.pct_of_payroll) : '—'})`;
};
// [current, proposed] budget totals per year, from POST /api/impact's "budget".
const budgetYears = (r) => {
  const b = r && r.budget;
  if (!b || !b.current || !b.proposed) return [];
  return b.proposed.years.map((p, i) => [b.current.years[i], p]).filter(([c]) => c);
};

const GROWTH_AXIS = axisPct(1);
// Growth differences of one edit are small: three decimals of a point.
const pts3 = (v) => pts(v, 3);

// The paired band of one year and metric of POST /api/impact's "paired".
const pairedOf = (paired, year, key) => {
  const y = paired && (paired.years || []).find((z) => z.year === year);
  return y && y.metrics ? y.metrics[key] : null;
};

export function ImpactTab({
  scenario, edits, parameters, goOverview, impact, target, scenarioInfo, config, impactSeeds, setImpactSeeds,
}) {
  const caps = (scenarioInfo && scenarioInfo.budget_caps) || [];
  const { result, err, pending } = impact;
  const years = (result && result.years) || [];
  const paired = (result && result.paired) || null;
  const growthKey = config.growth_metric;
  const fan = useMemo(() => {
    if (!paired || !years.length) return null;
    return {
      x: years.map((y) => y.year),
      bands: years.map((y) => { const b = pairedOf(paired, y.year, growthKey); return b ? b.b : null; }),
      single: { label: 'Proposed, configured seed', values: years.map((y) => y.growth.proposed) },
    };
  }, [result]);
  const fanTarget = useMemo(() => ({ growth: target.growth, tolerance: target.tolerance }), [target.growth, target.tolerance]);
  const seedsControl = html`<${SeedsInput} id="impact-seeds" value=${impactSeeds} setValue=${setImpactSeeds} testid="impact-seeds"
    label="Seeds for the bands" hint="1: the configured seed alone, no bands" />`;

  const chart = useMemo(() => {
    if (!years.length) return null;
    const x = years.map((y) => y.year);
    return {
      data: [x, years.map((y) => y.growth.current), years.map((y) => y.growth.proposed),
        years.map((y) => y.total_payroll_prorated.proposed - y.total_payroll_prorated.current)],
      opts: {
        scales: { x: { time: false, range: [x[0] - 0.5, x[x.length - 1] + 0.5] },
          cost: { range: (u, lo, hi) => [Math.min(0, lo) * 1.1, Math.max(0, hi) * 1.1 || 1] } },
        axes: [
          { values: axisYears(), splits: () => x },
          { label: 'Average-pay growth', values: axisPct(1), size: 60 },
          { side: 1, scale: 'cost', label: 'Δ total payroll (prorated)', values: axisMoney(), grid: { show: false }, size: 70 },
        ],
        series: [
          { label: 'Year', value: (u, v) => (v == null ? '—' : String(v)) },
          { label: 'Growth, current', stroke: COLORS.grey, width: 2, dash: [6, 4], points: { size: 7 }, value: (u, v) => pct(v) },
          { label: 'Growth, proposed', stroke: COLORS.blue, width: 3, points: { size: 8 }, value: (u, v) => pct(v) },
          { label: 'Δ total payroll (prorated)', scale: 'cost', stroke: COLORS.orange, fill: 'rgba(212,118,28,0.35)',
            paths: bars(0.4), points: { show: false }, value: (u, v) => moneyDelta(v) },
        ],
      },
    };
  }, [result]);

  if (!edits.length) {
    return html`<div>
      <h2>Impact Analysis</h2>
      <${Notice} kind="info" testid="impact-empty">No unsaved edits. Change a value in
        <button type="button" class="btn-link" onClick=${goOverview}>Parameter Overview</button> and its
        simulated effect, against the stored levers with the same seed, appears here.<//>
    </div>`;
  }

  const cur = years.map((y) => y.growth.current);
  const pro = years.map((y) => y.growth.proposed);
  const mCur = mean(cur); const mPro = mean(pro);
  // The verdict uses the scenario's metric: the mean of the years or the final year.
  const gCur = metricValue(cur, target.metric); const gPro = metricValue(pro, target.metric);
  const vCur = verdict(gCur, target); const vPro = verdict(gPro, target);
  const cCur = sum(years.map((y) => y.total_payroll_prorated.current));
  const cPro = sum(years.map((y) => y.total_payroll_prorated.proposed));
  const last = years[years.length - 1];

  return html`<div class="tab-impact">
    <h2>Impact Analysis <span class="muted">· ${edits.length} proposed change${edits.length === 1 ? '' : 's'} vs the stored levers of <code>${scenario}</code></span></h2>
    <details class="changes" open=${edits.length <= 6}>
      <summary>Proposed changes (${edits.length})</summary>
      <ul>${edits.map((e) => html`<li><code>${e.parameter}</code> ${e.year} L${e.level}: ${leverText(unitOf(parameters, e.parameter), e.old)} → <strong>${leverText(unitOf(parameters, e.parameter), e.value)}</strong></li>`)}</ul>
    </details>
    <div class="form-row">${seedsControl}</div>
    <div class="status-line" aria-live="polite" data-testid="impact-status">
      ${pending ? html`<${Loading} text="Simulating current and proposed levers…" />`
        : result ? html`<span class="muted">Simulated both lever sets in ${ms(result.simulate_ms)} (request ${ms(result.elapsed_ms)}), same seed: the differences come from the levers alone.${paired
          ? ` Bands: both lever sets over ${seedsText(paired.seed_count)} (${paired.seeds.length && paired.seeds[0]}…), seed by seed, in ${ms(paired.simulate_ms)}.` : ''}</span>` : ''}
    </div>
    ${paired ? html`<${ThinSample} warning=${paired.thin_sample_warning} testid="impact-thin-sample" />` : ''}
    <${ErrorNote} err=${err} testid="impact-error" />
    ${result && (result.issues || []).length ? html`<${IssueList} issues=${result.issues} />` : ''}
    ${result ? html`
      <div class="stats">
        <${Stat} label="Mean average-pay growth" value=${pct(mPro)} testid="impact-growth"
          sub=${html`${pts(mPro - mCur)} vs current ${pct(mCur)}`} />
        <${Stat} label=${`Against the target (${target.metric === 'final' ? 'final year' : 'mean of the years'})`}
          value=${vPro.text || '—'} testid="impact-verdict"
          sub=${`target ${pct(target.growth)} ± ${pts(target.tolerance).replace('+', '')}; proposed ${pct(gPro)}, current ${pct(gCur)} (${vCur.text})`}
          tone=${vPro.tone} />
        <${Stat} label="Total payroll (prorated), all years" value=${money(cPro)} testid="impact-cost"
          sub=${html`${moneyDelta(cPro - cCur)} vs current; every status, as on Results
            <${PairedDelta} pb=${paired && paired.total_cost} fmt=${moneyDelta} seeds=${paired && paired.seed_count} testid="impact-paired-cost" />`} />
        ${paired ? html`<${Stat} label=${`Headline growth difference (${paired.target.metric === 'final' ? 'final year' : 'mean of the years'}), seed by seed`}
          value=${pts3(paired.headline.diff.mean)} testid="impact-paired-headline-stat"
          sub=${html`<${PairedDelta} pb=${paired.headline} fmt=${pts3} seeds=${paired.seed_count} testid="impact-paired-headline" />
            one seed alone said ${pts3(paired.single_seed.headline_diff)} (seed ${paired.single_seed.seed})`} />` : ''}
        <${Stat} label=${`Average FYE pay ${last ? last.year : ''}`} value=${money(last && last.avg_fye.proposed)}
          sub=${last ? `${moneyDelta(last.avg_fye.proposed - last.avg_fye.current)} vs current` : ''} />
      </div>
      <div class="table-wrap">
        <table class="data" data-testid="impact-table">
          <caption>Per year: current → proposed, and the difference${paired ? html`; under each difference its mean over ${seedsText(paired.seed_count)}, seed by seed, [its 95 % interval] and ● distinguishable from zero or ○ not` : ''}</caption>
          <thead>
            <tr><th rowspan="2" scope="col">Year</th><th colspan="3" scope="colgroup">Headcount (year end)</th>
              <th colspan="3" scope="colgroup">Average FYE pay</th><th colspan="3" scope="colgroup">Average-pay growth</th>
              <th colspan="3" scope="colgroup">Total payroll (prorated)</th></tr>
            <tr>${['Headcount', 'Pay', 'Growth', 'Cost'].map(() => html`<th class="num">Current</th><th class="num">Proposed</th><th class="num">Δ</th>`)}</tr>
          </thead>
          <tbody>${years.map((y) => html`<tr>
            <th scope="row">${y.year}</th>
            <td class="num">${int(y.headcount.current)}</td><td class="num">${int(y.headcount.proposed)}</td>
            <td class="num delta">${intDelta(y.headcount.proposed - y.headcount.current)}
              <${PairedDelta} pb=${pairedOf(paired, y.year, 'headcount')} fmt=${intDelta} seeds=${paired && paired.seed_count} compact /></td>
            <td class="num">${money(y.avg_fye.current)}</td><td class="num">${money(y.avg_fye.proposed)}</td>
            <td class="num delta"><span data-testid="impact-delta-pay">${moneyDelta(y.avg_fye.proposed - y.avg_fye.current)}</span>
              <${PairedDelta} pb=${pairedOf(paired, y.year, 'avg_fye_pay')} fmt=${moneyDelta} seeds=${paired && paired.seed_count} compact /></td>
            <td class="num">${pct(y.growth.current)}</td><td class="num">${pct(y.growth.proposed)}</td>
            <td class="num delta">${pts(y.growth.proposed - y.growth.current)}
              <${PairedDelta} pb=${pairedOf(paired, y.year, growthKey)} fmt=${pts3} seeds=${paired && paired.seed_count} testid="impact-paired-growth" compact /></td>
            <td class="num">${money(y.total_payroll_prorated.current)}</td><td class="num">${money(y.total_payroll_prorated.proposed)}</td>
            <td class="num delta">${moneyDelta(y.total_payroll_prorated.proposed - y.total_payroll_prorated.current)}
              <${PairedDelta} pb=${pairedOf(paired, y.year, 'total_cost')} fmt=${moneyDelta} seeds=${paired && paired.seed_count} compact /></td>
          </tr>`)}</tbody>
        </table>
      </div>
      ${budgetYears(result).length ? html`<div class="table-wrap">
        <table class="data" data-testid="impact-budget">
          <caption>Budget by pool: the annualised increase granted, and its % of the year's prior payroll (FYE, 1 Jan); current → proposed</caption>
          <thead><tr><th scope="col">Year</th>${POOLS.map((q) => html`<th class="num" scope="col">${q.label} (annualised)</th>`)}</tr></thead>
          <tbody>${budgetYears(result).map(([c, p]) => html`<tr><th scope="row">${p.year}</th>
            ${POOLS.map((q) => html`<td class="num">${poolText(c, q.key)} → <strong>${poolText(p, q.key)}</strong></td>`)}</tr>`)}</tbody>
        </table>
      </div>
      <${CapVariances} withYear=${true} title="Budget cap (proposed)" testid="impact-caps"
        rows=${budgetYears(result).flatMap(([, p]) => capVariances(caps, p))} />` : ''}
      ${fan ? html`<div class="chart-card"><h3>Proposed ${metricOf(growthKey).label.toLowerCase()} by year over ${seedsText(paired.seed_count)}: P10–P90 and P25–P75</h3>
        <${ThinSample} warning=${paired.thin_sample_warning} testid="impact-fan-thin-sample" />
        <${FanChart} x=${fan.x} bands=${fan.bands} single=${fan.single} fmt=${pct} axis=${GROWTH_AXIS} target=${fanTarget}
          testid="impact-fan-chart" height=${260} yLabel="Growth"
          label=${`Proposed growth by year over ${paired.seed_count} seeds, P10 to P90 and P25 to P75 shaded, median line, the configured seed dashed`} /></div>` : ''}
      <h3>Growth by year and the difference in total payroll (prorated)</h3>
      ${chart ? html`<${Chart} opts=${chart.opts} data=${chart.data} height=${280} testid="impact-chart"
        label="Average-pay growth by year, current and proposed, with the difference in total payroll (prorated)" />` : ''}
    ` : (!err ? html`<${Loading} text="Waiting for the first simulation…" />` : '')}
  </div>`;
}
