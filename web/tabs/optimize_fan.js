// Auto-Optimize (issue 12 item 6): the proposed levers' fan chart. The
// result's cells, applied over the scenario's stored levers, run as a seed
// ensemble (POST /api/ensembles with "cells"), and the chosen metric is drawn
// by year: P10–P90 and P25–P75 shaded, the median as a line, the target band.
// It runs when the result arrives, on as many seeds as the search used (25
// after a single-seed search), and again when the analyst changes the count.

import { html, useEffect, useState } from '/vendor/htm-preact.js';
import { api } from '../lib/api.js';
import { ms } from '../lib/format.js';
import { ErrorNote, Loading } from '../lib/ui.js';
import { FanChart } from '../lib/fan_chart.js';
import {
  SeedsInput, ThinSample, metricOf, seedsText, seedsValue,
} from '../lib/bands.js';

const cellsOf = (changes) => changes.map((c) => ({
  parameter: c.parameter_name, year: c.fiscal_year, level: c.job_level, value: c.new_value,
}));

export function ProposedFan({ result, target, tolerance, metric = 'growth_fye' }) {
  const robustSeeds = result.robust && Number.isInteger(result.robust.seeds) ? result.robust.seeds : null;
  const [seedsText0, setSeedsText] = useState(String(robustSeeds && robustSeeds > 1 ? robustSeeds : 25));
  const [ens, setEns] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const changes = result.changes || [];

  const run = async (text) => {
    const seeds = seedsValue(text);
    if (!seeds) { setErr({ kind: 'invalid_input', field: 'seeds', detail: 'enter a whole number of seeds, 1 or more' }); return; }
    setBusy(true); setErr(null);
    const body = { scenario: result.scenario, seeds, cells: cellsOf(changes), target: { growth: target, tolerance } };
    try { setEns(await api.post('/api/ensembles', body, { retry: true })); } catch (e) { setErr(e); setEns(null); }
    setBusy(false);
  };
  useEffect(() => { if (changes.length) run(seedsText0); }, [result]);
  if (!changes.length) return '';

  const m = metricOf(metric);
  const years = (ens && ens.years) || [];
  return html`<section class="opt-fan" data-testid="opt-fan">
    <h3>The proposed levers by year over a seed ensemble</h3>
    <div class="form-row">
      <${SeedsInput} id="opt-fan-seeds" value=${seedsText0} setValue=${setSeedsText} testid="opt-fan-seeds"
        hint="counting up from the configured seed" />
      <button type="button" disabled=${busy} onClick=${() => run(seedsText0)} data-testid="opt-fan-go">Show the bands</button>
    </div>
    ${busy ? html`<${Loading} text="Simulating the proposed levers on every seed…" />` : ''}
    <${ErrorNote} err=${err} testid="opt-fan-error" />
    ${ens && years.length ? html`
      <${ThinSample} warning=${ens.thin_sample_warning} testid="opt-fan-thin-sample" />
      <p class="muted small" data-testid="opt-fan-meta">${seedsText(ens.seed_count)} (${ens.seed_list}) · the ${changes.length} proposed cells over${' '}<code>${result.scenario}</code>'s stored levers · headline median ${m.fmt(ens.headline.band.p50)} [P10 ${m.fmt(ens.headline.band.p10)}, P90 ${m.fmt(ens.headline.band.p90)}]
        · simulated in ${ms(ens.simulate_ms)}</p>
      <${FanChart} x=${years.map((y) => y.year)} bands=${years.map((y) => y.metrics[metric])} fmt=${m.fmt} axis=${m.axis}
        target=${{ growth: target, tolerance }} testid="opt-fan-chart" height=${260}
        label=${`${m.label} of the proposed levers by year over ${ens.seed_count} seeds: P10–P90 and P25–P75 shaded, the median as a line`} />` : ''}
  </section>`;
}
