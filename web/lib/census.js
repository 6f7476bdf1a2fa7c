// Issue 14 item 1: the stored censuses (GET /api/censuses) and a census
// upload with its progress. Runs record the SHA-256 of the census they ran
// on; censusLabel names it by its stored name where there is one.

import { useEffect, useState } from '/vendor/htm-preact.js';
import { api, ApiError } from './api.js';

/** GET /api/censuses, again whenever `version` changes: {active, configured, censuses, max_upload_bytes}. */
export function useCensuses(version) {
  const [list, setList] = useState(null);
  const [err, setErr] = useState(null);
  useEffect(() => {
    api.get('/api/censuses').then((l) => { setList(l); setErr(null); }).catch(setErr);
  }, [version]);
  return { list, err };
}

/** "name (abc123def456)" for a census hash, or the short hash alone when it is not known. */
export function censusLabel(list, sha) {
  if (!sha) return '—';
  const short = sha.slice(0, 12);
  if (!list) return short;
  const known = [...(list.censuses || []), list.configured, list.active].find((c) => c && c.sha256 === sha);
  return known ? `${known.name} (${short})` : short;
}

/** Bytes in B, kB, MB (powers of 1024, as the limit is set in MiB). */
export function sizeText(bytes) {
  if (!Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The Content-Type a census file is sent with, by its extension; null when it is neither. */
export function uploadType(name) {
  const n = String(name || '').toLowerCase();
  if (n.endsWith('.csv')) return 'text/csv';
  if (n.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  return null;
}

/**
 * POST /api/censuses/uploads with the file as the raw body (the server
 * streams it to disk). XMLHttpRequest, not fetch: only it reports upload
 * progress. onProgress(sent, total). Resolves to {upload_id, bytes,
 * file_type, name}; rejects with an ApiError.
 */
export function uploadCensus(file, onProgress) {
  return new Promise((ok, no) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/censuses/uploads?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', uploadType(file.name) || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = { detail: xhr.responseText.slice(0, 300) }; }
      if (xhr.status >= 200 && xhr.status < 300) ok(data); else no(new ApiError(xhr.status, data));
    };
    xhr.onerror = () => no(new ApiError(0, { error: 'network', detail: 'the upload was cut off (the server refuses files over its limit)' }));
    xhr.send(file);
  });
}
