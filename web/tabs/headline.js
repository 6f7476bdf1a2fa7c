// The headline strip (issue 10 item 5), shown above every tab: the outcome
// of the scenario's current levers, simulated by the server — growth against
// the scenario's own target, final headcount, run-rate payroll and the focus
// year's merit and COLA budgets as % of payroll. It refreshes when the
// scenario, its stored levers or its target change; with unsaved edits it
// shows the edited plan (POST /api/impact's "proposed") and says so.

import { html, useEffect, useMemo, useRef, useState } from '/vendor/htm-preact.js';
import { api, qs } from '../lib/api.js';
import { int, isNum, moneyShort, pct, pts } from '../lib/format.js';
import { focusYear, poolAmount, shareOfPayroll } from '../lib/budget.js';
import { ErrorNote } from '../lib/ui.js';

const mean = (xs) => (xs.length && xs.every(isNum) ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** The scenario's target, or the configuration's when the scenario has none stored. */
export function targetOf(scenarioInfo, config) {
  const t = scenarioInfo && scenarioInfo.target;
  return {
    growth: t && isNum(t.growth) ? t.growth : config.target_growth,
    tolerance: t && isNum(t.tolerance) ? t.tolerance : config.tolerance,
    metric: (t && t.metric) || 'mean',
  };
}

/** growth by year → the target metric's value ("mean" of the years or the "final" year). */
export function metricValue(growthByYear, metric) {
  const xs = (growthByYear || []).filter((x) => x !== null && x !== undefined);
  if (!xs.length) return NaN;
  return metric === 'final' ? xs[xs.length - 1] : mean(xs);
}

/** Verdict of a growth figure against a target: {tone, text}. */
export function verdict(growth, target) {
  if (!isNum(growth)) return { tone: '', text: '' };
  const gap = growth - target.growth;
  if (Math.abs(gap) <= target.tolerance + 1e-12) return { tone: 'good', text: 'on target' };
  return { tone: 'warn', text: `${pts(gap)} ${gap > 0 ? 'above' : 'below'} target` };
}

// One outcome from GET /api/headline (stored levers) or POST /api/impact (edits).
function outcomeOfHeadline(h) {
  return {
    growthByYear: h.growth_by_year || [],
    finalHeadcount: h.final_headcount,
    runRate: h.run_rate_payroll_fye,
    budgetYears: (h.budget && h.budget.years) || [],
  };
}
function outcomeOfImpact(r) {
  const years = r.years || [];
  const b = r.budget && r.budget.proposed ? r.budget.proposed.years || [] : [];
  return {
    growthByYear: years.map((y) => (y.growth ? y.growth.proposed : null)),
    finalHeadcount: years.length ? years[years.length - 1].headcount.proposed : NaN,
    runRate: b.length ? b[b.length - 1].run_rate_payroll_fye : NaN,
    budgetYears: b,
  };
}

/**
 * The stored levers' outcome (GET /api/headline with the per-level budget),
 * fetched once for the strip and the Plan tab; again whenever the grid
 * reloads the levers (a save, an accepted optimization, a lock) or the
 * target's metric changes, or the dashboard's census is switched (issue 14).
 */
export function useHeadline(scenario, levers, metric, census) {
  const [headline, setHeadline] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!scenario) return undefined;
    const ctl = new AbortController();
    setBusy(true);
    api.get(`/api/headline${qs({ scenario, metric, levels: 1 })}`, { signal: ctl.signal })
      .then((h) => { setHeadline(h); setErr(null); })
      .catch((e) => { if (!(e && e.name === 'AbortError')) { setErr(e); setHeadline(null); } })
      .finally(() => setBusy(false));
    return () => ctl.abort();
  }, [scenario, levers, metric, census]);
  return { headline, err, busy };
}

/**
 * The unsaved edits simulated against the stored levers (POST /api/impact),
 * once per edit for the whole page: the Impact tab and the headline strip
 * read the same answer. Debounced 60 ms (a pause between keystrokes, short
 * enough that edit-to-impact stays under 200 ms); a newer edit aborts the
 * older request.
 */
export function useImpact(scenario, edits, seeds) {
  const [result, setResult] = useState(null);
  const [err, setErr] = useState(null);
  const [pending, setPending] = useState(false);
  const seq = useRef(0);
  // Issue 12 item 2: with 2 seeds or more the answer also carries the
  // paired band of every difference ("paired").
  const body = useMemo(() => ({
    scenario, cells: edits.map(({ parameter, year, level, value }) => ({ parameter, year, level, value })),
    ...(seeds && seeds >= 2 ? { seeds } : {}),
  }), [scenario, edits, seeds]);
  useEffect(() => {
    if (!body.cells.length) { setResult(null); setErr(null); setPending(false); return undefined; }
    const my = ++seq.current;
    setPending(true);
    const ctl = new AbortController();
    const t = setTimeout(async () => {
      try {
        const r = await api.post('/api/impact', body, { signal: ctl.signal, retry: true });
        if (my !== seq.current) return;
        setResult(r); setErr(null);
      } catch (e) {
        if (e && e.name === 'AbortError') return;
        if (my !== seq.current) return;
        setErr(e); setResult(null);
      } finally {
        if (my === seq.current) setPending(false);
      }
    }, 60);
    return () => { clearTimeout(t); ctl.abort(); };
  }, [body]);
  return { result, err, pending };
}

export function HeadlineStrip({ config, scenario, scenarioInfo, levers, edits, goLevers, stored, impact }) {
  const target = targetOf(scenarioInfo, config);
  const cells = edits;
  const edited = impact.result ? outcomeOfImpact(impact.result) : null;
  const editErr = impact.err;
  const err = cells.length ? editErr : stored.err;
  const o = cells.length ? edited : (stored.headline ? outcomeOfHeadline(stored.headline) : null);
  const growth = o ? metricValue(o.growthByYear, target.metric) : NaN;
  const v = verdict(growth, target);
  const fy = o ? focusYear(o.budgetYears) : null;
  const fyEntry = o && fy !== null ? o.budgetYears.find((y) => y.year === fy) : null;
  const merit = poolAmount(fyEntry, 'merit');
  const cola = poolAmount(fyEntry, 'cola');
  const lastYear = levers && levers.years ? levers.years[levers.years.length - 1] : config.end_year;
  return html`<section class="headline-strip" aria-label="Headline outcome of the current levers" data-testid="headline"
      aria-busy=${stored.busy ? 'true' : 'false'}>
    <div class=${`hl hl-${v.tone}`} data-testid="hl-growth">
      <span class="hl-label">${target.metric === 'final' ? 'Final-year' : 'Mean'} pay growth</span>
      <span class="hl-value">${pct(growth)}</span>
      <span class="hl-sub" data-testid="hl-verdict">target ${pct(target.growth)} ± ${pts(target.tolerance).replace('+', '')}${v.text ? ` · ${v.text}` : ''}</span>
    </div>
    <div class="hl" data-testid="hl-headcount"><span class="hl-label">Headcount 31 Dec ${lastYear}</span>
      <span class="hl-value">${int(o ? o.finalHeadcount : NaN)}</span></div>
    <div class="hl" data-testid="hl-payroll"><span class="hl-label">Run-rate payroll (FYE) ${lastYear}</span>
      <span class="hl-value">${moneyShort(o ? o.runRate : NaN)}</span></div>
    <div class="hl" data-testid="hl-merit"><span class="hl-label">Merit budget ${fy ?? ''}</span>
      <span class="hl-value">${pct(shareOfPayroll(merit, fyEntry), 1)}</span>
      <span class="hl-sub">${isNum(merit) ? `${moneyShort(merit)} annualised` : ''}</span></div>
    <div class="hl" data-testid="hl-cola"><span class="hl-label">COLA budget ${fy ?? ''}</span>
      <span class="hl-value">${pct(shareOfPayroll(cola, fyEntry), 1)}</span>
      <span class="hl-sub">${isNum(cola) ? `${moneyShort(cola)} annualised` : ''}</span></div>
    <div class="hl hl-actions">
      <span class="hl-sub" data-testid="hl-source">${cells.length ? `with ${cells.length} unsaved edit${cells.length === 1 ? '' : 's'}` : 'stored levers'} · scenario ${scenario}${stored.headline && stored.headline.census ? ` · census ${stored.headline.census.name}` : ''}</span>
      <button type="button" class="btn-small" onClick=${goLevers} data-testid="hl-levers">Edit levers</button>
    </div>
    ${err ? html`<div class="hl-error"><${ErrorNote} err=${err} /></div>` : ''}
  </section>`;
}
