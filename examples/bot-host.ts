// A bot host around the stateless step API: every input (an alert, a chat command, a pager webhook, the scheduler)
// becomes an event with an id; every effect is performed and, where the outside world answers, reported back as an
// event with the id that world gave it. Redeliveries are harmless (same id, same content: a duplicate), a reused id
// is caught (event_id_conflict), and time passes through a durable scheduler that sends `tick`s. See docs/bot-host.md.
import {
  applyEvent,
  createIncident,
  getPendingDeadlines,
  type IncidentDeclaration,
  type IncidentEffect,
  type IncidentEventInput,
  type IncidentState,
  restoreIncident,
  serializeIncident,
} from 'incident-kit';

// --- the host's outside world, faked: a store, a pager, a chat, a status page, a scheduler ------------------------
const store = new Map<string, string>(); // incident id -> serialised envelope (your database)
const inbox: IncidentEventInput[] = []; // events the outside world reports back (webhooks, replies)
let scheduled: string | null = null; // the one pending tick (your queue with delayed delivery)
let statusPageUpdates = 0;
const say = (line: string) => console.log(line);

function load(id: string): IncidentState {
  const restored = restoreIncident(store.get(id) ?? '');
  if (!restored.ok) throw restored.error;
  return restored.value;
}

/** Performs one effect. What the outside world answers goes to the inbox as an event, with that world's id. */
function perform(effect: IncidentEffect, state: IncidentState, at: string): void {
  switch (effect.type) {
    case 'page':
      say(
        `  pager: page level ${effect.level} (${effect.reason}${effect.loop ? `, repeat ${effect.loop}` : ''})`,
      );
      return;
    case 'stop_paging':
      say(
        `  pager: ${effect.reason === 'acknowledged' ? 'acknowledge' : 'resolve'} the page (${effect.reason})`,
      );
      return;
    case 'open_channel':
      say(`  chat: create #${effect.name}`);
      return;
    case 'post_initial_status':
      say(`  chat: initial status to ${effect.audiences.join(', ')}`);
      if (effect.publicPostRequired) postStatusPage(state, at, 'investigating');
      return;
    case 'post_resolved_status':
      postStatusPage(state, at, 'resolved');
      return;
    case 'remind_update':
      say(
        `  chat: reminder ${effect.count}: ${effect.deadline.replace(/_/g, ' ')} was due ${effect.dueAt.slice(11, 16)}`,
      );
      return;
    default:
      say(`  (${effect.type})`);
  }
}

function postStatusPage(state: IncidentState, at: string, publicStatus: 'investigating' | 'resolved'): void {
  statusPageUpdates += 1;
  const updateId = `statuspage-update-${statusPageUpdates}`; // the id the status page API returned
  say(`  status page: posted "${publicStatus}" for ${state.id} (${updateId})`);
  inbox.push({ type: 'post_update', at, audience: 'external', publicStatus, id: updateId });
}

/** One delivery: load, step, save, perform, schedule. A refusal is logged as JSON (the message survives). */
function handle(id: string, event: IncidentEventInput): void {
  const result = applyEvent(load(id), event);
  if (!result.ok) {
    say(`  refused: ${JSON.stringify({ event: event.type, error: result.error })}`);
    return;
  }
  if (result.duplicate) {
    say(`  duplicate ${event.id}: already applied, nothing to do`);
    return;
  }
  store.set(id, JSON.stringify(serializeIncident(result.state)));
  for (const effect of result.effects) perform(effect, result.state, event.at);
  scheduled = getPendingDeadlines(result.state)[0]?.tickAt ?? null;
  while (inbox.length > 0) {
    const reply = inbox.shift() as IncidentEventInput;
    say(`<- ${reply.type} ${reply.id ?? ''}`);
    handle(id, reply);
  }
}

function deliver(id: string, event: IncidentEventInput): void {
  say(`${event.at.slice(11, 16)} ${event.type}${event.id ? ` [${event.id}]` : ''}`);
  handle(id, event);
}

/** The scheduler: when the clock passes the scheduled tick, send it (its id makes a redelivery harmless). */
function advanceTo(now: string, id: string): void {
  while (scheduled !== null && scheduled <= now) {
    const at = scheduled;
    scheduled = null;
    deliver(id, { type: 'tick', at, id: `tick-${at}` });
  }
}

// --- an incident from an alert to resolution -------------------------------------------------------------------
const t = (hhmm: string) => `2024-01-15T${hhmm}:00.000Z`;
const jane = { id: 'jane', name: 'Jane Smith' };
const declaration: IncidentDeclaration = {
  id: 'INC-7',
  at: t('14:20'),
  alert: {
    name: 'AuthLoginErrorRate',
    severity: 'critical',
    summary: 'Login error rate above 20%',
    source: 'alertmanager',
    fingerprint: '829fa4ab5206a00d',
    links: [{ href: 'http://prometheus.local:9090/graph?g0.expr=up', text: 'Prometheus' }],
  },
};
const created = createIncident(declaration);
if (!created.ok) throw created.error;
say(`14:20 declared ${created.state.severity}: ${created.state.title}`);
store.set('INC-7', JSON.stringify(serializeIncident(created.state)));
for (const effect of created.effects) perform(effect, created.state, declaration.at);
scheduled = getPendingDeadlines(created.state)[0]?.tickAt ?? null;

advanceTo(t('14:26'), 'INC-7'); // nobody acknowledged by 14:25: level 2 is paged
const ack: IncidentEventInput = { type: 'acknowledge', at: t('14:27'), by: jane, id: 'pd-webhook-Q1' };
deliver('INC-7', ack);
deliver('INC-7', { ...ack, at: t('14:28') }); // the pager redelivers its webhook: a duplicate
deliver('INC-7', {
  type: 'start_mitigation',
  at: t('14:29'),
  by: jane,
  kind: 'rollback',
  description: 'Roll back auth 1.42',
  id: 'slack-1705329000.000100',
});
// A bug reuses the chat message id for another command: refused, nothing changes.
deliver('INC-7', { type: 'add_note', at: t('14:30'), text: 'DB is fine', id: 'slack-1705329000.000100' });
advanceTo(t('15:20'), 'INC-7'); // quiet for 50 minutes: internal update and executive summary reminded, up to 3 times
deliver('INC-7', {
  type: 'resolve',
  at: t('15:21'),
  kind: 'resolved_at_source',
  id: 'am-829fa4ab5206a00d-resolved',
});
const final = load('INC-7');
say(`status: ${final.status} (${final.resolution?.kind}); ${final.timeline.length} timeline entries`);
