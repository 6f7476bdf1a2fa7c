// Auto-Optimize, robust targets (issue 12 item 5): the form's seeds,
// objective and chance-constraint inputs (POST /api/optimizations), and the
// result's "robust" summary: the best levers' band over the seeds the search
// used, the chance of landing in the target band and each constraint's share
// of seeds met.

import { html } from '/vendor/htm-preact.js';
import { isNum, money, pct, pts } from '../lib/format.js';
import { Field, Stat } from '../lib/ui.js';
import {
  BandBar, ThinSample, bandText, seedsText,
} from '../lib/bands.js';

export const ROBUST_FIELDS = ['seeds', 'objective', 'cap', 'budget', 'probability'];
export const ROBUST_DEFAULTS = { r_seeds: '1', r_objective: 'mean', r_cap: '', r_budget: '', r_probability: '90' };

const blank = (t) => String(t).trim() === '';

/** The robust fields of the request body from the form (nothing for one seed and no constraint). */
export function robustBody(f) {
  const b = {};
  const seeds = Number(f.r_seeds);
  if (!blank(f.r_seeds) && seeds !== 1) b.seeds = seeds;
  if (b.seeds) b.objective = f.r_objective;
  if (!blank(f.r_cap)) b.cap = Number(f.r_cap) / 100;
  if (!blank(f.r_budget)) b.budget = Number(f.r_budget);
  if ((b.cap !== undefined || b.budget !== undefined) && !blank(f.r_probability)) b.probability = Number(f.r_probability) / 100;
  return b;
}

export function RobustFields({ f, set, err }) {
  return html`<fieldset class="groups" data-testid="opt-robust-form">
    <legend>Robust target over a seed ensemble (1 seed: the single-seed search)</legend>
    <div class="form-row">
      <${Field} label="Seeds per candidate" id="opt-r-seeds" err=${err} field="seeds" hint="the same seeds for every candidate">
        <input id="opt-r-seeds" type="number" min="1" step="1" value=${f.r_seeds} onInput=${set('r_seeds')} data-testid="opt-r-seeds" /><//>
      <${Field} label="Objective" id="opt-r-objective" err=${err} field="objective" hint="the statistic of the seeds' growth tuned to the target">
        <select id="opt-r-objective" value=${f.r_objective} onChange=${set('r_objective')} disabled=${Number(f.r_seeds) <= 1}>
          <option value="mean">mean</option><option value="p50">median (P50)</option><option value="p90">P90</option></select><//>
      <${Field} label="Growth cap (%)" id="opt-r-cap" err=${err} field="cap" hint="blank: none">
        <input id="opt-r-cap" type="number" step="0.01" value=${f.r_cap} onInput=${set('r_cap')} /><//>
      <${Field} label="Budget ($ total payroll, all years)" id="opt-r-budget" err=${err} field="budget" hint="blank: none">
        <input id="opt-r-budget" type="number" min="0" step="1000000" value=${f.r_budget} onInput=${set('r_budget')} /><//>
      <${Field} label="In at least (% of seeds)" id="opt-r-prob" err=${err} field="probability" hint="with a cap or budget">
        <input id="opt-r-prob" type="number" min="1" max="100" step="1" value=${f.r_probability} onInput=${set('r_probability')} /><//>
    </div>
  </fieldset>`;
}

const metText = (p, asked) => `${pct(p, 0)} of seeds${isNum(asked) ? ` (asked ${pct(asked, 0)})` : ''}`;

/** The result's "robust" object: the best levers over the search's seeds. */
export function RobustSummary({ robust, target, tolerance }) {
  if (!robust || !robust.headline) return '';
  const band = robust.headline;
  const n = Array.isArray(robust.seeds) ? robust.seeds.length : (isNum(robust.seeds) ? robust.seeds : band.n);
  const t = { growth: target, tolerance };
  const ok = (p, asked) => (isNum(p) && isNum(asked) ? (p + 1e-12 >= asked ? 'good' : 'warn') : '');
  return html`<section class="opt-robust" data-testid="opt-robust">
    <h3>Robust summary: the best levers over ${seedsText(n)} (objective ${robust.objective})</h3>
    <${ThinSample} warning=${robust.thin_sample_warning} testid="opt-thin-sample" />
    <div class="stats">
      <${Stat} label=${`Growth over ${seedsText(n)}`} value=${pct(band.p50, 3)} testid="opt-robust-band"
        sub=${`${bandText(band, (v) => pct(v, 3))} · mean ${pct(band.mean, 3)}, SD ${pts(band.sd, 3).replace('+', '')}`} />
      <${Stat} label="Chance of landing in the target band" value=${pct(robust.p_in_target, 0)} testid="opt-robust-p"
        sub=${`target ${pct(target)} ± ${pts(tolerance).replace('+', '')}; share of the ${seedsText(n)}`} />
      ${isNum(robust.cap) ? html`<${Stat} label=${`Growth at or below ${pct(robust.cap)}`} value=${metText(robust.p_cap_met, robust.probability)}
        tone=${ok(robust.p_cap_met, robust.probability)} testid="opt-robust-cap" />` : ''}
      ${isNum(robust.budget) ? html`<${Stat} label=${`Total payroll at or below ${money(robust.budget)}`} value=${metText(robust.p_budget_met, robust.probability)}
        tone=${ok(robust.p_budget_met, robust.probability)} testid="opt-robust-budget" />` : ''}
    </div>
    <${BandBar} band=${band} target=${t} fmt=${(v) => pct(v)} testid="opt-robust-bandbar"
      lo=${Math.min(band.min, target - tolerance) - tolerance} hi=${Math.max(band.max, target + tolerance) + tolerance} />
  </section>`;
}
