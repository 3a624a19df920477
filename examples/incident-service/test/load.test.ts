// A load test on loopback, bounded in count and time: chat commands (`note`) against the command endpoint, with the
// embedded default, one worker on PostgreSQL and two workers on PostgreSQL. It measures events per second and the
// latency percentiles and prints them (docs/deploying.md records a run); it asserts no speed, only that every
// command answered 200 is in the event log.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './helpers/api';
import { embeddedDataDir } from './helpers/embedded';
import { type PostgresServer, startPostgres } from './helpers/postgres';
import { ARTIFACTS, type ServiceProcess, startService, TOKENS } from './helpers/processes';

const REQUESTS = 1500;
const CONCURRENCY = 16;
const MAX_MS = 25_000;
const INCIDENTS = 50;

interface Measurement {
  label: string;
  workers: number;
  sent: number;
  ok: number;
  busy: number;
  seconds: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** The machine's 1-minute load average when the run ended (other work on it slows every number). */
  load: number;
}

let postgres: PostgresServer;
const results: Measurement[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
});

afterAll(() => {
  postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (results.length > 0) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}/load.json`, `${JSON.stringify(results, null, 2)}\n`);
  }
});

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function measure(label: string, workers: readonly ServiceProcess[]): Promise<Measurement> {
  const ids: string[] = [];
  for (let index = 0; index < INCIDENTS; index++) {
    const reply = await call<{ incident: { id: string } }>(
      (workers[index % workers.length] as ServiceProcess).url,
      '/api/incidents',
      {
        body: { id: `INC-L${index}`, title: `Load ${index}`, severity: 'SEV3' },
      },
    );
    expect(reply.status).toBe(201);
    ids.push(reply.body.incident.id);
  }
  const post = (n: number, phase: string) => {
    const worker = workers[n % workers.length] as ServiceProcess;
    return fetch(`${worker.url}/api/incidents/${ids[n % ids.length]}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.SERVICE_TOKEN}` },
      body: JSON.stringify({ command: 'note', id: `${label}-${phase}-${n}`, text: `Progress note ${n}` }),
    });
  };
  // Warm up (connections, caches, the JIT): not measured.
  for (let n = 0; n < 2 * CONCURRENCY; n++) await (await post(n, 'warm-up')).arrayBuffer();

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < REQUESTS && performance.now() - started < MAX_MS) {
      const n = next++;
      const begin = performance.now();
      const response = await post(n, 'measured');
      await response.arrayBuffer();
      latencies.push(performance.now() - begin);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const ok = statuses.get(200) ?? 0;
  const busy = statuses.get(503) ?? 0;
  expect([...statuses.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([]);

  // Every note answered 200 is in the log: declarations + warm-up + measured notes.
  let logged = 0;
  for (const id of ids) {
    const detail = await call<{ incident: { version: number } }>(
      (workers[0] as ServiceProcess).url,
      `/api/incidents/${id}`,
    );
    logged += detail.body.incident.version;
  }
  expect(logged).toBe(INCIDENTS + 2 * CONCURRENCY + ok);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    label,
    workers: workers.length,
    sent: latencies.length,
    ok,
    busy,
    seconds: round(seconds),
    eventsPerSecond: Math.round(ok / seconds),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    load: round(loadavg()[0] ?? 0),
  };
}

function report(result: Measurement): void {
  results.push(result);
  console.log(
    `load ${result.label}: ${result.workers} worker(s), ${result.ok}/${result.sent} commands in ${result.seconds} s → ` +
      `${result.eventsPerSecond} events/s, p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms` +
      (result.busy ? `, ${result.busy} answered 503 (retry)` : '') +
      ` (${cpus().length} cores, load average ${result.load})`,
  );
}

describe('command endpoint under load', () => {
  it('measures the embedded default with one worker', async () => {
    const dir = embeddedDataDir();
    dirs.push(dir);
    const worker = await startService('load-embedded', { DATA_DIR: dir, LOG_LEVEL: 'warn' });
    try {
      report(await measure('embedded', [worker]));
    } finally {
      await worker.stop();
    }
  });

  it('measures PostgreSQL with one worker and with two', async () => {
    for (const count of [1, 2]) {
      const url = await postgres.createDatabase(`load_${count}`);
      const workers = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          startService(`load-pg${count}-${index}`, { DATABASE_URL: url, LOG_LEVEL: 'warn' }),
        ),
      );
      try {
        report(await measure(`postgres-${count}`, workers));
      } finally {
        await Promise.all(workers.map((worker) => worker.stop()));
      }
    }
  });
});
