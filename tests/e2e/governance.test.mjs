#!/usr/bin/env node
// Browser test of governance (issue 11 items 6 and 8) in headless Chromium,
// run last by tests/e2e/run.sh: an analyst edits a lever of a published
// scenario and requests approval with a justification; an approver signs in,
// sees the badge count, opens Approvals and approves; the analyst publishes;
// the published levers change by exactly that cell, and the Reports tab's
// change history, its CSV and the executive report show the change.
//
//   PLANWISE_URL=... PLANWISE_TOKEN=... [PLANWISE_ARTIFACTS=dir] node tests/e2e/governance.test.mjs
//
// Needs a scratch database: as the admin of the printed URL it adds an
// analyst and an approver and a scenario of its own, published through one
// request made over the API. Screenshots: PLANWISE_ARTIFACTS/approvals.png
// and reports.png (docs/images through `make screenshots`).

import fs from 'node:fs';
import {
  BASE, check, csvRecords, current, fail, log, runTest, shot, TOKEN, watchPage,
} from './harness.mjs';

const STAMP = Date.now().toString(36);
const SCENARIO = `gov_${STAMP}`;
const ANALYST = `ana_${STAMP}`;
const APPROVER = `abe_${STAMP}`;
const keyOf = (c) => `${c.parameter}|${c.year}|${c.level}`;

/** One API call with a user's token: {status, data}. */
async function call(token, method, apiPath, body) {
  const r = await fetch(`${BASE}${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).catch((e) => fail(`no server at ${BASE}: ${e.message}`));
  const text = await r.text();
  let data = text;
  try { data = JSON.parse(text); } catch { /* HTML or CSV */ }
  return { status: r.status, data };
}
/** The same, failing unless the answer is 2xx. */
async function as(token, method, apiPath, body) {
  const { status, data } = await call(token, method, apiPath, body);
  check(status >= 200 && status < 300, `${method} ${apiPath} answered ${status}: ${JSON.stringify(data).slice(0, 300)}`);
  return data;
}
const leversOf = async (token) => new Map((await as(token, 'GET', `/api/levers?scenario=${SCENARIO}`)).cells.map((c) => [keyOf(c), c]));

// The dashboard's own formats (web/lib/format.js), to compare what a card shows with the API's numbers.
const moneyFmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
function moneyDelta(x) {
  const r = Math.round(x);
  return r === 0 ? '$0' : (r > 0 ? '+' : '−') + moneyFmt.format(Math.abs(r));
}
function percentText(v) {
  const s = (v * 100).toFixed(3);
  return `${s.endsWith('0') ? s.slice(0, -1) : s}%`;
}

async function signIn(browser, token, hash) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const watch = watchPage(page);
  await page.goto(`${BASE}/?token=${token}${hash}`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="signed-in"]').waitFor();
  const openTab = async (label) => {
    await page.getByRole('tab', { name: label, exact: true }).click();
    check(await page.getByRole('tab', { name: label, exact: true }).getAttribute('aria-selected') === 'true',
      `tab "${label}" is not aria-selected after a click`);
  };
  return { context, page, watch, openTab };
}

runTest('governance', 150_000, async (browser) => {
  // 0. Users, a scenario of the test's own, published through one request over the API.
  current.step = 'set up users and a published scenario';
  const ana = (await as(TOKEN, 'POST', '/api/users', { name: ANALYST, role: 'analyst' })).token;
  const abe = (await as(TOKEN, 'POST', '/api/users', { name: APPROVER, role: 'approver' })).token;
  await as(ana, 'POST', '/api/scenarios', { name: SCENARIO, from: 'default', reason: 'governance e2e' });
  const config = await as(ana, 'GET', '/api/config');
  const years = config.years;
  const drafted = await leversOf(ana);
  // The last two plan years: open in the bundled levers, and never the current year.
  const [yFirst, yEdit] = [years[years.length - 2], years[years.length - 1]];
  const first = drafted.get(`merit_base|${yFirst}|2`);
  check(first && !first.locked, `merit_base ${yFirst} L2 is missing or locked in ${SCENARIO}`);
  const v0 = await as(ana, 'POST', '/api/requests', {
    scenario: SCENARIO, justification: 'governance e2e: first publication', submit: true,
    cells: [{ parameter: 'merit_base', year: yFirst, level: 2, value: Math.round((first.value + 0.001) * 1e6) / 1e6 }],
  });
  const firstId = v0.request.request_id;
  check(v0.request.state === 'pending', `the first request is ${v0.request.state}, not pending`);
  const selfApprove = await call(ana, 'POST', `/api/requests/${firstId}/approve`, {});
  check(selfApprove.status === 403, `an analyst approving answered ${selfApprove.status}, not 403`);
  check((await as(abe, 'POST', `/api/requests/${firstId}/approve`, {})).request.state === 'approved', `${firstId} is not approved`);
  check((await as(ana, 'POST', `/api/requests/${firstId}/publish`, {})).request.state === 'published', `${firstId} is not published`);
  const info = (await as(ana, 'GET', '/api/scenarios')).scenarios.find((s) => s.scenario_id === SCENARIO);
  check(info && info.published === true, `${SCENARIO} is not published after ${firstId}: ${JSON.stringify(info)}`);
  // A direct save is refused now: the plan changes only through requests.
  const direct = await call(ana, 'PUT', '/api/levers', {
    scenario: SCENARIO, reason: 'direct', cells: [{ parameter: 'merit_base', year: yEdit, level: 3, value: 0.05 }],
  });
  check(direct.status === 409 && direct.data.error === 'approval_required',
    `a direct save into a published scenario answered ${direct.status} ${JSON.stringify(direct.data)}`);
  const before = await leversOf(ana);
  const historyBefore = await as(ana, 'GET', `/api/reports/change-history?scenario=${SCENARIO}`);
  log(`${SCENARIO} published by ${firstId}; users ${ANALYST} (analyst) and ${APPROVER} (approver)`);

  // 1. The analyst: "Request approval" instead of Save, with a justification.
  current.step = 'analyst requests approval in the lever grid';
  const A = await signIn(browser, ana, '#overview');
  current.page = A.page;
  // The request's simulation may find the server's two simulation slots taken by the page's own
  // previews (429 busy); the page waits and sends it again.
  A.watch.expect(/^POST \/api\/requests → 429$/);
  await A.page.locator('#scenario').selectOption(SCENARIO);
  const cellKey = `merit_base|${yEdit}|3`;
  const old = before.get(cellKey);
  check(old && !old.locked, `${cellKey} is missing or locked`);
  const typed = ((old.value * 100) + 0.5).toFixed(2);
  const wanted = Number(typed) / 100;
  const input = A.page.locator(`input[data-cell="${cellKey}"]`);
  await A.page.locator('[data-testid="request-approval"]').waitFor();
  check(await A.page.locator('[data-testid="save-levers"]').count() === 0, 'Save is still offered on a published scenario');
  await input.fill(typed);
  await A.page.locator('[data-testid="edit-count"]', { hasText: '1 unsaved edit' }).waitFor();
  const button = A.page.locator('[data-testid="request-approval"]');
  check((await button.innerText()).trim() === 'Request approval for 1 change', `the button reads "${await button.innerText()}"`);
  // Without a justification the form refuses by itself; nothing is sent.
  await button.click();
  check(/justification/.test(await A.page.locator('[data-testid="request-error"]').innerText()), 'no justification asked for');
  const justification = `Level 3 merit ${typed} % in ${yEdit}: market survey (e2e ${STAMP})`;
  await A.page.locator('#request-justification').fill(justification);
  await button.click();
  await A.page.locator('[data-testid="request-made"]').waitFor({ timeout: 60_000 });
  const requestId = (await A.page.locator('[data-testid="request-id"]').innerText()).trim();
  check(/^CR-\d+$/.test(requestId) && requestId !== firstId, `the new request is "${requestId}"`);
  const made = await as(ana, 'GET', `/api/requests/${requestId}`);
  check(made.request.state === 'pending' && made.request.requester === ANALYST && made.request.justification === justification,
    `${requestId} is ${made.request.state} by ${made.request.requester}: "${made.request.justification}"`);
  check(made.cells.length === 1 && keyOf(made.cells[0]) === cellKey && Math.abs(made.cells[0].new_value - wanted) < 1e-12
    && Math.abs(made.cells[0].old_value - old.value) < 1e-12, `${requestId} holds ${JSON.stringify(made.cells)}`);
  const shownTotal = (await A.page.locator('[data-testid="request-made"] [data-testid="impact-total"]').innerText()).trim();
  check(shownTotal === moneyDelta(made.request.cost_impact), `the impact shows ${shownTotal}, the request ${made.request.cost_impact}`);
  check(made.request.cost_impact > 0, `raising merit costs nothing: ${made.request.cost_impact}`);
  const shownRisk = (await A.page.locator('[data-testid="request-made"] [data-testid="risk-level"]').first().innerText()).trim();
  check(shownRisk === made.request.risk_level, `the risk shows ${shownRisk}, the request ${made.request.risk_level}`);
  check((await leversOf(ana)).get(cellKey).value === old.value, 'requesting approval changed the published lever');
  await A.page.locator('[data-testid="edit-count"]', { hasText: '0 unsaved edits' }).waitFor({ timeout: 5_000 })
    .catch(() => fail('the edit stays unsaved after the request was made'));
  log(`${requestId}: pending, ${shownTotal}, risk ${shownRisk}, by ${ANALYST}`);
  // The analyst sees the card but no Approve button: not their role, and their own request.
  await A.openTab('Approvals');
  const mine = A.page.locator(`[data-testid="request-card"][data-request="${requestId}"]`);
  await mine.waitFor();
  check(await mine.locator('[data-testid="approve"]').count() === 0, 'the analyst is offered Approve');
  check(await A.page.locator('[data-testid="approvals-badge"]').count() === 0, 'an analyst sees an approvals badge');

  // 2. The approver: badge, card, Reject needs a reason, Approve.
  current.step = 'approver sees the badge and approves';
  const B = await signIn(browser, abe, '#approvals');
  current.page = B.page;
  const awaiting = (await as(abe, 'GET', '/api/requests/awaiting')).count;
  check(awaiting === 1, `the approver awaits ${awaiting} requests, expected 1 (${requestId})`);
  const badge = B.page.locator('[data-testid="approvals-badge"]');
  await badge.waitFor();
  check((await badge.innerText()).trim() === '1', `the badge reads "${await badge.innerText()}", expected 1`);
  const card = B.page.locator(`[data-testid="request-card"][data-request="${requestId}"]`);
  await card.locator('[data-testid="request-cells"]').waitFor();
  check((await card.locator('[data-testid="requester"]').innerText()).trim() === ANALYST, 'the card names another requester');
  check((await card.locator('[data-testid="justification"]').innerText()).trim() === justification, 'the card shows another justification');
  const cellRow = (await card.locator('[data-testid="request-cells"] tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const expectRow = `merit_base ${yEdit} 3 ${percentText(old.value)} → ${percentText(wanted)}`;
  check(cellRow.length === 1 && cellRow[0] === expectRow, `the card's cell row reads "${cellRow.join(' | ')}", expected "${expectRow}"`);
  check((await card.locator('[data-testid="impact-total"]').innerText()).trim() === moneyDelta(made.request.cost_impact),
    'the card shows another cost impact');
  const yearRows = await card.locator('[data-testid="impact-years"] tbody tr').count();
  check(yearRows === made.years.length && yearRows > 0, `the card lists ${yearRows} years, the request ${made.years.length}`);
  check(await card.locator('[data-testid="stale-note"]').count() === 0, 'a fresh request is marked stale');
  await card.locator('[data-testid="reject"]').click();
  check(await card.locator('[data-testid="reject-confirm"]').isDisabled(), 'Reject is enabled without a reason');
  await card.locator('[data-testid="reject-reason"]').fill('   ');
  check(await card.locator('[data-testid="reject-confirm"]').isDisabled(), 'Reject is enabled with a blank reason');
  await card.locator('[data-testid="reject-reason"]').fill('not yet');
  check(await card.locator('[data-testid="reject-confirm"]').isEnabled(), 'Reject stays disabled with a reason');
  await card.getByRole('button', { name: 'Cancel' }).click();
  await B.page.locator('.tab-approvals h2').evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await shot('approvals');
  await card.locator('[data-testid="approve"]').click();
  await B.page.locator('[data-testid="approvals-flash"]', { hasText: `${requestId} approved` }).waitFor();
  await badge.waitFor({ state: 'detached' });
  check((await as(abe, 'GET', `/api/requests/${requestId}`)).request.state === 'approved', `${requestId} is not approved`);
  check((await leversOf(ana)).get(cellKey).value === old.value, 'approving alone changed the published lever');
  log(`${APPROVER}: badge 1, card checked, approved ${requestId}; badge gone`);

  // 3. The analyst publishes: exactly the requested cell changes.
  current.step = 'analyst publishes';
  current.page = A.page;
  await A.page.locator('.tab-approvals h2 button', { hasText: 'Refresh' }).click();
  const row = A.page.locator(`[data-testid="recent-requests"] tr[data-request="${requestId}"]`);
  await row.locator('[data-testid="publish"]').click();
  await A.page.locator('[data-testid="approvals-flash"]', { hasText: `${requestId} published` }).waitFor();
  const after = await leversOf(ana);
  const changed = [...after.values()].filter((c) => Math.abs(c.value - before.get(keyOf(c)).value) > 1e-12).map(keyOf);
  check(changed.length === 1 && changed[0] === cellKey, `publishing changed ${changed.join(', ') || 'nothing'}; expected ${cellKey}`);
  check(Math.abs(after.get(cellKey).value - wanted) < 1e-12, `${cellKey} is ${after.get(cellKey).value} after publishing, expected ${wanted}`);
  // The flash comes first; the list of recent requests is fetched again after it.
  await row.locator('[data-testid="rollback"]').waitFor()
    .catch(() => fail('a published request offers no Roll back'));
  log(`published ${requestId}: ${cellKey} ${old.value} → ${after.get(cellKey).value}`);

  // 4. Reports: the change history shows the change, in the table and its CSV.
  current.step = 'reports show the change';
  await A.openTab('Reports');
  await A.page.locator('#report-name').selectOption('change-history');
  await A.page.locator('#report-scenario').selectOption(SCENARIO);
  const history = await as(ana, 'GET', `/api/reports/change-history?scenario=${SCENARIO}`);
  const holds = (r) => r.some((v) => v === requestId);
  check(history.rows.length > historyBefore.rows.length && history.rows.some(holds) && !historyBefore.rows.some(holds),
    `the change history has ${historyBefore.rows.length} → ${history.rows.length} rows; ${requestId} in it: ${history.rows.some(holds)}`);
  const table = A.page.locator('[data-testid="report-table"]');
  await A.page.waitForFunction(([n]) => document.querySelectorAll('[data-testid="report-table"] tbody tr').length === n,
    [history.rows.length]);
  const shownRows = (await table.locator('tbody tr').allInnerTexts()).filter((t) => t.includes(requestId));
  check(shownRows.length === history.rows.filter(holds).length,
    `the Reports tab shows ${shownRows.length} rows of ${requestId}, the API ${history.rows.filter(holds).length}`);
  const [download] = await Promise.all([A.page.waitForEvent('download'), A.page.locator('[data-testid="report-csv"]').click()]);
  const records = csvRecords(fs.readFileSync(await download.path(), 'utf8'));
  check(records.length === history.rows.length && Object.keys(records[0]).join(',') === history.columns.join(','),
    `the CSV has ${records.length} rows (${Object.keys(records[0] || {}).join(',')}), the table ${history.rows.length}`);
  check(records.filter((r) => Object.values(r).includes(requestId)).length === history.rows.filter(holds).length,
    `the CSV's rows of ${requestId} differ from the table's`);
  await table.scrollIntoViewIfNeeded();
  await shot('reports');

  // The executive report of the scenario's plan (its latest stored run, made here of the published
  // levers) names the request, its justification and approver; so does the request's own report.
  const runId = (await as(ana, 'POST', '/api/runs', { scenario: SCENARIO })).run_id;
  for (let i = 0; ; i += 1) {
    const st = (await as(ana, 'GET', `/api/runs/${runId}`)).status;
    if (st === 'done') break;
    check(!['failed', 'cancelled'].includes(st) && i < 600, `run ${runId} of ${SCENARIO} ended ${st}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const own = await call(ana, 'GET', `/api/reports/executive-report?request=${requestId}`);
  check(own.status === 200 && [requestId, justification, APPROVER].every((w) => String(own.data).includes(w)),
    `the executive report of ${requestId} answered ${own.status} without its id, justification or approver`);
  const [doc] = await Promise.all([A.context.waitForEvent('page'), A.page.locator('[data-testid="executive-report-open"]').click()]);
  await doc.waitForLoadState('domcontentloaded');
  check(new URL(doc.url()).pathname === '/api/reports/executive-report' && new URL(doc.url()).searchParams.get('scenario') === SCENARIO,
    `the executive report opened at ${doc.url()}`);
  const text = await doc.locator('body').innerText();
  for (const want of [requestId, justification, APPROVER]) {
    check(text.includes(want), `the executive report of ${SCENARIO} does not mention "${want}"`);
  }
  await doc.close();
  log(`reports: change history ${historyBefore.rows.length} → ${history.rows.length} rows, CSV ${records.length}; executive report names ${requestId}`);

  A.watch.clean();
  B.watch.clean();
  await A.context.close();
  await B.context.close();
});
