// Issue 14 item 3: how long the dashboard takes to download one export, from
// the click on its link in the Results tab to the file saved on disk, in
// headless Chromium (playwright-core, as tests/e2e do). Prints one line of
// JSON per download; bench/export_bench.sh runs it.
//   PLANWISE_URL=... PLANWISE_TOKEN=... node bench/export_download.mjs TABLE FORMAT [REPEATS]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const base = (process.env.PLANWISE_URL || '').replace(/\/$/, '');
const token = process.env.PLANWISE_TOKEN || '';
const [table = 'yearly_events', format = 'csv', repeats = '3'] = process.argv.slice(2);
if (!base || !token) {
  console.error('set PLANWISE_URL and PLANWISE_TOKEN (from the URL planwise serve printed)');
  process.exit(2);
}
const { chromium } = createRequire(path.join(root, 'web', 'package.json'))('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.PLANWISE_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
});
try {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  await page.goto(`${base}/?token=${token}`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="signed-in"]').waitFor();
  await page.getByRole('tab', { name: 'Results', exact: true }).click();
  const link = page.locator(`[data-testid="exports"] a[href*="table=${table}&format=${format}"]`);
  await link.waitFor();
  let timing = '';
  page.on('response', (r) => { if (r.url().includes('/export?')) timing = r.headers()['server-timing'] || ''; });
  for (let i = 0; i < Number(repeats); i += 1) {
    timing = '';
    const t0 = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path(); // resolves once the file is complete on disk
    const seconds = (performance.now() - t0) / 1000;
    const bytes = fs.statSync(file).size;
    console.log(JSON.stringify({ table, format, run: i + 1, seconds: Number(seconds.toFixed(3)), bytes,
      server_timing: timing }));
    await download.delete();
  }
} finally {
  await browser.close();
}
