// Reports tab (issue 11 items 5 and 6, tuning.md §6.4): the governance
// reports the server reads from its DuckDB views (GET /api/reports), one at
// a time with an optional scenario filter, as a table or a CSV file; and the
// executive report, a print-ready document per published plan or request,
// opened in a new window. The audit reports need the audit right; every
// role may read the executive summary and the executive report.

import { html, useEffect, useState } from '/vendor/htm-preact.js';
import { api, can, qs } from '../lib/api.js';
import { ms } from '../lib/format.js';
import { ErrorNote, Loading, Notice } from '../lib/ui.js';
import { openExecutiveReport } from './approvals.js';

const enc = encodeURIComponent;
// The reports a role without the audit right may read (docs/api.md).
const FOR_EVERY_ROLE = new Set(['executive-summary']);
const NUMBER = /^[+-]?[\d,]*\.?\d+%?$/;
// A stored lever value as the server sends it may carry binary noise
// (0.027000000000000003): shown to 10 significant digits, the full value
// kept in the cell's title and in the CSV.
const LONG_DECIMAL = /^[+-]?\d+\.\d{11,}$/;
const shown = (v) => (v != null && LONG_DECIMAL.test(v) ? String(Number(Number(v).toPrecision(10))) : v);

function ReportTable({ report }) {
  const { columns, rows } = report;
  if (!rows.length) return html`<${Notice} testid="report-empty">The report has no rows for this filter.<//>`;
  return html`<div class="table-wrap scroll-y report-wrap"><table class="data compact report-table" data-testid="report-table">
    <caption>${report.title}: ${rows.length} row${rows.length === 1 ? '' : 's'}, read from view <code>${report.view}</code> in ${ms(report.elapsed_ms)}</caption>
    <thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${r.map((v, i) => html`<td class=${v != null && NUMBER.test(v) ? 'num' : 'wrap'}
      data-column=${columns[i]} title=${shown(v) !== v ? v : undefined}>${shown(v) ?? ''}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

function ExecutiveReportForm({ scenario, scenarios }) {
  const [by, setBy] = useState('scenario');
  const [which, setWhich] = useState(scenario);
  const [request, setRequest] = useState('');
  useEffect(() => setWhich(scenario), [scenario]);
  const ready = by === 'scenario' ? Boolean(which) : /^CR-\d+$/i.test(request.trim());
  const open = (e) => {
    e.preventDefault();
    if (!ready) return;
    openExecutiveReport(by === 'scenario' ? { scenario: which } : { request: request.trim().toUpperCase() });
  };
  return html`<form class="card-form" onSubmit=${open} data-testid="executive-report-form">
    <h3>Executive report</h3>
    <p class="hint">One print-ready document: headline, per-year table, charts, the lever changes with justification,
      approver and risk, and the hashes that bind it to the run and the audit trail. Print it to PDF from the new window.</p>
    <div class="form-row">
      <label class="check"><input type="radio" name="exec-by" checked=${by === 'scenario'} onChange=${() => setBy('scenario')} /> Published plan of</label>
      <select aria-label="Scenario of the executive report" value=${which} disabled=${by !== 'scenario'}
        onChange=${(e) => setWhich(e.currentTarget.value)}>
        ${[...new Set([scenario, ...(scenarios || []).map((s) => s.scenario_id)])].map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
      <label class="check"><input type="radio" name="exec-by" checked=${by === 'request'} onChange=${() => setBy('request')} /> Change request</label>
      <input type="text" size="8" placeholder="CR-1" aria-label="Change request id" value=${request} disabled=${by !== 'request'}
        onInput=${(e) => setRequest(e.currentTarget.value)} />
      <button type="submit" class="btn-primary" disabled=${!ready} data-testid="executive-report-open">Open executive report</button>
    </div>
  </form>`;
}

export function ReportsTab({ me, scenario, scenarios, active, auditVersion }) {
  const mayAudit = can(me, 'audit');
  const [list, setList] = useState(null);
  const [listErr, setListErr] = useState(null);
  const [name, setName] = useState('');
  const [filter, setFilter] = useState('');
  const [report, setReport] = useState(null);
  const [err, setErr] = useState(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!active || list) return;
    api.get('/api/reports').then((r) => {
      const mine = (r.reports || []).filter((x) => mayAudit || FOR_EVERY_ROLE.has(x.name));
      setList(mine);
      setName((n) => n || (mine[0] ? mine[0].name : ''));
    }).catch(setListErr);
  }, [active]);

  useEffect(() => {
    if (!active || !name) return;
    let live = true;
    setLoading(true); setErr(null);
    api.get(`/api/reports/${enc(name)}${qs({ scenario: filter })}`)
      .then((r) => { if (live) setReport(r); })
      .catch((e) => { if (live) { setErr(e); setReport(null); } })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [active, name, filter, tick, auditVersion]);

  const csvHref = name ? `/api/reports/${enc(name)}${qs({ scenario: filter, format: 'csv' })}` : '';
  const title = (list || []).find((x) => x.name === name);
  return html`<div class="tab-reports">
    <h2>Reports <button type="button" class="btn-small" onClick=${() => setTick((t) => t + 1)}>Refresh</button></h2>
    ${!mayAudit ? html`<p class="muted">Your role (${me && me.role}) reads the executive summary and the executive report;
      the audit, approval, change-history and compliance reports are for the analyst, approver, compliance and admin roles.</p>` : ''}
    <${ErrorNote} err=${listErr} />
    ${list ? html`<div class="form-row report-picker">
      <div class="form-field"><label for="report-name">Report</label>
        <select id="report-name" value=${name} onChange=${(e) => setName(e.currentTarget.value)}>
          ${list.map((x) => html`<option value=${x.name}>${x.title}</option>`)}
        </select></div>
      <div class="form-field"><label for="report-scenario">Scenario</label>
        <select id="report-scenario" value=${filter} onChange=${(e) => setFilter(e.currentTarget.value)}>
          <option value="">every scenario</option>
          ${(scenarios || []).map((s) => html`<option value=${s.scenario_id}>${s.scenario_id}</option>`)}
        </select></div>
      ${name ? html`<a class="btn-link-button button-like" href=${csvHref} download=${`${name}${filter ? `_${filter}` : ''}.csv`}
        data-testid="report-csv">Download CSV</a>` : ''}
      ${name && title && (title.formats || []).includes('xlsx') ? html`<a class="btn-link-button button-like" download
        href=${`/api/reports/${enc(name)}${qs({ scenario: filter, format: 'xlsx' })}`} data-testid="report-xlsx">Excel</a>` : ''}
      ${loading ? html`<span class="muted">reading…</span>` : ''}
    </div>` : html`${!listErr ? html`<${Loading} text="Loading the list of reports…" />` : ''}`}
    ${title ? html`<h3 data-testid="report-title">${title.title}</h3>` : ''}
    <${ErrorNote} err=${err} testid="report-error" />
    ${report && report.name === name ? html`<${ReportTable} report=${report} />` : ''}
    <${ExecutiveReportForm} scenario=${scenario} scenarios=${scenarios} />
  </div>`;
}
