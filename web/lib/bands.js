// Seed bands on screen (issue 12): the text of a band and of a paired
// difference, always with its seed count, the API's thin-sample warning,
// and the seeds control. A band is the API's {n, mean, sd, se, min, p10,
// p25, p50, p75, p90, max}; a paired band {a, b, diff, diff_low, diff_high,
// distinguishable} (src/api/ensemble_json.hpp). Nothing here computes a
// statistic: every figure is the server's.

import { html } from '/vendor/htm-preact.js';
import { int, intDelta, isNum, money, moneyDelta, pct, pts } from './format.js';
import { axisInt, axisMoney, axisPct } from './chart.js';

/**
 * How the per-year metrics of an ensemble (the API's keys) are named and
 * shown: value format, difference format, chart axis.
 */
export const METRICS = {
  headcount: { label: 'Headcount (year end)', fmt: int, dfmt: intDelta, axis: axisInt() },
  hires: { label: 'Hires', fmt: int, dfmt: intDelta, axis: axisInt() },
  exits: { label: 'Exits', fmt: int, dfmt: intDelta, axis: axisInt() },
  promotions: { label: 'Promotions', fmt: int, dfmt: intDelta, axis: axisInt() },
  avg_fye_pay: { label: 'Average FYE pay', fmt: money, dfmt: moneyDelta, axis: axisMoney() },
  growth_fye: { label: 'Average-pay growth (FYE)', fmt: pct, dfmt: pts, axis: axisPct(1) },
  growth_current: { label: 'Average-pay growth (current pay)', fmt: pct, dfmt: pts, axis: axisPct(1) },
  growth_continuous: { label: 'Average-pay growth (continuous actives)', fmt: pct, dfmt: pts, axis: axisPct(1) },
  total_cost: { label: 'Total payroll (prorated)', fmt: money, dfmt: moneyDelta, axis: axisMoney() },
};
export const metricOf = (key) => METRICS[key] || { label: key, fmt: (v) => (isNum(v) ? String(v) : '—'), dfmt: (v) => (isNum(v) ? String(v) : '—'), axis: undefined };

/** "25 seeds" / "1 seed". */
export const seedsText = (n) => `${int(n)} seed${n === 1 ? '' : 's'}`;

/** "3.12% [P10 3.01%, P90 3.24%]": a band's median and its P10–P90. */
export function bandText(band, fmt) {
  if (!band || !isNum(band.p50)) return fmt(NaN);
  return `${fmt(band.p50)} [P10 ${fmt(band.p10)}, P90 ${fmt(band.p90)}]`;
}

// "+0.05 pt" → "+0.05": the interval's bounds share the mean's unit.
const bare = (text) => text.replace(/ pt$/, '');

/**
 * "+0.06 pt [+0.05, +0.07] over 25 seeds": the mean paired difference and
 * its 95 % interval; `compact` leaves the seed count to a caption.
 */
export function pairedText(pb, fmt, seeds, compact = false) {
  if (!pb || !pb.diff) return fmt(NaN);
  const text = `${fmt(pb.diff.mean)} [${bare(fmt(pb.diff_low))}, ${bare(fmt(pb.diff_high))}]`;
  return compact ? text : `${text} over ${seedsText(seeds)}`;
}

/**
 * Whether a paired difference's 95 % interval excludes zero, as a mark with
 * its words (`compact`: the mark alone, the words for screen readers and
 * in the tooltip).
 */
export function DistinguishMark({ pb, testid, compact = false }) {
  if (!pb || pb.distinguishable == null) return '';
  const [cls, sign, words, title] = pb.distinguishable
    ? ['mark-yes', '●', 'distinguishable', 'The 95 % interval of the paired difference excludes zero']
    : ['mark-no', '○', 'not distinguishable', 'The 95 % interval of the paired difference includes zero: the difference may be noise'];
  return html`<span class=${`mark ${cls}`} data-testid=${testid} title=${title}>${sign}${compact
    ? html`<span class="sr-only"> ${words}</span>` : ` ${words}`}</span>`;
}

/** A paired difference under a single-seed delta: text, then its mark (`compact`: for table cells). */
export function PairedDelta({ pb, fmt, seeds, testid, compact = false }) {
  if (!pb) return '';
  return html`<div class="paired-delta small" data-testid=${testid}>
    <span class="paired-text">${pairedText(pb, fmt, seeds, compact)}</span> <${DistinguishMark} pb=${pb} compact=${compact} /></div>`;
}

/** The server's warning for a sample under its thin-sample threshold; nothing otherwise. */
export function ThinSample({ warning, testid = 'thin-sample' }) {
  if (!warning) return '';
  return html`<div class="notice notice-warn thin-sample" role="status" data-testid=${testid}>${warning}</div>`;
}

/** The seeds control: how many seeds (from the configured seed) the bands use. */
export function SeedsInput({ id, value, setValue, label = 'Seeds', hint, testid }) {
  return html`<div class="form-field seeds-field">
    <label for=${id}>${label}</label>
    <input id=${id} type="number" min="1" step="1" size="5" value=${value} data-testid=${testid}
      onInput=${(e) => setValue(e.currentTarget.value)} />
    ${hint ? html`<div class="hint">${hint}</div>` : ''}
  </div>`;
}

/** The seeds control's text as the API's "seeds" (a whole count ≥ 1), or null. */
export function seedsValue(text) {
  const n = Number(String(text).trim());
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/**
 * A band as a horizontal box: P10–P90 thin, P25–P75 thick, the median as a
 * tick, on a scale from `lo` to `hi`, with the part of the target band
 * inside that scale shaded behind. The figures themselves are in the
 * accessible name; the caller shows them as text.
 */
export function BandBar({ band, target, lo, hi, fmt, label, testid, width = 320 }) {
  if (!band || !isNum(band.p10) || !isNum(lo) || !isNum(hi) || hi <= lo) return '';
  const h = 30;
  const x = (v) => 6 + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (width - 12);
  const tlo = target ? target.growth - target.tolerance : NaN;
  const thi = target ? target.growth + target.tolerance : NaN;
  const showTarget = isNum(tlo) && thi >= lo && tlo <= hi;
  return html`<svg class="band-bar" width=${width} height=${h} viewBox=${`0 0 ${width} ${h}`} role="img"
      aria-label=${label || `P10 ${fmt(band.p10)}, P25 ${fmt(band.p25)}, median ${fmt(band.p50)}, P75 ${fmt(band.p75)}, P90 ${fmt(band.p90)}`} data-testid=${testid}>
    ${showTarget ? html`<rect x=${x(tlo)} y="1" height=${h - 2} width=${Math.max(1, x(thi) - x(tlo))} class="bb-target" />` : ''}
    <line x1=${x(band.p10)} x2=${x(band.p90)} y1=${h / 2} y2=${h / 2} class="bb-outer" />
    <rect x=${x(band.p25)} y=${h / 2 - 7} width=${Math.max(1, x(band.p75) - x(band.p25))} height="14" class="bb-inner" />
    <line x1=${x(band.p50)} x2=${x(band.p50)} y1=${h / 2 - 10} y2=${h / 2 + 10} class="bb-median" />
  </svg>`;
}
