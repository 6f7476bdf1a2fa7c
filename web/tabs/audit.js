// Tab 6 — Runs & Audit: run history with provenance (GET /api/runs,
// GET /api/runs/{id}), optimizations (GET /api/optimizations) and the audit
// log (GET /api/audit, shown and filtered by audit_log.js).

import { html, useEffect, useState } from '/vendor/htm-preact.js';
import { api, can, qs } from '../lib/api.js';
import { int, isNum, leverText, money, ms, pct, when } from '../lib/format.js';
import { ErrorNote, Loading, Notice } from '../lib/ui.js';
import { censusLabel, useCensuses } from '../lib/census.js';
import { AuditLog } from './audit_log.js';

// The provenance block of GET /api/runs/{id} (docs/api.md), in reading order.
const PROVENANCE_ROWS = [
  ['config_sha256', 'Configuration SHA-256'],
  ['census_sha256', 'Census SHA-256'],
  ['levers_sha256', 'Levers file SHA-256'],
  ['effective_levers_sha256', 'Effective lever set SHA-256'],
];

function RunDetails({ id, openResults, entries }) {
  const [d, setD] = useState(null);
  const [err, setErr] = useState(null);
  useEffect(() => {
    setD(null); setErr(null);
    api.get(`/api/runs/${encodeURIComponent(id)}`).then(setD).catch(setErr);
  }, [id]);
  if (err) return html`<${ErrorNote} err=${err} />`;
  if (!d) return html`<${Loading} text="Loading the run…" />`;
  const s = d.summary || {};
  const prov = s.provenance || {};
  const hashes = PROVENANCE_ROWS.filter(([k]) => prov[k]).map(([k, label]) => [label, prov[k]]);
  // The SIMULATION_RUN audit entry written with the run names the same lever-set hash.
  const entry = (entries || []).find((e) => e.event_type === 'SIMULATION_RUN' && String(e.details || '').includes(d.run_id));
  const levers = Array.isArray(d.lever_set) && d.lever_set.length ? d.lever_set : null;
  return html`<div class="run-details" data-testid="run-details">
    <h3>Run <code>${d.run_id}</code> <span class=${`state state-${d.status}`}>${d.status}</span></h3>
    <table class="compact kv"><tbody>
      <tr><th scope="row">Scenario</th><td>${s.scenario || '—'}</td></tr>
      <tr><th scope="row">Seed</th><td data-testid="prov-seed">${s.seed ?? '—'}</td></tr>
      <tr><th scope="row">Years</th><td>${s.start_year ?? '—'}–${s.end_year ?? '—'}</td></tr>
      <tr><th scope="row">Census baseline</th><td>${s.baseline ? `${int(s.baseline.active)} active, average salary ${money(s.baseline.avg_salary)}` : '—'}</td></tr>
      <tr><th scope="row">Validation warnings</th><td>${s.warning_count ?? '—'}</td></tr>
      <tr><th scope="row">Levers</th><td data-testid="prov-levers">${s.what_if
        ? html`<span class="tag tag-whatif">what-if</span> the stored levers with ${s.overrides} unsaved edit${s.overrides === 1 ? '' : 's'}:
          ${(s.lever_overrides || []).map((c) => html` <code>${c.parameter} ${c.year} L${c.level} = ${leverText(c.parameter === 'new_hire_salary_adjustment' ? 'multiplier' : 'rate', c.value)}</code>`)}`
        : 'the scenario\'s stored levers'}${(s.carried_lever_years || []).length
        ? `; ${s.carried_lever_years[0] - 1}'s levers carried forward to ${s.carried_lever_years.join(', ')}` : ''}</td></tr>
      ${s.target ? html`<tr><th scope="row">Target</th><td>${pct(s.target.growth)} ± ${pct(s.target.tolerance)}, ${s.target.metric === 'final' ? 'final year' : 'mean of the years'}</td></tr>` : ''}
      ${d.error ? html`<tr><th scope="row">Error</th><td>${String(d.error)}</td></tr>` : ''}
      ${prov.engine_version ? html`<tr><th scope="row">Engine</th><td>${prov.engine_version}</td></tr>` : ''}
      ${hashes.map(([k, v]) => html`<tr><th scope="row">${k}</th><td><code class="hash">${v}</code></td></tr>`)}
      ${entry ? html`<tr><th scope="row">Audit entry</th><td>#${entry.seq} ${entry.event_type}</td></tr>` : ''}
    </tbody></table>
    <p class="muted"><code>planwise runs show ${d.run_id}</code> prints the full provenance: command, config, census and seed-table SHA-256.</p>
    ${(s.years || []).length ? html`<table class="compact"><thead><tr><th>Year</th><th class="num">Start</th><th class="num">End</th>
      <th class="num">Hires</th><th class="num">Terminations</th><th class="num">Promotions</th><th class="num">Avg FYE pay</th><th class="num">Growth</th>
      <th class="num">Cost</th></tr></thead>
      <tbody>${s.years.map((y) => html`<tr><th scope="row">${y.year}</th><td class="num">${int(y.start_active)}</td><td class="num">${int(y.end_active)}</td>
        <td class="num">${int(y.hires)}</td><td class="num">${int((y.experienced_terminations ?? NaN) + (y.new_hire_terminations ?? 0))}</td>
        <td class="num">${int(y.promotions)}</td><td class="num">${money(y.avg_comp_fye)}</td><td class="num">${pct(y.avg_comp_growth)}</td>
        <td class="num">${money(y.total_comp_prorated)}</td></tr>`)}</tbody></table>` : ''}
    ${levers ? html`<details><summary>Lever set (${levers.length} values)</summary><div class="table-wrap scroll-y">
      <table class="compact"><thead><tr><th>Year</th><th>Parameter</th><th>Level</th><th class="num">Value</th><th>Source</th></tr></thead>
      <tbody>${levers.map((c) => {
        const p = c.parameter_name;
        const carried = (s.carried_lever_years || []).includes(c.fiscal_year);
        return html`<tr class=${carried ? 'carried' : ''}><td>${c.fiscal_year}${carried ? html` <span class="tag" title="carried forward from the last lever year">carried</span>` : ''}</td><td><code>${p}</code></td><td>${c.job_level}</td>
          <td class="num">${leverText(p === 'new_hire_salary_adjustment' ? 'multiplier' : 'rate', c.parameter_value)}</td><td>${c.parameter_source}</td></tr>`;
      })}</tbody></table></div></details>` : html`<p class="muted">The lever set is not part of this response.</p>`}
    ${d.status === 'done' ? html`<button type="button" class="btn-small" onClick=${() => openResults(d.run_id)}>Open in Results</button>` : ''}
  </div>`;
}

export function AuditTab({ scenario, active, runsVersion, auditVersion, openResults, me }) {
  const mayAudit = can(me, 'audit');
  const [runs, setRuns] = useState(null);
  const [runsErr, setRunsErr] = useState(null);
  const [opts, setOpts] = useState(null);
  const [optsErr, setOptsErr] = useState(null);
  const [entries, setEntries] = useState(null);
  const [auditErr, setAuditErr] = useState(null);
  const [scenarioIds, setScenarioIds] = useState([]);
  const [filterScenario, setFilterScenario] = useState('');
  const [since, setSince] = useState('');
  const [openRun, setOpenRun] = useState(null);
  const [tick, setTick] = useState(0);
  const censuses = useCensuses(`${runsVersion}/${tick}`); // names the census each run used (issue 14)

  useEffect(() => {
    if (!active) return;
    api.get('/api/runs').then((r) => { setRuns(r.runs || []); setRunsErr(null); }).catch(setRunsErr);
    api.get('/api/optimizations').then((r) => { setOpts(r.optimizations || []); setOptsErr(null); }).catch(setOptsErr);
  }, [active, runsVersion, tick]);

  useEffect(() => {
    if (!active || !mayAudit) return;
    // The scenario filter lists every scenario; without the list, the current one.
    api.get('/api/scenarios').then((r) => setScenarioIds((r.scenarios || []).map((s) => s.scenario_id)))
      .catch(() => setScenarioIds([]));
  }, [active, auditVersion, tick]);

  useEffect(() => {
    if (!active || !mayAudit) return;
    api.get(`/api/audit${qs({ scenario: filterScenario, since })}`)
      .then((r) => { setEntries(r.entries || []); setAuditErr(null); }).catch(setAuditErr);
  }, [active, auditVersion, filterScenario, since, tick]);

  return html`<div class="tab-audit">
    <h2>Runs & Audit <button type="button" class="btn-small" onClick=${() => setTick((t) => t + 1)}>Refresh</button></h2>
    <h3>Simulation runs</h3>
    <${ErrorNote} err=${runsErr} />
    ${!runs && !runsErr ? html`<${Loading} />` : ''}
    ${runs && !runs.length ? html`<${Notice}>No runs yet.<//>` : ''}
    ${runs && runs.length ? html`<div class="table-wrap scroll-y short"><table class="data compact" data-testid="runs-table">
      <thead><tr><th>Run</th><th>Status</th><th>Scenario</th><th class="num">Seed</th><th>Years</th><th>Census</th><th>Created</th><th class="num">Time</th><th></th></tr></thead>
      <tbody>${runs.map((r) => html`<tr class=${openRun === r.run_id ? 'selected' : ''}>
        <td><code>${r.run_id}</code>${r.what_if ? html` <span class="tag tag-whatif" data-testid="run-whatif-tag"
            title=${`Ran with ${r.overrides} unsaved lever edit${r.overrides === 1 ? '' : 's'}, not the stored levers`}>what-if</span>` : ''}${(r.carried_lever_years || []).length ? html` <span class="tag"
            title=${`Levers of ${r.carried_lever_years[0] - 1} carried forward`}>carried ${r.carried_lever_years.join(', ')}</span>` : ''}</td>
        <td><span class=${`state state-${r.status}`}>${r.status}</span></td><td>${r.scenario}</td>
        <td class="num">${r.seed ?? '—'}</td><td>${r.start_year != null ? `${r.start_year}–${r.end_year}` : '—'}</td>
        <td data-testid="run-census">${censusLabel(censuses.list, r.census_sha256)}</td><td>${when(r.created_at)}</td>
        <td class="num">${isNum(r.total_ms) ? ms(r.total_ms) : '—'}</td>
        <td><button type="button" class="btn-small" aria-expanded=${openRun === r.run_id ? 'true' : 'false'}
          onClick=${() => setOpenRun(openRun === r.run_id ? null : r.run_id)}>Provenance</button></td></tr>`)}</tbody></table></div>` : ''}
    ${openRun ? html`<${RunDetails} id=${openRun} openResults=${openResults} entries=${entries} />` : ''}

    <h3>Optimizations</h3>
    <${ErrorNote} err=${optsErr} />
    ${opts && !opts.length ? html`<${Notice}>No optimizations yet.<//>` : ''}
    ${opts && opts.length ? html`<div class="table-wrap scroll-y short"><table class="data compact" data-testid="opts-table">
      <thead><tr><th>Run</th><th>Status</th><th>Algorithm</th><th>Scenario</th><th class="num">Target</th><th class="num">Evaluations</th><th>Applied</th><th>Created</th><th>Report</th></tr></thead>
      <tbody>${opts.map((o) => html`<tr><td><code>${o.run_id}</code></td><td><span class=${`state state-${o.status}`}>${o.status}</span></td>
        <td>${o.algorithm}</td><td>${o.scenario}</td><td class="num">${pct(o.target)}</td><td class="num">${int(o.evaluations)}</td>
        <td>${o.applied == null ? '—' : o.applied ? 'yes' : 'no'}</td><td>${when(o.created_at)}</td>
        <td><a href=${`/api/optimizations/${encodeURIComponent(o.run_id)}/report`} target="_blank" rel="noopener">Markdown</a></td></tr>`)}</tbody></table></div>` : ''}

    <h3>Audit log</h3>
    ${!mayAudit ? html`<${Notice}>The audit trail is for the analyst, approver, compliance and admin roles; you are signed in as ${me && me.role}.<//>` : html`
    <${AuditLog} entries=${entries} err=${auditErr} scenarios=${[scenario, ...scenarioIds]}
      scenario=${filterScenario} setScenario=${setFilterScenario} since=${since} setSince=${setSince} />`}
  </div>`;
}
