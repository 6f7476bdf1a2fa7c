// The JSON API client (docs/api.md). Errors come back as ApiError with the
// server's {error, field, detail}; network failures as ApiError "network".
//
// Credentials: the page never keeps a token. It trades the token of the URL
// the server printed (or one the user pastes) for an HttpOnly session
// cookie (POST /api/session), which the browser then sends with every
// same-origin request and EventSource, and no script can read.

export class ApiError extends Error {
  constructor(status, body) {
    const detail = (body && (body.detail || body.error)) || `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.kind = (body && body.error) || (status ? `http_${status}` : 'network');
    this.field = (body && body.field) || '';
    this.detail = detail;
  }
  toString() {
    return this.field ? `${this.kind} (${this.field}): ${this.detail}` : `${this.kind}: ${this.detail}`;
  }
}

/** Turn any thrown value into {kind, field, detail, status}. */
export function errorInfo(e) {
  if (!e) return null;
  if (e instanceof ApiError) return { kind: e.kind, field: e.field, detail: e.detail, status: e.status };
  // The forms' own checks raise the API's shape, {kind, field, detail}.
  if (typeof e === 'object' && typeof e.detail === 'string') {
    return { kind: e.kind || 'invalid_input', field: e.field || '', detail: e.detail, status: 0 };
  }
  return { kind: 'client', field: '', detail: String(e.message || e), status: 0 };
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// The server runs at most two simulations or exports at a time for all its
// clients and answers "busy" (429) beyond that (docs/security.md). The page
// itself never asks for more than that at once: its heavy requests (the
// headline, previews, comparisons, exports) wait here for a turn. A turn is
// held until the server has answered, even when the caller gave up (a newer
// edit): the server goes on simulating an abandoned preview, so its slot is
// not free before the answer arrives.
const HEAVY = /^\/api\/(headline|impact|compare|ensembles|sweep)\b|^\/api\/runs\/[^/]+\/export\b/;
// Writes that simulate (a change request's impact: making, rebasing, rolling back).
const HEAVY_WRITE = /^\/api\/requests(\/[^/]+\/(rebase|rollback))?$/;
const isHeavy = (method, path) => HEAVY.test(path) || (method === 'POST' && HEAVY_WRITE.test(path));
const HEAVY_SLOTS = 2;
let heavyRunning = 0;
const heavyWaiting = [];
const abortError = () => new DOMException('The request was aborted', 'AbortError');
async function heavyTurn(fn) {
  if (heavyRunning >= HEAVY_SLOTS) await new Promise((ok) => heavyWaiting.push(ok));
  heavyRunning += 1;
  try { return await fn(); } finally {
    heavyRunning -= 1;
    const next = heavyWaiting.shift();
    if (next) next();
  }
}
/** `promise`, or an AbortError as soon as `signal` aborts (the work itself goes on). */
function abandonable(promise, signal) {
  if (!signal) return promise;
  return new Promise((ok, no) => {
    const onAbort = () => no(abortError());
    if (signal.aborted) { onAbort(); return; }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(ok, no).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
function heavyRequest(method, path, body, signal) {
  const answer = heavyTurn(() => {
    if (signal && signal.aborted) throw abortError(); // given up while waiting: never sent
    return requestOnce(method, path, body, undefined);
  });
  answer.catch(() => {}); // an abandoned request's failure is nobody's to report
  return abandonable(answer, signal);
}

/**
 * One request. Reads (GET, and POSTs marked `retry`, such as /api/impact, which
 * saves nothing) are retried a few times on 409: the server answers 409 when the
 * database is momentarily held by another request of its own. They are also
 * retried after a 429 (another client's simulations took the server's slots),
 * after the Retry-After the server gives. A write that simulates is retried only
 * after a 429: the server refused it before doing anything.
 */
export async function request(method, path, body, { signal, retry } = {}) {
  const canRetry = method === 'GET' || retry;
  const heavy = isHeavy(method, path);
  const once = () => (heavy ? heavyRequest(method, path, body, signal)
    : requestOnce(method, path, body, signal));
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await once();
    } catch (e) {
      if (!(e instanceof ApiError) || !(canRetry || heavy) || attempt >= 4) throw e;
      if (e.status === 409 && canRetry) await sleep(100 * 2 ** attempt);
      else if (e.status === 429) await sleep(1000 * (e.retryAfter || 1));
      else throw e;
    }
  }
}

async function requestOnce(method, path, body, signal) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method, headers, signal, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, { error: 'network', detail: `cannot reach the server (${e.message || e})` });
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = res.ok ? text : { detail: text.slice(0, 300) }; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data && typeof data === 'object' ? data : { detail: String(data || '') });
    err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw err;
  }
  return data;
}

/**
 * A file from the API with progress (issue 14 item 3: exports). Waits for a
 * heavy-work turn like the other exports (the server writes the file once,
 * then sends it with Content-Length), retries after a 429, and calls
 * onProgress({received, total}) as bytes arrive (total: Content-Length, or 0
 * when the server did not give one). Resolves to {blob, filename, total}.
 */
export async function download(path, { onProgress, signal } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await heavyTurn(() => downloadOnce(path, onProgress, signal));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 429 || attempt >= 4) throw e;
      await sleep(1000 * (e.retryAfter || 1));
    }
  }
}

async function downloadOnce(path, onProgress, signal) {
  let res;
  try {
    res = await fetch(path, { signal, credentials: 'same-origin' });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, { error: 'network', detail: `cannot reach the server (${e.message || e})` });
  }
  if (!res.ok) {
    const text = await res.text();
    let data = null;
    try { data = JSON.parse(text); } catch { data = { detail: text.slice(0, 300) }; }
    const err = new ApiError(res.status, data);
    err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw err;
  }
  const total = Number(res.headers.get('Content-Length')) || 0;
  const disposition = res.headers.get('Content-Disposition') || '';
  const named = disposition.match(/filename="([^"]+)"/);
  const filename = named ? named[1] : path.split('/').pop();
  const type = res.headers.get('Content-Type') || 'application/octet-stream';
  const parts = [];
  let received = 0;
  if (onProgress) onProgress({ received, total });
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.byteLength;
    if (onProgress) onProgress({ received, total });
  }
  if (total && received !== total) {
    throw new ApiError(0, { error: 'network', detail: `the download stopped at ${received} of ${total} bytes` });
  }
  return { blob: new Blob(parts, { type }), filename, total: received };
}

export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body, opts) => request('POST', path, body === undefined ? {} : body, opts),
  put: (path, body, opts) => request('PUT', path, body, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),
};

/** Whether the signed-in user ({rights}) holds a right; the server checks again. */
export const can = (me, right) => Boolean(me && (me.rights || []).includes(right));

/** Trade a token for the session cookie; resolves to {user, role, rights}. */
export const signIn = (token) => request('POST', '/api/session', { token });
/** The signed-in user ({user, role, rights}), or an ApiError 401. */
export const whoAmI = () => request('GET', '/api/session');
export const signOut = () => request('DELETE', '/api/session');

export function qs(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);
export const isTerminal = (s) => TERMINAL.has(s);

/**
 * Follow a job's progress: GET /api/jobs/{id}/events (EventSource).
 * handlers: {state, stage, year, evaluation, error}; each receives the parsed data.
 * The stream is closed on a terminal state so EventSource does not reconnect.
 * If the stream fails before a terminal state, `poll()` is called every second
 * until it reports a terminal state (the job runs on whatever the browser does).
 * Returns a function that stops following.
 */
export function followJob(id, handlers, poll) {
  let closed = false;
  let timer = null;
  const es = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
  const stop = () => {
    closed = true;
    es.close();
    if (timer) clearTimeout(timer);
  };
  const on = (type) => (ev) => {
    if (closed) return;
    let data = null;
    try { data = JSON.parse(ev.data); } catch { data = { text: ev.data }; }
    if (handlers[type]) handlers[type](data);
    if (type === 'state' && data && isTerminal(data.state)) stop();
  };
  for (const t of ['state', 'stage', 'year', 'evaluation']) es.addEventListener(t, on(t));
  let polling = false;
  es.onerror = () => {
    // EventSource reconnects by itself (resuming with Last-Event-ID); meanwhile,
    // and if it gives up, ask the job itself until it has finished.
    if (closed || polling || !poll) return;
    polling = true;
    const tick = async () => {
      if (closed) return;
      try {
        const st = await poll();
        if (closed) return;
        if (st && isTerminal(st)) {
          if (handlers.state) handlers.state({ state: st, message: '' });
          stop();
          return;
        }
      } catch (e) { if (handlers.error) handlers.error(e); }
      timer = setTimeout(tick, 1000);
    };
    timer = setTimeout(tick, 500);
  };
  return stop;
}
