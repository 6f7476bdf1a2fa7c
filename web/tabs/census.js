// The Census tab (issue 14 item 1): upload an HRIS export (CSV or Parquet),
// check the proposed map from its columns to ours, preview what would be
// stored (counts, pay and age, the derived level mix, every issue), confirm
// it under a name, and switch the census the dashboard runs on. Nothing is
// stored before Confirm, and Confirm stays disabled while the preview has
// errors or open questions (the server refuses them too).

import { html, useEffect, useState } from '/vendor/htm-preact.js';
import { api, can } from '../lib/api.js';
import { sizeText, uploadCensus, uploadType, useCensuses } from '../lib/census.js';
import { int, money, pct, when } from '../lib/format.js';
import { ErrorNote, Notice, Progress, Stat } from '../lib/ui.js';

const enc = encodeURIComponent;
const FIELD_LABELS = {
  employee_id: 'Employee ID', employee_ssn: 'SSN', hourly_rate: 'Hourly rate (rows without pay)', birth_date: 'Birth date', hire_date: 'Hire date',
  termination_date: 'Termination date', pay: 'Pay', pay_basis: 'Pay basis (per row)',
  standard_hours: 'Standard weekly hours', status: 'Status', level: 'Job level (checked only)',
};

// The map as the preview and confirm routes take it: our field, its column and date format.
function mapBody(map) {
  return {
    fields: map.fields.map((f) => ({ field: f.field, column: f.column || null, date_format: f.date_format || null })),
    pay_basis: map.pay_basis, default_standard_hours: map.default_standard_hours,
    active_values: map.active_values, terminated_values: map.terminated_values, exclude: map.exclude,
  };
}

function MapTable({ map, setMap }) {
  const setField = (i, patch) => setMap({ ...map, fields: map.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const hours = map.default_standard_hours ?? '';
  return html`<div class="census-map" data-testid="census-map">
    <table class="data compact"><thead><tr><th>Our column</th><th>← their column</th><th>Date format</th><th>Why</th></tr></thead>
      <tbody>${map.fields.map((f, i) => {
        const ambiguous = f.is_date && f.column && !f.date_format && (f.date_format_candidates || []).length > 1;
        return html`<tr class=${ambiguous ? 'needs-answer' : ''}>
          <th scope="row">${FIELD_LABELS[f.field] || f.field}${f.required ? html` <span class="req" title="required">*</span>` : ''}</th>
          <td><select aria-label=${`Column for ${f.field}`} data-testid=${`map-${f.field}`} value=${f.column || ''}
              onChange=${(e) => setField(i, { column: e.currentTarget.value || null, matched_by: 'stated', reason: '' })}>
            <option value="">— not mapped —</option>
            ${map.file_columns.map((c) => html`<option value=${c}>${c}</option>`)}
          </select></td>
          <td>${f.is_date ? html`<select aria-label=${`Date format of ${f.field}`} value=${f.date_format || ''}
              onChange=${(e) => setField(i, { date_format: e.currentTarget.value || null })}>
            <option value="">${ambiguous ? 'choose…' : 'detect'}</option>
            ${map.date_formats.map((d) => html`<option value=${d}>${d}${(f.date_format_candidates || []).includes(d) ? ' (fits)' : ''}</option>`)}
          </select>${ambiguous ? html`<div class="field-error">Both ${f.date_format_candidates.join(' and ')} fit: which is it?</div>` : ''}` : ''}</td>
          <td class="muted">${f.matched_by !== 'not mapped' ? `${f.matched_by}${f.reason ? `: ${f.reason}` : ''}` : ''}</td></tr>`;
      })}</tbody></table>
    <div class="form-row">
      <label class="inline">Pay is
        <select value=${map.pay_basis} onChange=${(e) => setMap({ ...map, pay_basis: e.currentTarget.value })} data-testid="map-pay-basis">
          <option value="annual">annual</option><option value="hourly">hourly (× weekly hours × 52)</option>
          <option value="per_row">per row (the pay basis column says)</option>
        </select></label>
      ${map.pay_basis !== 'annual' ? html`<label class="inline">Standard weekly hours (when a row has none)
        <input type="number" min="1" max="168" step="0.5" size="5" value=${hours}
          onInput=${(e) => setMap({ ...map, default_standard_hours: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })} /></label>` : ''}
    </div>
  </div>`;
}

function Bands({ title, dist, format }) {
  const total = dist.count || 0;
  return html`<div class="census-dist"><h4>${title}</h4>
    ${total ? html`<p class="muted">median ${format(dist.p50)} · 10th–90th ${format(dist.p10)}–${format(dist.p90)} · mean ${format(dist.mean)}</p>
      <table class="compact"><tbody>${dist.bands.map((b) => html`<tr><th scope="row">${b.label}</th>
        <td class="num">${int(b.count)}</td>
        <td class="bar-cell"><span class="bar" style=${`width:${total ? (100 * b.count) / total : 0}%`}></span></td></tr>`)}</tbody></table>`
      : html`<p class="muted">No active employees.</p>`}</div>`;
}

function Preview({ preview, uploadId }) {
  const c = preview.counts;
  return html`<div class="census-preview" data-testid="census-preview">
    <div class="stats">
      <${Stat} label="Rows in the file" value=${int(c.rows_total)} testid="pv-rows" />
      <${Stat} label="Active" value=${int(c.active)} sub=${`on ${preview.census_date}`} testid="pv-active" />
      <${Stat} label="Terminated" value=${int(c.terminated)} testid="pv-terminated" />
      <${Stat} label="Excluded" value=${int(c.excluded)} sub=${(c.excluded_by_reason || []).map((e) => `${e.rows} ${e.reason}`).join('; ')} testid="pv-excluded" />
    </div>
    <div class="census-dists">
      <${Bands} title="Annual pay" dist=${preview.pay} format=${money} />
      <${Bands} title=${`Age in ${preview.start_year}`} dist=${preview.age} format=${(x) => int(x)} />
      <div class="census-dist"><h4>Derived level mix</h4>
        <table class="compact"><tbody>${preview.level_mix.map((l) => html`<tr><th scope="row">${l.level}${l.name ? ` · ${l.name}` : ''}</th>
          <td class="num">${int(l.count)}</td><td class="num">${pct(l.share, 1)}</td>
          <td class="bar-cell"><span class="bar" style=${`width:${100 * l.share}%`}></span></td></tr>`)}</tbody></table></div>
    </div>
    ${preview.questions.length ? html`<${Notice} kind="warn" testid="pv-questions"><strong>To answer before confirming:</strong>
      <ul>${preview.questions.map((q) => html`<li>${q.message}${q.options.length ? ` (${q.options.join(' or ')})` : ''}</li>`)}</ul><//>` : ''}
    <h4>Issues: ${int(preview.errors)} error${preview.errors === 1 ? '' : 's'}, ${int(preview.warnings)} warning${preview.warnings === 1 ? '' : 's'}
      ${preview.issues.length ? html` · <a href=${`/api/censuses/uploads/${enc(uploadId)}/issues.csv`} download data-testid="pv-issues-csv">download as CSV</a>` : ''}</h4>
    ${preview.issues.length ? html`<div class="table-wrap scroll-y short"><table class="data compact" data-testid="pv-issues">
      <thead><tr><th>Severity</th><th class="num">Row</th><th>Column</th><th>Value</th><th>Problem</th></tr></thead>
      <tbody>${preview.issues.slice(0, 500).map((i) => html`<tr class=${`issue-${i.severity}`}><td>${i.severity}</td>
        <td class="num">${i.row || ''}</td><td>${i.column}</td><td><code>${i.value}</code></td><td>${i.message}</td></tr>`)}</tbody></table></div>
      ${preview.issues.length > 500 || preview.issues_not_listed ? html`<p class="muted">The table shows the first 500; the CSV has every listed issue${preview.issues_not_listed ? ` (${int(preview.issues_not_listed)} more were only counted)` : ''}.</p>` : ''}` : ''}
  </div>`;
}

function StoredCensuses({ list, me, onSwitched }) {
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const mayRun = can(me, 'run');
  const use = async (sha) => {
    setBusy(true); setErr(null);
    try { onSwitched(await api.put('/api/censuses/active', { sha256: sha })); } catch (x) { setErr(x); } finally { setBusy(false); }
  };
  const active = list.active || {};
  return html`<div class="census-list">
    <p data-testid="census-active">The dashboard runs on <strong>${active.name}</strong> <code class="hash">${(active.sha256 || '').slice(0, 12)}</code>${active.stored ? '' : ' (the server’s configured census)'}.
      ${active.stored && mayRun ? html` <button type="button" class="btn-small" disabled=${busy} onClick=${() => use(null)}>Back to ${list.configured.name}</button>` : ''}</p>
    ${list.censuses.length ? html`<div class="table-wrap"><table class="data compact" data-testid="census-table">
      <thead><tr><th>Name</th><th>From file</th><th class="num">Rows</th><th class="num">Active</th><th class="num">Terminated</th><th class="num">Excluded</th><th>Imported</th><th>SHA-256</th><th></th></tr></thead>
      <tbody>${list.censuses.map((s) => html`<tr class=${s.in_use ? 'selected' : ''}><th scope="row">${s.name}</th><td>${s.source_name}</td>
        <td class="num">${int(s.rows_total)}</td><td class="num">${int(s.active)}</td><td class="num">${int(s.terminated)}</td><td class="num">${int(s.excluded)}</td>
        <td>${when(s.imported_at)} · ${s.imported_by}</td><td><code class="hash">${s.sha256.slice(0, 12)}</code></td>
        <td>${s.in_use ? html`<span class="tag">in use</span>` : mayRun ? html`<button type="button" class="btn-small" disabled=${busy}
          data-testid=${`use-${s.name}`} onClick=${() => use(s.sha256)}>Use this census</button>` : ''}</td></tr>`)}</tbody></table></div>`
      : html`<${Notice}>No census has been imported into this database yet.<//>`}
    <${ErrorNote} err=${err} />
  </div>`;
}

export function CensusTab({ me, active, onCensusSwitched }) {
  const [version, setVersion] = useState(0);
  const { list, err: listErr } = useCensuses(version);
  const [file, setFile] = useState(null);
  const [progress, setProgress] = useState(null);
  const [upload, setUpload] = useState(null);
  const [map, setMap] = useState(null);
  const [preview, setPreview] = useState(null);
  const [previewed, setPreviewed] = useState(null); // the map text the preview was made with
  const [name, setName] = useState('');
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState('');
  const [note, setNote] = useState(null);
  const mayImport = can(me, 'employee_data') && can(me, 'run');
  useEffect(() => { if (active) setVersion((v) => v + 1); }, [active]);
  const limit = list ? list.max_upload_bytes : null;

  const runPreview = async (id, m) => {
    setBusy('Previewing…'); setErr(null);
    try {
      const p = await api.post(`/api/censuses/uploads/${enc(id)}/preview`, { map: mapBody(m) }, { retry: true });
      setPreview(p); setPreviewed(JSON.stringify(mapBody(m)));
    } catch (x) { setErr(x); setPreview(null); } finally { setBusy(''); }
  };
  const send = async (e) => {
    e.preventDefault();
    if (!file) return;
    // A new file replaces the previous upload, which the server need not keep (it holds SSNs).
    if (upload) api.del(`/api/censuses/uploads/${enc(upload.upload_id)}`).catch(() => {});
    setErr(null); setNote(null); setUpload(null); setMap(null); setPreview(null);
    if (!uploadType(file.name)) { setErr({ kind: 'unsupported_media_type', field: 'name', detail: 'choose a .csv or .parquet file (save an Excel sheet as CSV first)' }); return; }
    if (limit && file.size > limit) { setErr({ kind: 'payload_too_large', field: 'file', detail: `the file is ${sizeText(file.size)}; the server takes up to ${sizeText(limit)}` }); return; }
    setBusy('Uploading…'); setProgress({ sent: 0, total: file.size });
    try {
      const u = await uploadCensus(file, (sent, total) => setProgress({ sent, total }));
      setUpload(u);
      setName(file.name.replace(/\.[^.]+$/, ''));
      setBusy('Proposing a map…');
      const r = await api.get(`/api/censuses/uploads/${enc(u.upload_id)}/proposal`);
      setMap(r.map);
      await runPreview(u.upload_id, r.map);
    } catch (x) { setErr(x); } finally { setBusy(''); setProgress(null); }
  };
  const confirm = async () => {
    setBusy('Storing…'); setErr(null);
    try {
      const r = await api.post(`/api/censuses/uploads/${enc(upload.upload_id)}/confirm`, { map: mapBody(map), name: name.trim() });
      setNote(`Stored ${r.census.name} (${int(r.census.active)} active employees). Use it below to run the dashboard on it.`);
      setUpload(null); setMap(null); setPreview(null); setFile(null);
      setVersion((v) => v + 1);
    } catch (x) { setErr(x); } finally { setBusy(''); }
  };
  const stale = preview && map && previewed !== JSON.stringify(mapBody(map));
  const canConfirm = preview && preview.can_confirm && !stale && name.trim() && !busy;

  return html`<div class="tab-census">
    <h2>Census</h2>
    <${ErrorNote} err=${listErr} />
    ${list ? html`<${StoredCensuses} list=${list} me=${me}
      onSwitched=${(l) => { setVersion((v) => v + 1); onCensusSwitched(l.active); }} />` : ''}
    <h3>Import a census</h3>
    ${!mayImport ? html`<${Notice}>Importing a census needs the employee_data and run rights (the file holds SSNs).<//>` : html`
    <form class="card-form" onSubmit=${send} data-testid="census-upload">
      <div class="form-row">
        <label class="inline">CSV or Parquet file
          <input type="file" accept=".csv,.parquet,text/csv" data-testid="census-file"
            onChange=${(e) => setFile(e.currentTarget.files[0] || null)} /></label>
        <button type="submit" class="btn-primary" disabled=${!file || !!busy} data-testid="census-send">Upload</button>
        <span class="hint">${limit ? `up to ${sizeText(limit)}` : ''}${file ? ` · ${file.name}, ${sizeText(file.size)}` : ''}</span>
      </div>
      ${progress ? html`<${Progress} value=${progress.sent} max=${progress.total} label=${`${sizeText(progress.sent)} of ${sizeText(progress.total)}`} testid="census-progress" />` : ''}
    </form>`}
    ${busy ? html`<p class="muted" role="status">${busy}</p>` : ''}
    <${ErrorNote} err=${err} testid="census-error" />
    ${note ? html`<${Notice} kind="ok" testid="census-note">${note}<//>` : ''}
    ${upload && map ? html`<h3>Map: ${upload.name} (${sizeText(upload.bytes)}, ${upload.file_type})</h3>
      <${MapTable} map=${map} setMap=${setMap} />
      <button type="button" class="btn" disabled=${!!busy} onClick=${() => runPreview(upload.upload_id, map)} data-testid="census-preview-btn">
        ${stale ? 'Preview the edited map' : 'Preview again'}</button>` : ''}
    ${upload && preview ? html`<h3>Preview${stale ? ' (of the map before your edits)' : ''}</h3>
      <${Preview} preview=${preview} uploadId=${upload.upload_id} />
      <div class="form-row">
        <label class="inline">Name <input type="text" size="24" value=${name} onInput=${(e) => setName(e.currentTarget.value)} data-testid="census-name" /></label>
        <button type="button" class="btn-primary" disabled=${!canConfirm} onClick=${confirm} data-testid="census-confirm"
          title=${preview.can_confirm ? '' : 'Fix the errors and answer the questions first'}>Confirm and store</button>
        <span class="hint">${!preview.can_confirm ? 'Confirm is disabled while errors or questions remain.' : stale ? 'Preview the edited map first.' : 'Stored under its SHA-256; runs record it.'}</span>
      </div>` : ''}
  </div>`;
}
