// A small JSON client for the service's HTTP API, with the bearer token the tests start workers with.
import { TOKENS } from './processes';

export interface Reply<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export async function call<T = Record<string, unknown>>(
  base: string,
  path: string,
  options: { method?: string; body?: unknown; token?: string | null; raw?: string } = {},
): Promise<Reply<T>> {
  const token = options.token === undefined ? TOKENS.SERVICE_TOKEN : options.token;
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (options.body === undefined && options.raw === undefined ? 'GET' : 'POST'),
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(options.raw !== undefined
      ? { body: options.raw }
      : options.body === undefined
        ? {}
        : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** An Alertmanager (version 4) notification for one alert group, as Alertmanager sends it. */
export function alertmanagerNotification(options: {
  group: string;
  status: 'firing' | 'resolved';
  startsAt: string;
  endsAt?: string;
  severity?: string;
  instances?: readonly string[];
}): Record<string, unknown> {
  const instances = options.instances ?? ['host-a:9100'];
  const alerts = instances.map((instance, index) => ({
    status: options.status,
    labels: { alertname: options.group, instance, job: 'node', severity: options.severity ?? 'critical' },
    annotations: { summary: `${options.group} on ${instance}` },
    startsAt: options.startsAt,
    endsAt: options.endsAt ?? '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.test:9090/graph?g0.expr=up+%3D%3D+0',
    fingerprint: `${Buffer.from(`${options.group}/${instance}`).toString('hex').slice(0, 14)}${index}`,
  }));
  return {
    receiver: 'incident-service',
    status: options.status,
    alerts,
    groupLabels: { alertname: options.group },
    commonLabels: { alertname: options.group, job: 'node', severity: options.severity ?? 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test:9093',
    version: '4',
    groupKey: `{}:{alertname="${options.group}"}`,
    truncatedAlerts: 0,
  };
}
