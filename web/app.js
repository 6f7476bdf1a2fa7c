// PlanWise Navigator analyst dashboard: the application shell (sign-in,
// header, scenario, tabs) and the state the tabs share: configuration,
// the scenario's levers and the unsaved lever edits.

import { html, render, useCallback, useEffect, useMemo, useRef, useState } from '/vendor/htm-preact.js';
import { api, qs, signIn, signOut, whoAmI } from './lib/api.js';
import { ErrorNote, Loading } from './lib/ui.js';
import { cellKey, parseLeverInput, unitOf } from './lib/format.js';
import { LeverOverview } from './tabs/levers.js';
import { ImpactTab } from './tabs/impact.js';
import { RunTab } from './tabs/run.js';
import { ResultsTab } from './tabs/results.js';
import { OptimizeTab } from './tabs/optimize.js';
import { AuditTab } from './tabs/audit.js';
import { PlanTab } from './tabs/plan.js';
import { CompareTab } from './tabs/compare.js';
import { SweepTab } from './tabs/sweep.js';
import { ScenariosTab } from './tabs/scenarios.js';
import { ApprovalsTab } from './tabs/approvals.js';
import { ReportsTab } from './tabs/reports.js';
import { CensusTab } from './tabs/census.js';
import { useAwaiting } from './lib/governance.js';
import { HeadlineStrip, targetOf, useHeadline, useImpact } from './tabs/headline.js';
import { int, pct, when } from './lib/format.js';
import { seedsValue } from './lib/bands.js';

// Outcomes first (issue 10 item 5): the plan's budget is the landing tab;
// the lever grid is one click away.
const TABS = [
  { id: 'plan', label: 'Plan & Budget' },
  { id: 'overview', label: 'Parameter Overview' },
  { id: 'impact', label: 'Impact Analysis' },
  { id: 'run', label: 'Run Simulation' },
  { id: 'results', label: 'Results' },
  { id: 'compare', label: 'Compare' },
  { id: 'sweep', label: 'Sweep' },
  { id: 'optimize', label: 'Auto-Optimize' },
  { id: 'scenarios', label: 'Scenarios' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'reports', label: 'Reports' },
  { id: 'census', label: 'Census' },
  { id: 'audit', label: 'Runs & Audit' },
];

function initialTab() {
  const h = (location.hash || '').replace(/^#/, '');
  return TABS.some((t) => t.id === h) ? h : 'plan';
}

function Header({ health, healthErr, scenarios, scenario, setScenario, me, onSignOut }) {
  const status = healthErr
    ? html`<span class="pill pill-bad" data-testid="health">server unreachable</span>`
    : health
      ? html`<span class="pill pill-ok" data-testid="health" title=${`database ${health.db}`}>
          connected · ${/^\d/.test(String(health.version)) ? 'v' : ''}${health.version} · ${health.db}${health.running ? ` · running ${health.running}` : ''}${health.queued ? ` · ${health.queued} queued` : ''}</span>`
      : html`<span class="pill">connecting…</span>`;
  return html`<header class="app-header">
    <div class="brand">
      <h1>PlanWise Navigator</h1>
      <span class="subtitle">Compensation tuning</span>
      ${status}
    </div>
    <div class="header-controls">
      <label class="inline">Scenario
        <select id="scenario" value=${scenario} onChange=${(e) => setScenario(e.currentTarget.value)}
          disabled=${!scenarios}>
          ${(scenarios || [{ scenario_id: scenario }]).map((s) => html`<option value=${s.scenario_id}>${pickerText(s)}</option>`)}
        </select>
      </label>
      ${health && health.census ? html`<span class="pill" data-testid="header-census"
        title=${`census SHA-256 ${health.census.sha256}`}>census: ${health.census.name}</span>` : ''}
      <span class="signed-in" data-testid="signed-in">${me.user} · ${me.role}</span>
      <button type="button" class="btn-small" onClick=${onSignOut}>Sign out</button>
    </div>
  </header>`;
}

// A scenario in the picker: its name, then its headline from the latest
// stored run, so the analyst sees what each one delivers before opening it.
function pickerText(s) {
  const r = s.last_run;
  const link = s.base ? (s.inherits ? ` ← ${s.base}` : ` (copy of ${s.base})`) : '';
  if (!r) return `${s.scenario_id}${link} · never run`;
  return `${s.scenario_id}${link} · ${pct(r.mean_growth)} growth · ${int(r.final_headcount)} heads · run ${when(r.created_at).slice(0, 10)}${r.what_if ? ' (what-if)' : ''}`;
}

// The Approvals tab's badge: requests awaiting the signed-in approver. The
// number is hidden from the tab's name (so the tab keeps its name) and said
// in its description instead.
function TabBadge({ id, awaiting }) {
  if (id !== 'approvals' || !awaiting) return '';
  return html`<span class="tab-badge" aria-hidden="true" data-testid="approvals-badge">${awaiting}</span>`;
}

function TabBar({ tab, setTab, awaiting }) {
  const refs = useRef({});
  const onKey = (e) => {
    const i = TABS.findIndex((t) => t.id === tab);
    let j = null;
    if (e.key === 'ArrowRight') j = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = TABS.length - 1;
    if (j === null) return;
    e.preventDefault();
    setTab(TABS[j].id);
    const el = refs.current[TABS[j].id];
    if (el) el.focus();
  };
  return html`<nav class="tabbar" role="tablist" aria-label="Dashboard sections" onKeyDown=${onKey}>
    ${TABS.map((t) => html`<button type="button" role="tab" id=${`tab-${t.id}`} aria-controls=${`panel-${t.id}`}
        aria-selected=${t.id === tab ? 'true' : 'false'} tabindex=${t.id === tab ? 0 : -1}
        ref=${(el) => { refs.current[t.id] = el; }}
        aria-describedby=${t.id === 'approvals' && awaiting ? 'approvals-awaiting' : undefined}
        class=${t.id === tab ? 'tab active' : 'tab'} onClick=${() => setTab(t.id)}>${t.label}<${TabBadge} id=${t.id} awaiting=${awaiting} /></button>`)}
    ${awaiting ? html`<span id="approvals-awaiting" class="sr-only">${awaiting} change request${awaiting === 1 ? '' : 's'} awaiting your approval</span>` : ''}
  </nav>`;
}

// Shown until the page holds a session: the server's printed URL signs in
// by itself; otherwise the user pastes an API token (planwise users add).
function SignIn({ onSignedIn, note }) {
  const [text, setText] = useState('');
  const [err, setErr] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    try { onSignedIn(await signIn(text.trim())); } catch (x) { setErr(x); }
  };
  return html`<div class="app"><main class="sign-in" data-testid="sign-in">
    <h1>PlanWise Navigator</h1>
    <p>${note || 'Sign in to see the dashboard.'} Open the address <code>planwise serve</code> printed
      (it carries a one-session token), or paste your API token.</p>
    <form onSubmit=${submit}>
      <label for="api-token">API token</label>
      <input id="api-token" type="password" autocomplete="off" size="40" value=${text}
        onInput=${(e) => setText(e.currentTarget.value)} />
      <button type="submit" class="btn-primary" disabled=${!text.trim()}>Sign in</button>
    </form>
    <${ErrorNote} err=${err} />
  </main></div>`;
}

function Root() {
  const [me, setMe] = useState(null);
  const [note, setNote] = useState(null);
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    (async () => {
      // A token in the address (the URL the server printed) is traded once
      // and removed from the address bar and history.
      const params = new URLSearchParams(location.search);
      const token = params.get('token');
      if (token) {
        params.delete('token');
        const rest = params.toString();
        history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
        try { setMe(await signIn(token)); setChecked(true); return; } catch (e) {
          setNote('The token in the address was not accepted (the server may have restarted and made a new one).');
        }
      }
      try { setMe(await whoAmI()); } catch { /* not signed in */ }
      setChecked(true);
    })();
  }, []);
  if (!checked) return html`<${Loading} text="Signing in…" />`;
  if (!me) return html`<${SignIn} onSignedIn=${setMe} note=${note} />`;
  const onSignOut = async () => {
    try { await signOut(); } catch { /* the cookie is dropped either way */ }
    setNote('Signed out.');
    setMe(null);
  };
  return html`<${App} me=${me} onSignOut=${onSignOut} />`;
}

function App({ me, onSignOut }) {
  const [tab, setTabState] = useState(initialTab);
  const [health, setHealth] = useState(null);
  const [healthErr, setHealthErr] = useState(null);
  const [config, setConfig] = useState(null);
  const [configErr, setConfigErr] = useState(null);
  const [scenarios, setScenarios] = useState(null);
  const [showArchived, setShowArchived] = useState(false);
  const [scenario, setScenario] = useState(null);
  const [levers, setLevers] = useState(null);
  const [leversErr, setLeversErr] = useState(null);
  const [leversLoading, setLeversLoading] = useState(false);
  const [drafts, setDrafts] = useState({});
  const [runsVersion, setRunsVersion] = useState(0);
  const [auditVersion, setAuditVersion] = useState(0);
  const [resultsRun, setResultsRun] = useState(null);
  const awaiting = useAwaiting(me);

  const setTab = useCallback((id) => {
    setTabState(id);
    if (history.replaceState) history.replaceState(null, '', `#${id}`);
  }, []);

  const loadHealth = useCallback(() => {
    api.get('/api/health').then((h) => { setHealth(h); setHealthErr(null); }).catch((e) => setHealthErr(e));
  }, []);

  useEffect(() => {
    loadHealth();
    const t = setInterval(loadHealth, 10000);
    api.get('/api/config').then((c) => {
      setConfig(c);
      setScenario((s) => s || c.scenario || 'default');
    }).catch(setConfigErr);
    return () => clearInterval(t);
  }, []);

  const loadScenarios = useCallback(() => {
    api.get(`/api/scenarios${qs({ archived: showArchived ? 1 : '' })}`)
      .then((r) => setScenarios(r.scenarios || [])).catch(() => setScenarios(null));
  }, [showArchived]);
  useEffect(loadScenarios, [showArchived]);

  const loadLevers = useCallback(() => {
    if (!scenario) return;
    setLeversLoading(true);
    api.get(`/api/levers${qs({ scenario })}`)
      .then((l) => { setLevers(l); setLeversErr(null); })
      .catch((e) => setLeversErr(e))
      .finally(() => setLeversLoading(false));
  }, [scenario]);
  useEffect(() => { setDrafts({}); setLevers(null); loadLevers(); }, [scenario]);

  // Unsaved edits: every draft that parses and differs from the stored value.
  const parameters = config ? config.parameters : [];
  const edits = useMemo(() => {
    if (!levers) return [];
    const out = [];
    const byKey = new Map(levers.cells.map((c) => [cellKey(c.parameter, c.year, c.level), c]));
    for (const [k, text] of Object.entries(drafts)) {
      const c = byKey.get(k);
      if (!c || c.locked) continue;
      const v = parseLeverInput(unitOf(parameters, c.parameter), text);
      if (!Number.isFinite(v)) continue;
      if (Math.abs(v - c.value) < 1e-9) continue;
      out.push({ parameter: c.parameter, year: c.year, level: c.level, value: v, old: c.value });
    }
    out.sort((a, b) => (a.parameter.localeCompare(b.parameter) || a.year - b.year || a.level - b.level));
    return out;
  }, [drafts, levers, parameters]);

  const onSaved = useCallback(() => {
    setDrafts({});
    loadLevers();
    setAuditVersion((v) => v + 1);
  }, [loadLevers]);

  const onLeversChanged = useCallback(() => {
    loadLevers();
    setAuditVersion((v) => v + 1);
  }, [loadLevers]);

  const onRunDone = useCallback(() => {
    setRunsVersion((v) => v + 1);
    setAuditVersion((v) => v + 1);
    loadScenarios(); // the picker shows each scenario's last run
  }, [loadScenarios]);

  const onScenarioChanged = useCallback(() => {
    loadScenarios();
    setAuditVersion((v) => v + 1);
  }, [loadScenarios]);

  // A request made, decided, published or rolled back: a publish changes the
  // levers and marks the scenario published; every action is audited.
  const onGovernanceChanged = useCallback(() => {
    loadLevers();
    loadScenarios();
    setAuditVersion((v) => v + 1);
    awaiting.refresh();
  }, [loadLevers, loadScenarios, awaiting.refresh]);

  const scenarioInfo = useMemo(() => (scenarios || []).find((s) => s.scenario_id === scenario) || null,
    [scenarios, scenario]);
  const target = config ? targetOf(scenarioInfo, config) : null;
  // Issue 14: switching the census reruns the headline (health names the census).
  const censusSha = health && health.census ? health.census.sha256 : '';
  const stored = useHeadline(config ? scenario : null, levers, target ? target.metric : 'mean', censusSha);
  // The Impact tab's seeds control (issue 12): its bands are computed live with every edit.
  const [impactSeeds, setImpactSeeds] = useState('25');
  const impact = useImpact(scenario, edits, seedsValue(impactSeeds));

  const openResults = useCallback((runId) => {
    setResultsRun(runId);
    setRunsVersion((v) => v + 1);
    setTab('results');
  }, [setTab]);

  // `target` is the scenario's own (issue 10 item 4): Impact, Results and
  // Auto-Optimize measure against it.
  const shared = {
    config, scenario, levers, leversErr, leversLoading, drafts, setDrafts, edits, parameters,
    runsVersion, auditVersion, me, target, scenarioInfo, impact, onGovernanceChanged, impactSeeds, setImpactSeeds,
  };

  const panel = (id, content) => html`<section role="tabpanel" id=${`panel-${id}`} aria-labelledby=${`tab-${id}`}
      hidden=${tab !== id} class="panel" tabindex="0">${content}</section>`;

  return html`<div class="app">
    <${Header} health=${health} healthErr=${healthErr} scenarios=${scenarios}
      scenario=${scenario || (config && config.scenario) || 'default'}
      setScenario=${setScenario} me=${me} onSignOut=${onSignOut} />
    <${TabBar} tab=${tab} setTab=${setTab} awaiting=${awaiting.count} />
    ${config && scenario ? html`<${HeadlineStrip} config=${config} scenario=${scenario} scenarioInfo=${scenarioInfo}
        levers=${levers} edits=${edits} stored=${stored} impact=${impact} goLevers=${() => setTab('overview')} />` : ''}
    <main>
      ${configErr ? html`<${ErrorNote} err=${configErr} />` : ''}
      ${!config && !configErr ? html`<${Loading} text="Loading configuration…" />` : ''}
      ${config && scenario ? html`
        ${panel('plan', html`<${PlanTab} ...${shared} stored=${stored} onScenarioChanged=${onScenarioChanged} />`)}
        ${panel('overview', html`<${LeverOverview} ...${shared} reload=${loadLevers} onSaved=${onSaved}
            onLeversChanged=${onLeversChanged} goImpact=${() => setTab('impact')} />`)}
        ${panel('impact', html`<${ImpactTab} ...${shared} goOverview=${() => setTab('overview')} />`)}
        ${panel('run', html`<${RunTab} ...${shared} scenarios=${scenarios} onRunDone=${onRunDone} openResults=${openResults} />`)}
        ${panel('results', html`<${ResultsTab} ...${shared} scenarios=${scenarios} active=${tab === 'results'} selectedRun=${resultsRun}
            setSelectedRun=${setResultsRun} />`)}
        ${panel('optimize', html`<${OptimizeTab} ...${shared} active=${tab === 'optimize'} onLeversChanged=${onLeversChanged} onRunDone=${onRunDone} />`)}
        ${panel('compare', html`<${CompareTab} ...${shared} scenarios=${scenarios} active=${tab === 'compare'} />`)}
        ${panel('sweep', html`<${SweepTab} ...${shared} />`)}
        ${panel('scenarios', html`<${ScenariosTab} ...${shared} scenarios=${scenarios} setScenario=${setScenario}
            reloadScenarios=${loadScenarios} showArchived=${showArchived} setShowArchived=${setShowArchived} />`)}
        ${panel('approvals', html`<${ApprovalsTab} ...${shared} active=${tab === 'approvals'} awaiting=${awaiting} />`)}
        ${panel('reports', html`<${ReportsTab} ...${shared} scenarios=${scenarios} active=${tab === 'reports'} />`)}
        ${panel('census', html`<${CensusTab} me=${me} active=${tab === 'census'}
            onCensusSwitched=${() => { loadHealth(); setRunsVersion((v) => v + 1); }} />`)}
        ${panel('audit', html`<${AuditTab} ...${shared} active=${tab === 'audit'} openResults=${openResults} />`)}
      ` : ''}
    </main>
    <footer class="app-footer">
      PlanWise Navigator${health ? ` ${health.version}` : ''} · rates are shown in percent, differences in points (pt) ·
      every figure comes from a simulation run by the server
    </footer>
  </div>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${Root} />`, root);
