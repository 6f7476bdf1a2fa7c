// The Scenarios tab (issue 10 item 1): every scenario with its headline
// (the latest stored run) and its link to the one it started from; create,
// copy ("start from" any scenario, optionally inheriting), rename, archive
// and delete, each with the reason the audit trail records.

import { html, useEffect, useState } from '/vendor/htm-preact.js';
import { api, can, qs } from '../lib/api.js';
import { int, isNum, moneyShort, pct, when } from '../lib/format.js';
import { ErrorNote, Field, Notice } from '../lib/ui.js';
import { censusLabel, useCensuses } from '../lib/census.js';

const enc = encodeURIComponent;

export function scenarioLink(s) {
  if (!s.base) return 'base';
  return s.inherits ? `inherits from ${s.base}` : `copy of ${s.base}`;
}

function CreateForm({ scenarios, current, onDone }) {
  const [f, setF] = useState({ name: '', from: current, inherit: false, description: '', reason: '' });
  const [err, setErr] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    if (!f.name.trim()) { setErr({ field: 'name', detail: 'enter a name: letters, digits, "_" or "-"' }); return; }
    if (!f.reason.trim()) { setErr({ field: 'reason', detail: 'enter the reason (it goes to the audit trail)' }); return; }
    try {
      await api.post('/api/scenarios', { name: f.name.trim(), from: f.from, inherit: f.inherit,
        description: f.description.trim(), reason: f.reason.trim() });
      onDone(f.name.trim(), `Created ${f.name.trim()} from ${f.from}${f.inherit ? ' (inheriting)' : ' (a copy of its values and locks)'}.`);
      setF({ ...f, name: '', description: '', reason: '' });
    } catch (x) { setErr(x); }
  };
  return html`<form class="card-form" onSubmit=${submit} data-testid="scenario-create">
    <h3>New scenario</h3>
    <div class="form-row">
      <${Field} label="Name" id="sc-name" err=${err} field="name">
        <input id="sc-name" type="text" size="18" value=${f.name} onInput=${set('name')} /><//>
      <${Field} label="Start from" id="sc-from" err=${err} field="from">
        <select id="sc-from" value=${f.from} onChange=${set('from')}>
          ${scenarios.map((s) => html`<option value=${s.scenario_id}>${s.scenario_id}</option>`)}
        </select><//>
      <label class="inline check" title="Inheriting: the new scenario stores nothing and shows later changes of the one it starts from. Otherwise it is a copy of its values and locks.">
        <input type="checkbox" checked=${f.inherit} onChange=${set('inherit')} data-testid="sc-inherit" /> inherit (stay linked)</label>
      <${Field} label="Description" id="sc-desc" err=${err} field="description">
        <input id="sc-desc" type="text" size="24" value=${f.description} onInput=${set('description')} /><//>
      <${Field} label="Reason" id="sc-reason" err=${err} field="reason">
        <input id="sc-reason" type="text" size="24" value=${f.reason} onInput=${set('reason')} /><//>
      <button type="submit" class="btn-primary" data-testid="sc-create">Create</button>
    </div>
    ${err && !['name', 'from', 'description', 'reason'].includes(err.field) ? html`<${ErrorNote} err=${err} />` : ''}
  </form>`;
}

// One action on one scenario, asked for inline: rename (a new name), archive,
// unarchive or delete, each with its reason.
function ActionForm({ action, s, onDone, onCancel }) {
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [err, setErr] = useState(null);
  const id = s.scenario_id;
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    if (action === 'rename' && !to.trim()) { setErr({ field: 'to', detail: 'enter the new name' }); return; }
    if (!reason.trim()) { setErr({ field: 'reason', detail: 'enter the reason (it goes to the audit trail)' }); return; }
    try {
      if (action === 'rename') await api.post(`/api/scenarios/${enc(id)}/rename`, { to: to.trim(), reason: reason.trim() });
      else if (action === 'delete') await api.del(`/api/scenarios/${enc(id)}${qs({ reason: reason.trim() })}`);
      else await api.post(`/api/scenarios/${enc(id)}/archive`, { archived: action === 'archive', reason: reason.trim() });
      const verb = { rename: `Renamed ${id} to ${to.trim()}`, archive: `Archived ${id}`, unarchive: `Unarchived ${id}`,
        delete: `Deleted ${id}` }[action];
      onDone(action, action === 'rename' ? to.trim() : null, `${verb}.`);
    } catch (x) { setErr(x); }
  };
  return html`<form class="inline-form" onSubmit=${submit} data-testid=${`sc-action-${action}`}>
    ${action === 'rename' ? html`<${Field} label="New name" id="sc-to" err=${err} field="to">
      <input id="sc-to" type="text" size="16" value=${to} onInput=${(e) => setTo(e.currentTarget.value)} /><//>` : ''}
    <${Field} label=${`Reason to ${action} ${id}`} id="sc-act-reason" err=${err} field="reason">
      <input id="sc-act-reason" type="text" size="26" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} /><//>
    <button type="submit" class=${action === 'delete' ? 'btn-danger' : 'btn-primary'} data-testid="sc-action-go">${action}</button>
    <button type="button" onClick=${onCancel}>Cancel</button>
    ${err && !['to', 'reason'].includes(err.field) ? html`<${ErrorNote} err=${err} />` : ''}
  </form>`;
}

export function ScenariosTab({ scenarios, scenario, setScenario, reloadScenarios, me, showArchived, setShowArchived }) {
  const [pending, setPending] = useState(null); // {id, action}
  const [msg, setMsg] = useState(null);
  const mayEdit = can(me, 'edit_levers');
  const list = scenarios || [];
  // Issue 14: the census each last run used, by the runs' record of its hash.
  const censuses = useCensuses(scenarios);
  const [runCensus, setRunCensus] = useState({});
  useEffect(() => {
    api.get('/api/runs').then((r) => setRunCensus(Object.fromEntries((r.runs || []).map((x) => [x.run_id, x.census_sha256]))))
      .catch(() => setRunCensus({}));
  }, [scenarios]);
  const done = (action, renamedTo, text) => {
    const wasCurrent = pending && pending.id === scenario;
    setPending(null);
    setMsg(text);
    reloadScenarios();
    if (wasCurrent && action === 'rename') setScenario(renamedTo);
    if (wasCurrent && action === 'delete') setScenario('default');
  };
  return html`<div class="scenarios">
    <div class="section-head"><h2>Scenarios</h2>
      <label class="inline check"><input type="checkbox" checked=${showArchived}
        onChange=${(e) => setShowArchived(e.currentTarget.checked)} data-testid="sc-show-archived" /> show archived</label></div>
    ${msg ? html`<${Notice} kind="ok" testid="sc-message">${msg}<//>` : ''}
    <div class="table-wrap"><table class="data" data-testid="scenario-list">
      <thead><tr><th scope="col">Scenario</th><th scope="col">Started from</th><th scope="col" class="num">Stored / locked</th>
        <th scope="col">Target</th><th scope="col" class="num">Mean growth</th><th scope="col" class="num">Final headcount</th>
        <th scope="col" class="num">Run-rate payroll (FYE)</th><th scope="col">Last run</th><th scope="col">Actions</th></tr></thead>
      <tbody>${list.map((s) => {
        const r = s.last_run;
        const t = s.target;
        return html`<tr data-testid=${`sc-row-${s.scenario_id}`} class=${s.scenario_id === scenario ? 'current-row' : ''}>
          <th scope="row"><button type="button" class="btn-link" onClick=${() => setScenario(s.scenario_id)}
            title="Make this the current scenario">${s.scenario_id}</button>
            ${s.archived ? html` <span class="tag">archived</span>` : ''}
            ${s.description ? html`<div class="muted small">${s.description}</div>` : ''}</th>
          <td data-testid="sc-link">${scenarioLink(s)}</td>
          <td class="num">${int(s.stored_cells)} / <span data-testid="sc-locked">${int(s.locked_cells)}</span></td>
          <td>${t ? `${pct(t.growth)} ± ${pct(t.tolerance)} (${t.metric})` : '—'}</td>
          <td class="num">${r ? pct(r.mean_growth) : '—'}</td>
          <td class="num">${r ? int(r.final_headcount) : '—'}</td>
          <td class="num">${r && isNum(r.run_rate_payroll_fye) ? moneyShort(r.run_rate_payroll_fye) : '—'}</td>
          <td>${r ? html`${when(r.created_at)}${r.what_if ? html` <span class="tag tag-whatif">what-if</span>` : ''}
            <div class="muted small" data-testid="sc-census">census ${censusLabel(censuses.list, runCensus[r.run_id])}</div>` : 'never run'}</td>
          <td class="actions">
            ${mayEdit && s.scenario_id !== 'default' ? html`
              <button type="button" class="btn-small" onClick=${() => setPending({ id: s.scenario_id, action: 'rename' })}>Rename</button>
              <button type="button" class="btn-small" onClick=${() => setPending({ id: s.scenario_id, action: s.archived ? 'unarchive' : 'archive' })}>${s.archived ? 'Unarchive' : 'Archive'}</button>
              <button type="button" class="btn-small" onClick=${() => setPending({ id: s.scenario_id, action: 'delete' })}>Delete</button>` : ''}
            ${pending && pending.id === s.scenario_id ? html`<${ActionForm} action=${pending.action} s=${s}
                onDone=${done} onCancel=${() => setPending(null)} />` : ''}
          </td></tr>`;
      })}</tbody></table></div>
    <p class="hint">A copy stores every value and lock of the scenario it starts from and is independent of it.
      An inheriting scenario stores only its own changes and shows later changes of the one it starts from.
      A scenario with stored runs or audit entries cannot be deleted: archive it.</p>
    ${mayEdit ? html`<${CreateForm} scenarios=${list} current=${scenario} onDone=${(name, text) => { setMsg(text); reloadScenarios(); setScenario(name); }} />` : ''}
  </div>`;
}
