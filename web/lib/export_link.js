// One export of a stored run (GET /api/runs/{id}/export) as a link that
// downloads with progress (issue 14 item 3): "12.4 of 81.9 MB" while the
// bytes arrive, then the file is saved and its size stays shown. The link
// keeps its href, so "save link as" and scripts still work; a click goes
// through fetch, with the session cookie and the page's heavy-work queue.

import { html, useRef, useState } from '/vendor/htm-preact.js';
import { download, qs } from './api.js';
import { downloadBlob, Progress } from './ui.js';

/** 81905342 → "81.9 MB"; 2048 → "2.0 KB"; 512 → "512 B". */
export function byteSize(n) {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u += 1; }
  return `${v.toFixed(1)} ${units[u]}`;
}

export function ExportLink({ runId, table, format }) {
  const [state, setState] = useState(null); // {received, total} | {saved} | {error}
  const busy = useRef(false);
  const href = `/api/runs/${encodeURIComponent(runId)}/export${qs({ table, format })}`;
  const testid = `export-${table}-${format}`;
  const onClick = async (e) => {
    e.preventDefault();
    if (busy.current) return;
    busy.current = true;
    setState({ received: 0, total: 0 });
    try {
      const { blob, filename, total } = await download(href, {
        onProgress: (p) => setState(p),
      });
      downloadBlob(filename, blob);
      setState({ saved: total });
    } catch (err) {
      setState({ error: err.detail || String(err.message || err) });
    } finally {
      busy.current = false;
    }
  };
  let status = '';
  if (state && state.error) {
    status = html`<span class="export-status error" role="alert" data-testid=${`${testid}-error`}>${state.error}</span>`;
  } else if (state && state.saved != null) {
    status = html`<span class="export-status muted" data-testid=${`${testid}-saved`}>saved · ${byteSize(state.saved)}</span>`;
  } else if (state) {
    const label = state.total
      ? `${byteSize(state.received)} of ${byteSize(state.total)}`
      : state.received ? byteSize(state.received) : 'preparing…';
    status = html`<${Progress} value=${state.received} max=${state.total || 0} label=${label} testid=${`${testid}-progress`} />`;
  }
  return html`<a class="btn-small btn-link-button" download href=${href} onClick=${onClick}
      data-testid=${testid} aria-busy=${state && !state.error && state.saved == null ? 'true' : 'false'}>${format.toUpperCase()}</a>${status}`;
}
