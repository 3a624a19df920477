// No endpoint changes (or reads) state without its credential, proven over every route the app registers, without
// servers: the engine and store are stand-ins that record any use, so a route that let a request through would be
// seen reaching them. The same requests with the right credential do reach them, so the refusals are the auth check
// at work and not some other failure.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { readConfig } from '../src/config';
import type { Engine } from '../src/engine';
import type { Store } from '../src/store';
import { TOKENS } from './helpers/processes';

const SECRET = 'pagerduty-webhook-secret-for-tests';
const config = readConfig({ ...TOKENS, PAGERDUTY_WEBHOOK_SECRETS: SECRET, WORKER_ID: 'auth-test' });

/** An engine or store that records every method called on it (and fails the call, as a broken database would). */
function recorder(calls: string[], name: string): unknown {
  return new Proxy(
    {},
    {
      get: (_target, property) => {
        if (property === 'then') return undefined;
        return (..._args: unknown[]) => {
          calls.push(`${name}.${String(property)}`);
          if (property === 'now' || property === 'eventTime') return '2024-01-15T14:30:00.000Z';
          if (property === 'settings') return undefined;
          throw new Error(`${name}.${String(property)} reached`);
        };
      },
    },
  );
}

const quiet = () => undefined;

function app(calls: string[]) {
  return createApp({
    config,
    engine: recorder(calls, 'engine') as Engine,
    store: recorder(calls, 'store') as Store,
    // The stand-ins fail every call they get: the app logs those as errors, which is expected here.
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    assets: { html: '<!doctype html>', script: '', css: '' },
  });
}

const PUBLIC = new Set(['GET /', 'GET /dashboard.js', 'GET /dashboard.css', 'GET /healthz']);
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/integrations/${name}`, import.meta.url), 'utf8');

// A body each route accepts once it is let in (so the positive control reaches the engine or store).
const BODIES: Record<string, string> = {
  '/api/incidents': JSON.stringify({ title: 'Checkout errors', severity: 'SEV2' }),
  '/api/incidents/:id/commands': JSON.stringify({ command: 'ack', id: 'm-1' }),
  '/api/incidents/:id/events': JSON.stringify({ event: { type: 'acknowledge' } }),
  '/intake/alertmanager': fixture('alertmanager-webhook-v4-firing.captured.json'),
  '/intake/grafana': fixture('grafana-webhook-v1-firing.doc.json'),
  '/intake/generic': JSON.stringify({
    version: '1',
    status: 'firing',
    dedupKey: 'db-disk',
    at: '2024-01-15T14:20:00Z',
    alert: { name: 'DiskFull', severity: 'warning' },
  }),
  '/intake/pagerduty': fixture('pagerduty-webhook-v3-incident.triggered.assembled.json'),
};

const routes = [
  ...new Map(
    app([])
      .routes.filter((route) => route.method !== 'ALL')
      .map((route) => [`${route.method} ${route.path}`, route] as const),
  ).values(),
];

/** Who may call a route, and the credentials that must not be enough. */
function credentials(path: string): { right: Record<string, string>; wrong: Record<string, string>[] } {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const none = {};
  if (path === '/intake/pagerduty') {
    const body = BODIES[path] as string;
    const sign = (secret: string) => ({
      'x-pagerduty-signature': `v1=${createHmac('sha256', secret).update(body).digest('hex')}`,
    });
    return { right: sign(SECRET), wrong: [none, sign('not-the-secret'), bearer(TOKENS.INTAKE_TOKEN)] };
  }
  if (path.startsWith('/intake/'))
    return {
      right: bearer(TOKENS.INTAKE_TOKEN),
      wrong: [none, bearer(TOKENS.SERVICE_TOKEN), bearer('wrong-token-0123456789')],
    };
  return {
    right: bearer(TOKENS.SERVICE_TOKEN),
    wrong: [
      none,
      bearer(TOKENS.INTAKE_TOKEN),
      bearer('wrong-token-0123456789'),
      { authorization: 'Basic eA==' },
    ],
  };
}

function request(method: string, path: string, headers: Record<string, string>): Request {
  return new Request(`http://service.test${path.replace(':id', 'INC-1')}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(method === 'GET' ? {} : { body: BODIES[path] ?? '{}' }),
  });
}

describe('every route', () => {
  it('is known: the app registers the routes docs/deploying.md lists', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      'GET /',
      'GET /api/incidents',
      'GET /api/incidents/:id',
      'GET /api/incidents/:id/events',
      'GET /dashboard.css',
      'GET /dashboard.js',
      'GET /healthz',
      'POST /api/incidents',
      'POST /api/incidents/:id/commands',
      'POST /api/incidents/:id/events',
      'POST /intake/alertmanager',
      'POST /intake/generic',
      'POST /intake/grafana',
      'POST /intake/pagerduty',
    ]);
  });

  it.each(routes.filter((route) => !PUBLIC.has(`${route.method} ${route.path}`)))(
    '$method $path refuses a request without its credential, and reaches nothing',
    async ({ method, path }) => {
      const { right, wrong } = credentials(path);
      for (const headers of wrong) {
        const calls: string[] = [];
        const response = await app(calls).fetch(request(method, path, headers));
        expect([response.status, calls], JSON.stringify(headers)).toEqual([401, []]);
      }
      // With the credential the same request gets past the check: it reaches the engine or the store.
      const calls: string[] = [];
      const response = await app(calls).fetch(request(method, path, right));
      expect(response.status).not.toBe(401);
      expect(calls.length, `${method} ${path} answered ${response.status}`).toBeGreaterThan(0);
    },
  );
});
