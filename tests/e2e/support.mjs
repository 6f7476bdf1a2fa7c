// What the browser tests share: the environment, checks that name the step
// that failed, number parsing of what the dashboard shows, a signed-in page
// that records page errors and failed requests, and the runner with its
// watchdog. Each test file is a plain node script (`node X.test.mjs`).

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const BASE = (process.env.PLANWISE_URL || '').replace(/\/$/, '');
// The personal session's token from the URL `planwise serve` printed.
export const TOKEN = process.env.PLANWISE_TOKEN || '';
export const ARTIFACTS = path.resolve(ROOT, process.env.PLANWISE_ARTIFACTS || 'build/test-artifacts');
const CHROMIUM = process.env.PLANWISE_CHROMIUM || '/usr/bin/chromium';

const state = { step: 'setup', page: null, t0: Date.now() };
export const setStep = (s) => { state.step = s; };
export const log = (msg) => console.log(`[${((Date.now() - state.t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);

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

/** A JSON API call with the test's token (the API's own answers, checked by status). */
export async function apiCall(method, route, body) {
  const res = await fetch(`${BASE}${route}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = text;
  try { data = JSON.parse(text); } catch { /* CSV or empty */ }
  return { status: res.status, data, text };
}

/** Rows of a CSV text (RFC 4180 quoting) as objects keyed by the header. */
export function parseCsv(text) {
  const rows = [];
  let row = []; let field = ''; let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); field = ''; rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Headless Chromium from playwright-core (web/node_modules). */
export async function launch() {
  if (!BASE) fail('set PLANWISE_URL to the server, e.g. PLANWISE_URL=http://127.0.0.1:18787');
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
 * A page signed in through the tokened URL at `hash`, with helpers: shot(name)
 * saves a screenshot, openTab(label) selects a tab, noErrors() fails on any
 * uncaught page error or failed request (beyond those `allowed` matches).
 */
export async function signedInPage(browser, { hash = '', viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  state.page = page;
  page.setDefaultTimeout(15_000);
  const pageErrors = [];
  const httpErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) httpErrors.push(m.text()); });
  page.on('response', async (r) => {
    if (r.status() < 400) return;
    const body = await r.text().catch(() => '');
    httpErrors.push(`${r.request().method()} ${r.url().replace(BASE, '')} → ${r.status()} ${body.slice(0, 160)}`);
  });
  await page.goto(`${BASE}/?token=${TOKEN}${hash}`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="signed-in"]').waitFor();
  return {
    context, page, httpErrors,
    shot: async (name) => {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file });
      log(`screenshot ${path.relative(ROOT, file)}`);
    },
    openTab: async (label) => {
      await page.getByRole('tab', { name: label, exact: true }).click();
      const sel = await page.getByRole('tab', { name: label, exact: true }).getAttribute('aria-selected');
      check(sel === 'true', `tab "${label}" is not aria-selected after a click`);
    },
    noErrors: (allowed = []) => {
      check(!pageErrors.length, `uncaught error in the page: ${pageErrors[0]}`);
      const bad = httpErrors.filter((x) => !allowed.some((re) => re.test(x)));
      check(!bad.length, `HTTP/console errors seen:\n  ${bad.slice(0, 8).join('\n  ')}`);
    },
  };
}

/** Run `main` with a watchdog; exit 0 on success, 1 naming the failing step. */
export function runTest(name, limitMs, main) {
  const watchdog = setTimeout(() => {
    console.error(`FAIL (${state.step}): the test took longer than ${limitMs / 1000} s`);
    process.exit(1);
  }, limitMs);
  main().then(() => {
    clearTimeout(watchdog);
    log(`PASS: ${name}`);
    process.exit(0);
  }).catch(async (e) => {
    clearTimeout(watchdog);
    if (state.page) {
      const file = path.join(ARTIFACTS, `failure-${name.replace(/\W+/g, '-')}.png`);
      await state.page.screenshot({ path: file }).catch(() => {});
      console.error(`screenshot of the failure: ${path.relative(ROOT, file)}`);
    }
    console.error(`FAIL (${state.step}): ${e && e.isCheck ? e.message : (e && e.stack) || e}`);
    process.exit(1);
  });
}
