// Tab 1 — Parameter Overview: the lever grid (parameter × year rows, levels
// 1–5 as columns), sources, locks and validation; edits, apply to all years,
// save with a reason (PUT /api/levers), lock or unlock a row. Issue 10 §6/§8:
// apply-to-all copies the last *edited* cell and names it, an out-of-range
// value is explained beside its cell before saving, arrow keys and Enter move
// between cells and Escape discards the cell's edit. Issue 11: on a published
// scenario, Save becomes "Request approval" (request_approval.js).

import { html, useMemo, useRef, useState } from '/vendor/htm-preact.js';
import { api, can } from '../lib/api.js';
import { ConfirmBox, ErrorNote, LockIcon, Loading, Notice, needsConfirmation } from '../lib/ui.js';
import {
  cellKey as key, leverInputText, leverText, mult, parseLeverInput, pct, unitOf,
} from '../lib/format.js';
import { focusCell, moveOf, targetOf } from '../lib/grid_nav.js';
import { RequestApprovalForm } from './request_approval.js';

const ORDER = ['merit_base', 'cola_rate', 'promotion_probability', 'promotion_raise', 'new_hire_salary_adjustment'];

function rangeText(unit, p) {
  if (!p || p.min == null || p.max == null) return '';
  return unit === 'multiplier' ? `${mult(p.min, 2)}–${mult(p.max, 2)}` : `${pct(p.min)}–${pct(p.max)}`;
}

/**
 * What is wrong with a cell's value, in plain words, using the bounds of
 * GET /api/config "parameters"; '' when nothing is. Only a hint: the server
 * checks again on save and its message is the one that decides.
 */
function cellProblem(unit, p, v) {
  if (!Number.isFinite(v)) return `Not a number: type e.g. ${unit === 'multiplier' ? '1.05' : '3.5 for 3.5 %'}`;
  if (!p) return '';
  if (p.min != null && v < p.min - 1e-12) return `Below the minimum of ${leverText(unit, p.min)}`;
  if (p.max != null && v > p.max + 1e-12) return `Above the maximum of ${leverText(unit, p.max)}`;
  return '';
}

/** "L1 merit_base 2026", or "cola_rate 2026" (COLA is one rate for every level). */
function cellName(c) {
  return c.parameter === 'cola_rate' ? `cola_rate ${c.year}` : `L${c.level} ${c.parameter} ${c.year}`;
}

export function IssueList({ issues, testid }) {
  if (!issues) return null;
  if (!issues.length) {
    return html`<${Notice} kind="ok" testid=${testid}>All levers pass validation: no errors, no warnings.<//>`;
  }
  const item = (i) => html`<li class=${`issue issue-${i.severity}`}>
      <span class="badge">${i.severity}</span>${' '}<code>${i.parameter || ''}</code>${i.year != null ? ` ${i.year}` : ''}${i.level != null ? ` L${i.level}` : ''}
      ${i.rule ? html` <span class="muted">(${i.rule})</span>` : ''} — ${i.message}
    </li>`;
  const errors = issues.filter((i) => i.severity === 'error');
  const others = issues.filter((i) => i.severity !== 'error');
  return html`<div data-testid=${testid}>
    ${errors.length ? html`<ul class="issues">${errors.map(item)}</ul>` : ''}
    ${others.length > 3
      ? html`<details class="issues-more"><summary>${others.length} warnings (they never block a save)</summary>
          <ul class="issues">${others.map(item)}</ul></details>`
      : html`<ul class="issues">${others.map(item)}</ul>`}
  </div>`;
}

export function LeverOverview({
  config, scenario, levers, leversErr, leversLoading, drafts, setDrafts, edits, parameters,
  reload, onSaved, onLeversChanged, goImpact, me, scenarioInfo, onGovernanceChanged,
}) {
  const mayEdit = can(me, 'edit_levers');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveErr, setSaveErr] = useState(null);
  const [saveResult, setSaveResult] = useState(null);
  // The last cell typed into (not merely focused): the source of "Apply to all".
  const [lastEdited, setLastEdited] = useState(null);
  const [lockErr, setLockErr] = useState(null);
  const [lockMsg, setLockMsg] = useState(null);
  const [colaNote, setColaNote] = useState(false);
  const gridRef = useRef(null);
  // The drafts of the focused cell as they were on arriving, for Escape.
  const editStart = useRef(null);

  const grid = useMemo(() => {
    if (!levers) return null;
    const cells = new Map(levers.cells.map((c) => [key(c.parameter, c.year, c.level), c]));
    const params = [...new Set(levers.cells.map((c) => c.parameter))]
      .sort((a, b) => ((ORDER.indexOf(a) + 99) % 99) - ((ORDER.indexOf(b) + 99) % 99) || a.localeCompare(b));
    // Editable cell keys by row (parameter × year, in display order) and level, for the arrow keys.
    const nav = params.flatMap((p) => levers.years.map((y) => levers.levels.map((l) => {
      const c = cells.get(key(p, y, l));
      return c && !c.locked ? key(p, y, l) : null;
    })));
    return { cells, params, nav };
  }, [levers]);

  const catalogue = (name) => (parameters || []).find((p) => p.name === name);

  if (leversErr) return html`<${ErrorNote} err=${leversErr} />`;
  if (!levers || !grid) return html`<${Loading} text="Loading levers…" />`;

  const years = levers.years;
  const levels = levers.levels;
  const issues = levers.issues || [];
  const issueRows = new Set(issues.map((i) => `${i.parameter}|${i.year ?? ''}`));

  // The cells one edit writes: COLA is one rate per year for every level.
  const cellsOf = (c) => (c.parameter === 'cola_rate'
    ? levels.map((l) => key('cola_rate', c.year, l)) : [key(c.parameter, c.year, c.level)]);

  const setCell = (c, text) => {
    const next = { ...drafts };
    for (const k of cellsOf(c)) {
      const o = grid.cells.get(k);
      if (o && !o.locked) next[k] = text;
    }
    if (c.parameter === 'cola_rate') setColaNote(true);
    setDrafts(next);
    setLastEdited({ parameter: c.parameter, year: c.year, level: c.level });
    setSaveResult(null);
  };

  const startEdit = (c) => {
    editStart.current = {
      key: key(c.parameter, c.year, c.level),
      before: cellsOf(c).map((k) => [k, drafts[k]]),
      lastEdited,
    };
  };
  // Escape: back to what the cell (and, for COLA, its year) showed on arriving.
  const discardEdit = (k) => {
    const s = editStart.current;
    if (!s || s.key !== k) return;
    const next = { ...drafts };
    for (const [bk, text] of s.before) {
      if (text === undefined) delete next[bk]; else next[bk] = text;
    }
    setDrafts(next);
    setLastEdited(s.lastEdited);
  };

  const onCellKey = (e, c) => {
    const k = key(c.parameter, c.year, c.level);
    if (e.key === 'Escape') {
      e.preventDefault();
      discardEdit(k);
      const el = e.currentTarget;
      setTimeout(() => el.select(), 0); // after the restored value is rendered
      return;
    }
    const dir = moveOf(e);
    const to = dir && targetOf(grid.nav, k, dir);
    if (!to) return;
    e.preventDefault();
    focusCell(gridRef.current, to);
  };

  const lastKey = lastEdited && key(lastEdited.parameter, lastEdited.year, lastEdited.level);
  // Saving, discarding or Escape drops the draft: then there is nothing to apply.
  const lastText = lastKey ? drafts[lastKey] : undefined;
  const lastUnit = lastEdited ? unitOf(parameters, lastEdited.parameter) : 'rate';
  // Only a value that passes the range check is copied, so one mistake is not spread to every year.
  const lastValid = lastText !== undefined
    && !cellProblem(lastUnit, catalogue(lastEdited.parameter), parseLeverInput(lastUnit, lastText));
  const applyWhat = lastText !== undefined
    ? `${cellName(lastEdited)} = ${lastText.trim()}${lastUnit === 'rate' ? ' %' : ''}` : '';

  // Copies the last edited cell's text to every unlocked cell of its lever in `ys` × `ls`.
  const fillFrom = (ys, ls) => {
    if (!lastValid) return;
    const next = { ...drafts };
    for (const y of ys) {
      for (const l of ls) {
        const k = key(lastEdited.parameter, y, l);
        const c = grid.cells.get(k);
        if (c && !c.locked) next[k] = lastText;
      }
    }
    setDrafts(next);
  };
  const applyToAllYears = () => fillFrom(years, lastEdited.parameter === 'cola_rate' ? levels : [lastEdited.level]);
  const applyToAllLevels = () => fillFrom([lastEdited.year], levels);

  const draftProblems = Object.entries(drafts).map(([k, t]) => {
    const c = grid.cells.get(k);
    if (!c || c.locked) return '';
    const unit = unitOf(parameters, c.parameter);
    return cellProblem(unit, catalogue(c.parameter), parseLeverInput(unit, t));
  }).filter(Boolean);
  const notNumbers = draftProblems.filter((m) => m.startsWith('Not a number')).length;
  const outOfRange = draftProblems.length - notNumbers;

  // `confirm`: the analyst confirmed writing into a scenario without locks on
  // a past or current plan year (the server asks, 409 confirmation_required).
  const save = async (e, confirm = false) => {
    if (e) e.preventDefault();
    setSaveErr(null);
    setSaveResult(null);
    if (!reason.trim()) {
      setSaveErr({ kind: 'invalid_input', field: 'reason', detail: 'enter the reason for this change (it goes to the audit trail)' });
      return;
    }
    setSaving(true);
    try {
      const body = {
        scenario, reason: reason.trim(),
        // `expected`: the value each cell had when the grid was read; the
        // server refuses the save (409 stale_write) if someone changed it since.
        cells: edits.map(({ parameter, year, level, value, old }) => ({ parameter, year, level, value, expected: old })),
      };
      if (confirm) body.confirm = true;
      const r = await api.put('/api/levers', body);
      setSaveResult(r);
      onSaved();
    } catch (err) {
      setSaveErr(err);
      // Someone changed a cell meanwhile: show the values as they are now
      // (the edits stay as drafts, to save again after a look).
      if (err.kind === 'stale_write') onLeversChanged();
    } finally {
      setSaving(false);
    }
  };

  const toggleLock = async (parameter, year, locked) => {
    setLockErr(null);
    setLockMsg(null);
    if (!reason.trim()) {
      setLockErr({ kind: 'invalid_input', field: 'reason', detail: `enter a reason below before you ${locked ? 'lock' : 'unlock'} a row` });
      return;
    }
    try {
      const r = await api.post('/api/levers/lock', {
        scenario, parameter, year, level: 'all', locked, reason: reason.trim(),
      });
      // POST /api/levers/lock lists what it changed in `lock_changes` (docs/api.md).
      const n = r.lock_changes.length;
      setLockMsg(`${locked ? 'Locked' : 'Unlocked'} ${parameter} ${year}: ${n} cell${n === 1 ? '' : 's'} changed.`);
      onLeversChanged();
    } catch (err) {
      setLockErr(err);
    }
  };

  const errField = saveErr && (saveErr.field || '');
  // Published (the scenario list says so, or the server refused a direct save
  // with approval_required): edits go through a change request.
  const published = Boolean((scenarioInfo && scenarioInfo.published) || (saveErr && saveErr.kind === 'approval_required'));
  const onRequested = (view) => {
    setDrafts({});
    setLastEdited(null);
    setSaveErr(null);
    onGovernanceChanged(view.request.scenario_id);
  };

  return html`<div class="tab-overview">
    <div class="tab-intro">
      <h2>Parameter Overview <span class="muted">· scenario <code>${scenario}</code></span></h2>
      <p class="muted">Rates are shown and entered in percent; the new-hire salary adjustment is a multiplier.
        <${LockIcon} /> marks a locked value, which cannot be edited. Edited cells are highlighted and previewed in Impact Analysis.</p>
    </div>

    <h3>Validation</h3>
    <${IssueList} issues=${issues} testid="lever-issues" />

    <div class="edit-bar" aria-live="polite">
      <span data-testid="edit-count"><strong>${edits.length}</strong> unsaved edit${edits.length === 1 ? '' : 's'}</span>
      ${applyWhat ? html`
        <button type="button" class="btn-small" onClick=${applyToAllYears} data-testid="apply-all-years" disabled=${!lastValid}
          title=${lastValid ? 'copies the last cell you typed into to the unlocked cells of every year' : 'the last edited cell holds no valid value'}>
          Apply ${applyWhat} to all years</button>
        ${lastEdited.parameter !== 'cola_rate' ? html`<button type="button" class="btn-small" onClick=${applyToAllLevels}
          data-testid="apply-all-levels" disabled=${!lastValid}>Apply ${applyWhat} to all levels of ${lastEdited.year}</button>` : ''}` : ''}
      <button type="button" class="btn-small" disabled=${!Object.keys(drafts).length}
        onClick=${() => { setDrafts({}); setLastEdited(null); setColaNote(false); setSaveErr(null); }}>Discard edits</button>
      <button type="button" class="btn-small" disabled=${!edits.length} onClick=${goImpact}>Preview impact →</button>
      ${leversLoading ? html`<span class="muted">refreshing…</span>` : ''}
    </div>
    ${colaNote ? html`<p class="hint">COLA is one rate per year for every level, so a COLA edit applies to all unlocked levels of its year.</p>` : ''}
    ${notNumbers ? html`<${Notice} kind="error">${notNumbers} cell(s) hold a value that is not a number; they are ignored until corrected.<//>` : ''}
    ${outOfRange ? html`<${Notice} kind="error" testid="range-note">${outOfRange} cell(s) are outside the allowed range (see beside each);
      the server refuses a save that holds one.<//>` : ''}
    <p class="hint">Arrow keys and Enter move between cells, Escape undoes the cell's edit, Tab moves on as usual.</p>

    <div class="table-wrap grid-wrap" ref=${gridRef}>
      <table class="lever-grid" data-testid="lever-grid">
        <caption class="sr-only">Levers of scenario ${scenario} by parameter, year and level</caption>
        <thead><tr>
          <th scope="col">Parameter</th><th scope="col">Year</th>
          ${levels.map((l) => html`<th scope="col" class="num">Level ${l}</th>`)}
          <th scope="col">Source</th><th scope="col">Lock</th>
        </tr></thead>
        <tbody>
          ${grid.params.map((p, pi) => years.map((y, yi) => {
            const unit = unitOf(parameters, p);
            const cat = catalogue(p);
            const rowCells = levels.map((l) => grid.cells.get(key(p, y, l)));
            const sources = [...new Set(rowCells.filter(Boolean).map((c) => c.source))];
            const lockedCount = rowCells.filter((c) => c && c.locked).length;
            const flagged = issueRows.has(`${p}|${y}`) || issueRows.has(`${p}|`);
            const errRow = errField === p;
            return html`<tr class=${`${yi === 0 ? 'group-start' : ''} ${pi % 2 ? 'alt' : ''} ${errRow ? 'row-error' : ''}`}>
              <th scope="row" class="param" title=${cat ? cat.description : ''}>
                ${yi === 0 ? html`<code>${p}</code><div class="range">${rangeText(unit, cat)}${unit === 'rate' ? ' (%)' : ' (×)'}</div>` : html`<span class="sr-only">${p}</span>`}
              </th>
              <td class="year">${y}${flagged ? html` <span class="flag" title="see the validation messages above">⚠</span>` : ''}</td>
              ${rowCells.map((c, li) => {
                if (!c) return html`<td class="num muted">—</td>`;
                const k = key(p, y, c.level);
                if (c.locked) {
                  return html`<td class="num locked" title=${`locked (${c.source})`} data-cell=${k}>
                    ${leverText(unit, c.value)} <${LockIcon} /></td>`;
                }
                const draft = drafts[k];
                const v = draft === undefined ? c.value : parseLeverInput(unit, draft);
                const problem = cellProblem(unit, cat, v);
                const edited = draft !== undefined && Number.isFinite(v) && Math.abs(v - c.value) >= 1e-9;
                const errId = `cell-error-${k}`;
                return html`<td class=${`num cell ${edited ? 'edited' : ''} ${problem ? 'invalid' : ''}`}>
                  <input type="text" inputmode="decimal" class="cell-input" data-cell=${k}
                    aria-label=${`${p} ${y} level ${levels[li]} (${unit === 'rate' ? 'percent' : 'multiplier'})`}
                    aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? errId : undefined}
                    title=${problem || `stored ${leverText(unit, c.value)} (${c.source})`}
                    value=${draft !== undefined ? draft : leverInputText(unit, c.value)}
                    onInput=${(e) => setCell(c, e.currentTarget.value)}
                    onFocus=${() => startEdit(c)} onKeyDown=${(e) => onCellKey(e, c)} />
                  ${unit === 'rate' ? html`<span class="unit" aria-hidden="true">%</span>` : ''}
                  ${problem ? html`<div class="cell-error" id=${errId} data-testid="cell-error" data-error-for=${k}>${problem}</div>` : ''}
                </td>`;
              })}
              <td class="source">${sources.length === 1 ? sources[0] : html`<span title=${rowCells.map((c) => c && `L${c.level}: ${c.source}`).join(', ')}>mixed</span>`}</td>
              <td class="lock">
                ${lockedCount === levels.length
                  ? html`<button type="button" class="btn-link" onClick=${() => toggleLock(p, y, false)}
                      aria-label=${`unlock ${p} ${y}`}><${LockIcon} /> Unlock</button>`
                  : html`<button type="button" class="btn-link" onClick=${() => toggleLock(p, y, true)}
                      aria-label=${`lock ${p} ${y}`}>${lockedCount ? html`<${LockIcon} />${lockedCount}/${levels.length} · ` : ''}Lock</button>`}
              </td>
            </tr>`;
          }))}
        </tbody>
      </table>
    </div>
    <${ErrorNote} err=${lockErr} />
    ${lockMsg ? html`<${Notice} kind="ok">${lockMsg}<//>` : ''}

    ${published ? html`<${RequestApprovalForm} scenario=${scenario} edits=${edits} mayEdit=${mayEdit} me=${me}
        parameters=${parameters} text=${reason} setText=${setReason} onRequested=${onRequested} />` : html`
    <form class="save-form" onSubmit=${save} aria-label="Save lever changes">
      <h3>Save the edits</h3>
      <div class="form-row">
        <div class="form-field grow">
          <label for="save-reason">Reason (recorded in the audit trail)</label>
          <input id="save-reason" type="text" value=${reason} placeholder="e.g. FY26 merit proposal"
            onInput=${(e) => setReason(e.currentTarget.value)} aria-invalid=${errField === 'reason' ? 'true' : 'false'} />
        </div>
        <button type="submit" class="btn-primary" disabled=${saving || !edits.length || !mayEdit} data-testid="save-levers"
          title=${mayEdit ? '' : `Your role (${me && me.role}) may not change levers`}>
          ${saving ? 'Saving…' : `Save ${edits.length} change${edits.length === 1 ? '' : 's'}`}</button>
      </div>
      ${needsConfirmation(saveErr) ? html`<${ConfirmBox} err=${saveErr} action="Save anyway" testid="save-confirm"
          onConfirm=${() => save(null, true)} onCancel=${() => setSaveErr(null)} />` : html`<${ErrorNote} err=${saveErr} testid="save-error" />`}
      ${saveResult ? html`<${SaveResult} r=${saveResult} parameters=${parameters} />` : ''}
    </form>`}
  </div>`;
}

function SaveResult({ r, parameters }) {
  const changes = r.changes || [];
  const skipped = r.skipped_locked || [];
  return html`<div class="save-result" data-testid="save-result">
    <${Notice} kind=${r.written ? 'ok' : 'warn'}>
      ${r.written ? `Saved ${changes.length} value${changes.length === 1 ? '' : 's'}.` : 'Nothing was written.'}
      ${skipped.length ? ` ${skipped.length} locked cell(s) were skipped.` : ''}
    <//>
    ${changes.length ? html`<table class="compact"><thead><tr><th>Parameter</th><th>Year</th><th>Level</th><th class="num">Old</th><th class="num">New</th></tr></thead>
      <tbody>${changes.map((c) => html`<tr><td><code>${c.parameter}</code></td><td>${c.year}</td><td>${c.level}</td>
        <td class="num">${leverText(unitOf(parameters, c.parameter), c.old)}</td>
        <td class="num">${leverText(unitOf(parameters, c.parameter), c.new)}</td></tr>`)}</tbody></table>` : ''}
    ${skipped.length ? html`<p class="muted">Skipped (locked): ${skipped.map((s) => `${s.parameter} ${s.year} L${s.level} (kept ${leverText(unitOf(parameters, s.parameter), s.locked_value)})`).join('; ')}</p>` : ''}
    ${(r.issues || []).length ? html`<${IssueList} issues=${r.issues} />` : ''}
  </div>`;
}
