// "Request approval" (issue 11 item 6): on a published scenario the lever
// grid's edits are not saved but proposed. The form asks for a business
// justification and POSTs /api/requests with the edited cells, submitted at
// once; the server simulates the impact against the published plan and
// answers with the new request, shown here with its state, impact and risk.

import { html, useState } from '/vendor/htm-preact.js';
import { api } from '../lib/api.js';
import { plainGovernanceError } from '../lib/governance.js';
import { ConfirmBox, ErrorNote, Notice, needsConfirmation } from '../lib/ui.js';
import { RequestDetail, StateTag } from './request_view.js';

/**
 * `text`/`setText`: the justification, shared with the grid's lock buttons
 * (a lock is still written directly and takes the same text as its reason).
 */
export function RequestApprovalForm({ scenario, edits, mayEdit, me, parameters, text, setText, onRequested }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const [made, setMade] = useState(null);

  const send = async (e, confirm = false) => {
    if (e) e.preventDefault();
    setErr(null);
    if (!text.trim()) {
      setErr({ kind: 'invalid_input', field: 'justification', detail: 'enter the business justification: the approver decides on it' });
      return;
    }
    setBusy(true);
    try {
      const body = {
        scenario, justification: text.trim(), submit: true,
        cells: edits.map(({ parameter, year, level, value }) => ({ parameter, year, level, value })),
      };
      if (confirm) body.confirm = true;
      const view = await api.post('/api/requests', body);
      setMade(view);
      setText('');
      onRequested(view);
    } catch (x) { setErr(x); } finally { setBusy(false); }
  };

  const n = edits.length;
  return html`<form class="save-form request-form" onSubmit=${send} aria-label="Request approval of lever changes">
    <h3>Request approval</h3>
    <p class="hint">Scenario <code>${scenario}</code> is published: its levers are the plan, and they change only through
      approved change requests. Your edits become a request; its impact is simulated against the published levers
      and an approver decides it in the Approvals tab.</p>
    <div class="form-field">
      <label for="request-justification">Business justification (required; the approver and the audit trail read it)</label>
      <textarea id="request-justification" rows="3" value=${text} onInput=${(ev) => setText(ev.currentTarget.value)}
        placeholder="e.g. FY27 merit for level 3 to match the market survey"
        aria-invalid=${err && err.field === 'justification' ? 'true' : 'false'}></textarea>
    </div>
    <div class="button-row">
      <button type="submit" class="btn-primary" disabled=${busy || !n || !mayEdit} data-testid="request-approval"
        title=${mayEdit ? '' : `Your role (${me && me.role}) may not request lever changes`}>
        ${busy ? 'Simulating the impact…' : `Request approval for ${n} change${n === 1 ? '' : 's'}`}</button>
    </div>
    ${needsConfirmation(err) ? html`<${ConfirmBox} err=${err} action="Request anyway" testid="request-confirm"
        onConfirm=${() => send(null, true)} onCancel=${() => setErr(null)} />`
      : html`<${ErrorNote} err=${plainGovernanceError(err)} testid="request-error" />`}
    ${made ? html`<div data-testid="request-made">
      <${Notice} kind="ok">Change request <strong data-testid="request-id">${made.request.request_id}</strong> made: <${StateTag}
        row=${made.request} />${made.request.state === 'published'
          ? ' (the scenario\'s policy approved and published it at once).' : made.request.state === 'pending'
            ? ' An approver decides it in the Approvals tab.' : ''}<//>
      <${RequestDetail} view=${made} parameters=${parameters} />
    </div>` : ''}
  </form>`;
}
