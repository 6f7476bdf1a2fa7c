// Change requests in the dashboard (issue 11 item 6): what the signed-in
// role may do with a request, the count of requests awaiting this approver
// (the Approvals tab's badge) and the server's governance refusals in plain
// words. The server decides every one of these again (docs/api.md).

import { useCallback, useEffect, useState } from '/vendor/htm-preact.js';
import { api, can, errorInfo } from './api.js';

/** What `me` may do with request row `r` (GET /api/requests), as buttons to show. */
export function requestActions(me, r) {
  const approver = can(me, 'approve');
  const analyst = can(me, 'edit_levers');
  const own = Boolean(me && r && r.requester === me.user);
  return {
    own,
    decide: approver && !own && r.state === 'pending',
    rebase: (approver || analyst) && ['draft', 'pending', 'approved'].includes(r.state),
    submit: analyst && r.state === 'draft',
    publish: (approver || analyst) && r.state === 'approved',
    rollback: analyst && r.state === 'published' && r.kind !== 'rollback',
  };
}

// How often the badge asks again while the page is visible.
const AWAITING_EVERY_MS = 30_000;

/**
 * The number of pending requests the signed-in user may decide
 * (GET /api/requests/awaiting), or null for a role that does not approve.
 * Asked again every 30 s while the page is visible, at once when it becomes
 * visible again, and when `refresh()` is called after an action.
 */
export function useAwaiting(me) {
  const approver = can(me, 'approve');
  const [count, setCount] = useState(null);
  const refresh = useCallback(() => {
    if (!approver) return;
    api.get('/api/requests/awaiting').then((r) => setCount(r.count)).catch(() => setCount(null));
  }, [approver]);
  useEffect(() => {
    if (!approver) { setCount(null); return undefined; }
    let timer = null;
    const stop = () => { if (timer) clearInterval(timer); timer = null; };
    const start = () => { stop(); refresh(); timer = setInterval(refresh, AWAITING_EVERY_MS); };
    const onVisibility = () => (document.hidden ? stop() : start());
    if (!document.hidden) start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => { stop(); document.removeEventListener('visibilitychange', onVisibility); };
  }, [approver, refresh]);
  return { count, refresh };
}

// The governance refusals (docs/api.md, "Change requests"), said plainly;
// the server's own detail follows in the note.
const PLAIN = {
  separation_of_duties: 'You made this request, so another approver has to decide it (separation of duties).',
  stale_request: 'The published plan changed after this request was simulated. Rebase it to simulate its impact '
    + 'against today\'s plan, check the new figures, then decide.',
  approval_required: 'This scenario is published: its levers change only through approved change requests.',
  forbidden: 'Your role may not do this.',
};

/** An error of a governance action, with a plain sentence first for the refusals above. */
export function plainGovernanceError(err) {
  const e = errorInfo(err);
  if (!e || !PLAIN[e.kind]) return err;
  return { kind: e.kind, field: e.field, detail: `${PLAIN[e.kind]} (${e.detail})` };
}
