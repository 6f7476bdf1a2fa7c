// What a browser test of the dashboard needs around its steps: the server
// under test (PLANWISE_URL, PLANWISE_TOKEN from the URL `planwise serve`
// printed), headless Chromium through playwright-core, checks that name the
// step that failed, a watchdog, and a screenshot of the failure.
//
//   runTest('name', limitMs, async (browser) => { ... })  exits 0 when every check passed, 1 otherwise.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const BASE = (process.env.PLANWISE_URL || '').replace(/\/$/, '');
export const TOKEN = process.env.PLANWISE_TOKEN || '';
export const ARTIFACTS = path.resolve(ROOT, process.env.PLANWISE_ARTIFACTS || 'build/test-artifacts');
const CHROMIUM = process.env.PLANWISE_CHROMIUM || '/usr/bin/chromium';

/** The step running now (named in a failure) and the page to photograph if it fails. */
export const current = { step: 'setup', page: null };
const t0 = Date.now();
export const log = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);

export function fail(msg) {
  const err = new Error(msg);
  err.isCheck = true;
  throw err;
}
export function check(cond, msg) { if (!cond) fail(msg); }

/** "$1,234,567" → 1234567, "3.25%" → 0.0325, "+0.25 pt" → 0.0025, "4,509" → 4509; NaN otherwise. */
export function parseShown(text) {
  const t = String(text || '').trim().replace(/−/g, '-');
  let m = t.match(/^([+-]?)\$([\d,]+(?:\.\d+)?)$/);
  if (m) return Number(`${m[1]}${m[2].replace(/,/g, '')}`);
  m = t.match(/^([+-]?\d+(?:\.\d+)?)%$/);
  if (m) return Number(m[1]) / 100;
  m = t.match(/^([+-]?\d+(?:\.\d+)?) pt$/);
  if (m) return Number(m[1]) / 100;
  m = t.match(/^[+-]?[\d,]+(?:\.\d+)?$/);
  if (m) return Number(t.replace(/,/g, ''));
  return NaN;
}

/** GET or PUT the JSON API with the printed token, as a script would. */
export async function apiJson(method, apiPath, body) {
  const r = await fetch(`${BASE}${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).catch((e) => fail(`no server at ${BASE}: ${e.message}`));
  const data = await r.json().catch(() => null);
  check(r.ok, `${method} ${apiPath} answered ${r.status}: ${JSON.stringify(data)}`);
  return data;
}

/** RFC 4180 CSV → rows of strings (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  check(!quoted, 'the CSV ends inside a quoted field');
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** CSV rows as objects keyed by the header row. */
export function csvRecords(text) {
  const [header, ...rows] = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
  return rows.map((r) => Object.fromEntries(header.map((k, i) => [k, r[i]])));
}

/** The body of a GET with the printed token, as text (a CSV export), after checking its status. */
export async function apiText(apiPath) {
  const r = await fetch(`${BASE}${apiPath}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    .catch((e) => fail(`no server at ${BASE}: ${e.message}`));
  const text = await r.text();
  check(r.ok, `GET ${apiPath} answered ${r.status}: ${text.slice(0, 200)}`);
  return text;
}

/**
 * A new browser context signed in through the tokened URL at `hash`; the
 * page becomes current (photographed on a failure) and is watched.
 */
export async function signedInPage(browser, { hash = '', viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  current.page = page;
  page.setDefaultTimeout(15_000);
  const watch = watchPage(page);
  await page.goto(`${BASE}/?token=${TOKEN}${hash}`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="signed-in"]').waitFor();
  const openTab = async (label) => {
    await page.getByRole('tab', { name: label, exact: true }).click();
    check(await page.getByRole('tab', { name: label, exact: true }).getAttribute('aria-selected') === 'true',
      `tab "${label}" is not aria-selected after a click`);
  };
  return { context, page, watch, openTab };
}

/** Headless Chromium, after checking the test's settings. */
async function launch() {
  check(BASE, 'set PLANWISE_URL to the server, e.g. PLANWISE_URL=http://127.0.0.1:18787');
  check(TOKEN, 'set PLANWISE_TOKEN to the token of the URL the server printed');
  const require = createRequire(path.join(ROOT, 'web', 'package.json'));
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    fail(`playwright-core is not installed: run "cd web && npm ci --ignore-scripts" (${e.message})`);
  }
  check(fs.existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install -y chromium`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}

/**
 * Records a page's uncaught errors, console errors and HTTP 4xx/5xx answers.
 * `expect(re)` lets one listed answer through (a refusal the test provokes);
 * `clean()` fails on anything else seen.
 */
export function watchPage(page) {
  const pageErrors = [];
  const problems = [];
  const expected = [];
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(m.text()); });
  page.on('response', async (r) => {
    if (r.status() < 400) return;
    const line = `${r.request().method()} ${r.url().replace(BASE, '')} → ${r.status()}`;
    if (expected.some((re) => re.test(line))) return;
    const body = await r.text().catch(() => '');
    problems.push(`${line} ${body.slice(0, 160)}`);
  });
  return {
    expect: (re) => expected.push(re),
    clean: () => {
      check(!pageErrors.length, `uncaught error in the page: ${pageErrors[0]}`);
      check(!problems.length, `HTTP/console errors seen:\n  ${problems.slice(0, 8).join('\n  ')}`);
    },
  };
}

/** A screenshot of the current page to ARTIFACTS/<name>.png. */
export async function shot(name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await current.page.screenshot({ path: file });
  log(`screenshot ${path.relative(ROOT, file)}`);
}

/** Runs `main(browser)` in headless Chromium; photographs the page on a failure, then closes the browser. */
export function runTest(name, limitMs, main) {
  const watchdog = setTimeout(() => {
    console.error(`FAIL (${current.step}): the test took longer than ${limitMs / 1000} s`);
    process.exit(1);
  }, limitMs);
  const failure = path.join(ARTIFACTS, `${name}-failure.png`);
  const body = async () => {
    const browser = await launch();
    fs.rmSync(failure, { force: true });
    try {
      await main(browser);
    } catch (e) {
      if (current.page) {
        await current.page.screenshot({ path: failure }).catch(() => {});
        console.error(`screenshot of the failure: ${path.relative(ROOT, failure)}`);
      }
      throw e;
    } finally {
      await browser.close();
    }
  };
  body().then(() => {
    clearTimeout(watchdog);
    log(`PASS: ${name} end-to-end`);
    process.exit(0);
  }).catch((e) => {
    clearTimeout(watchdog);
    console.error(`FAIL (${current.step}): ${e && e.isCheck ? e.message : (e && e.stack) || e}`);
    process.exit(1);
  });
}
