// The dashboard: open incidents with their deadlines counting down, and for the selected one the lifecycle diagram,
// a button per allowed event, live message previews and the timeline. Plain DOM; the library does the domain work
// (allowed events, deadlines, the diagram, every message) in the browser, from the state the API returns.
import {
  getAllowedEvents,
  getDeadlines,
  getLifecycleDiagram,
  type IncidentEventType,
  type IncidentState,
  type MessageFormat,
} from 'incident-kit';
import { diagramSvg } from './diagram';
import { FORMATS, KINDS, preview } from './previews';

interface Summary {
  id: string;
  title: string;
  status: IncidentState['status'];
  severity: string;
  version: number;
  roles: { role: string; person: { id: string; name: string } }[];
  nextDeadline: { deadline: string; dueAt: string; tickAt: string } | null;
}

interface OutboxRow {
  idempotencyKey: string;
  operation: string;
  effect: string;
  state: string;
  attempts: number;
  sentBy: string | null;
  lastError: string | null;
}

interface Detail {
  now: string;
  incident: Summary;
  state: IncidentState;
  outbox: OutboxRow[];
}

// Fields each event needs besides `at` (which the service sets); events not listed need none.
const TEMPLATES: Partial<Record<IncidentEventType, Record<string, unknown>>> = {
  assess_impact: {
    impact: {
      usersAffectedPercent: 30,
      degradation: 'partial_outage',
      coreFeatureAffected: true,
      affectedFeatures: ['login'],
    },
  },
  set_severity: { severity: 'SEV1', reason: 'Getting worse' },
  assign_role: { role: 'incident_commander', person: { id: 'jane', name: 'Jane Smith' } },
  release_role: { role: 'incident_commander', personId: 'jane' },
  hand_off_role: { role: 'incident_commander', to: { id: 'sam', name: 'Sam Lee' } },
  start_mitigation: { kind: 'rollback', description: 'Roll back the last deploy' },
  record_mitigation_outcome: { mitigationId: 'm1', outcome: 'succeeded' },
  post_update: { audience: 'internal', message: 'Rolling back; next update in 30 minutes' },
  resolve: { summary: 'Rolled back; error rate normal', dataLoss: 'none' },
  reopen: { reason: 'Errors are back' },
  cancel: { reason: 'false_alarm' },
  merge: { into: 'INC-other' },
  start_postmortem: { owner: { id: 'jane', name: 'Jane Smith' } },
  complete_postmortem: { link: 'https://example.com/postmortems/1', actionItems: [] },
  add_note: { text: 'Looking at the database' },
};

const DEADLINE_NAMES: Record<string, string> = {
  acknowledge: 'Acknowledge',
  internalUpdate: 'Internal update',
  externalUpdate: 'Status page update',
  executiveSummary: 'Executive summary',
  postmortem: 'Postmortem review',
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const diagram = getLifecycleDiagram();

let token = readToken();
let selected: string | null = new URLSearchParams(location.search).get('incident');
let detail: Detail | null = null;
let summaries: Summary[] = [];
let kind = KINDS[0] as string;
let format: MessageFormat = 'markdown';
let pending: IncidentEventType | null = null;
// Server time minus browser time, so countdowns agree with the service's clock.
let skew = 0;

function readToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('incident-service-token', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem('incident-service-token');
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}`, ...init.headers },
  });
  const body = (await response.json()) as T & { error?: string };
  if (response.status === 401) {
    token = null;
    showLogin();
  }
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function countdown(dueAt: string | null): string {
  if (!dueAt) return '—';
  const ms = Date.parse(dueAt) - (Date.now() + skew);
  const total = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const text = `${h ? `${h}h ` : ''}${h || m ? `${m}m ` : ''}${s}s`;
  return ms >= 0 ? `in ${text}` : `overdue by ${text}`;
}

function renderList(): void {
  const body = $('incident-rows');
  body.replaceChildren(
    ...summaries.map((incident) => {
      const commander = incident.roles.find((stint) => stint.role === 'incident_commander');
      const row = el(
        'tr',
        { 'data-incident': incident.id, class: incident.id === selected ? 'selected' : '' },
        el('td', {}, el('span', { class: `sev sev-${incident.severity}` }, incident.severity)),
        el('td', {}, el('span', { class: `status status-${incident.status}` }, incident.status)),
        el('td', {}, incident.title),
        el('td', {}, commander?.person.name ?? '—'),
        el(
          'td',
          { class: 'countdown', 'data-due': incident.nextDeadline?.dueAt ?? '' },
          countdown(incident.nextDeadline?.dueAt ?? null),
        ),
      );
      row.addEventListener('click', () => select(incident.id));
      return row;
    }),
  );
  $('empty').hidden = summaries.length > 0;
}

function renderDetail(): void {
  const pane = $('detail');
  if (!detail) {
    pane.hidden = true;
    return;
  }
  pane.hidden = false;
  const { state, incident } = detail;
  $('title').textContent = `${state.id}: ${state.title}`;
  $('status').textContent = state.status;
  $('status').dataset.status = state.status;
  $('severity').textContent = state.severity;
  $('version').textContent = String(incident.version);
  $('roles').replaceChildren(
    ...(incident.roles.length
      ? incident.roles.map((stint) =>
          el('li', {}, `${stint.role.replaceAll('_', ' ')}: ${stint.person.name}`),
        )
      : [el('li', {}, 'No roles held')]),
  );
  const deadlines = getDeadlines(state);
  $('deadlines').replaceChildren(
    ...Object.entries(deadlines)
      .filter(([, dueAt]) => dueAt !== null)
      .map(([name, dueAt]) =>
        el(
          'li',
          {},
          `${DEADLINE_NAMES[name] ?? name}: `,
          el('span', { class: 'countdown', 'data-due': dueAt as string }, countdown(dueAt)),
        ),
      ),
  );
  $('diagram').innerHTML = diagramSvg(diagram, state.status);
  $('actions').replaceChildren(
    ...getAllowedEvents(state).map((type) => {
      const button = el('button', { type: 'button', 'data-event': type }, type.replaceAll('_', ' '));
      button.addEventListener('click', () => choose(type));
      return button;
    }),
  );
  renderPreview();
  $('timeline').replaceChildren(
    ...[...state.timeline]
      .reverse()
      .map((entry) =>
        el(
          'li',
          { 'data-type': entry.type },
          el('time', { datetime: entry.at }, entry.at.slice(11, 19)),
          ` ${entry.summary}${entry.by ? ` (${entry.by.name})` : ''}`,
        ),
      ),
  );
  $('outbox-rows').replaceChildren(
    ...detail.outbox.map((row) =>
      el(
        'tr',
        { 'data-state': row.state },
        el('td', {}, row.operation),
        el('td', {}, row.effect),
        el('td', {}, row.state),
        el('td', {}, String(row.attempts)),
        el('td', {}, row.sentBy ?? row.lastError ?? ''),
      ),
    ),
  );
}

function renderPreview(): void {
  if (!detail) return;
  const tabs = (values: readonly string[], current: string, pick: (value: string) => void) =>
    values.map((value) => {
      const button = el(
        'button',
        { type: 'button', 'aria-pressed': String(value === current) },
        value.replaceAll('_', ' '),
      );
      button.addEventListener('click', () => pick(value));
      return button;
    });
  $('preview-kinds').replaceChildren(
    ...tabs(KINDS, kind, (value) => {
      kind = value;
      renderPreview();
    }),
  );
  $('preview-formats').replaceChildren(
    ...tabs(FORMATS, format, (value) => {
      format = value as MessageFormat;
      renderPreview();
    }),
  );
  const result = preview(kind, format, detail.state, new Date(Date.now() + skew).toISOString());
  const output = $('preview');
  output.classList.toggle('unavailable', 'unavailable' in result);
  output.textContent = 'text' in result ? result.text : `Not available yet: ${result.unavailable}`;
}

function choose(type: IncidentEventType): void {
  const fields = TEMPLATES[type];
  if (!fields) {
    void send(type, {});
    return;
  }
  pending = type;
  $('event-name').textContent = type.replaceAll('_', ' ');
  ($('event-fields') as HTMLTextAreaElement).value = JSON.stringify(fields, null, 2);
  $('event-form').hidden = false;
}

async function send(type: IncidentEventType, fields: Record<string, unknown>): Promise<void> {
  if (!selected) return;
  const error = $('error');
  error.textContent = '';
  const name = ($('me') as HTMLInputElement).value.trim() || 'Dashboard';
  const by = { id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name };
  try {
    await api(`/api/incidents/${encodeURIComponent(selected)}/events`, {
      method: 'POST',
      body: JSON.stringify({ event: { type, by, ...fields } }),
    });
    $('event-form').hidden = true;
    pending = null;
  } catch (failure) {
    error.textContent = (failure as Error).message;
  }
  await refresh();
}

function select(id: string): void {
  selected = id;
  history.replaceState(null, '', `?incident=${encodeURIComponent(id)}`);
  detail = null;
  void refresh();
}

async function refresh(): Promise<void> {
  if (!token) return;
  try {
    const list = await api<{ now: string; worker: string; incidents: Summary[] }>('/api/incidents');
    skew = Date.parse(list.now) - Date.now();
    summaries = list.incidents;
    $('worker').textContent = `worker ${list.worker}`;
    $('connection').textContent = 'live';
    $('connection').className = 'ok';
    if (!selected && summaries[0]) selected = summaries[0].id;
    renderList();
    if (selected) {
      const next = await api<Detail>(`/api/incidents/${encodeURIComponent(selected)}`);
      const changed =
        !detail ||
        detail.incident.id !== next.incident.id ||
        detail.incident.version !== next.incident.version;
      detail = next;
      if (changed) renderDetail();
      else detail.outbox = next.outbox;
    }
  } catch (failure) {
    $('connection').textContent = `offline: ${(failure as Error).message}`;
    $('connection').className = 'bad';
  }
}

function showLogin(): void {
  $('login').hidden = false;
}

function tickCountdowns(): void {
  for (const node of document.querySelectorAll<HTMLElement>('.countdown[data-due]')) {
    node.textContent = countdown(node.dataset.due || null);
    node.classList.toggle('overdue', !!node.dataset.due && Date.parse(node.dataset.due) < Date.now() + skew);
  }
}

function start(): void {
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = ($('token-input') as HTMLInputElement).value.trim();
    sessionStorage.setItem('incident-service-token', token);
    $('login').hidden = true;
    void refresh();
  });
  $('event-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!pending) return;
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(($('event-fields') as HTMLTextAreaElement).value) as Record<string, unknown>;
    } catch {
      $('error').textContent = 'The fields are not valid JSON';
      return;
    }
    void send(pending, fields);
  });
  $('event-cancel').addEventListener('click', () => {
    $('event-form').hidden = true;
    pending = null;
  });
  $('declare-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const title = ($('declare-title') as HTMLInputElement).value.trim();
    const severity = ($('declare-severity') as HTMLSelectElement).value;
    if (!title) return;
    try {
      const created = await api<{ incident: Summary }>('/api/incidents', {
        method: 'POST',
        body: JSON.stringify({ title, severity }),
      });
      ($('declare-title') as HTMLInputElement).value = '';
      select(created.incident.id);
    } catch (failure) {
      $('error').textContent = (failure as Error).message;
    }
  });
  if (!token) showLogin();
  void refresh();
  setInterval(() => void refresh(), 1000);
  setInterval(tickCountdowns, 1000);
}

start();
