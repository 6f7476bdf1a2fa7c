// The audit log of the Runs & Audit tab (issue 10 §8): filters for user,
// scenario, event type and date range, and a CSV file of the entries shown.
// Scenario and "from" go to GET /api/audit (?scenario=&since=); user, event
// type and "to" narrow the answer here, as the API has no such filters.

import { html, useMemo, useState } from '/vendor/htm-preact.js';
import { csvText, isoDay, leverText, when } from '../lib/format.js';
import { downloadText, ErrorNote, Loading, Notice } from '../lib/ui.js';

// The CSV columns: the API's field names, in the table's order.
const COLUMNS = ['seq', 'occurred_at', 'event_type', 'scenario_id', 'fiscal_year', 'job_level', 'parameter_name',
  'old_value', 'new_value', 'actor', 'reason', 'details'];

const distinct = (xs) => [...new Set(xs.filter(Boolean))].sort();

function auditValue(param, v) {
  if (v === null || v === undefined || v === '') return '';
  const n = typeof v === 'number' ? v : Number(v);
  if (!param || !Number.isFinite(n)) return String(v);
  return leverText(param === 'new_hire_salary_adjustment' ? 'multiplier' : 'rate', n);
}

/** A select of "all" plus `values`, keeping the chosen one listed even when no entry has it now. */
function Choice({ id, label, value, setValue, values, all }) {
  const options = value && !values.includes(value) ? [value, ...values] : values;
  return html`<div class="form-field"><label for=${id}>${label}</label>
    <select id=${id} value=${value} onChange=${(e) => setValue(e.currentTarget.value)}>
      <option value="">${all}</option>
      ${options.map((v) => html`<option value=${v}>${v}</option>`)}
    </select></div>`;
}

/**
 * entries: GET /api/audit's answer for `scenario` and `since` (the parent
 * fetches it, so a run's provenance can name its audit entry).
 */
export function AuditLog({ entries, err, scenarios, scenario, setScenario, since, setSince }) {
  const [user, setUser] = useState('');
  const [eventType, setEventType] = useState('');
  const [until, setUntil] = useState('');

  const shown = useMemo(() => (entries || [])
    .filter((e) => (!user || e.actor === user) && (!eventType || e.event_type === eventType)
      // occurred_at is UTC ISO-8601, as `since` is read by the server.
      && (!until || String(e.occurred_at || '').slice(0, 10) <= until))
    .sort((a, b) => b.seq - a.seq), [entries, user, eventType, until]);

  const filtered = user || eventType || until || scenario || since;
  const clear = () => { setUser(''); setEventType(''); setUntil(''); setScenario(''); setSince(''); };
  const exportCsv = () => downloadText(`audit_${isoDay(new Date())}.csv`, 'text/csv',
    csvText([COLUMNS, ...shown.map((e) => COLUMNS.map((c) => e[c]))]));

  return html`<div class="audit-log">
    <div class="form-row audit-filters" data-testid="audit-filters">
      <${Choice} id="audit-user" label="User" value=${user} setValue=${setUser} all="all users"
        values=${distinct((entries || []).map((e) => e.actor))} />
      <${Choice} id="audit-scenario" label="Scenario" value=${scenario} setValue=${setScenario} all="all scenarios"
        values=${distinct(scenarios)} />
      <${Choice} id="audit-event" label="Event type" value=${eventType} setValue=${setEventType} all="all events"
        values=${distinct((entries || []).map((e) => e.event_type))} />
      <div class="form-field"><label for="audit-since">From (UTC date)</label>
        <input id="audit-since" type="date" value=${since} max=${until || undefined}
          onInput=${(e) => setSince(e.currentTarget.value)} /></div>
      <div class="form-field"><label for="audit-until">To (UTC date)</label>
        <input id="audit-until" type="date" value=${until} min=${since || undefined}
          onInput=${(e) => setUntil(e.currentTarget.value)} /></div>
      <button type="button" class="btn-small" onClick=${clear} disabled=${!filtered}>Clear filters</button>
      <button type="button" class="btn-small" onClick=${exportCsv} disabled=${!shown.length} data-testid="audit-export"
        title="the entries shown, with the API's field names and raw values">Export CSV</button>
    </div>
    ${since && until && until < since ? html`<p class="hint">"To" is before "From": no entry can match.</p>` : ''}
    <${ErrorNote} err=${err} testid="audit-error" />
    ${!entries && !err ? html`<${Loading} />` : ''}
    ${entries ? html`<p class="muted" data-testid="audit-count">${shown.length} of ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${
      scenario || since ? ' of the chosen scenario and dates' : ''} shown.</p>` : ''}
    ${entries && !shown.length ? html`<${Notice}>No audit entries match.<//>` : ''}
    ${shown.length ? html`<div class="table-wrap scroll-y"><table class="data compact audit" data-testid="audit-table">
      <thead><tr><th class="num">Seq</th><th>When</th><th>Event</th><th>Scenario</th><th>Year</th><th>Level</th><th>Parameter</th>
        <th class="num">Old</th><th class="num">New</th><th>Actor</th><th>Reason</th><th>Details</th></tr></thead>
      <tbody>${shown.map((e) => html`<tr>
        <td class="num">${e.seq}</td><td class="nowrap">${when(e.occurred_at)}</td><td><code>${e.event_type}</code></td>
        <td>${e.scenario_id || ''}</td><td>${e.fiscal_year ?? ''}</td><td>${e.job_level ?? ''}</td><td>${e.parameter_name || ''}</td>
        <td class="num">${auditValue(e.parameter_name, e.old_value)}</td><td class="num">${auditValue(e.parameter_name, e.new_value)}</td>
        <td>${e.actor || ''}</td><td class="wrap">${e.reason || ''}</td><td class="wrap muted">${e.details || ''}</td></tr>`)}</tbody></table></div>` : ''}
  </div>`;
}
