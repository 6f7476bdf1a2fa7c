#!/usr/bin/env node
// End-to-end test of the seed bands (issue 12) in headless Chromium: the
// Impact tab's paired band with its seed count after an edit (and the same
// figure as the API's), the thin-sample warning at 5 seeds, the Results fan
// chart of an ensemble with its attribution bars, Compare with seed bands showing a distinguishable
// paired difference, the two-lever sweep heatmap with its target contour,
// and the robust optimizer's band over 5 seeds with its warning.
// Screenshots: fan-chart, attribution, compare-bands, sweep-heatmap.
//
//   PLANWISE_URL=http://127.0.0.1:18787 PLANWISE_TOKEN=... node tests/e2e/ensemble.test.mjs
//
// Runs after dashboard.test.mjs on the same scratch server (tests/e2e/run.sh):
// Results shows the run that test stored.

import {
  apiJson, check, current, log, parseShown, runTest, shot, signedInPage,
} from './harness.mjs';

const RAISED = `bands_${Date.now().toString(36)}`;
const PAIRED = /^(.+) \[(.+), (.+)\] over (\d+) seeds?$/;
// "+0.060 pt [+0.050, +0.070] over 25 seeds" → [mean, low, high, seeds] (the bounds carry the mean's unit).
function pairedFigures(text) {
  const m = String(text).trim().match(PAIRED);
  if (!m) return null;
  const unit = / pt$/.test(m[1]) ? ' pt' : '';
  return [parseShown(m[1]), parseShown(`${m[2]}${unit}`), parseShown(`${m[3]}${unit}`), Number(m[4])];
}

// A copy of default with merit one point higher in every unlocked year, and
// a target inside the range a two-lever sweep of it covers (so its heatmap
// has a contour to draw).
async function raisedScenario(sweepAxes) {
  await apiJson('POST', '/api/scenarios', { name: RAISED, from: 'default', reason: 'e2e: seed bands' });
  const grid = await apiJson('GET', `/api/levers?scenario=${RAISED}`);
  const cells = grid.cells.filter((c) => c.parameter === 'merit_base' && !c.locked)
    .map((c) => ({ parameter: c.parameter, year: c.year, level: c.level, value: c.value + 0.01, expected: c.value }));
  check(cells.length >= 5, `only ${cells.length} unlocked merit cells to raise`);
  await apiJson('PUT', '/api/levers', { scenario: RAISED, cells, reason: 'e2e: merit +1 pt', confirm: true });
  const sweep = await apiJson('POST', '/api/sweep', { scenario: RAISED, axes: sweepAxes, seeds: 2 });
  const means = sweep.points.map((p) => p.headline.mean);
  const mid = (Math.min(...means) + Math.max(...means)) / 2;
  await apiJson('PUT', `/api/scenarios/${RAISED}/target`, { growth: Number(mid.toFixed(4)), tolerance: 0.001, reason: 'e2e: target inside the sweep' });
  log(`scenario ${RAISED}: ${cells.length} merit cells +1 pt; sweep means ${Math.min(...means).toFixed(4)}..${Math.max(...means).toFixed(4)}, target ${mid.toFixed(4)}`);
}

runTest('ensemble', 180_000, async (browser) => {
  current.step = 'set up a scenario with raised merit';
  // The Sweep tab's default grid (web/tabs/sweep.js), as the API takes it.
  await raisedScenario(['merit_base=0.02:0.05:0.0025', 'cola_rate=0.01:0.03:0.005']);

  const { page, watch, openTab } = await signedInPage(browser, { hash: '#overview' });

  // 1. Impact: the paired band of the headline with its seed count, live after an edit.
  current.step = 'Impact band after an edit';
  const cell = page.locator('input[data-cell="merit_base|2026|2"]');
  await cell.waitFor();
  const before = Number(await cell.inputValue());
  const typed = (before + 0.5).toFixed(2);
  await cell.fill(typed);
  await openTab('Impact Analysis');
  const band = page.locator('[data-testid="impact-paired-headline"] .paired-text');
  await page.locator('[data-testid="impact-paired-headline"]', { hasText: 'over 25 seeds' }).waitFor();
  const text = (await band.innerText()).trim();
  const figures = pairedFigures(text);
  check(figures && figures[3] === 25, `the Impact band reads "${text}", not "Δ [low, high] over 25 seeds"`);
  const [mean, low, high] = figures;
  check(low <= mean && mean <= high && low > 0, `a +0.5 pt merit edit shows ${text}: not a positive interval around its mean`);
  const cells = [{ parameter: 'merit_base', year: 2026, level: 2, value: Number(typed) / 100 }];
  const api = await apiJson('POST', '/api/impact', { scenario: 'default', cells, seeds: 25 });
  check(Math.abs(api.paired.headline.diff.mean - mean) <= 0.000006,
    `the page shows ${text}, the API's mean paired difference is ${api.paired.headline.diff.mean}`);
  check(await page.locator('[data-testid="impact-paired-growth"]').count() >= 1, 'no per-year growth delta carries its band');
  await page.locator('[data-testid="impact-fan-chart"] canvas').waitFor();
  check(await page.locator('[data-testid="impact-thin-sample"]').count() === 0, 'a thin-sample warning shows with 25 seeds');
  log(`impact band: ${text} (API ${api.paired.headline.diff.mean})`);

  // 2. Thin sample: 5 seeds warn wherever the bands show.
  current.step = 'thin-sample warning with 5 seeds';
  await page.locator('[data-testid="impact-seeds"]').fill('5');
  await page.locator('[data-testid="impact-paired-headline"]', { hasText: 'over 5 seeds' }).waitFor();
  const warning = await page.locator('[data-testid="impact-thin-sample"]').innerText();
  check(/5/.test(warning) && /10/.test(warning), `the thin-sample warning reads "${warning}"`);
  check(await page.locator('[data-testid="impact-fan-thin-sample"]').count() === 1, 'the fan chart shows no thin-sample warning at 5 seeds');
  await page.locator('[data-testid="impact-seeds"]').fill('25');
  await page.locator('[data-testid="impact-paired-headline"]', { hasText: 'over 25 seeds' }).waitFor();
  check(await page.locator('[data-testid="impact-thin-sample"]').count() === 0, 'the warning stays at 25 seeds');

  // 3. Results: an ensemble of the shown run's scenario, as a fan chart.
  current.step = 'Results fan chart';
  await openTab('Results');
  await page.locator('[data-testid="ensemble-panel"]').waitFor();
  await page.locator('[data-testid="results-attribute"]').check();
  await page.locator('[data-testid="results-ensemble-go"]').click();
  await page.locator('[data-testid="results-fan-chart"] canvas').waitFor({ timeout: 30_000 });
  const meta = await page.locator('[data-testid="ensemble-meta"]').innerText();
  check(/^25 seeds \(42\.\.66\)/.test(meta), `the ensemble says "${meta}"`);
  const median = parseShown(await page.locator('[data-testid="ensemble-headline"] .stat-value').innerText());
  check(Number.isFinite(median), 'the ensemble headline shows no median');
  // The attribution asked for: one bar per draw group the API attributes.
  const scenarioShown = (await page.locator('[data-testid="ensemble-panel"] h3 code').first().innerText()).trim();
  const attributed = await apiJson('POST', '/api/ensembles', { scenario: scenarioShown, seeds: 25, attribute: true });
  const bars = await page.locator('[data-testid="attribution-bar"]').count();
  check(bars === attributed.attribution.groups.length && bars > 0,
    `the attribution chart has ${bars} bars, the API ${attributed.attribution.groups.length} groups`);
  await page.locator('[data-testid="attribution"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot('attribution');
  // The picture: the ensemble's figures and its fan chart.
  await page.locator('[data-testid="ensemble-panel"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot('fan-chart');

  // 4. Compare with seed bands: default against the raised scenario.
  current.step = 'Compare with seed bands';
  await openTab('Compare');
  await page.locator('[data-testid="cmp-view-paired"]').check();
  await page.locator('[data-testid="cmp-paired-a"]').selectOption('default');
  await page.locator('[data-testid="cmp-paired-b"]').selectOption(RAISED);
  await page.locator('[data-testid="cmp-paired-go"]').click();
  await page.locator('[data-testid="cmp-paired-diff-text"]', { hasText: 'over 25 seeds' }).waitFor({ timeout: 30_000 });
  const diff = (await page.locator('[data-testid="cmp-paired-diff-text"]').innerText()).trim();
  const d = pairedFigures(diff);
  check(d && d[1] > 0 && d[3] === 25, `merit +1 pt shows B − A = "${diff}", not an interval above zero over 25 seeds`);
  const mark = await page.locator('[data-testid="cmp-paired-mark"]').innerText();
  check(/^● distinguishable/.test(mark), `the paired difference is marked "${mark}"`);
  await page.locator('[data-testid="cmp-fan-b"] canvas').waitFor();
  check(await page.locator('[data-testid="cmp-paired-years"] tbody tr').count() === 5, 'the by-year table has not 5 rows');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('compare-bands');
  log(`compare: B − A ${diff}, ${mark}`);

  // 5. Sweep: two levers as a heatmap with the target's contour.
  current.step = 'sweep heatmap';
  await page.locator('#scenario').selectOption(RAISED);
  await openTab('Sweep');
  await page.locator('[data-testid="sweep-two"]').check();
  await page.locator('[data-testid="sweep-go"]').click();
  await page.locator('[data-testid="sweep-heatmap"]').waitFor({ timeout: 60_000 });
  const cellsShown = await page.locator('[data-testid="sweep-heatmap"] rect.hm-cell').count();
  check(cellsShown === 13 * 5, `the heatmap has ${cellsShown} cells, expected 13 × 5`);
  const contours = await page.locator('[data-testid="sweep-heatmap"] line.hm-contour:not(.hm-contour-dashed)').count();
  check(contours > 1, `the heatmap draws ${contours} segments of the target contour`);
  check(/65 grid points × 10 seeds/.test(await page.locator('[data-testid="sweep-meta"]').innerText()), 'the sweep does not say 65 points × 10 seeds');
  await page.locator('[data-testid="sweep-heatmap"]').scrollIntoViewIfNeeded();
  await shot('sweep-heatmap');
  log(`sweep: ${cellsShown} cells, ${contours} contour segments`);

  // 6. The robust optimizer over 5 seeds: its band, seed count and thin-sample warning.
  current.step = 'robust optimizer summary';
  await openTab('Auto-Optimize');
  await page.locator('[data-testid="opt-current-growth"] .stat-value').waitFor();
  const cur = parseShown(await page.locator('[data-testid="opt-current-growth"] .stat-value').innerText());
  await page.locator('#opt-target').fill(((cur - 0.005) * 100).toFixed(2));
  await page.locator('[data-testid="opt-r-seeds"]').fill('5');
  await page.locator('[data-testid="opt-start"]').click();
  await page.locator('[data-testid="opt-robust"]').waitFor({ timeout: 60_000 });
  const heading = await page.locator('[data-testid="opt-robust"] h3').innerText();
  check(/over 5 seeds/.test(heading), `the robust summary says "${heading}"`);
  const robustBand = await page.locator('[data-testid="opt-robust-band"] .stat-sub').innerText();
  check(/P10 .+%, P90 .+%/.test(robustBand), `the robust band reads "${robustBand}"`);
  check(await page.locator('[data-testid="opt-thin-sample"]').count() === 1, 'no thin-sample warning beside the robust band of 5 seeds');
  // The proposed levers' fan chart by year, on the search's 5 seeds.
  await page.locator('[data-testid="opt-fan-chart"]').waitFor({ timeout: 60_000 });
  const fanMeta = await page.locator('[data-testid="opt-fan-meta"]').innerText();
  check(/^5 seeds/.test(fanMeta), `the proposed levers' fan chart says "${fanMeta}"`);
  check(await page.locator('[data-testid="opt-fan-thin-sample"]').count() === 1, 'no thin-sample warning beside the fan chart of 5 seeds');
  await page.locator('[data-testid="opt-fan"]').scrollIntoViewIfNeeded();
  await shot('optimize-fan-chart');
  log(`robust optimizer: ${heading}; ${robustBand}`);
  watch.clean();
});
