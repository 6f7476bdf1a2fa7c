// uPlot charts as Preact components. uPlot itself is the global from
// /vendor/uPlot.iife.min.js (loaded by index.html before the modules).

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.js';
import { pct, moneyShort, int } from './format.js';

export const COLORS = {
  blue: '#1f6feb', orange: '#d4761c', green: '#2e8b57', red: '#c0392b', grey: '#6b7280',
  purple: '#7c3aed', teal: '#0f8b8d', gold: '#b58900',
};
export const PALETTE = [COLORS.blue, COLORS.orange, COLORS.teal, COLORS.purple, COLORS.red,
  COLORS.gold, COLORS.green, COLORS.grey];

const U = () => window.uPlot;

export const axisPct = (digits = 1) => (u, vals) => vals.map((v) => (v == null ? '' : pct(v, digits)));
export const axisMoney = () => (u, vals) => vals.map((v) => (v == null ? '' : moneyShort(v)));
export const axisInt = () => (u, vals) => vals.map((v) => (v == null ? '' : int(v)));
export const axisYears = () => (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : ''));

/** Bar paths (uPlot.paths.bars) with a relative width. */
export function bars(size = 0.6, align = 0) {
  const u = U();
  return u && u.paths && u.paths.bars ? u.paths.bars({ size: [size, 80], align }) : undefined;
}

/** A series drawn only as markers. */
export const pointsOnly = () => null;

/** Target line and ±tolerance band series over x (the caller adds `bands`). */
export function targetSeries(target, tolerance, n, scale = 'y') {
  const line = new Array(n).fill(target);
  const hi = new Array(n).fill(target + tolerance);
  const lo = new Array(n).fill(target - tolerance);
  return {
    data: [hi, lo, line],
    series: [
      { label: 'Target + tolerance', scale, stroke: 'rgba(46,139,87,0.35)', width: 1, points: { show: false },
        value: (u, v) => pct(v) },
      { label: 'Target − tolerance', scale, stroke: 'rgba(46,139,87,0.35)', width: 1, points: { show: false },
        value: (u, v) => pct(v) },
      { label: 'Target', scale, stroke: COLORS.green, width: 2, dash: [8, 5], points: { show: false },
        value: (u, v) => pct(v) },
    ],
  };
}

/**
 * <${Chart} opts=${...} data=${...} height=${260} label="..."/>
 * `opts` is a uPlot options object without width/height; the chart takes
 * its container's width and is rebuilt when opts or data change.
 */
export function Chart({ opts, data, height = 260, label, testid }) {
  const box = useRef(null);
  const plot = useRef(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      setWidth((old) => (Math.abs(old - w) > 2 ? w : old));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el || !U() || !opts || !data || width < 50) return undefined;
    if (plot.current) { plot.current.destroy(); plot.current = null; }
    // uPlot's live legend prints "—" for every series until the cursor is on
    // a data point; the dashboard never shows a placeholder, so the values
    // are hidden (styles.css) until there is one.
    const hooks = { ...(opts.hooks || {}) };
    hooks.setLegend = [...(hooks.setLegend || []),
      (u) => u.root.classList.toggle('has-cursor', u.cursor.idx != null)];
    plot.current = new (U())({ ...opts, hooks, width, height }, data, el);
    return () => { if (plot.current) { plot.current.destroy(); plot.current = null; } };
  }, [opts, data, width, height]);

  return html`<div class="chart" ref=${box} role="img" aria-label=${label || 'chart'}
    data-testid=${testid || undefined}></div>`;
}
