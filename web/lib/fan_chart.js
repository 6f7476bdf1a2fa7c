// A fan chart (issue 12): over x (years, or a swept lever's values) the
// P10–P90 and P25–P75 ranges of a seed ensemble shaded, the median as a
// line, and optionally one seed's line and the target band. Drawn with
// uPlot through <Chart>; the bands are the API's, nothing is computed here.

import { html, useMemo } from '/vendor/htm-preact.js';
import { Chart, COLORS, axisYears } from './chart.js';

const val = (b, k) => (b && typeof b[k] === 'number' && Number.isFinite(b[k]) ? b[k] : null);
const OUTER = 'rgba(31,111,235,0.14)';
const INNER = 'rgba(31,111,235,0.30)';
const EDGE = 'rgba(31,111,235,0.35)';

/**
 * <${FanChart} x=${[2025, ...]} bands=${[band, ...]} fmt=${pct} axis=${axisPct(1)}
 *   single=${{ label: 'Seed 42', values: [...] }} target=${{ growth, tolerance }} />
 * `xAxis`/`xFmt` format x (default: years); `yRange` [lo, hi] fixes the y scale
 * (two charts side by side on one scale).
 */
export function FanChart({
  x, bands, fmt, axis, yLabel, single, target, xAxis, xFmt, xLabel, yRange, height = 260, label, testid,
}) {
  const chart = useMemo(() => {
    if (!x || !x.length || !bands || bands.length !== x.length) return null;
    const years = !xAxis;
    const pad = x.length > 1 ? (x[x.length - 1] - x[0]) / (x.length - 1) / 2 : 0.5;
    const data = [x, ...['p90', 'p10', 'p75', 'p25', 'p50'].map((k) => bands.map((b) => val(b, k)))];
    const edge = (l) => ({ label: l, stroke: EDGE, width: 1, points: { show: false }, value: (u, v) => fmt(v) });
    const series = [
      { label: xLabel || 'Year', value: (u, v) => (v == null ? '—' : (xFmt ? xFmt(v) : String(v))) },
      edge('P90'), edge('P10'), edge('P75'), edge('P25'),
      { label: 'Median', stroke: COLORS.blue, width: 3, points: { size: 6 }, value: (u, v) => fmt(v) },
    ];
    if (single && single.values) {
      data.push(single.values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)));
      series.push({ label: single.label, stroke: COLORS.orange, width: 2, dash: [6, 4], points: { size: 5 }, value: (u, v) => fmt(v) });
    }
    const out = { bands: [{ series: [1, 2], fill: OUTER }, { series: [3, 4], fill: INNER }] };
    if (target) {
      const n = x.length;
      const first = data.length;
      data.push(new Array(n).fill(target.growth + target.tolerance), new Array(n).fill(target.growth - target.tolerance),
        new Array(n).fill(target.growth));
      series.push({ label: 'Target + tolerance', stroke: 'rgba(46,139,87,0.35)', width: 1, points: { show: false }, value: (u, v) => fmt(v) },
        { label: 'Target − tolerance', stroke: 'rgba(46,139,87,0.35)', width: 1, points: { show: false }, value: (u, v) => fmt(v) },
        { label: 'Target', stroke: COLORS.green, width: 2, dash: [8, 5], points: { show: false }, value: (u, v) => fmt(v) });
      out.bands.push({ series: [first, first + 1], fill: 'rgba(46,139,87,0.12)' });
    }
    return {
      data,
      opts: {
        scales: { x: { time: false, range: [x[0] - pad, x[x.length - 1] + pad] },
          ...(yRange ? { y: { range: () => yRange } } : {}) },
        axes: [
          years ? { values: axisYears(), splits: () => x } : { label: xLabel, values: xAxis },
          { label: yLabel, values: axis, size: 64 },
        ],
        series,
        bands: out.bands,
      },
    };
  }, [x, bands, single, target, fmt, axis, xAxis, yRange && yRange.join()]);
  if (!chart) return '';
  return html`<${Chart} opts=${chart.opts} data=${chart.data} height=${height} testid=${testid}
    label=${label || 'Fan chart: P10 to P90 and P25 to P75 shaded, the median as a line'} />`;
}
