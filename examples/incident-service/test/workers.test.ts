// Two workers (two processes) on one real PostgreSQL server: the same webhook reaching both at once opens one
// incident; a worker killed mid-incident loses no event and no deadline; and every page goes out exactly once across
// 100 incidents whose webhooks are each delivered three times.
import { type IncidentDeclaration, type IncidentEventInput, replayIncident } from 'incident-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerNotification, call } from './helpers/api';
import { type PostgresServer, startPostgres } from './helpers/postgres';
import { type ServiceProcess, startService, TOKENS, waitFor } from './helpers/processes';
import { outboundEnv, type Receiver, startReceiver } from './helpers/receiver';

let postgres: PostgresServer;
let receiver: Receiver;
let workers: ServiceProcess[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
});

afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  workers = [];
  await receiver?.close();
});

afterAll(() => postgres?.stop());

async function twoWorkers(
  database: string,
  env: Record<string, string> = {},
): Promise<[ServiceProcess, ServiceProcess]> {
  receiver = await startReceiver();
  const url = await postgres.createDatabase(database);
  const common = {
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '16',
    DEADLINE_POLL_SECONDS: '0.5',
    DEADLINE_EXPIRE_SECONDS: '3',
    DEADLINE_MAINTENANCE_SECONDS: '2',
    OUTBOX_LEASE_SECONDS: '3',
    OUTBOX_POLL_MS: '200',
    ...outboundEnv(receiver),
    ...env,
  };
  // Started together, as a deployment's replicas are: both migrate, one waits for the other.
  workers = await Promise.all([startService(`${database}-a`, common), startService(`${database}-b`, common)]);
  return workers as [ServiceProcess, ServiceProcess];
}

async function deliver(worker: ServiceProcess, notification: unknown): Promise<number> {
  return (await call(worker.url, '/intake/alertmanager', { body: notification, token: TOKENS.INTAKE_TOKEN }))
    .status;
}

async function outboxDrained(database: string): Promise<boolean> {
  const [row] = await postgres.query<{ pending: string }>(
    database,
    "SELECT count(*) AS pending FROM outbox WHERE state <> 'sent'",
  );
  return Number(row?.pending) === 0;
}

interface LoggedEvent {
  seq: number;
  eventId: string | null;
  type: string;
  body: unknown;
}

/** Rebuilds the incident from its event log with the library and checks it equals the stored snapshot. */
async function replayMatches(worker: ServiceProcess, id: string): Promise<LoggedEvent[]> {
  const log = await call<{ version: number; events: LoggedEvent[] }>(
    worker.url,
    `/api/incidents/${id}/events`,
  );
  const detail = await call<{ state: unknown }>(worker.url, `/api/incidents/${id}`);
  const [declared, ...events] = log.body.events;
  const replay = replayIncident(
    declared?.body as IncidentDeclaration,
    events.map((event) => event.body as IncidentEventInput),
  );
  if (!replay.ok) throw replay.error;
  expect(JSON.parse(JSON.stringify(replay.state))).toEqual(detail.body.state);
  expect(log.body.events.map((event) => event.seq)).toEqual(log.body.events.map((_, index) => index + 1));
  return log.body.events;
}

describe('two workers on one PostgreSQL', () => {
  it('opens one incident when the same webhook reaches both workers at once', async () => {
    const [a, b] = await twoWorkers('same_webhook');
    const startsAt = new Date().toISOString();
    const statuses: number[][] = [];
    for (let group = 0; group < 20; group++) {
      const notification = alertmanagerNotification({ group: `Group${group}`, status: 'firing', startsAt });
      statuses.push(await Promise.all([deliver(a, notification), deliver(b, notification)]));
    }
    // Exactly one delivery of each pair opened the incident; the other found it and applied nothing new.
    for (const pair of statuses) expect([...pair].sort()).toEqual([200, 201]);
    const incidents = await postgres.query<{ dedup_key: string; n: string }>(
      'same_webhook',
      'SELECT dedup_key, count(*) AS n FROM incidents GROUP BY dedup_key',
    );
    expect(incidents).toHaveLength(20);
    expect(incidents.every((row) => Number(row.n) === 1)).toBe(true);
    await waitFor('the pages to go out', () => receiver.pagerduty('trigger').length >= 20);
    await waitFor('the outbox to drain', () => outboxDrained('same_webhook'));
    expect(receiver.pagerduty('trigger')).toHaveLength(20);
    const won = statuses.filter((pair) => pair[0] === 201).length;
    console.log(
      `same webhook: 20 groups × 2 simultaneous deliveries → 20 incidents, 20 pages (worker a opened ${won}, b ${20 - won})`,
    );
  });

  it('loses no event and no deadline when a worker is killed mid-incident', async () => {
    // The acknowledgement deadline is 9 s here (0.15 min), so the escalation falls due while the test watches.
    const [a, b] = await twoWorkers('kill_worker', {
      POLICIES: JSON.stringify({ SEV2: { ackWithinMinutes: 0.15 } }),
    });
    const ids: string[] = [];
    for (let index = 0; index < 30; index++) {
      const worker = index % 2 === 0 ? a : b;
      const reply = await call<{ incident: { id: string } }>(worker.url, '/api/incidents', {
        body: { id: `INC-K${index}`, title: `Checkout errors ${index}`, severity: 'SEV2' },
      });
      expect(reply.status).toBe(201);
      ids.push(reply.body.incident.id);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const firstDue = Date.now() + 9000 - 30 * 60;
    // Notes from a chat bot keep arriving at both workers; every one answered 200 must survive the kill.
    const acknowledged: { id: string; eventId: string }[] = [];
    let failed = 0;
    let sending = true;
    let counter = 0;
    const sender = async (lane: number) => {
      while (sending) {
        counter += 1;
        const n = counter;
        const worker = n % 2 === 0 ? a : b;
        const id = ids[(n + lane) % ids.length] as string;
        try {
          const reply = await call<{ applied: { eventId: string }[] }>(
            worker.url,
            `/api/incidents/${id}/commands`,
            {
              body: { command: 'note', id: `note-${n}`, text: `Still looking (${n})` },
            },
          );
          if (reply.status === 200)
            acknowledged.push({ id, eventId: reply.body.applied[0]?.eventId as string });
          else failed += 1;
        } catch {
          failed += 1;
        }
      }
    };
    const senders = Array.from({ length: 6 }, (_, lane) => sender(lane));
    // Kill worker a while the deadlines fall due (some ticks done, some perhaps held by it) and notes are in flight.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDue + 800 - Date.now())));
    await a.kill();
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    sending = false;
    await Promise.all(senders);

    // Every deadline is acted on by the surviving worker: each incident escalates to level 2, once.
    await waitFor(
      'every incident to escalate',
      async () => {
        const rows = await postgres.query<{ n: string }>(
          'kill_worker',
          "SELECT count(DISTINCT incident_id) AS n FROM incident_events WHERE type = 'tick'",
        );
        return Number(rows[0]?.n) === ids.length;
      },
      { timeoutMs: 60_000 },
    );
    await waitFor('the outbox to drain', () => outboxDrained('kill_worker'), { timeoutMs: 60_000 });
    let ticksByA = 0;
    let ticksByB = 0;
    let escalated = 0;
    for (const id of ids) {
      const events = await replayMatches(b, id);
      const logged = new Set(events.map((event) => event.eventId));
      for (const note of acknowledged.filter((entry) => entry.id === id))
        expect(logged.has(note.eventId)).toBe(true);
      const escalations = (
        await call<{ state: { timeline: { summary: string }[] } }>(b.url, `/api/incidents/${id}`)
      ).body.state.timeline
        .map((entry) => /escalated to level (\d+)/.exec(entry.summary)?.[1])
        .filter(Boolean);
      expect(escalations[0]).toBe('2');
      expect(new Set(escalations).size).toBe(escalations.length);
      escalated += escalations.length;
    }
    const ticks = await postgres.query<{ worker: string; recorded_at: Date }>(
      'kill_worker',
      "SELECT worker, recorded_at FROM incident_events WHERE type = 'tick' ORDER BY recorded_at",
    );
    for (const tick of ticks) {
      if (tick.worker === a.name) ticksByA += 1;
      else ticksByB += 1;
      if (tick.worker === a.name) expect(tick.recorded_at.getTime()).toBeLessThan(killedAt);
    }
    // Pages: every page the steps planned (the declaration's, each escalation's) reached PagerDuty; nothing else did.
    const planned = await postgres.query<{ idempotency_key: string }>(
      'kill_worker',
      "SELECT idempotency_key FROM outbox WHERE effect = 'page' AND state = 'sent'",
    );
    const triggers = receiver.pagerduty('trigger');
    const keys = new Set(triggers.map((request) => request.key));
    expect([...keys].sort()).toEqual(planned.map((row) => row.idempotency_key).sort());
    expect(keys.size).toBeGreaterThanOrEqual(ids.length + escalated);
    console.log(
      `kill: 30 incidents, ${acknowledged.length} notes answered 200 (all in the log), ${failed} refused by the dead worker; ` +
        `${ticks.length} deadline ticks (${ticksByA} by a before the kill, ${ticksByB} by b); ` +
        `${keys.size} distinct pages, ${triggers.length - keys.size} redelivered by a lease takeover`,
    );
  });

  it('sends every page exactly once across 100 incidents with duplicate deliveries', async () => {
    const [a, b] = await twoWorkers('hundred');
    const startsAt = new Date().toISOString();
    const statuses: number[] = [];
    const started = Date.now();
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, index) => {
          const notification = alertmanagerNotification({
            group: `Service${batch * 10 + index}Down`,
            status: 'firing',
            startsAt,
            instances: ['host-a:9100', 'host-b:9100'],
          });
          statuses.push(
            ...(await Promise.all([
              deliver(a, notification),
              deliver(b, notification),
              deliver(a, notification),
            ])),
          );
        }),
      );
    }
    const delivered = Date.now() - started;
    expect(statuses).toHaveLength(300);
    expect(statuses.filter((status) => status === 201)).toHaveLength(100);
    expect(statuses.every((status) => status === 200 || status === 201)).toBe(true);
    await waitFor('the outbox to drain', () => outboxDrained('hundred'), { timeoutMs: 60_000 });
    const [counts] = await postgres.query<{ incidents: string; events: string; calls: string; by_a: string }>(
      'hundred',
      `SELECT (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM incident_events) AS events,
              (SELECT count(*) FROM outbox) AS calls,
              (SELECT count(*) FROM outbox WHERE sent_by = $1) AS by_a`,
      [a.name],
    );
    expect(Number(counts?.incidents)).toBe(100);
    // Declared, then one note per firing alert (two each): the redeliveries added nothing.
    expect(Number(counts?.events)).toBe(300);
    const triggers = receiver.pagerduty('trigger');
    expect(triggers).toHaveLength(100);
    expect(new Set(triggers.map((request) => request.key)).size).toBe(100);
    expect(new Set(triggers.map((request) => request.body.dedup_key)).size).toBe(100);
    expect(receiver.requests).toHaveLength(Number(counts?.calls));
    console.log(
      `100 incidents: 300 deliveries in ${delivered} ms → 100 incidents, 300 log entries, ${triggers.length} pages, ` +
        `${receiver.requests.length} outbound calls each sent once (${counts?.by_a} by a, ${Number(counts?.calls) - Number(counts?.by_a)} by b)`,
    );
  });
});
