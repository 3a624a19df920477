// The real Prometheus Alertmanager posts to the service on loopback: an alert fires, an incident opens, a page goes
// out (once), the on-call acknowledges and mitigates, and the alert resolving at its source resolves the incident
// and the page.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Alertmanager, startAlertmanager } from './helpers/alertmanager';
import { call } from './helpers/api';
import { embeddedDataDir } from './helpers/embedded';
import { type ServiceProcess, startService, TOKENS, waitFor } from './helpers/processes';
import { outboundEnv, type Receiver, startReceiver } from './helpers/receiver';

interface Listed {
  incidents: { id: string; title: string; status: string; dedupKey: string | null }[];
}

let receiver: Receiver;
let service: ServiceProcess;
let alertmanager: Alertmanager;
let dataDir: string;

beforeAll(async () => {
  receiver = await startReceiver();
  dataDir = embeddedDataDir();
  service = await startService('am-worker', {
    DATA_DIR: dataDir,
    ON_RESOLVED: 'resolve',
    ...outboundEnv(receiver),
  });
  alertmanager = await startAlertmanager({
    url: `${service.url}/intake/alertmanager`,
    token: TOKENS.INTAKE_TOKEN,
  });
});

afterAll(async () => {
  await alertmanager?.stop();
  await service?.stop();
  await receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Alertmanager to incident to page', () => {
  const incidentFor = async (text: string) =>
    waitFor(`the incident "${text}" to open`, async () => {
      const list = await call<Listed>(service.url, '/api/incidents');
      return list.body.incidents.find((entry) => entry.title.includes(text));
    });
  const statusOf = async (id: string) =>
    (await call<{ incident: { status: string } }>(service.url, `/api/incidents/${id}`)).body.incident.status;
  // The PagerDuty events of one incident: those with the dedup key of the trigger that names its title.
  const pagesFor = (title: string, action: string) => {
    const trigger = receiver
      .pagerduty('trigger')
      .find((request) => (request.body.payload as { summary: string }).summary.includes(title));
    return trigger
      ? receiver.pagerduty(action).filter((request) => request.body.dedup_key === trigger.body.dedup_key)
      : [];
  };

  it('opens an incident from a firing alert, pages once, and closes the loop when the alert resolves', async () => {
    const alert = {
      labels: { alertname: 'AuthErrorRate', service: 'auth', severity: 'critical' },
      annotations: { summary: 'Login failures for 30% of users', runbook_url: 'https://runbooks.test/auth' },
      startsAt: new Date().toISOString(),
      generatorURL: 'http://prometheus.test:9090/graph?g0.expr=auth_errors',
    };
    await alertmanager.post([alert]);
    const incident = await incidentFor('Login failures');
    expect(incident.status).toBe('detected');
    const trigger = await waitFor(
      'the page to reach PagerDuty',
      () => pagesFor(incident.title, 'trigger')[0],
    );
    expect(trigger.path).toBe('/pagerduty/v2/enqueue');
    expect((trigger.body.payload as { summary: string }).summary).toContain('Login failures');

    // Nobody acknowledged: the alert resolving at its source resolves the incident and the page.
    await alertmanager.post([{ ...alert, endsAt: new Date().toISOString() }]);
    await waitFor('the incident to resolve', async () => (await statusOf(incident.id)) === 'resolved');
    await waitFor('the page to be resolved at PagerDuty', () => pagesFor(incident.title, 'resolve')[0]);
    const detail = await call<{ state: { resolution: { kind: string; summary: string } } }>(
      service.url,
      `/api/incidents/${incident.id}`,
    );
    expect(detail.body.state.resolution.kind).toBe('resolved_at_source');
    expect(pagesFor(incident.title, 'trigger')).toHaveLength(1);
    expect(pagesFor(incident.title, 'acknowledge')).toHaveLength(0);
  });

  it('keeps an acknowledgement and a mitigation, then resolves when the alert does', async () => {
    const alert = {
      labels: { alertname: 'CheckoutLatency', service: 'checkout', severity: 'critical' },
      annotations: { summary: 'Checkout p99 above 4 s' },
      startsAt: new Date().toISOString(),
      generatorURL: 'http://prometheus.test:9090/graph?g0.expr=checkout_latency',
    };
    await alertmanager.post([alert]);
    const incident = await incidentFor('Checkout p99');
    await waitFor('the page', () => pagesFor(incident.title, 'trigger')[0]);
    const ack = await call(service.url, `/api/incidents/${incident.id}/commands`, {
      body: { command: 'ack', id: 'slack-1', by: { id: 'jane', name: 'Jane Smith' } },
    });
    expect(ack.status).toBe(200);
    const mitigate = await call(service.url, `/api/incidents/${incident.id}/commands`, {
      body: { command: 'mitigate', id: 'slack-2', kind: 'rollback', description: 'Roll back checkout 7.2' },
    });
    expect(mitigate.status).toBe(200);
    await waitFor('the acknowledgement to reach PagerDuty', () => pagesFor(incident.title, 'acknowledge')[0]);

    await alertmanager.post([{ ...alert, endsAt: new Date().toISOString() }]);
    await waitFor('the incident to resolve', async () => (await statusOf(incident.id)) === 'resolved');
    await waitFor('the page to be resolved at PagerDuty', () => pagesFor(incident.title, 'resolve')[0]);
    const detail = await call<{ state: { timeline: { type: string }[] } }>(
      service.url,
      `/api/incidents/${incident.id}`,
    );
    expect(detail.body.state.timeline.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['acknowledge', 'start_mitigation', 'resolve']),
    );
    const list = await call<Listed>(service.url, '/api/incidents?all=true');
    expect(list.body.incidents.filter((entry) => entry.dedupKey === incident.dedupKey)).toHaveLength(1);
    expect(pagesFor(incident.title, 'trigger')).toHaveLength(1);
    const keys = receiver.requests.map((request) => request.key);
    expect(new Set(keys).size).toBe(keys.length);
    console.log(
      `alertmanager: ${alertmanager.version}; 2 incidents opened and resolved from alerts, ` +
        `${receiver.requests.length} outbound calls (${receiver.pagerduty('trigger').length} pages, ` +
        `${receiver.chat('').length} chat messages), each idempotency key once`,
    );
  });

  it('refuses webhooks without the intake token and changes nothing', async () => {
    const before = (await call<Listed>(service.url, '/api/incidents?all=true')).body.incidents.length;
    const body = JSON.stringify({ version: '4', status: 'firing', alerts: [] });
    for (const token of [null, 'wrong-token-0123456789', TOKENS.SERVICE_TOKEN]) {
      const reply = await call(service.url, '/intake/alertmanager', { raw: body, token });
      expect(reply.status).toBe(401);
    }
    const reads = await call(service.url, '/api/incidents', { token: TOKENS.INTAKE_TOKEN });
    expect(reads.status).toBe(401);
    expect((await call<Listed>(service.url, '/api/incidents?all=true')).body.incidents).toHaveLength(before);
  });
});
