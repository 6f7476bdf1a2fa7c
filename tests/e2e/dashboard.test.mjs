#!/usr/bin/env node
// End-to-end test of the analyst dashboard in headless Chromium.
//
//   PLANWISE_URL=http://127.0.0.1:18787 [PLANWISE_ARTIFACTS=build/test-artifacts] \
//     node tests/e2e/dashboard.test.mjs
//
// Needs a running `planwise serve` (on a scratch database: the test accepts an
// optimization proposal, which writes levers), /usr/bin/chromium, and
// playwright-core from web/node_modules (`cd web && npm ci --ignore-scripts`).
// Exits 0 when every step passed, 1 with the failing step otherwise. Saves a
// 1280×800 screenshot of each tab to PLANWISE_ARTIFACTS/<tab>.png.

import fs from 'node:fs';
import {
  BASE, TOKEN, check, current, fail, log, parseShown, runTest, shot, watchPage,
} from './harness.mjs';

runTest('dashboard', 90_000, async (browser) => {
  current.step = 'server health';
  check(TOKEN, 'set PLANWISE_TOKEN to the token of the URL the server printed');
  const bare = await fetch(`${BASE}/api/health`).catch((e) => fail(`no server at ${BASE}: ${e.message}`));
  check(bare.status === 401, `GET /api/health without a token answered ${bare.status}, not 401`);
  const h = await fetch(`${BASE}/api/health`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    .then((r) => r.json()).catch((e) => fail(`no server at ${BASE}: ${e.message}`));
  check(h && h.status === 'ok', `GET /api/health did not answer status ok: ${JSON.stringify(h)}`);
  log(`server ${BASE}: version ${h.version}, db ${h.db}`);

  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    current.page = page;
    page.setDefaultTimeout(15_000);
    const watch = watchPage(page);
    const openTab = async (label) => {
      await page.getByRole('tab', { name: label }).click();
      const sel = await page.getByRole('tab', { name: label }).getAttribute('aria-selected');
      check(sel === 'true', `tab "${label}" is not aria-selected after a click`);
    };

    // 0. Without a session the page asks for a token and shows no data.
    current.step = 'sign in through the tokened URL';
    {
      const anon = await browser.newContext();
      const p0 = await anon.newPage();
      await p0.goto(`${BASE}/`, { waitUntil: 'domcontentloaded' });
      await p0.locator('[data-testid="sign-in"]').waitFor();
      check(await p0.locator('[data-testid="lever-grid"]').count() === 0, 'the lever grid shows without a session');
      await anon.close();
    }
    // The printed URL signs in: the token is traded for an HttpOnly,
    // SameSite=Strict cookie and leaves the address bar.
    await page.goto(`${BASE}/?token=${TOKEN}#overview`, { waitUntil: 'domcontentloaded' });
    await page.locator('[data-testid="signed-in"]').waitFor();
    check(!page.url().includes('token='), `the token stays in the address bar: ${page.url()}`);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'planwise_session');
    check(session && session.httpOnly && session.sameSite === 'Strict',
      `no HttpOnly SameSite=Strict session cookie: ${JSON.stringify(cookies)}`);
    check(session.value !== TOKEN, 'the cookie holds the token itself');
    check(await page.evaluate(() => document.cookie) === '', 'a script can read the session cookie');
    log(`signed in as ${await page.locator('[data-testid="signed-in"]').innerText()}`);

    // 1. Parameter Overview: the lever grid.
    current.step = 'load the page and the lever grid';
    const tabs = page.getByRole('tab');
    await page.locator('[data-testid="lever-grid"]').waitFor();
    // Twelve tabs and the Census tab (issue 14).
    check(await tabs.count() === 13, `expected 13 tabs, found ${await tabs.count()}`);
    check(await page.getByRole('tab', { name: 'Parameter Overview' }).getAttribute('aria-selected') === 'true',
      'Parameter Overview is not the selected tab on load');
    const rows = await page.locator('[data-testid="lever-grid"] tbody tr').count();
    check(rows >= 25, `the lever grid has ${rows} rows, expected at least 25 (5 levers × 5 years)`);
    const cell = page.locator('input[data-cell="merit_base|2026|2"]');
    await cell.waitFor();
    const before = Number(await cell.inputValue());
    check(Number.isFinite(before) && before >= 0 && before <= 10, `merit_base 2026 L2 shows "${await cell.inputValue()}", not a percent`);
    const locked = await page.locator('[data-testid="lever-grid"] td.locked').count();
    log(`lever grid: ${rows} rows, merit_base 2026 L2 = ${before}%, ${locked} locked cells`);
    await page.locator('[data-testid="lever-issues"]').waitFor();

    // Keyboard: arrow keys move between tabs.
    await page.getByRole('tab', { name: 'Parameter Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    check(await page.getByRole('tab', { name: 'Impact Analysis' }).getAttribute('aria-selected') === 'true',
      'ArrowRight on the tab bar did not select Impact Analysis');
    await page.keyboard.press('ArrowLeft');
    await page.locator('[data-testid="lever-grid"]').waitFor();

    // 2. Edit a lever and see Impact Analysis (POST /api/impact) change.
    current.step = 'edit merit_base 2026 L2 and read Impact Analysis';
    const v1 = (before + 0.5).toFixed(2);
    await cell.fill(v1);
    await page.locator('[data-testid="edit-count"]', { hasText: '1 unsaved edit' }).waitFor();
    // Saving without a reason is refused by the form, with its own words.
    await page.getByRole('button', { name: /^Save \d/ }).click();
    const refusal = await page.locator('[data-testid="save-error"]').innerText();
    check(/reason/.test(refusal) && !/object Object/.test(refusal), `save without a reason showed "${refusal}"`);
    // The picture shows the grid with the edited cell, from the top.
    await cell.focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('overview');
    await openTab('Impact Analysis');
    await page.locator('[data-testid="impact-table"] tbody tr').first().waitFor();
    await page.locator('[data-testid="impact-status"]', { hasText: 'Simulated both lever sets' }).waitFor();
    const g1 = await page.locator('[data-testid="impact-growth"] .stat-value').innerText();
    check(Number.isFinite(parseShown(g1)), `Impact Analysis growth "${g1}" is not a percent`);
    const deltas = await page.locator('[data-testid="impact-delta-pay"]').allInnerTexts();
    check(deltas.length >= 1 && deltas.every((d) => Number.isFinite(parseShown(d))), `pay deltas do not parse: ${deltas.join(' | ')}`);
    check(deltas.some((d) => parseShown(d) !== 0), `a +0.5 pt merit edit changed no year's average pay: ${deltas.join(' | ')}`);
    await page.locator('[data-testid="impact-chart"] canvas').waitFor();
    log(`impact of +0.5 pt: mean growth ${g1}, pay deltas ${deltas.join(' ')}`);

    await openTab('Parameter Overview');
    const v2 = (before + 1.5).toFixed(2);
    await cell.fill(v2);
    await openTab('Impact Analysis');
    await page.waitForFunction((old) => {
      const el = document.querySelector('[data-testid="impact-growth"] .stat-value');
      const st = document.querySelector('[data-testid="impact-status"]');
      return el && st && /Simulated both/.test(st.textContent) && el.textContent.trim() !== old;
    }, g1);
    const g2 = await page.locator('[data-testid="impact-growth"] .stat-value').innerText();
    check(parseShown(g2) > parseShown(g1), `raising the edit from ${v1}% to ${v2}% did not raise growth (${g1} → ${g2})`);
    log(`impact of +1.5 pt: mean growth ${g2}`);
    await shot('impact');
    watch.clean();

    // 3. Run Simulation with live progress.
    current.step = 'run a simulation';
    await openTab('Run Simulation');
    const seedText = await page.locator('[data-testid="seed-shown"] strong').innerText();
    check(/^\d+$/.test(seedText), `the seed shown is "${seedText}", not a number`);
    await page.locator('[data-testid="run-start"]').click();
    await page.locator('[data-testid="run-job"]').waitFor();
    const states = new Set();
    const deadline = Date.now() + 30_000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await page.locator('[data-testid="run-state"]').innerText()).trim();
      states.add(`${state}:${(await page.locator('[data-testid="run-progress"] .progress-label').innerText()).trim()}`);
      if (['done', 'failed', 'cancelled'].includes(state)) break;
      await page.waitForTimeout(50);
    }
    check(state === 'done', `the run ended "${state}" (seen: ${[...states].join(', ')})`);
    const prog = await page.locator('[data-testid="run-progress"] .progress-label').innerText();
    const pm = prog.match(/(\d+) of (\d+) years/);
    check(pm && pm[1] === pm[2] && Number(pm[2]) >= 1, `progress after the run reads "${prog}"`);
    const endActive = await page.locator('[data-testid="run-years"] tbody tr td:nth-child(9)').allInnerTexts();
    check(endActive.length === Number(pm[2]) && endActive.every((x) => parseShown(x) > 0),
      `year rows lack event counts (end active: ${endActive.join(', ')})`);
    log(`run done, progress states seen: ${[...states].join(' → ')}`);
    await page.locator('[data-testid="run-done"]').waitFor();
    await shot('run');

    // 4. Results of that run.
    current.step = 'read the Results tab';
    await page.locator('[data-testid="open-results"]').click();
    check(await page.getByRole('tab', { name: 'Results' }).getAttribute('aria-selected') === 'true', 'Open in Results did not switch tabs');
    await page.locator('[data-testid="results-table"] tbody tr').first().waitFor();
    const resultRows = page.locator('[data-testid="results-table"] tbody tr');
    check(await resultRows.count() === Number(pm[2]), `Results shows ${await resultRows.count()} years, the run had ${pm[2]}`);
    const headcounts = await page.locator('[data-testid="results-table"] tbody tr td:nth-child(2)').allInnerTexts();
    const pays = await page.locator('[data-testid="results-table"] tbody tr td:nth-child(3)').allInnerTexts();
    check(headcounts.every((x) => parseShown(x) > 0), `headcounts do not parse: ${headcounts.join(', ')}`);
    check(pays.every((x) => parseShown(x) > 1000), `average pay does not parse as money: ${pays.join(', ')}`);
    const meanGrowth = await page.locator('[data-testid="results-mean-growth"] .stat-value').innerText();
    check(Number.isFinite(parseShown(meanGrowth)), `mean growth "${meanGrowth}" is not a percent`);
    await page.locator('[data-testid="results-pay-chart"] canvas').waitFor();
    await page.locator('[data-testid="results-status-chart"] canvas').waitFor();
    await page.locator('[data-testid="results-level-chart"] canvas').waitFor();
    const exportHrefs = await page.locator('[data-testid="exports"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check(exportHrefs.some((x) => /export\?table=year_summary&format=csv/.test(x)), `no CSV export link: ${exportHrefs.join(' ')}`);
    // Issue 14 item 3: a click downloads through fetch with progress, saves the file and shows its size.
    const [saved] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-hires_by_level-csv"]').click()]);
    const savedText = fs.readFileSync(await saved.path(), 'utf8');
    check(savedText.startsWith('simulation_year,level_id,hires\n'), `hires_by_level CSV starts ${savedText.slice(0, 60)}`);
    const sizeShown = await page.locator('[data-testid="export-hires_by_level-csv-saved"]').innerText();
    check(sizeShown.includes(`${savedText.length} B`) || /\d\.\d KB/.test(sizeShown), `saved size "${sizeShown}" for ${savedText.length} bytes`);
    // "All" selects every status: the headcount grows by the terminated.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.waitForFunction((first) => {
      const td = document.querySelector('[data-testid="results-table"] tbody tr td:nth-child(2)');
      return td && td.textContent.trim() !== first;
    }, headcounts[0]);
    const allHc = await page.locator('[data-testid="results-table"] tbody tr td:nth-child(2)').first().innerText();
    check(parseShown(allHc) > parseShown(headcounts[0]), `"All" statuses did not add employees (${headcounts[0]} → ${allHc})`);
    await page.getByRole('button', { name: 'Active only (default)' }).click();
    await page.locator('[data-testid="results-table"] tbody tr td:nth-child(2)', { hasText: headcounts[0] }).first().waitFor();
    log(`results: headcount ${headcounts.join(' ')}, mean growth ${meanGrowth}; all statuses ${allHc}`);
    await shot('results');
    watch.clean();

    // 5. Auto-Optimize (brent, target = current ∓ 0.5 pt, dry run) to convergence, then accept.
    current.step = 'auto-optimize with brent';
    await openTab('Auto-Optimize');
    await page.locator('[data-testid="opt-current-growth"] .stat-value').waitFor();
    const cur = parseShown(await page.locator('[data-testid="opt-current-growth"] .stat-value').innerText());
    check(Number.isFinite(cur), 'the current growth is not shown as a percent');
    // Half a point below the current growth; above it when the levers are already
    // near the bottom of their range (each run accepts its proposal, so reruns on
    // the same database walk the growth down).
    const target = ((cur - 0.005 >= 0.03 ? cur - 0.005 : cur + 0.005) * 100).toFixed(2);
    await page.locator('#opt-target').fill(target);
    await page.locator('#opt-algo').selectOption('brent');
    check(await page.locator('[data-testid="opt-dry-run"]').isChecked(), 'dry run is not ticked by default');
    const gapText = await page.locator('[data-testid="opt-gap"] .stat-value').innerText();
    check(Number.isFinite(parseShown(gapText)), `the gap "${gapText}" is not in points`);
    await page.locator('[data-testid="opt-start"]').click();
    await page.locator('[data-testid="opt-job"]').waitFor();
    await page.locator('[data-testid="opt-status"]').waitFor({ timeout: 40_000 });
    const optStatus = (await page.locator('[data-testid="opt-status"]').innerText()).trim();
    check(optStatus === 'converged', `brent to ${target}% ended "${optStatus}", expected "converged"`);
    await page.locator('[data-testid="opt-convergence-chart"] canvas').waitFor();
    const evalRows = await page.locator('[data-testid="opt-evals"] tbody tr').count();
    check(evalRows >= 2, `only ${evalRows} evaluation rows arrived over the event stream`);
    const finalGrowth = parseShown(await page.locator('[data-testid="opt-final-growth"] .stat-value').innerText());
    check(Math.abs(finalGrowth - Number(target) / 100) <= 0.00105, `final growth ${finalGrowth} is not within 0.1 pt of ${target}%`);
    const summary = await page.locator('[data-testid="opt-summary"]').innerText();
    check(/Excellent/.test(summary), `the summary does not report success: ${summary.replace(/\s+/g, ' ')}`);
    await page.locator('[data-testid="opt-reachability"]', { hasText: 'reachable' }).waitFor();
    log(`optimize: target ${target}%, ${evalRows} evaluations, final growth ${(finalGrowth * 100).toFixed(3)}%`);
    await page.locator('[data-testid="opt-job"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('optimize');
    await page.locator('[data-testid="opt-accept"]').click();
    await page.locator('[data-testid="opt-accepted"]').waitFor();
    log(`accepted: ${(await page.locator('[data-testid="opt-accepted"]').innerText()).trim()}`);
    watch.clean();

    // 6. Runs & Audit.
    current.step = 'read Runs & Audit';
    await openTab('Runs & Audit');
    await page.locator('[data-testid="runs-table"] tbody tr').first().waitFor();
    await page.locator('[data-testid="audit-table"] tbody tr').first().waitFor();
    const auditText = await page.locator('[data-testid="audit-table"]').innerText();
    check(/PARAMETER_CHANGE|OPTIMIZATION_RUN|SIMULATION_RUN/.test(auditText), 'the audit log shows no change, run or optimization entry');
    await page.locator('[data-testid="runs-table"] tbody tr').first().getByRole('button', { name: 'Provenance' }).click();
    await page.locator('[data-testid="prov-seed"]').waitFor();
    const provSeed = (await page.locator('[data-testid="prov-seed"]').innerText()).trim();
    check(/^\d+$/.test(provSeed), `the run's provenance shows seed "${provSeed}"`);
    await shot('audit');

    // Every request of the workflow is valid: a 4xx/5xx or a console error is a defect.
    watch.clean();
    await context.close();
  }
});
