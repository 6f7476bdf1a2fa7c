#!/usr/bin/env node
// End-to-end test of the census upload (issue 14 item 1) in headless
// Chromium: a small Workday-style CSV written here is uploaded from the
// Census tab (with its progress), the proposed map is kept as it is, the
// preview's counts are checked against the file, the census is confirmed
// under a name and the dashboard switched to it: the header, the Census
// tab and the headline strip name it, and the API agrees. It switches back
// at the end, so the suites after it run on the configured census.
// Screenshot: census-preview, census-switched.
//
//   PLANWISE_URL=http://127.0.0.1:18787 PLANWISE_TOKEN=... node tests/e2e/census.test.mjs

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  apiJson, check, current, log, parseShown, runTest, shot, signedInPage,
} from './harness.mjs';

const NAME = `e2e_census_${Date.now().toString(36)}`;

// 40 employees, every fifth one terminated in 2023; ISO dates (one format,
// nothing to ask) and pay from $48,000 to $204,000.
function writeCensus() {
  const lines = ['Worker ID,SSN,Date of Birth,Original Hire Date,Termination Date,Annual Base Salary'];
  let terminated = 0;
  for (let i = 0; i < 40; i += 1) {
    const left = i % 5 === 4;
    if (left) terminated += 1;
    const month = String(1 + (i % 12)).padStart(2, '0');
    lines.push([`W${1000 + i}`, `${100 + i}-45-${String(6789 + i).slice(-4)}`, `${1965 + (i % 30)}-${month}-15`,
      `${2010 + (i % 13)}-${month}-01`, left ? `2023-${month}-20` : '', 48000 + 4000 * i].join(','));
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'planwise-census-')), `${NAME}.csv`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, rows: 40, terminated };
}

runTest('census', 120_000, async (browser) => {
  const census = writeCensus();
  const { page, watch, openTab } = await signedInPage(browser, { hash: '#census' });
  await openTab('Census');

  current.step = 'upload the file';
  await page.locator('[data-testid="census-file"]').setInputFiles(census.file);
  // The size limit is shown before anything is sent.
  await page.locator('.tab-census .hint', { hasText: /up to \d+(\.\d)? MB/ }).waitFor();
  await page.locator('[data-testid="census-send"]').click();
  await page.locator('[data-testid="census-preview"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="census-map"]').waitFor();

  current.step = 'the preview counts the file';
  const shown = async (id) => parseShown((await page.locator(`[data-testid="${id}"] .stat-value`).innerText()).trim());
  check(await shown('pv-rows') === census.rows, `rows shown ${await shown('pv-rows')}, file has ${census.rows}`);
  check(await shown('pv-terminated') === census.terminated, `terminated shown ${await shown('pv-terminated')}, file has ${census.terminated}`);
  check(await shown('pv-active') === census.rows - census.terminated, `active shown ${await shown('pv-active')}`);
  check(await page.locator('[data-testid="map-employee_id"]').inputValue() === 'Worker ID', 'Worker ID was not proposed for employee_id');
  await shot('census-preview');

  current.step = 'confirm the census';
  const confirm = page.locator('[data-testid="census-confirm"]');
  check(await confirm.isEnabled(), `Confirm is disabled: ${await page.locator('[data-testid="census-preview"]').innerText()}`);
  await page.locator('[data-testid="census-name"]').fill(NAME);
  await confirm.click();
  await page.locator('[data-testid="census-note"]').waitFor();
  const stored = (await apiJson('GET', '/api/censuses')).censuses.find((c) => c.name === NAME);
  check(stored && stored.active === census.rows - census.terminated, `the API lists ${JSON.stringify(stored)}`);

  current.step = 'switch the dashboard to it';
  await page.locator(`[data-testid="use-${NAME}"]`).click();
  await page.locator('[data-testid="census-active"]', { hasText: `runs on ${NAME}` }).waitFor();
  await page.locator('[data-testid="header-census"]', { hasText: NAME }).waitFor();
  await page.locator('[data-testid="hl-source"]', { hasText: `census ${NAME}` }).waitFor({ timeout: 30_000 });
  const list = await apiJson('GET', '/api/censuses');
  check(list.active.sha256 === stored.sha256 && list.active.name === NAME, `active is ${JSON.stringify(list.active)}`);
  const headline = await apiJson('GET', '/api/headline?scenario=default');
  check(headline.census.sha256 === stored.sha256, `the headline ran on ${JSON.stringify(headline.census)}`);
  log(`stored ${NAME} (${stored.sha256.slice(0, 12)}), ${stored.active} active; dashboard switched`);
  await shot('census-switched');

  current.step = 'switch back to the configured census';
  await page.getByRole('button', { name: `Back to ${list.configured.name}` }).click();
  await page.locator('[data-testid="census-active"]', { hasText: `runs on ${list.configured.name}` }).waitFor();
  check(!(await apiJson('GET', '/api/censuses')).active.stored, 'still on the stored census');
  watch.clean();
});
