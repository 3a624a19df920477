// The edges of the service on the vendors' own samples: a signed PagerDuty v3 webhook (and unsigned or tampered
// ones refused), a Grafana notification behind the intake token, and chat commands mapped to events with ids, so a
// retried command changes nothing and a refused one says why.
import { createHmac } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './helpers/api';
import { embeddedDataDir } from './helpers/embedded';
import { type ServiceProcess, startService, TOKENS } from './helpers/processes';

const SECRET = 'pagerduty-webhook-secret-for-tests';
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/integrations/${name}`, import.meta.url), 'utf8');

let service: ServiceProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = embeddedDataDir();
  service = await startService('intake-worker', {
    DATA_DIR: dataDir,
    PAGERDUTY_WEBHOOK_SECRETS: `old-secret,${SECRET}`,
  });
});

afterAll(async () => {
  await service?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function signed(body: string, secret = SECRET): Record<string, string> {
  return { 'x-pagerduty-signature': `v1=${createHmac('sha256', secret).update(body).digest('hex')}` };
}

async function postRaw(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('PagerDuty webhooks v3', () => {
  it('accepts a signed webhook and refuses unsigned, wrongly signed and tampered ones', async () => {
    const body = fixture('pagerduty-webhook-v3-incident.triggered.assembled.json');
    expect((await postRaw('/intake/pagerduty', body, {})).status).toBe(401);
    expect((await postRaw('/intake/pagerduty', body, signed(body, 'not-the-secret'))).status).toBe(401);
    expect((await postRaw('/intake/pagerduty', `${body} `, signed(body))).status).toBe(401);
    const before = await call<{ incidents: unknown[] }>(service.url, '/api/incidents?all=true');
    expect(before.body.incidents).toHaveLength(0);

    const opened = await postRaw('/intake/pagerduty', body, signed(body));
    expect(opened.status).toBe(201);
    expect(opened.body.action).toBe('declared');
    // The same delivery again (PagerDuty retries) is a duplicate.
    const again = await postRaw('/intake/pagerduty', body, signed(body));
    expect(again.body.action).toBe('applied');
    expect(again.body.applied).toBe(0);
    expect(again.body.duplicates).toEqual(['pagerduty:5ac64822-4adc-4fda-ade0-410becf0de4f']);

    // The assembled samples share one `event.id`; PagerDuty gives every event its own, which is the event id here.
    const sample = JSON.parse(fixture('pagerduty-webhook-v3-incident.acknowledged.assembled.json'));
    const acknowledged = JSON.stringify({
      ...sample,
      event: { ...sample.event, id: '01DEN0KT7SV3UH3QE3A1N8SQ5A' },
    });
    const ack = await postRaw('/intake/pagerduty', acknowledged, signed(acknowledged));
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body.applied, JSON.stringify(ack.body)).toBe(1);
    const detail = await call<{ state: { status: string } }>(
      service.url,
      `/api/incidents/${opened.body.incidentId}`,
    );
    expect(detail.body.state.status).toBe('acknowledged');
  });
});

describe('Grafana webhooks', () => {
  it('opens an incident from Grafana behind the intake token', async () => {
    const body = fixture('grafana-webhook-v1-firing.doc.json');
    expect((await postRaw('/intake/grafana', body, {})).status).toBe(401);
    const opened = await postRaw('/intake/grafana', body, { authorization: `Bearer ${TOKENS.INTAKE_TOKEN}` });
    expect(opened.status).toBe(201);
    expect(opened.body.action).toBe('declared');
  });
});

describe('chat commands', () => {
  it('maps commands to events whose ids make retries duplicates', async () => {
    const declared = await call<{ incident: { id: string } }>(service.url, '/api/incidents', {
      body: { title: 'Search results empty', severity: 'SEV3', by: { id: 'kim', name: 'Kim Park' } },
    });
    expect(declared.status).toBe(201);
    const id = declared.body.incident.id;
    const path = `/api/incidents/${id}/commands`;
    const early = await call<{ code: string }>(service.url, path, {
      body: { command: 'mitigate', id: 'm-0', kind: 'rollback', description: 'Roll back' },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('transition_not_allowed');

    const ack = { command: 'ack', id: 'm-1', by: { id: 'kim', name: 'Kim Park' } };
    expect((await call(service.url, path, { body: ack })).status).toBe(200);
    const retried = await call<{ applied: unknown[]; duplicates: string[] }>(service.url, path, {
      body: ack,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.applied).toEqual([]);
    expect(retried.body.duplicates).toEqual(['cmd:m-1:acknowledge']);

    const steps = [
      { command: 'ic', id: 'm-2', person: { id: 'lee', name: 'Lee Chen' } },
      { command: 'sev', id: 'm-3', severity: 'SEV2', reason: 'Most searches fail' },
      { command: 'mitigate', id: 'm-4', kind: 'feature_flag_off', description: 'Turn off the new ranker' },
      { command: 'update', id: 'm-5', audience: 'internal', message: 'Ranker off; watching' },
      { command: 'mitigated', id: 'm-6', summary: 'Results are back' },
      { command: 'resolve', id: 'm-7', summary: 'New ranker disabled', dataLoss: 'none' },
    ];
    for (const body of steps) {
      const reply = await call<{ error?: string }>(service.url, path, { body });
      expect(reply.status, `${body.command}: ${reply.body.error ?? ''}`).toBe(200);
    }
    const log = await call<{ events: { eventId: string | null; type: string }[] }>(
      service.url,
      `/api/incidents/${id}/events`,
    );
    expect(
      log.body.events.map((event) => event.eventId),
      JSON.stringify(log.body.events.map((event) => event.type)),
    ).toEqual([
      null,
      'cmd:m-1:acknowledge',
      'cmd:m-2:assign_role',
      'cmd:m-3:set_severity',
      'cmd:m-4:start_mitigation',
      'cmd:m-5:post_update',
      'cmd:m-6:mark_mitigated',
      'cmd:m-7:resolve',
    ]);
    const bad = await call<{ error: string }>(service.url, path, {
      body: { command: 'sev', severity: 'SEV9' },
    });
    expect(bad.status).toBe(400);
    const unknown = await call(service.url, '/api/incidents/INC-none/commands', { body: ack });
    expect(unknown.status).toBe(404);
    const malformed = await call<{ error: string }>(service.url, path, { body: { command: 'dance' } });
    expect(malformed.status).toBe(400);
  });
});
