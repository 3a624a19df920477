// The service's own pure pieces, without servers: the embedded timer's cap, the outbox's completion of calls,
// URL rewriting, chat commands, and the diagram drawn from the library's Mermaid text.
import { createIncident, getLifecycleDiagram, type IncidentState, TRANSITIONS } from 'incident-kit';
import { type OutboundCall, planOutbound } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { CommandSchema, commandEvents } from '../src/commands';
import { diagramSvg, parseDiagram } from '../src/dashboard/diagram';
import { MAX_TIMER_MS, TimerScheduler, type Timers } from '../src/deadlines';
import { complete, rewrite } from '../src/dispatcher';
import { createLogger } from '../src/log';

function fakeTimers(start: number) {
  const armed: { ms: number; callback: () => void }[] = [];
  let now = start;
  const timers: Timers = {
    now: () => now,
    setTimeout: (callback, ms) => armed.push({ ms, callback }),
    clearTimeout: () => undefined,
  };
  return { timers, armed, advance: (ms: number) => (now += ms) };
}

const silent = createLogger('test', 'error');

function incident(): IncidentState {
  const opened = createIncident({
    id: 'INC-1',
    title: 'Auth down',
    at: '2024-01-15T14:20:00Z',
    severity: 'SEV2',
  });
  if (!opened.ok) throw opened.error;
  return opened.state;
}

describe('TimerScheduler', () => {
  it('waits at most 2^31 - 1 ms at a time and arms again when it wakes early', async () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const { timers, armed, advance } = fakeTimers(start);
    const tickAt = new Date(start + 40 * 24 * 3600 * 1000).toISOString();
    const due: string[] = [];
    const scheduler = new TimerScheduler(
      { armedTicks: async () => [{ id: 'INC-1', tickAt }] },
      silent,
      timers,
    );
    await scheduler.start(async (id) => {
      due.push(id);
      return null;
    });
    expect(armed.map((timer) => timer.ms)).toEqual([MAX_TIMER_MS]);
    advance(MAX_TIMER_MS);
    armed[0]?.callback();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(due).toEqual([]);
    expect(armed[1]?.ms).toBe(40 * 24 * 3600 * 1000 - MAX_TIMER_MS);
    advance(armed[1]?.ms ?? 0);
    armed[1]?.callback();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(due).toEqual(['INC-1']);
  });

  it('brings the timer forward when a step makes an earlier tick due', async () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const { timers, armed } = fakeTimers(start);
    const later = new Date(start + 60_000).toISOString();
    const scheduler = new TimerScheduler(
      { armedTicks: async () => [{ id: 'INC-1', tickAt: later }] },
      silent,
      timers,
    );
    await scheduler.start(async () => null);
    scheduler.committed('INC-2', new Date(start + 5_000).toISOString());
    scheduler.committed('INC-3', new Date(start + 90_000).toISOString());
    expect(armed.map((timer) => timer.ms)).toEqual([60_000, 5_000]);
  });
});

describe('complete', () => {
  const state = incident();
  const plan = planOutbound(
    [
      {
        type: 'post_initial_status',
        publicPostRequired: true,
        audiences: ['internal', 'external'],
        dueAt: null,
      },
    ],
    state,
    { slack: { channel: 'C0123456789' }, statuspage: { pageId: 'kctbh9vrtdwd' } },
  );
  const root = plan.calls.find((call) => call.operation === 'slack.chat.postMessage') as OutboundCall;
  const create = plan.calls.find((call) => call.operation === 'statuspage.create') as OutboundCall;

  it('sends a planned root message as a thread reply once the thread exists', () => {
    expect(root.remember).toBe('slack_thread');
    const reply = complete(root, { slackThread: { channel: 'C0123456789', ts: '1705328400.000100' } });
    expect(reply.remember).toBeUndefined();
    expect(reply.body).toMatchObject({ channel: 'C0123456789', thread_ts: '1705328400.000100' });
    expect(complete(root, {})).toBe(root);
  });

  it('sends a planned Statuspage creation as an update once the incident exists there', () => {
    const update = complete(create, { statuspageIncidentId: 'p31zjtct2jer' });
    expect([update.operation, update.method, update.url]).toEqual([
      'statuspage.update',
      'PATCH',
      'https://api.statuspage.io/v1/pages/kctbh9vrtdwd/incidents/p31zjtct2jer',
    ]);
  });
});

describe('rewrite', () => {
  it('replaces the origin and keeps the path behind the configured base', () => {
    expect(rewrite('https://events.pagerduty.com/v2/enqueue', 'http://127.0.0.1:9000/pagerduty/')).toBe(
      'http://127.0.0.1:9000/pagerduty/v2/enqueue',
    );
    expect(rewrite('https://slack.com/api/chat.postMessage', undefined)).toBe(
      'https://slack.com/api/chat.postMessage',
    );
  });
});

describe('commandEvents', () => {
  const at = '2024-01-15T14:30:00.000Z';
  const jane = { id: 'jane', name: 'Jane Smith' };

  it('assigns the commander, hands the role over later, and does nothing for the holder', () => {
    const command = CommandSchema.parse({ command: 'ic', id: 'm1', person: jane });
    const state = incident();
    expect(commandEvents(command, state, at)).toMatchObject([
      { type: 'assign_role', id: 'cmd:m1:assign_role' },
    ]);
    const held = {
      ...state,
      roles: [{ role: 'incident_commander', person: { id: 'sam', name: 'Sam Lee' }, from: at }],
    } as IncidentState;
    expect(commandEvents(command, held, at)).toMatchObject([{ type: 'hand_off_role', to: jane }]);
    const mine = {
      ...held,
      roles: [{ role: 'incident_commander', person: jane, from: at }],
    } as IncidentState;
    expect(commandEvents(command, mine, at)).toEqual([]);
  });

  it('refuses unknown commands and fields', () => {
    expect(CommandSchema.safeParse({ command: 'dance' }).success).toBe(false);
    expect(CommandSchema.safeParse({ command: 'ack', extra: true }).success).toBe(false);
  });
});

describe('diagramSvg', () => {
  it('draws every status and every arrow of the library diagram, the current status highlighted', () => {
    const mermaid = getLifecycleDiagram();
    const arrows = parseDiagram(mermaid).filter((arrow) => arrow.from !== '[*]' && arrow.to !== '[*]');
    const svg = diagramSvg(mermaid, 'mitigating');
    for (const status of Object.keys(TRANSITIONS)) expect(svg).toContain(`data-status="${status}"`);
    expect(svg.match(/<title>/g)).toHaveLength(arrows.length);
    expect(svg).toContain('class="state current" data-status="mitigating" aria-current="step"');
    const hot = arrows.filter((arrow) => arrow.from === 'mitigating').length;
    expect(svg.match(/class="edge hot"/g)).toHaveLength(hot);
  });
});
