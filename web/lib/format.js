// Number formatting for the dashboard. Every function returns "—" for a
// missing or non-finite value, so no placeholder figure is ever shown.

export const DASH = '—';

const moneyFmt = new Intl.NumberFormat('en-US', {
  style: 'currency', currency: 'USD', maximumFractionDigits: 0, minimumFractionDigits: 0,
});
const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function isNum(x) {
  return typeof x === 'number' && Number.isFinite(x);
}

/** $1,234,567 */
export function money(x) {
  return isNum(x) ? moneyFmt.format(x) : DASH;
}

/** +$1,234 / −$1,234 for differences. */
export function moneyDelta(x) {
  if (!isNum(x)) return DASH;
  const r = Math.round(x);
  if (r === 0) return '$0';
  return (r > 0 ? '+' : '−') + moneyFmt.format(Math.abs(r));
}

/** Compact money for chart axes: $1.2M, $2.6B. */
export function moneyShort(x) {
  if (!isNum(x)) return DASH;
  const a = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(a >= 1e10 ? 1 : 2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(0)}K`;
  return `${sign}$${a.toFixed(0)}`;
}

/** 1,234 */
export function int(x) {
  return isNum(x) ? intFmt.format(x) : DASH;
}

/** +12 / −12 / 0 */
export function intDelta(x) {
  if (!isNum(x)) return DASH;
  const r = Math.round(x);
  if (r === 0) return '0';
  return (r > 0 ? '+' : '−') + intFmt.format(Math.abs(r));
}

/** A fraction as a percent: 0.0325 → "3.25%". */
export function pct(x, digits = 2) {
  return isNum(x) ? `${(x * 100).toFixed(digits)}%` : DASH;
}

/** A difference of two rates in points: 0.0025 → "+0.25 pt". */
export function pts(x, digits = 2) {
  if (!isNum(x)) return DASH;
  const v = x * 100;
  const s = v.toFixed(digits);
  if (Number(s) === 0) return `0.${'0'.repeat(digits)} pt`;
  return `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)} pt`;
}

/** A multiplier such as the new-hire salary adjustment: 1.1502. */
export function mult(x, digits = 4) {
  return isNum(x) ? x.toFixed(digits) : DASH;
}

/** Milliseconds: "12.3 ms" or "1.24 s". */
export function ms(x) {
  if (!isNum(x)) return DASH;
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`;
}

/** A rate in percent with 2 or 3 decimals: 0.040374 → "4.037", 0.035 → "3.50". */
function leverPercent(value) {
  const s = (value * 100).toFixed(3);
  return s.endsWith('0') ? s.slice(0, -1) : s;
}

/** A lever value in the unit it is shown and entered in. */
export function leverText(unit, value) {
  if (!isNum(value)) return DASH;
  return unit === 'multiplier' ? mult(value) : `${leverPercent(value)}%`;
}

/** The value typed into a lever cell → fraction (rates) or number (multiplier), or NaN. */
export function parseLeverInput(unit, text) {
  if (text == null) return NaN;
  const t = String(text).trim().replace(/%$/, '').trim().replace(/,/g, '.');
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) return NaN;
  const v = Number(t);
  return unit === 'multiplier' ? v : v / 100;
}

/** Edit-box text of a lever value: "3.03" (percent) or "1.1502". */
export function leverInputText(unit, value) {
  if (!isNum(value)) return '';
  if (unit === 'multiplier') return value.toFixed(4);
  return leverPercent(value);
}

/** The unit of a lever: from /api/config parameters, or by its name. */
export function unitOf(parameters, name) {
  const p = (parameters || []).find((q) => q.name === name);
  if (p && p.unit) return p.unit === 'multiplier' ? 'multiplier' : 'rate';
  return name === 'new_hire_salary_adjustment' ? 'multiplier' : 'rate';
}

/** ISO timestamp → "2026-11-27 15:33:59 UTC". */
export function when(ts) {
  if (!ts) return DASH;
  const s = String(ts);
  const m = s.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/);
  return m ? `${m[1]} ${m[2]} UTC` : s;
}

/** The key of one lever cell in the grid's maps and the unsaved edits. */
export const cellKey = (parameter, year, level) => `${parameter}|${year}|${level}`;

/** One CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break. */
function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows (arrays of values) → CSV text, one line each, as the server's CSV exports write it. */
export function csvText(rows) {
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** A date as YYYY-MM-DD, in the browser's time zone (for file names). */
export function isoDay(d) {
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
