// A heatmap of a two-lever sweep (issue 12 item 3), drawn as SVG: one cell
// per grid point coloured by its value (below the level in blue, above in
// orange, white at the level), with contour lines where the value crosses
// the level (solid) and any extra levels (dashed), traced by marching
// squares between the cells' centres. The values are the API's.

import { html } from '/vendor/htm-preact.js';

const LOW = [31, 111, 235];
const HIGH = [212, 118, 28];
const mix = (c, t) => `rgb(${c.map((v) => Math.round(255 + (v - 255) * t)).join(',')})`;
const ok = (v) => typeof v === 'number' && Number.isFinite(v);

/** Segments [[x1, y1, x2, y2], ...] in grid units where z crosses `level`. */
export function contourSegments(z, level) {
  const segs = [];
  for (let i = 0; i + 1 < z.length; i += 1) {
    for (let j = 0; j + 1 < z[i].length; j += 1) {
      // Corners counter-clockwise: (i,j) (i+1,j) (i+1,j+1) (i,j+1).
      const c = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const v = c.map(([a, b]) => z[a][b]);
      if (!v.every(ok)) continue;
      const pts = [];
      for (let k = 0; k < 4; k += 1) {
        const v0 = v[k] - level; const v1 = v[(k + 1) % 4] - level;
        if ((v0 < 0) === (v1 < 0)) continue;
        const t = v0 / (v0 - v1);
        const [a0, b0] = c[k]; const [a1, b1] = c[(k + 1) % 4];
        pts.push([a0 + t * (a1 - a0), b0 + t * (b1 - b0)]);
      }
      for (let k = 0; k + 1 < pts.length; k += 2) segs.push([...pts[k], ...pts[k + 1]]);
    }
  }
  return segs;
}

/**
 * <${Heatmap} xs=${[...]} ys=${[...]} z=${z} level=${target} dashed=${[lo, hi]}
 *   fmtX fmtY fmtZ xLabel yLabel testid />   with z[i][j] the value at (xs[i], ys[j]).
 */
export function Heatmap({ xs, ys, z, level, dashed = [], fmtX, fmtY, fmtZ, xLabel, yLabel, testid, label }) {
  const values = z.flat().filter(ok);
  if (!xs.length || !ys.length || !values.length) return '';
  const W = 640; const H = 400; const L = 78; const B = 52; const T = 12; const R = 110;
  const cw = (W - L - R) / xs.length; const ch = (H - T - B) / ys.length;
  const spread = Math.max(...values.map((v) => Math.abs(v - level))) || 1;
  const fill = (v) => (!ok(v) ? '#eee' : v < level ? mix(LOW, (level - v) / spread) : mix(HIGH, (v - level) / spread));
  // Grid units (cell centres) to pixels; y grows upwards.
  const px = (gi) => L + (gi + 0.5) * cw;
  const py = (gj) => H - B - (gj + 0.5) * ch;
  const tickEvery = (n) => Math.max(1, Math.ceil(n / 8));
  const line = (s, cls) => html`<line x1=${px(s[0])} y1=${py(s[1])} x2=${px(s[2])} y2=${py(s[3])} class=${cls} />`;
  const lo = Math.min(...values); const hi = Math.max(...values);
  const legendY = (v) => T + (1 - (v - lo) / ((hi - lo) || 1)) * (H - T - B);
  const steps = 24;
  return html`<svg class="heatmap" viewBox=${`0 0 ${W} ${H}`} width="100%" role="img" data-testid=${testid}
      aria-label=${label || 'Heatmap of the sweep with contour lines at the target'}>
    ${xs.map((x, i) => ys.map((y, j) => html`<rect x=${L + i * cw} y=${H - B - (j + 1) * ch} width=${cw + 0.5} height=${ch + 0.5}
        fill=${fill(z[i][j])} class="hm-cell"><title>${`${xLabel} ${fmtX(x)}, ${yLabel} ${fmtY(y)}: ${fmtZ(z[i][j])}`}</title></rect>`))}
    ${contourSegments(z, level).map((s) => line(s, 'hm-contour'))}
    ${dashed.flatMap((d) => contourSegments(z, d).map((s) => line(s, 'hm-contour hm-contour-dashed')))}
    <rect x=${L} y=${T} width=${W - L - R} height=${H - T - B} class="hm-frame" />
    ${xs.map((x, i) => (i % tickEvery(xs.length) ? '' : html`<text x=${px(i)} y=${H - B + 16} text-anchor="middle" class="hm-tick">${fmtX(x)}</text>`))}
    ${ys.map((y, j) => (j % tickEvery(ys.length) ? '' : html`<text x=${L - 6} y=${py(j) + 4} text-anchor="end" class="hm-tick">${fmtY(y)}</text>`))}
    <text x=${L + (W - L - R) / 2} y=${H - 10} text-anchor="middle" class="hm-axis">${xLabel}</text>
    <text transform=${`translate(14 ${T + (H - T - B) / 2}) rotate(-90)`} text-anchor="middle" class="hm-axis">${yLabel}</text>
    ${Array.from({ length: steps }, (_, k) => {
      const v0 = lo + ((hi - lo) * k) / steps; const v1 = lo + ((hi - lo) * (k + 1)) / steps;
      return html`<rect x=${W - R + 18} y=${legendY(v1)} width="16" height=${Math.max(0.5, legendY(v0) - legendY(v1)) + 0.5} fill=${fill((v0 + v1) / 2)} />`;
    })}
    <text x=${W - R + 38} y=${legendY(hi) + 4} class="hm-tick">${fmtZ(hi)}</text>
    <text x=${W - R + 38} y=${legendY(lo) + 4} class="hm-tick">${fmtZ(lo)}</text>
    ${level >= lo && level <= hi ? html`<line x1=${W - R + 14} x2=${W - R + 38} y1=${legendY(level)} y2=${legendY(level)} class="hm-level-mark" />
      <text x=${W - R + 40} y=${legendY(level) + 4} class="hm-tick hm-level">${fmtZ(level)}</text>` : ''}
  </svg>`;
}
