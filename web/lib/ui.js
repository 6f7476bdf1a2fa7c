// Small shared components: error notes, notices, metric cards, loading text.

import { html } from '/vendor/htm-preact.js';
import { errorInfo } from './api.js';

/** The API's {error, field, detail} shown next to the control that caused it. */
export function ErrorNote({ err, testid }) {
  const e = errorInfo(err);
  if (!e) return null;
  return html`<div class="error-note" role="alert" data-testid=${testid || undefined}>
    <strong>${e.kind === 'network' ? 'Server unreachable' : labelOf(e.kind)}</strong>
    ${e.field ? html` · <code>${e.field}</code>` : ''}: ${e.detail}
  </div>`;
}

/** Shown under one input when the error names it (error.field). */
export function FieldError({ err, field }) {
  const e = errorInfo(err);
  if (!e || !field || e.field !== field) return null;
  return html`<div class="field-error" role="alert">${e.detail}</div>`;
}

/** True when an error is already shown under one of `fields`. */
export function errorIsForField(err, fields) {
  const e = errorInfo(err);
  return !!(e && e.field && fields.includes(e.field));
}

function labelOf(kind) {
  return {
    invalid_input: 'Invalid input', unauthorized: 'Not signed in (reload the page and sign in)', forbidden: 'Not allowed for your role', busy: 'The server is busy',
    not_found: 'Not found', conflict: 'Conflict', confirmation_required: 'Please confirm', payload_too_large: 'Too large',
    storage: 'Storage error', internal: 'Server error', client: 'Error',
    separation_of_duties: 'Not allowed (separation of duties)', stale_request: 'Request out of date',
    approval_required: 'Approval required',
  }[kind] || kind;
}

export function Notice({ kind = 'info', children, testid }) {
  return html`<div class=${`notice notice-${kind}`} role=${kind === 'error' ? 'alert' : 'status'}
    data-testid=${testid || undefined}>${children}</div>`;
}

export function Loading({ text = 'Loading…' }) {
  return html`<div class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>${text}</div>`;
}

export function Stat({ label, value, sub, tone, testid }) {
  return html`<div class=${`stat ${tone ? `stat-${tone}` : ''}`} data-testid=${testid || undefined}>
    <div class="stat-label">${label}</div>
    <div class="stat-value">${value}</div>
    ${sub ? html`<div class="stat-sub">${sub}</div>` : ''}
  </div>`;
}

/** A labelled control: <${Field} label="Seed" id="seed" err=${err} field="seed">…<//> */
export function Field({ label, id, err, field, hint, children }) {
  return html`<div class="form-field">
    <label for=${id}>${label}</label>
    ${children}
    ${hint ? html`<div class="hint">${hint}</div>` : ''}
    <${FieldError} err=${err} field=${field} />
  </div>`;
}

/** Progress bar with a visible label. */
export function Progress({ value, max, label, testid }) {
  const v = Math.max(0, Math.min(value || 0, max || 1));
  const p = max ? Math.round((v / max) * 100) : 0;
  return html`<div class="progress" data-testid=${testid || undefined}>
    <div class="progress-track" role="progressbar" aria-valuemin="0" aria-valuemax=${max || 0}
      aria-valuenow=${v} aria-label=${label}>
      <div class="progress-fill" style=${`width:${p}%`}></div>
    </div>
    <span class="progress-label">${label}</span>
  </div>`;
}

/** The lock mark (🔒) drawn as SVG, so it shows without an emoji font. */
export function LockIcon({ title = 'locked' }) {
  return html`<svg class="lock-icon" viewBox="0 0 16 16" width="12" height="12" role="img" aria-label=${title}>
    <title>${title}</title>
    <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" fill="none" stroke="currentColor" stroke-width="1.6" />
    <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
  </svg>`;
}

/** Save text made in the page as a file (the browser's download). */
export function downloadText(filename, type, text) {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Save a Blob (a downloaded export, issue 14) as a file. */
export function downloadBlob(filename, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked once the browser has taken the file: revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** True when the server asks to confirm the action (409 confirmation_required). */
export function needsConfirmation(err) {
  const e = errorInfo(err);
  return !!(e && e.kind === 'confirmation_required');
}

/**
 * The server's request for a confirmation (issue 10 item 6: writing into a
 * scenario without locks on a past or current plan year; accepting an
 * unreachable optimum): its explanation, then the action again or cancel.
 */
export function ConfirmBox({ err, action, onConfirm, onCancel, testid }) {
  if (!needsConfirmation(err)) return null;
  return html`<div class="notice notice-warn confirm-box" role="alertdialog" aria-label="Confirm" data-testid=${testid || undefined}>
    <p>${errorInfo(err).detail}</p>
    <div class="button-row">
      <button type="button" class="btn-primary" onClick=${onConfirm} data-testid=${testid ? `${testid}-yes` : undefined}>${action}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </div>`;
}
