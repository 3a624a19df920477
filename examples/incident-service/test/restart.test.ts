// The embedded default (PGlite on disk) killed mid-incident and started again: the event log and the snapshot are
// intact, the calls that could not go out before the crash go out after it, a deadline that fell due while the
// service was down is acted on at start-up, and one that falls due later fires from the re-armed timer.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './helpers/api';
import { embeddedDataDir } from './helpers/embedded';
import { type ServiceProcess, startService, waitFor } from './helpers/processes';
import { outboundEnv, type Receiver, startReceiver } from './helpers/receiver';

interface Detail {
  incident: { version: number; deadlines: Record<string, string | null> };
  state: { timeline: { type: string; summary: string; at: string }[] };
  outbox: { state: string; idempotencyKey: string }[];
}

let receiver: Receiver;
let dataDir: string;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  dataDir = embeddedDataDir();
});

afterAll(async () => {
  await Promise.all(running.map((worker) => worker.stop()));
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded default after a crash', () => {
  it('keeps every event, sends what was pending, and fires reminders after the restart', async () => {
    const env = {
      DATA_DIR: dataDir,
      OUTBOX_POLL_MS: '200',
      // Internal updates every 3 s and executive summaries every 30 s: the first falls due while the service is
      // down, the second after it is back (starting again takes seconds, not half a minute).
      POLICIES: JSON.stringify({
        SEV2: { internalUpdateEveryMinutes: 0.05, executiveSummaryEveryMinutes: 0.5 },
      }),
      ...outboundEnv(receiver),
    };
    const first = await startService('embedded-1', env);
    running.push(first);
    const declared = await call<{ incident: { id: string } }>(first.url, '/api/incidents', {
      body: { id: 'INC-R1', title: 'Payments failing', severity: 'SEV2' },
    });
    expect(declared.status).toBe(201);
    await waitFor('the page', () => receiver.pagerduty('trigger').length === 1);

    // The vendors go down; the acknowledgement's calls stay in the outbox, retried.
    receiver.failing = true;
    const ack = await call(first.url, '/api/incidents/INC-R1/commands', {
      body: { command: 'ack', id: 'chat-1', by: { id: 'ana', name: 'Ana Lima' } },
    });
    expect(ack.status).toBe(200);
    for (let n = 2; n <= 6; n++) {
      const note = await call(first.url, '/api/incidents/INC-R1/commands', {
        body: { command: 'note', id: `chat-${n}`, text: `Checking the payment provider (${n})` },
      });
      expect(note.status).toBe(200);
    }
    await waitFor('a refused delivery', () => receiver.refused > 0);
    const before = await call<Detail>(first.url, '/api/incidents/INC-R1');
    const logBefore = await call<{ events: unknown[] }>(first.url, '/api/incidents/INC-R1/events');
    const internalDue = before.body.incident.deadlines.internalUpdate as string;
    const executiveDue = before.body.incident.deadlines.executiveSummary as string;
    expect(before.body.outbox.some((row) => row.state === 'pending')).toBe(true);

    await first.kill();
    running.splice(running.indexOf(first), 1);
    // Stay down until the internal update is overdue.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(internalDue) - Date.now() + 500)),
    );
    receiver.failing = false;
    const second = await startService('embedded-2', env);
    running.push(second);
    const restartedAt = Date.now();
    expect(Date.parse(executiveDue)).toBeGreaterThan(restartedAt);

    const logAfter = await call<{ events: unknown[] }>(second.url, '/api/incidents/INC-R1/events');
    expect(logAfter.body.events.slice(0, logBefore.body.events.length)).toEqual(logBefore.body.events);

    // The deadline missed while down is acted on at start-up; its reminder goes out.
    await waitFor('the internal update reminder', () => receiver.chat('internal update was due').length > 0, {
      timeoutMs: 20_000,
    });
    // The calls that failed before the crash were sent after it, once each.
    await waitFor(
      'the acknowledgement to reach PagerDuty',
      () => receiver.pagerduty('acknowledge').length === 1,
    );
    // The later deadline fires from the timer armed after the restart.
    await waitFor(
      'the executive summary reminder',
      () => receiver.chat('executive summary was due').length > 0,
      {
        timeoutMs: Date.parse(executiveDue) - Date.now() + 20_000,
      },
    );
    const after = await call<Detail>(second.url, '/api/incidents/INC-R1');
    const ticks = after.body.state.timeline.filter((entry) => entry.type === 'tick');
    expect(ticks.map((entry) => entry.summary)).toEqual([
      expect.stringContaining('internal update overdue'),
      expect.stringContaining('executive summary overdue'),
    ]);
    expect(ticks.every((entry) => Date.parse(entry.at) >= restartedAt - 1000)).toBe(true);
    await waitFor('the outbox to drain', async () =>
      (await call<Detail>(second.url, '/api/incidents/INC-R1')).body.outbox.every(
        (row) => row.state === 'sent',
      ),
    );
    const keys = receiver.requests.map((request) => request.key);
    expect(new Set(keys).size).toBe(keys.length);
    console.log(
      `restart: ${logBefore.body.events.length} log entries kept across SIGKILL; ${receiver.refused} refused deliveries ` +
        `retried after the restart; reminders fired ${ticks.map((tick) => `${Math.round((Date.parse(tick.at) - restartedAt) / 100) / 10} s`).join(' and ')} after it`,
    );
  });
});
