// Tab 3 — Run Simulation: scenario, seed (default, custom or random, always
// shown), years; Start (POST /api/runs), Cancel (DELETE /api/runs/{id}) and
// live progress per year from the job's server-sent events.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.js';
import { api, can, followJob, isTerminal } from '../lib/api.js';
import { int, money, ms, pct } from '../lib/format.js';
import { ErrorNote, Field, FieldError, Notice, Progress, errorIsForField } from '../lib/ui.js';

const randomSeed = () => 1 + Math.floor(Math.random() * 999999);

// The furthest a run may carry the last lever year forward (issue 10 item 6).
const MAX_EXTRA_YEARS = 10;

export function RunTab({ config, scenario, scenarios, edits, onRunDone, openResults, me, levers }) {
  const mayRun = can(me, 'run');
  const [runScenario, setRunScenario] = useState(scenario);
  const [seedMode, setSeedMode] = useState('default');
  const [customSeed, setCustomSeed] = useState(String(config.seed));
  const [rndSeed, setRndSeed] = useState(randomSeed);
  const [startYear, setStartYear] = useState(String(config.start_year));
  const [endYear, setEndYear] = useState(String(config.end_year));
  const [withEdits, setWithEdits] = useState(false);
  const [extend, setExtend] = useState(false);
  const [err, setErr] = useState(null);
  const [job, setJob] = useState(null);
  const stopRef = useRef(null);

  useEffect(() => setRunScenario(scenario), [scenario]);
  useEffect(() => () => { if (stopRef.current) stopRef.current(); }, []);

  // A run still queued or running (started before this page was opened): follow it.
  useEffect(() => {
    api.get('/api/runs').then((r) => {
      const live = (r.runs || []).find((x) => x.status === 'queued' || x.status === 'running');
      if (!live) return;
      const sy = live.start_year ?? config.start_year; const ey = live.end_year ?? config.end_year;
      setJob((j) => j || {
        id: live.run_id, state: live.status, message: '', stage: '', years: {}, done: 0, of: ey - sy + 1,
        seed: live.seed ?? '—', scenario: live.scenario, start_year: sy, end_year: ey, overrides: 0,
        summary: null, error: null, startedAt: Date.now(),
      });
      follow(live.run_id);
    }).catch(() => {});
  }, []);

  const seed = seedMode === 'default' ? config.seed : seedMode === 'custom' ? Number(customSeed) : rndSeed;
  const running = job && !isTerminal(job.state);

  const start = async (e) => {
    e.preventDefault();
    setErr(null);
    const sy = Number(startYear); const ey = Number(endYear);
    if (!Number.isInteger(seed) || seed < 0) { setErr({ kind: 'invalid_input', field: 'seed', detail: 'the seed must be a whole number' }); return; }
    if (!Number.isInteger(sy) || !Number.isInteger(ey) || ey < sy) {
      setErr({ kind: 'invalid_input', field: 'end_year', detail: 'the end year must be a whole year, not before the start year' });
      return;
    }
    const body = { scenario: runScenario, seed, start_year: sy, end_year: ey };
    if (ey > lastLeverYear) {
      if (!extend) {
        setErr({ kind: 'invalid_input', field: 'end_year', detail: `the levers end in ${lastLeverYear}: tick "carry ${lastLeverYear}'s levers forward" to run to ${ey}` });
        return;
      }
      body.extend_levers = true;
    }
    if (withEdits && edits.length) body.cells = edits.map(({ parameter, year, level, value }) => ({ parameter, year, level, value }));
    try {
      const r = await api.post('/api/runs', body);
      const j = {
        id: r.run_id, state: r.status || 'queued', message: '', stage: '', years: {}, done: 0, of: ey - sy + 1,
        seed, scenario: runScenario, start_year: sy, end_year: ey, overrides: body.cells ? body.cells.length : 0,
        carried: body.extend_levers ? Array.from({ length: ey - lastLeverYear }, (_, i) => lastLeverYear + 1 + i) : [],
        summary: null, error: null, startedAt: Date.now(),
      };
      setJob(j);
      if (seedMode === 'random') setRndSeed(randomSeed());
      follow(j.id);
    } catch (ex) {
      setErr(ex);
    }
  };

  const follow = (id) => {
    if (stopRef.current) stopRef.current();
    const upd = (f) => setJob((j) => (j && j.id === id ? { ...j, ...f(j) } : j));
    stopRef.current = followJob(id, {
      state: (d) => {
        upd(() => ({ state: d.state, message: d.message || '' }));
        if (isTerminal(d.state)) finish(id, d.state);
      },
      stage: (d) => upd(() => ({ stage: d.text || '' })),
      year: (d) => upd((j) => ({ years: { ...j.years, [d.year]: d }, done: d.done ?? j.done, of: d.of ?? j.of })),
    }, async () => (await api.get(`/api/runs/${encodeURIComponent(id)}`)).status);
  };

  const finish = async (id, state) => {
    try {
      const r = await api.get(`/api/runs/${encodeURIComponent(id)}`);
      setJob((j) => (j && j.id === id ? {
        ...j, summary: r.summary || null, error: r.error || null, state: r.status || state, finishedAt: Date.now(),
      } : j));
    } catch (ex) {
      setJob((j) => (j && j.id === id ? { ...j, error: String(ex.detail || ex), finishedAt: Date.now() } : j));
    }
    onRunDone();
  };

  const cancel = async () => {
    if (!job) return;
    try {
      const r = await api.del(`/api/runs/${encodeURIComponent(job.id)}`);
      setJob((j) => ({ ...j, state: r.status || j.state }));
    } catch (ex) { setErr(ex); }
  };

  const years = [];
  if (job) for (let y = job.start_year; y <= job.end_year; y += 1) years.push(y);
  const years2 = config.years;
  const lastLeverYear = (levers && levers.last_lever_year) || years2[years2.length - 1];
  const endNum = Number(endYear);

  return html`<div class="tab-run">
    <h2>Run Simulation</h2>
    <p class="muted">A run simulates the whole plan with the scenario's stored levers and stores its results.
      You can run the same levers again with another seed at any time. Runs wait in the server's queue and go on if you close the page.</p>
    <form class="run-form" onSubmit=${start} aria-label="Start a simulation">
      <div class="form-row">
        <${Field} label="Scenario" id="run-scenario" err=${err} field="scenario">
          <select id="run-scenario" value=${runScenario} onChange=${(e) => setRunScenario(e.currentTarget.value)}>
            ${(scenarios || [{ scenario_id: scenario }]).map((s) => html`<option value=${s.scenario_id}>${s.scenario_id}${s.description ? ` — ${s.description}` : ''}</option>`)}
          </select>
        <//>
        <fieldset class="seed-field">
          <legend>Seed</legend>
          <label class="inline"><input type="radio" name="seed-mode" value="default" checked=${seedMode === 'default'}
            onChange=${() => setSeedMode('default')} /> Default (${config.seed})</label>
          <label class="inline"><input type="radio" name="seed-mode" value="custom" checked=${seedMode === 'custom'}
            onChange=${() => setSeedMode('custom')} /> Custom</label>
          <label class="inline"><input type="radio" name="seed-mode" value="random" checked=${seedMode === 'random'}
            onChange=${() => setSeedMode('random')} /> Random</label>
          ${seedMode === 'custom' ? html`<input id="run-seed" type="number" min="0" step="1" aria-label="Custom seed"
              value=${customSeed} onInput=${(e) => setCustomSeed(e.currentTarget.value)} />` : ''}
          ${seedMode === 'random' ? html`<button type="button" class="btn-small" onClick=${() => setRndSeed(randomSeed())}>New random seed</button>` : ''}
          <div class="seed-shown" data-testid="seed-shown">Seed used: <strong>${Number.isFinite(seed) ? seed : '—'}</strong></div>
          <${FieldError} err=${err} field="seed" />
        </fieldset>
        <${Field} label="Start year" id="run-start" err=${err} field="start_year">
          <input id="run-start" type="number" step="1" min=${years2[0]} max=${years2[years2.length - 1]} value=${startYear}
            onInput=${(e) => setStartYear(e.currentTarget.value)} />
        <//>
        <${Field} label="End year" id="run-end" err=${err} field="end_year">
          <input id="run-end" type="number" step="1" min=${years2[0]} max=${lastLeverYear + MAX_EXTRA_YEARS} value=${endYear}
            onInput=${(e) => setEndYear(e.currentTarget.value)} />
        <//>
      </div>
      ${Number.isInteger(endNum) && endNum > lastLeverYear ? html`<label class="inline check" data-testid="run-extend">
        <input type="checkbox" checked=${extend} onChange=${(e) => setExtend(e.currentTarget.checked)} />
        The levers end in ${lastLeverYear}: carry ${lastLeverYear}'s levers forward to ${lastLeverYear + 1}${endNum > lastLeverYear + 1 ? `–${endNum}` : ''}
        (recorded in the run's provenance)</label>` : ''}
      <label class="inline check">
        <input type="checkbox" checked=${withEdits} disabled=${!edits.length} onChange=${(e) => setWithEdits(e.currentTarget.checked)} />
        Use my ${edits.length} unsaved lever edit${edits.length === 1 ? '' : 's'} for this run only: a <strong>what-if</strong> run,
        stored with its edits and marked as such (they are not saved to the scenario)
      </label>
      <div class="button-row">
        <button type="submit" class="btn-primary" disabled=${running || !mayRun} data-testid="run-start"
          title=${mayRun ? '' : `Your role (${me && me.role}) may not start runs`}>Start simulation</button>
        <button type="button" disabled=${!running} onClick=${cancel} data-testid="run-cancel">Cancel</button>
      </div>
      ${err && !errorIsForField(err, ['seed', 'scenario', 'start_year', 'end_year']) ? html`<${ErrorNote} err=${err} testid="run-error" />` : ''}
    </form>
    ${job ? html`<${JobView} job=${job} years=${years} openResults=${openResults} />` : ''}
  </div>`;
}

function JobView({ job, years, openResults }) {
  const elapsed = ((job.finishedAt || Date.now()) - job.startedAt);
  return html`<section class="job" aria-live="polite" data-testid="run-job">
    <h3>Run <code>${job.id}</code></h3>
    <p>
      <span class=${`state state-${job.state}`} data-testid="run-state">${job.state}</span>
      ${job.stage && !isTerminal(job.state) ? html` · <span class="muted">${job.stage}</span>` : ''}
      ${job.message && job.message !== job.state ? html` · ${job.message}` : ''}
      ${job.overrides ? html` <span class="tag tag-whatif" data-testid="run-whatif">what-if: ${job.overrides} unsaved edit${job.overrides === 1 ? '' : 's'}</span>` : ''}
      <span class="muted"> · scenario ${job.scenario}, seed ${job.seed}, ${job.start_year}–${job.end_year}${(job.carried || []).length ? `, levers of ${job.carried[0] - 1} carried to ${job.carried.join(', ')}` : ''}</span>
    </p>
    <${Progress} value=${job.done} max=${job.of} label=${`${job.done} of ${job.of} years`} testid="run-progress" />
    <div class="table-wrap">
      <table class="data year-progress" data-testid="run-years">
        <thead><tr><th>Year</th><th>Progress</th><th class="num">Start active</th><th class="num">Hires</th>
          <th class="num">Exp. terms</th><th class="num">New-hire terms</th><th class="num">Promotions</th>
          <th class="num">Raises</th><th class="num">End active</th><th class="num">Avg FYE pay</th>
          <th class="num">Growth</th><th class="num">Time</th></tr></thead>
        <tbody>${years.map((y) => {
          const d = job.years[y];
          const cur = !d && job.state === 'running' && years.find((z) => !job.years[z]) === y;
          return html`<tr class=${d ? 'year-done' : ''}>
            <th scope="row">${y}</th>
            <td class="bar-cell"><div class="mini-bar" role="progressbar" aria-label=${`year ${y}`}
              aria-valuemin="0" aria-valuemax="1" aria-valuenow=${d ? 1 : 0}>
              <div class=${`mini-fill ${d ? 'full' : cur ? 'busy' : ''}`}></div></div></td>
            <td class="num">${d ? int(d.start_active) : '—'}</td><td class="num">${d ? int(d.hires) : '—'}</td>
            <td class="num">${d ? int(d.experienced_terminations) : '—'}</td><td class="num">${d ? int(d.new_hire_terminations) : '—'}</td>
            <td class="num">${d ? int(d.promotions) : '—'}</td><td class="num">${d ? int(d.raises) : '—'}</td>
            <td class="num">${d ? int(d.end_active) : '—'}</td><td class="num">${d ? money(d.avg_comp_fye) : '—'}</td>
            <td class="num">${d ? pct(d.avg_comp_growth) : '—'}</td><td class="num">${d ? ms(d.year_ms) : '—'}</td>
          </tr>`;
        })}</tbody>
      </table>
    </div>
    ${job.state === 'done' ? html`<${Notice} kind="ok" testid="run-done">Run finished${job.summary ? '' : ''} in ${ms(elapsed)} (wall clock, as seen by the browser).
        <button type="button" class="btn-primary btn-inline" onClick=${() => openResults(job.id)} data-testid="open-results">Open in Results</button><//>` : ''}
    ${job.state === 'failed' ? html`<${Notice} kind="error">The run failed${job.error ? `: ${job.error}` : ''}.<//>` : ''}
    ${job.state === 'cancelled' ? html`<${Notice} kind="warn">The run was cancelled; it left no rows.<//>` : ''}
  </section>`;
}
