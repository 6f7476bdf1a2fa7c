// Tab 5 — Auto-Optimize: the current gap (GET /api/headline), the search
// settings (POST /api/optimizations), live evaluations from the job's
// server-sent events, then the result, accept or reject (docs/tuning.md).

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.js';
import { api, can, followJob, isTerminal, qs } from '../lib/api.js';
import { isNum, money, pct, pts } from '../lib/format.js';
import { payrollCap } from '../lib/budget.js';
import { ErrorNote, Field, FieldError, Loading, Notice, Stat, errorIsForField } from '../lib/ui.js';
import {
  ConvergenceChart, EvaluationTable, OptimizeResult, ResultHeadline,
} from './optimize_result.js';
import {
  ROBUST_DEFAULTS, ROBUST_FIELDS, RobustFields, robustBody,
} from './optimize_robust.js';

// Issue 10 item 7: plain names first (GET /api/config "algorithms"); the
// algorithm's own name is in the tooltip and in docs/tuning.md.
const algorithmsOf = (config) => (config.algorithms || []).map((x) => [x.id, x.label, `${x.id}: ${x.description}`]);
const GROUPS = ['cola', 'merit', 'new_hire', 'promotion_probability', 'promotion_raise'];
const MIXES = ['s045', 'cola', 'merit', 'new_hire'];
const FORM_FIELDS = ['target', 'tolerance', 'max_iterations', 'mode', 'algorithm', 'levers', 'mix', 'budget_evals',
  'budget_seconds', 'cost_cap', 'weights', 'population', 'spread_seeds', 'guard_rails.merit_floor',
  'guard_rails.cola_floor', 'guard_rails.merit_ordering', 'guard_rails.promotion_ranges', ...ROBUST_FIELDS];

const numOrNull = (t) => (String(t).trim() === '' ? null : Number(t));

export function OptimizeTab({ scenarioInfo, config, scenario, levers, active, onLeversChanged, onRunDone, me, target: scenarioTarget }) {
  const mayOptimize = can(me, 'optimize');
  // Issue 10 item 3: the scenario's budget can be the optimizer's cost cap.
  const scenarioPayrollCap = payrollCap(scenarioInfo && scenarioInfo.budget_caps);
  const targetText = (t) => ({ target: String(Number((t.growth * 100).toFixed(3))), tolerance: String(Number((t.tolerance * 100).toFixed(3))) });
  const [f, setF] = useState(() => ({
    ...targetText(scenarioTarget), max_iterations: '10',
    mode: 'balanced', algorithm: 'brent', mix: 's045', customMix: '', levers: [], budget_evals: '', budget_seconds: '',
    cost_cap: '', w_growth: '1', w_cost: '0', w_equity: '0', population: '40', spread_seeds: '10', dry_run: true,
    merit_floor: '1', cola_floor: '0', merit_ordering: true, promotion_ranges: true, ...ROBUST_DEFAULTS,
  }));
  // The scenario's own target is the starting point (issue 10 item 4).
  useEffect(() => { setF((o) => ({ ...o, ...targetText(scenarioTarget) })); },
    [scenario, scenarioTarget.growth, scenarioTarget.tolerance]);
  const set = (k) => (e) => {
    const t = e.currentTarget;
    setF((o) => ({ ...o, [k]: t.type === 'checkbox' ? t.checked : t.value }));
  };
  const [headline, setHeadline] = useState(null);
  const [headErr, setHeadErr] = useState(null);
  const [err, setErr] = useState(null);
  const [job, setJob] = useState(null);
  const stopRef = useRef(null);
  const pendingEvals = useRef([]);
  const flushTimer = useRef(null);

  const loadHeadline = () => {
    setHeadline(null); setHeadErr(null);
    api.get(`/api/headline${qs({ scenario })}`).then(setHeadline).catch(setHeadErr);
  };
  // Simulated when the tab is shown, once per lever set (not on every page
  // load or lever save while another tab is open).
  const headlineFor = useRef(null);
  useEffect(() => {
    if (!active || !levers || headlineFor.current === levers) return;
    headlineFor.current = levers;
    loadHeadline();
  }, [active, scenario, levers]);
  useEffect(() => () => { if (stopRef.current) stopRef.current(); clearTimeout(flushTimer.current); }, []);

  const target = Number(f.target) / 100;
  const tol = Number(f.tolerance) / 100;
  const gap = headline && isNum(target) ? target - headline.growth : NaN;
  const algo = f.algorithm;
  const weighted = ['bobyqa', 'cobyla', 'slsqp'].includes(algo);
  const capped = ['cobyla', 'slsqp', 'nsga2'].includes(algo);
  const running = job && !isTerminal(job.state);

  const body = () => {
    const b = {
      scenario, algorithm: algo, target, tolerance: tol, max_iterations: Number(f.max_iterations), dry_run: !!f.dry_run,
      spread_seeds: Number(f.spread_seeds),
    };
    if (algo === 's045') b.mode = f.mode;
    if (algo === 'secant' || algo === 'brent') b.mix = f.mix === 'custom' ? f.customMix.trim() : f.mix;
    if (f.levers.length) b.levers = f.levers;
    const be = numOrNull(f.budget_evals); if (be !== null) b.budget_evals = be;
    const bs = numOrNull(f.budget_seconds); if (bs !== null) b.budget_seconds = bs;
    if (capped) { const cc = numOrNull(f.cost_cap); if (cc !== null) b.cost_cap = cc; }
    if (weighted) b.weights = { growth: Number(f.w_growth), cost: Number(f.w_cost), equity: Number(f.w_equity) };
    if (algo === 'nsga2') b.population = Number(f.population);
    b.guard_rails = { merit_floor: Number(f.merit_floor) / 100, cola_floor: Number(f.cola_floor) / 100,
      merit_ordering: !!f.merit_ordering, promotion_ranges: !!f.promotion_ranges };
    return { ...b, ...robustBody(f) };
  };

  const flush = (id) => {
    flushTimer.current = null;
    const batch = pendingEvals.current;
    pendingEvals.current = [];
    if (batch.length) setJob((j) => (j && j.id === id ? { ...j, evals: [...j.evals, ...batch] } : j));
  };

  const track = (j) => {
    setJob(j);
    pendingEvals.current = [];
    if (stopRef.current) stopRef.current();
    const upd = (fn) => setJob((x) => (x && x.id === j.id ? { ...x, ...fn(x) } : x));
    stopRef.current = followJob(j.id, {
      state: (d) => {
        if (isTerminal(d.state)) flush(j.id);
        upd(() => ({ state: d.state, message: d.message || '' }));
        if (isTerminal(d.state)) finish(j.id);
      },
      stage: (d) => upd(() => ({ stage: d.text || '' })),
      evaluation: (d) => {
        pendingEvals.current.push(d);
        if (!flushTimer.current) flushTimer.current = setTimeout(() => flush(j.id), 200);
      },
    }, async () => (await api.get(`/api/optimizations/${encodeURIComponent(j.id)}`)).status);
  };

  // An optimization still queued or running (started before this page was opened): follow it.
  useEffect(() => {
    api.get('/api/optimizations').then((r) => {
      const live = (r.optimizations || []).find((x) => x.status === 'queued' || x.status === 'running');
      if (!live) return;
      track({ id: live.run_id, state: live.status, message: '', stage: '', evals: [],
        request: { algorithm: live.algorithm, target: live.target, tolerance: scenarioTarget.tolerance },
        result: null, resultErr: null, decision: null, startedAt: Date.now() });
    }).catch(() => {});
  }, []);

  const start = async (e) => {
    e.preventDefault();
    setErr(null);
    const b = body();
    if (!Number.isFinite(b.target) || Math.abs(b.target) >= 0.5) {
      setErr({ kind: 'invalid_input', field: 'target', detail: 'enter the target in percent, between −50 and 50 (e.g. 2.5)' });
      return;
    }
    if (!Number.isFinite(b.tolerance) || b.tolerance <= 0 || b.tolerance >= 0.1) {
      setErr({ kind: 'invalid_input', field: 'tolerance', detail: 'enter the tolerance in points, above 0 and below 10 (e.g. 0.1)' });
      return;
    }
    try {
      const r = await api.post('/api/optimizations', b);
      track({ id: r.run_id, state: r.status || 'queued', message: '', stage: '', evals: [], request: b,
        result: null, resultErr: null, decision: null, startedAt: Date.now() });
    } catch (ex) { setErr(ex); }
  };

  const finish = async (id) => {
    try {
      const r = await api.get(`/api/optimizations/${encodeURIComponent(id)}`);
      setJob((j) => (j && j.id === id ? { ...j, result: r.result || null, state: r.status || j.state,
        error: r.error || null, finishedAt: Date.now() } : j));
      if (r.result && r.result.applied) onLeversChanged();
    } catch (ex) {
      setJob((j) => (j && j.id === id ? { ...j, resultErr: ex, finishedAt: Date.now() } : j));
    }
    onRunDone();
  };

  const cancel = async () => {
    try { await api.del(`/api/optimizations/${encodeURIComponent(job.id)}`); } catch (ex) { setErr(ex); }
  };

  const toggleGroup = (g) => setF((o) => ({ ...o, levers: o.levers.includes(g) ? o.levers.filter((x) => x !== g) : [...o.levers, g] }));

  return html`<div class="tab-optimize">
    <h2>Auto-Optimize <span class="muted">· scenario <code>${scenario}</code></span></h2>
    <section class="current-gap" aria-live="polite" data-testid="opt-headline">
      ${headErr ? html`<${ErrorNote} err=${headErr} />` : !headline ? html`<${Loading} text="Simulating the current levers…" />` : html`
        <div class="stats">
          <${Stat} label="Current growth (mean of years)" value=${pct(headline.growth)} testid="opt-current-growth"
            sub=${`simulated in ${Number(headline.elapsed_ms).toFixed(1)} ms`} />
          <${Stat} label="Target" value=${pct(target)} sub=${`± ${Number(f.tolerance)} pt`} />
          <${Stat} label="Gap (target − growth)" value=${pts(gap)} testid="opt-gap"
            tone=${Math.abs(gap) <= tol ? 'good' : 'warn'}
            sub=${Math.abs(gap) <= tol ? 'already within the tolerance' : gap > 0 ? 'growth must rise' : 'growth must fall'} />
          <${Stat} label="Total cost, current levers" value=${money(headline.total_cost)} />
        </div>
        ${(headline.growth_by_year || []).length ? html`<p class="muted">By year: ${headline.growth_by_year.map((g, i) => `${config.start_year + i}: ${pct(g)}`).join(' · ')}</p>` : ''}
      `}
    </section>

    <form class="opt-form" onSubmit=${start} aria-label="Optimization settings">
      <div class="form-row">
        <${Field} label="Target growth (%)" id="opt-target" err=${err} field="target">
          <input id="opt-target" type="number" step="0.01" value=${f.target} onInput=${set('target')} /><//>
        <${Field} label="Tolerance (± pt)" id="opt-tol" err=${err} field="tolerance">
          <input id="opt-tol" type="number" step="0.01" min="0.01" value=${f.tolerance} onInput=${set('tolerance')} /><//>
        <${Field} label="Max iterations" id="opt-iter" err=${err} field="max_iterations">
          <input id="opt-iter" type="number" min="1" max="20" step="1" value=${f.max_iterations} onInput=${set('max_iterations')} /><//>
        <${Field} label="Algorithm" id="opt-algo" err=${err} field="algorithm">
          <select id="opt-algo" value=${algo} onChange=${set('algorithm')} title=${(algorithmsOf(config).find(([v]) => v === algo) || [])[2] || ''}>
            ${algorithmsOf(config).map(([v, l, tip]) => html`<option value=${v} title=${tip}>${l}</option>`)}</select><//>
        ${algo === 's045' ? html`<${Field} label="Mode" id="opt-mode" err=${err} field="mode">
          <select id="opt-mode" value=${f.mode} onChange=${set('mode')}>
            <option value="conservative">conservative (0.1)</option><option value="balanced">balanced (0.3)</option>
            <option value="aggressive">aggressive (0.5)</option></select><//>` : ''}
        ${algo === 'secant' || algo === 'brent' ? html`<${Field} label="Lever mix" id="opt-mix" err=${err} field="mix">
          <select id="opt-mix" value=${f.mix} onChange=${set('mix')}>
            ${MIXES.map((m) => html`<option value=${m}>${m}</option>`)}<option value="custom">custom…</option></select>
          ${f.mix === 'custom' ? html`<input aria-label="Custom mix, e.g. cola=1,merit=0.5" placeholder="cola=1,merit=0.5"
            value=${f.customMix} onInput=${set('customMix')} />` : ''}<//>` : ''}
      </div>
      <fieldset class="groups" data-testid="opt-rails-form">
        <legend>Guard rails (on by default; the search keeps to them)</legend>
        <${Field} label="Merit at least (%)" id="opt-merit-floor" err=${err} field="guard_rails.merit_floor">
          <input id="opt-merit-floor" type="number" min="0" step="0.1" value=${f.merit_floor} onInput=${set('merit_floor')} /><//>
        <${Field} label="COLA at least (%)" id="opt-cola-floor" err=${err} field="guard_rails.cola_floor">
          <input id="opt-cola-floor" type="number" min="0" step="0.1" value=${f.cola_floor} onInput=${set('cola_floor')} /><//>
        <label class="inline check"><input type="checkbox" checked=${f.merit_ordering} onChange=${set('merit_ordering')} />
          merit of a lower level ≥ a higher level's</label>
        <label class="inline check"><input type="checkbox" checked=${f.promotion_ranges} onChange=${set('promotion_ranges')} />
          promotion probabilities within policy ranges</label>
      </fieldset>
      <fieldset class="groups">
        <legend>Lever groups (none ticked: the algorithm's default)</legend>
        ${GROUPS.map((g) => html`<label class="inline check"><input type="checkbox" checked=${f.levers.includes(g)}
          onChange=${() => toggleGroup(g)} /> ${g}</label>`)}
        <${FieldError} err=${err} field="levers" />
      </fieldset>
      <${RobustFields} f=${f} set=${set} err=${err} />
      <details class="advanced">
        <summary>Budgets, cost cap, weights and noise</summary>
        <div class="form-row">
          <${Field} label="Evaluation budget" id="opt-be" err=${err} field="budget_evals" hint="blank: the algorithm's default">
            <input id="opt-be" type="number" min="1" step="1" value=${f.budget_evals} onInput=${set('budget_evals')} /><//>
          <${Field} label="Time budget (s)" id="opt-bs" err=${err} field="budget_seconds" hint="blank: 600">
            <input id="opt-bs" type="number" min="1" step="1" value=${f.budget_seconds} onInput=${set('budget_seconds')} /><//>
          <${Field} label="Cost cap ($ total payroll (prorated), each year)" id="opt-cap" err=${err} field="cost_cap"
            hint=${capped ? 'blank: no cap' : 'only the cost-capped algorithms take a cap'}>
            <input id="opt-cap" type="number" min="0" step="1000000" disabled=${!capped} value=${f.cost_cap} onInput=${set('cost_cap')} />
            ${capped && isNum(scenarioPayrollCap) ? html`<button type="button" class="btn-small" data-testid="opt-use-cap"
              title="The scenario's smallest total-payroll cap, applied to every year"
              onClick=${() => setF((o) => ({ ...o, cost_cap: String(Math.round(scenarioPayrollCap)) }))}>
              Use the scenario's payroll cap (${money(scenarioPayrollCap)})</button>` : ''}<//>
          <${Field} label="Seed-spread seeds" id="opt-ss" err=${err} field="spread_seeds" hint="0 skips it">
            <input id="opt-ss" type="number" min="0" step="1" value=${f.spread_seeds} onInput=${set('spread_seeds')} /><//>
          ${algo === 'nsga2' ? html`<${Field} label="Population" id="opt-pop" err=${err} field="population">
            <input id="opt-pop" type="number" min="4" step="2" value=${f.population} onInput=${set('population')} /><//>` : ''}
        </div>
        ${weighted ? html`<div class="form-row">
          <${Field} label="Weight: growth" id="opt-wg" err=${err} field="weights"><input id="opt-wg" type="number" min="0" step="0.1" value=${f.w_growth} onInput=${set('w_growth')} /><//>
          <${Field} label="Weight: cost" id="opt-wc"><input id="opt-wc" type="number" min="0" step="0.1" value=${f.w_cost} onInput=${set('w_cost')} /><//>
          <${Field} label="Weight: equity" id="opt-we"><input id="opt-we" type="number" min="0" step="0.1" value=${f.w_equity} onInput=${set('w_equity')} /><//>
        </div>` : ''}
      </details>
      <label class="inline check"><input type="checkbox" checked=${f.dry_run} onChange=${set('dry_run')} data-testid="opt-dry-run" />
        Propose only (dry run): nothing is written until you accept</label>
      <div class="button-row">
        <button type="submit" class="btn-primary" disabled=${running || !mayOptimize} data-testid="opt-start"
          title=${mayOptimize ? '' : `Your role (${me && me.role}) may not start optimizations`}>Start optimization</button>
        <button type="button" disabled=${!running} onClick=${cancel} data-testid="opt-cancel">Cancel</button>
      </div>
      ${err && !errorIsForField(err, FORM_FIELDS) ? html`<${ErrorNote} err=${err} testid="opt-error" />` : ''}
    </form>

    ${job ? html`<section class="job" aria-live="polite" data-testid="opt-job">
      <h3>Optimization <code>${job.id}</code></h3>
      <p><span class=${`state state-${job.state}`} data-testid="opt-state">${job.state}</span>
        ${job.stage && !isTerminal(job.state) ? html` · <span class="muted">${job.stage}</span>` : ''}
        ${job.message && job.message !== job.state ? html` · ${job.message}` : ''}
        <span class="muted"> · ${(algorithmsOf(config).find(([v]) => v === job.request.algorithm) || [0, job.request.algorithm])[1]}, target ${pct(job.request.target)} ± ${pts(job.request.tolerance).replace('+', '')}, ${job.evals.length} evaluation${job.evals.length === 1 ? '' : 's'} so far</span></p>
      ${job.result ? html`<${ResultHeadline} r=${job.result} />` : ''}
      <div class="chart-card"><h3>Convergence</h3>
        ${job.evals.length ? html`<${ConvergenceChart} evals=${job.evals} target=${job.request.target} tolerance=${job.request.tolerance} />`
          : html`<${Loading} text="Waiting for the first evaluation…" />`}</div>
      <${EvaluationTable} evals=${job.evals} />
      ${job.resultErr ? html`<${ErrorNote} err=${job.resultErr} />` : ''}
      ${job.state === 'failed' ? html`<${Notice} kind="error">The optimization failed${job.error ? `: ${job.error}` : ''}.<//>` : ''}
      ${job.result ? html`<${OptimizeResult} job=${job} setJob=${setJob} onLeversChanged=${onLeversChanged} />` : ''}
    </section>` : ''}
  </div>`;
}
