// Approvals tab (issue 11 item 6): one card per pending change request with
// its impact, cells and risk; Approve and Reject (a reason required) for an
// approver who did not make it; Rebase when the published plan moved on.
// Below, the recent decided and published requests with Publish and Roll
// back. Buttons follow the signed-in role (lib/governance.js); the server
// checks every action again and its refusals are shown in plain words.

import { html, useEffect, useState } from '/vendor/htm-preact.js';
import { api, can, qs } from '../lib/api.js';
import { moneyDelta, when } from '../lib/format.js';
import { plainGovernanceError, requestActions } from '../lib/governance.js';
import { ErrorNote, Loading, Notice } from '../lib/ui.js';
import { RequestDetail, RiskTag, StateTag } from './request_view.js';

const enc = encodeURIComponent;
// How many decided requests the lower list shows (newest first).
const RECENT_ROWS = 25;

/** The executive report of a request or a scenario, in a new window for printing. */
export function openExecutiveReport(params) {
  window.open(`/api/reports/executive-report${qs(params)}`, '_blank', 'noopener');
}

function RejectForm({ busy, onReject, onCancel, id }) {
  const [reason, setReason] = useState('');
  return html`<form class="reject-form" onSubmit=${(e) => { e.preventDefault(); if (reason.trim()) onReject(reason.trim()); }}>
    <label for=${`reject-${id}`}>Reason for rejecting (required; the requester and the audit trail see it)</label>
    <textarea id=${`reject-${id}`} rows="2" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)}
      data-testid="reject-reason"></textarea>
    <div class="button-row">
      <button type="submit" class="btn-danger" disabled=${busy || !reason.trim()} data-testid="reject-confirm">Reject request</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function PendingCard({ row, me, parameters, onChanged }) {
  const [view, setView] = useState(null);
  const [loadErr, setLoadErr] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const id = row.request_id;
  useEffect(() => {
    setView(null);
    api.get(`/api/requests/${enc(id)}`).then((v) => { setView(v); setLoadErr(null); }).catch(setLoadErr);
  }, [id, row.simulated_at]);

  const act = async (verb, body, message) => {
    setBusy(true); setErr(null);
    try {
      const v = await api.post(`/api/requests/${enc(id)}/${verb}`, body);
      if (verb === 'rebase') setView(v);
      onChanged(message(v), v.request.scenario_id);
    } catch (e) { setErr(e); } finally { setBusy(false); }
  };
  const may = requestActions(me, row);
  const stale = view ? view.stale : false;
  return html`<article class="request-card" data-testid="request-card" data-request=${id} aria-labelledby=${`req-${id}`}>
    <header class="request-head">
      <h3 id=${`req-${id}`}><code>${id}</code> <${StateTag} row=${row} /> <${RiskTag} level=${row.risk_level} /></h3>
      <span class="muted">scenario <code>${row.scenario_id}</code> · ${row.kind}${row.rollback_of ? ` of ${row.rollback_of}` : ''} · requested
        by <strong data-testid="requester">${row.requester}</strong> · ${when(row.submitted_at || row.created_at)}</span>
    </header>
    <blockquote class="justification" data-testid="justification">${row.justification}</blockquote>
    ${loadErr ? html`<${ErrorNote} err=${loadErr} />` : ''}
    ${!view && !loadErr ? html`<${Loading} text="Loading the request's impact…" />` : ''}
    ${stale ? html`<${Notice} kind="warn" testid="stale-note">Stale: the published plan changed after this request was simulated,
      so its figures are against an older plan. ${may.rebase ? 'Rebase it to simulate it against today\'s plan before deciding.'
        : 'The requester or an approver has to rebase it before it can be decided.'}
      ${may.rebase ? html` <button type="button" class="btn-small" disabled=${busy} data-testid="rebase"
        onClick=${() => act('rebase', {}, (v) => `${id} rebased: cost impact now ${moneyDelta(v.request.cost_impact)}.`)}>Rebase</button>` : ''}<//>` : ''}
    ${view ? html`<${RequestDetail} view=${view} parameters=${parameters} />` : ''}
    ${may.own && can(me, 'approve') ? html`<p class="muted" data-testid="own-request">You made this request, so another approver decides it.</p>` : ''}
    ${may.decide ? html`<div class="decision-bar">
      ${rejecting ? html`<${RejectForm} id=${id} busy=${busy} onCancel=${() => setRejecting(false)}
          onReject=${(reason) => act('reject', { reason }, () => `${id} rejected.`)} />`
        : html`<div class="form-row">
          <div class="form-field grow"><label for=${`approve-note-${id}`}>Note (optional)</label>
            <input id=${`approve-note-${id}`} type="text" value=${note} onInput=${(e) => setNote(e.currentTarget.value)} /></div>
          <button type="button" class="btn-primary" disabled=${busy || !view} data-testid="approve"
            onClick=${() => act('approve', note.trim() ? { note: note.trim() } : {}, (v) => `${id} approved${v.request.state === 'published'
              ? ' and published' : ''}.`)}>Approve</button>
          <button type="button" disabled=${busy} data-testid="reject" onClick=${() => setRejecting(true)}>Reject…</button>
        </div>`}
    </div>` : ''}
    <${ErrorNote} err=${plainGovernanceError(err)} testid="request-error" />
  </article>`;
}

function RollbackForm({ id, busy, onRollback, onCancel }) {
  const [text, setText] = useState('');
  return html`<form class="inline-form" onSubmit=${(e) => { e.preventDefault(); if (text.trim()) onRollback(text.trim()); }}>
    <div class="form-field grow"><label for=${`rollback-${id}`}>Why roll back ${id}? (required)</label>
      <input id=${`rollback-${id}`} type="text" value=${text} onInput=${(e) => setText(e.currentTarget.value)} data-testid="rollback-justification" /></div>
    <button type="submit" class="btn-small btn-danger" disabled=${busy || !text.trim()} data-testid="rollback-confirm">Request rollback</button>
    <button type="button" class="btn-small" onClick=${onCancel}>Cancel</button>
  </form>`;
}

function RecentRow({ row, me, onChanged }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const [rollingBack, setRollingBack] = useState(false);
  const id = row.request_id;
  const may = requestActions(me, row);
  const act = async (path, body, message) => {
    setBusy(true); setErr(null);
    try {
      const v = await api.post(`/api/requests/${enc(id)}/${path}`, body);
      setRollingBack(false);
      onChanged(message(v), row.scenario_id);
    } catch (e) { setErr(e); } finally { setBusy(false); }
  };
  const decided = row.decided_by ? `${row.decided_by}${row.auto_approved ? ' (auto)' : ''}` : '—';
  return html`<tr data-request=${id}>
    <td><code>${id}</code></td><td>${row.scenario_id}</td><td>${row.kind}${row.rollback_of ? ` of ${row.rollback_of}` : ''}</td>
    <td><${StateTag} row=${row} /></td><td>${row.requester}</td>
    <td title=${row.decision_reason || ''}>${decided}${row.state === 'rejected' && row.decision_reason
      ? html`<div class="muted small">${row.decision_reason}</div>` : ''}</td>
    <td class="num">${moneyDelta(row.cost_impact)}</td><td><${RiskTag} level=${row.risk_level} /></td>
    <td class="nowrap">${when(row.published_at || row.decided_at || row.created_at)}</td>
    <td class="actions">
      ${may.submit ? html`<button type="button" class="btn-small" disabled=${busy} data-testid="submit"
        onClick=${() => act('submit', {}, (v) => `${id} submitted: ${v.request.state_label}.`)}>Submit</button>` : ''}
      ${may.publish ? html`<button type="button" class="btn-small btn-primary" disabled=${busy} data-testid="publish"
        onClick=${() => act('publish', {}, (v) => `${id} published into ${v.request.scenario_id}: ${(v.cells || []).length} lever value${
          (v.cells || []).length === 1 ? '' : 's'} changed.`)}>Publish</button>` : ''}
      ${may.rollback && !rollingBack ? html`<button type="button" class="btn-small" disabled=${busy} data-testid="rollback"
        onClick=${() => setRollingBack(true)}>Roll back…</button>` : ''}
      <button type="button" class="btn-link" onClick=${() => openExecutiveReport({ request: id })}>Report</button>
      ${rollingBack ? html`<${RollbackForm} id=${id} busy=${busy} onCancel=${() => setRollingBack(false)}
        onRollback=${(justification) => act('rollback', { justification, submit: true },
          (v) => `Rollback request ${v.request.request_id} made (${v.request.state_label}); it restores what ${id} replaced once published.`)} />` : ''}
      <${ErrorNote} err=${plainGovernanceError(err)} testid="recent-error" />
    </td>
  </tr>`;
}

export function ApprovalsTab({ me, parameters, active, awaiting, onGovernanceChanged }) {
  const [pending, setPending] = useState(null);
  const [recent, setRecent] = useState(null);
  const [err, setErr] = useState(null);
  const [flash, setFlash] = useState(null);
  const [tick, setTick] = useState(0);
  const count = awaiting ? awaiting.count : null;

  useEffect(() => {
    if (!active) return;
    api.get(`/api/requests${qs({ state: 'pending' })}`).then((r) => { setPending(r.requests || []); setErr(null); }).catch(setErr);
    api.get('/api/requests').then((r) => setRecent((r.requests || []).filter((x) => x.state !== 'pending').slice(0, RECENT_ROWS)))
      .catch(setErr);
  }, [active, tick, count]);

  const onChanged = (message, scenario) => {
    setFlash(message);
    setTick((t) => t + 1);
    onGovernanceChanged(scenario); // reloads the levers, the scenarios and the badge
  };

  const role = me ? me.role : '';
  const roleNote = can(me, 'approve')
    ? `You approve: ${count == null ? 'the requests below' : `${count} request${count === 1 ? '' : 's'}`} await${count === 1 ? 's' : ''} your decision.`
    : can(me, 'edit_levers') ? 'You make requests (Request approval in Parameter Overview), publish approved ones and ask for rollbacks; approvers decide.'
      : `Your role (${role}) reads the requests; approvers decide them.`;

  return html`<div class="tab-approvals">
    <h2>Approvals <button type="button" class="btn-small" onClick=${() => setTick((t) => t + 1)}>Refresh</button></h2>
    <p class="muted" data-testid="approvals-role">${roleNote}</p>
    ${flash ? html`<${Notice} kind="ok" testid="approvals-flash">${flash}<//>` : ''}
    <${ErrorNote} err=${err} />
    <h3>Pending approval</h3>
    ${!pending && !err ? html`<${Loading} text="Loading requests…" />` : ''}
    ${pending && !pending.length ? html`<${Notice} testid="no-pending">No request is waiting for approval.<//>` : ''}
    <div class="request-cards">${(pending || []).map((row) => html`<${PendingCard} key=${row.request_id} row=${row} me=${me}
      parameters=${parameters} onChanged=${onChanged} />`)}</div>
    <h3>Recent decisions and publications</h3>
    ${recent && !recent.length ? html`<${Notice}>No request has been decided yet.<//>` : ''}
    ${recent && recent.length ? html`<div class="table-wrap"><table class="data compact" data-testid="recent-requests">
      <thead><tr><th scope="col">Request</th><th scope="col">Scenario</th><th scope="col">Kind</th><th scope="col">State</th>
        <th scope="col">Requester</th><th scope="col">Decided by</th><th scope="col" class="num">Cost impact</th><th scope="col">Risk</th>
        <th scope="col">When</th><th scope="col">Actions</th></tr></thead>
      <tbody>${recent.map((row) => html`<${RecentRow} key=${row.request_id} row=${row} me=${me} onChanged=${onChanged} />`)}</tbody>
    </table></div>` : ''}
  </div>`;
}
