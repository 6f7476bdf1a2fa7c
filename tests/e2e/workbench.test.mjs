#!/usr/bin/env node
// End-to-end test of the analyst's workbench (issue 10) in headless Chromium:
// the headline strip and the budget table (its figures recomputed here from
// the event table of a stored run of the same levers), copying a scenario
// keeps its values and locks, comparing three scenarios, a scenario's target
// changing Impact's verdict, what-if runs marked as such, the optimizer's
// guard rails refusing zero merit, and the confirmation before saving into a
// scenario without locks on past plan years.
//
//   PLANWISE_URL=http://127.0.0.1:18787 PLANWISE_TOKEN=... node tests/e2e/workbench.test.mjs
//
// Runs after dashboard.test.mjs on the same scratch server (tests/e2e/run.sh).

import {
  apiJson, apiText, check, csvRecords, current, fail, log, parseShown, runTest, shot, signedInPage,
} from './harness.mjs';

const STAMP = Date.now().toString(36);
const COPY = `copy_${STAMP}`;
const INHERIT = `inherit_${STAMP}`;
const BARE = `bare_${STAMP}`;

const cellsOf = (scenario) => apiJson('GET', `/api/levers?scenario=${scenario}`);
const keyOf = (c) => `${c.parameter}|${c.year}|${c.level}`;

async function storedRun(scenario) {
  const id = (await apiJson('POST', '/api/runs', { scenario })).run_id;
  for (let i = 0; i < 300; i += 1) {
    const s = await apiJson('GET', `/api/runs/${id}`);
    if (s.status === 'done') return id;
    if (['failed', 'cancelled'].includes(s.status)) fail(`run ${id} ended ${s.status}: ${s.error}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return fail(`run ${id} did not finish in 30 s`);
}

// The budget of one year by level, recomputed from the run's event table
// and its year-end snapshot of the year before (docs/model.md, "Cost figures").
async function budgetFromEvents(runId, year) {
  const events = csvRecords(await apiText(`/api/runs/${runId}/export?table=yearly_events&format=csv`));
  const snapshot = csvRecords(await apiText(`/api/runs/${runId}/export?table=workforce_snapshot&format=csv`));
  const levels = new Map();
  const at = (l) => {
    if (!levels.has(l)) levels.set(l, { prior: 0, merit: 0, cola: 0, promotion: 0 });
    return levels.get(l);
  };
  // Pools are charged to the level a person held on 1 January.
  const startLevel = new Map();
  for (const s of snapshot) {
    if (Number(s.simulation_year) === year) startLevel.set(s.employee_id, Number(s.start_level_id));
    if (Number(s.simulation_year) !== year - 1 || s.employment_status !== 'active') continue;
    at(Number(s.level_id)).prior += Number(s.full_year_equivalent_compensation);
  }
  for (const e of events) {
    if (Number(e.simulation_year) !== year) continue;
    const rise = Number(e.compensation_amount) - Number(e.previous_compensation);
    const level = startLevel.get(e.employee_id) ?? Number(e.level_id);
    if (e.event_type === 'raise') {
      const m = Number(e.merit_rate); const c = Number(e.cola_rate);
      at(level).merit += (rise * m) / (m + c);
      at(level).cola += (rise * c) / (m + c);
    } else if (e.event_type === 'promotion') {
      at(level).promotion += rise;
    }
  }
  return levels;
}

runTest('workbench', 120_000, async (browser) => {
  {
    const { page, watch, openTab } = await signedInPage(browser, { hash: '#plan' });

    // 1. Outcomes first: the landing tab is the plan's budget, with the headline strip.
    current.step = 'headline strip and budget table';
    check(await page.getByRole('tab', { name: 'Plan & Budget' }).getAttribute('aria-selected') === 'true',
      'Plan & Budget is not the landing tab');
    await page.locator('[data-testid="budget-table"]').waitFor();
    const growth = parseShown(await page.locator('[data-testid="hl-growth"] .hl-value').innerText());
    check(Number.isFinite(growth), 'the headline shows no growth figure');
    for (const id of ['hl-headcount', 'hl-merit', 'hl-cola']) {
      const v = parseShown(await page.locator(`[data-testid="${id}"] .hl-value`).innerText());
      check(Number.isFinite(v) && v > 0, `headline ${id} shows no figure`);
    }
    await page.locator('[data-testid="budget-year"]').selectOption('2026');
    const shown = new Map();
    for (const row of await page.locator('[data-testid="budget-table"] tbody tr').all()) {
      const level = Number((await row.getAttribute('data-testid')).replace('budget-level-', ''));
      const cell = async (k) => parseShown(await row.locator(`[data-testid="budget-l${level}-${k}"]`).innerText());
      shown.set(level, { merit: await cell('merit-annualised'), meritPct: await cell('merit-pct'),
        cola: await cell('cola-annualised'), promotion: await cell('promotion-annualised') });
    }
    check(shown.size >= 3, `the budget table has ${shown.size} levels`);
    await shot('plan');

    current.step = 'budget table recomputed from the event table';
    const runId = await storedRun('default');
    const recomputed = await budgetFromEvents(runId, 2026);
    for (const [level, s] of shown) {
      const r = recomputed.get(level);
      check(r, `level ${level} has no events in run ${runId}`);
      for (const k of ['merit', 'cola', 'promotion']) {
        check(Math.abs(s[k] - r[k]) <= 1 + level, `2026 L${level} ${k}: shown ${s[k]}, recomputed ${r[k].toFixed(2)}`);
      }
      check(Math.abs(s.meritPct - r.merit / r.prior) < 0.00006,
        `2026 L${level} merit % of payroll: shown ${s.meritPct}, recomputed ${(r.merit / r.prior).toFixed(5)}`);
    }
    log(`budget 2026 by level matches the event table of ${runId}: ${[...shown].map(([l, s]) => `L${l} merit $${Math.round(s.merit)}`).join(', ')}`);

    // 2. Copy keeps values and locks; an inheriting scenario says so.
    current.step = 'copy a scenario, keeping its locks';
    const base = await cellsOf('default');
    const baseLocked = base.cells.filter((c) => c.locked).length;
    check(baseLocked > 0, 'the bundled default scenario has no locked cells to copy');
    await openTab('Scenarios');
    await page.locator('#sc-name').fill(COPY);
    await page.locator('#sc-from').selectOption('default');
    await page.locator('#sc-reason').fill('e2e: copy keeps locks');
    await page.locator('[data-testid="sc-create"]').click();
    await page.locator(`[data-testid="sc-row-${COPY}"]`).waitFor();
    const row = page.locator(`[data-testid="sc-row-${COPY}"]`);
    check((await row.locator('[data-testid="sc-link"]').innerText()).trim() === 'copy of default', 'the copy is not shown as a copy of default');
    check(parseShown(await row.locator('[data-testid="sc-locked"]').innerText()) === baseLocked,
      `the copy shows ${await row.locator('[data-testid="sc-locked"]').innerText()} locked cells, default has ${baseLocked}`);
    const copy = await cellsOf(COPY);
    const byKey = new Map(copy.cells.map((c) => [keyOf(c), c]));
    for (const c of base.cells) {
      const d = byKey.get(keyOf(c));
      check(d && d.value === c.value && d.locked === c.locked, `the copy differs at ${keyOf(c)}: ${JSON.stringify(d)} vs ${JSON.stringify(c)}`);
    }
    await page.locator('#sc-name').fill(INHERIT);
    await page.locator('#sc-from').selectOption('default');
    await page.locator('[data-testid="sc-inherit"]').check();
    await page.locator('#sc-reason').fill('e2e: linked scenario');
    await page.locator('[data-testid="sc-create"]').click();
    await page.locator(`[data-testid="sc-row-${INHERIT}"] [data-testid="sc-link"]`, { hasText: 'inherits from default' }).waitFor();
    await shot('scenarios');
    log(`${COPY}: ${copy.cells.length} cells, ${baseLocked} locked, as default; ${INHERIT} inherits`);

    // 3. Compare three scenarios: the copy gets a higher 2027 merit first.
    current.step = 'compare three scenarios';
    const m = copy.cells.find((c) => c.parameter === 'merit_base' && c.year === 2027 && c.level === 1);
    await apiJson('PUT', '/api/levers', { scenario: COPY, reason: 'e2e: differ from default',
      cells: [{ parameter: 'merit_base', year: 2027, level: 1, value: m.value + 0.01, expected: m.value }] });
    await openTab('Compare');
    for (const s of ['default', COPY, INHERIT]) await page.locator(`[data-testid="cmp-opt-${s}"] input`).check();
    await page.locator('[data-testid="compare-go"]').click();
    await page.locator('[data-testid="compare-years"]').waitFor();
    const items = await page.locator('[data-testid="compare-items"] .compare-item').count();
    check(items === 3, `the comparison shows ${items} items`);
    const years = base.years.length;
    const rows = await page.locator('[data-testid="compare-years"] tbody tr').count();
    check(rows === years * 3, `the comparison has ${rows} year rows, expected ${years} × 3`);
    const d2027 = parseShown(await page.locator('[data-testid="cmp-2027-1-growth-delta"]').innerText());
    check(d2027 > 0, `a +1 pt 2027 merit in ${COPY} shows a 2027 growth difference of ${d2027}`);
    const dInherit = parseShown(await page.locator('[data-testid="cmp-2027-2-growth-delta"]').innerText());
    check(dInherit === 0, `${INHERIT} inherits default's levers but differs by ${dInherit}`);
    const leverRows = await page.locator('[data-testid="compare-levers"] tbody tr').allInnerTexts();
    check(leverRows.length === 1 && /merit_base\s+2027\s+L1/.test(leverRows[0]), `lever differences: ${leverRows.join(' | ')}`);
    await page.locator('[data-testid="compare-growth-chart"] canvas').waitFor();
    const csvHref = await page.locator('[data-testid="compare-csv"]').getAttribute('href');
    const csvRows = csvRecords(await apiText(csvHref));
    check(csvRows.length === years * 3, `the comparison CSV has ${csvRows.length} rows, expected ${years * 3}`);
    await shot('compare');
    log(`compare: 2027 growth +${(d2027 * 100).toFixed(3)} pt for ${COPY}; CSV ${years * 3} rows`);

    // 4. The scenario's target changes Impact's verdict.
    current.step = "the scenario's target changes Impact's verdict";
    await page.locator('#scenario').selectOption(COPY);
    await openTab('Parameter Overview');
    const cell = page.locator('input[data-cell="merit_base|2027|2"]');
    await cell.waitFor();
    await cell.fill((Number(await cell.inputValue()) + 0.5).toFixed(2));
    await page.locator('[data-testid="edit-count"]', { hasText: '1 unsaved edit' }).waitFor();
    await openTab('Impact Analysis');
    await page.locator('[data-testid="impact-verdict"] .stat-value').waitFor();
    const proposed = parseShown(await page.locator('[data-testid="impact-growth"] .stat-value').innerText());
    check(Number.isFinite(proposed), 'Impact shows no proposed growth');
    const setTarget = async (growthPct, reason) => {
      await openTab('Plan & Budget');
      await page.locator('#tg-growth').fill(growthPct);
      await page.locator('#tg-tol').fill('0.1');
      await page.locator('#tg-reason').fill(reason);
      await page.locator('[data-testid="target-save"]').click();
      await page.locator('[data-testid="target-form"] .notice-ok').waitFor();
      await openTab('Impact Analysis');
    };
    await setTarget((proposed * 100).toFixed(2), 'e2e: aim at the proposal');
    await page.locator('[data-testid="impact-verdict"] .stat-value', { hasText: 'on target' }).waitFor();
    await setTarget('2', 'e2e: back to 2 %');
    await page.locator('[data-testid="impact-verdict"] .stat-value', { hasText: 'above target' }).waitFor();
    const verdict = await page.locator('[data-testid="impact-verdict"] .stat-value').innerText();
    const hl = await page.locator('[data-testid="hl-verdict"]').innerText();
    check(/target 2\.00%/.test(hl), `the headline does not measure against the scenario's 2 % target: ${hl}`);
    log(`target ${(proposed * 100).toFixed(2)} %: on target; target 2 %: ${verdict}`);

    current.step = 'a budget cap and its variance';
    await openTab('Plan & Budget');
    await page.locator('[data-testid="cap-add"]').click();
    await page.getByLabel('cap 1 year').selectOption('2026');
    await page.getByLabel('cap 1 pool').selectOption('merit');
    await page.getByLabel('cap 1 amount').fill('1000000');
    await page.locator('#cap-reason').fill('e2e: a tight merit cap');
    await page.locator('[data-testid="caps-save"]').click();
    await page.locator('[data-testid="caps-form"] .notice-ok').waitFor();
    await page.locator('[data-testid="budget-year"]').selectOption('2026');
    const capRow = page.locator('[data-testid="budget-table-caps"] [data-testid="cap-merit"]');
    await capRow.waitFor();
    const capCells = await capRow.locator('td').allInnerTexts();
    const planned = parseShown(await page.locator('[data-testid="budget-total-merit-annualised"]').innerText());
    check(parseShown(capCells[1]) === Math.round(planned) && parseShown(capCells[2]) === Math.round(planned - 1e6)
      && /over budget/.test(capCells[3]), `the merit cap row reads ${capCells.join(' | ')} for a planned ${planned}`);
    await openTab('Impact Analysis');
    await page.locator('[data-testid="impact-caps"] [data-testid="cap-merit"]', { hasText: 'over budget' }).waitFor();
    log(`merit cap 2026 $1,000,000: planned ${capCells[1]}, variance ${capCells[2]} on Plan and Impact`);

    // 5. A run with the unsaved edit is stored as a what-if run and marked so.
    current.step = 'what-if runs are marked';
    await openTab('Run Simulation');
    await page.getByLabel(/Use my 1 unsaved lever edit/).check();
    await page.locator('[data-testid="run-start"]').click();
    await page.locator('[data-testid="run-state"]', { hasText: 'done' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="run-whatif"]').waitFor();
    const runs = (await apiJson('GET', '/api/runs')).runs;
    const whatIf = runs.find((r) => r.scenario === COPY && r.status === 'done');
    check(whatIf && whatIf.what_if === true && whatIf.overrides === 1, `the newest ${COPY} run is not a what-if run: ${JSON.stringify(whatIf)}`);
    await openTab('Runs & Audit');
    const listed = page.locator('[data-testid="runs-table"] tbody tr', { hasText: whatIf.run_id });
    await listed.locator('[data-testid="run-whatif-tag"]').waitFor();
    log(`what-if run ${whatIf.run_id} marked in Run Simulation and Runs & Audit`);

    // 6. Guard rails: a target only zero merit could reach is never "Excellent".
    current.step = 'guard rails refuse zero merit';
    await openTab('Auto-Optimize');
    await page.locator('#opt-target').fill('0');
    await page.locator('#opt-algo').selectOption('s045');
    await page.locator('[data-testid="opt-start"]').click();
    await page.locator('[data-testid="opt-status"]').waitFor({ timeout: 60_000 });
    const perf = await page.locator('[data-testid="opt-performance"]').innerText();
    check(!/Excellent/.test(perf), `a zero-growth target was graded "${perf}"`);
    check(/all kept/.test(await page.locator('[data-testid="opt-rails"]').innerText()), 'the result breaks a guard rail');
    check(await page.locator('[data-testid="opt-accept"]').count() === 0, 'an unreachable result offers a plain Accept');
    await page.locator('[data-testid="opt-accept-closest"]').click();
    await page.locator('[data-testid="opt-closest-confirm"]').waitFor();
    await page.locator('[data-testid="opt-job"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('optimize-rails');
    await page.locator('[data-testid="opt-closest-confirm"]').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid="opt-reject"]').click();
    log(`zero-growth target: "${perf.trim()}", Accept closest behind a confirmation`);

    // 7. Saving into a scenario without locks on past years asks first.
    current.step = 'confirmation before saving into an unlocked past';
    await apiJson('POST', '/api/scenarios', { name: BARE, from: 'default', inherit: true, reason: 'e2e: no locks' });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('[data-testid="signed-in"]').waitFor();
    await page.locator(`#scenario option[value="${BARE}"]`).waitFor({ state: 'attached' });
    await page.locator('#scenario').selectOption(BARE);
    await openTab('Parameter Overview');
    const past = page.locator('input[data-cell="merit_base|2026|3"]');
    await past.waitFor();
    const newValue = (Number(await past.inputValue()) + 0.25).toFixed(2);
    await past.fill(newValue);
    await page.locator('#save-reason').fill('e2e: past year');
    watch.expect(/PUT \/api\/levers → 409/);
    await page.locator('[data-testid="save-levers"]').click();
    await page.locator('[data-testid="save-confirm"]').waitFor();
    const ask = await page.locator('[data-testid="save-confirm"]').innerText();
    check(/no locked cell/.test(ask) && /2026/.test(ask), `the confirmation does not explain itself: ${ask}`);
    const unchanged = (await cellsOf(BARE)).cells.find((c) => keyOf(c) === 'merit_base|2026|3');
    check(Math.abs(unchanged.value * 100 - Number(newValue)) > 1e-6, 'the value was written before the confirmation');
    await page.locator('[data-testid="save-confirm-yes"]').click();
    for (let i = 0; i < 50; i += 1) {
      const c = (await cellsOf(BARE)).cells.find((x) => keyOf(x) === 'merit_base|2026|3');
      if (Math.abs(c.value * 100 - Number(newValue)) < 1e-6) break;
      check(i < 49, 'Save anyway did not write the value');
      await page.waitForTimeout(100);
    }
    log(`${BARE}: the save asked "${ask.split('\n')[0].slice(0, 90)}…", then wrote the value`);
    watch.clean();
  }
});
