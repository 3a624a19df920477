// What the alert-group and generic intakes say, field by field: links, event texts and ids, group titles and starts,
// option refusals, the pager key. (Mutation testing showed these were read by no test.)
import { createIncident } from 'incident-kit';
import {
  alertSeverityFromLabel,
  incidentDedupKey,
  parseAlertmanagerWebhook,
  parseGenericAlert,
  parseGrafanaWebhook,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { thrown } from '../fixtures/assert';
import { alertGroup, fixtureJson, invalidInput } from './helpers';

type Labels = Record<string, string>;

interface RawAlert {
  status?: 'firing' | 'resolved';
  labels?: Labels;
  annotations?: Labels;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
  [more: string]: unknown;
}

const T0 = '2026-11-27T17:48:36.738Z';
const T1 = '2026-11-27T17:50:00Z';
const T2 = '2026-11-27T17:55:00Z';
const ZERO = '0001-01-01T00:00:00Z';

function alert(overrides: RawAlert = {}): RawAlert {
  return {
    status: 'firing',
    labels: { alertname: 'DiskFull', severity: 'warning' },
    annotations: {},
    startsAt: T0,
    endsAt: ZERO,
    ...overrides,
  };
}

const group = alertGroup;

function am(body: unknown, options?: Parameters<typeof parseAlertmanagerWebhook>[1]) {
  const result = parseAlertmanagerWebhook(body, options);
  if (!result.ok) throw result.error;
  return result.value;
}

function grafana(body: unknown) {
  const result = parseGrafanaWebhook(body);
  if (!result.ok) throw result.error;
  return result.value;
}

const url = (path: string) => `https://example.com/${path}`;

describe('alert links', () => {
  it('lists an alert’s source and runbook, then Grafana’s dashboard, panel, silence and image, in that order', () => {
    const body = {
      ...group([
        alert({
          generatorURL: url('source'),
          annotations: { runbook_url: url('runbook') },
          dashboardURL: url('dashboard'),
          panelURL: url('panel'),
          silenceURL: url('silence'),
          imageURL: url('image'),
        }),
      ]),
      version: '1',
      orgId: 1,
    };
    const intake = grafana(body);
    expect(intake.signals[0]?.alert.links).toEqual([
      { href: url('source'), text: 'Source' },
      { href: url('runbook'), text: 'Runbook' },
      { href: url('dashboard'), text: 'Dashboard' },
      { href: url('panel'), text: 'Panel' },
      { href: url('silence'), text: 'Silence' },
      { href: url('image'), text: 'Image' },
    ]);
  });

  it('skips empty, repeated and non-URL links, and an alert with none has no links field', () => {
    const intake = am(
      group([
        alert({ generatorURL: url('same'), annotations: { runbook_url: url('same') } }),
        alert({ generatorURL: 'not a url', annotations: { runbook_url: '' }, fingerprint: 'b' }),
      ]),
    );
    expect(intake.signals[0]?.alert.links).toEqual([{ href: url('same'), text: 'Source' }]);
    expect(intake.signals[1]?.alert).not.toHaveProperty('links');
  });

  it('keeps at most ten links on the group, the alerts’ own first, then the common runbook and the external URL', () => {
    const alerts = Array.from({ length: 6 }, (_, index) =>
      alert({
        fingerprint: `f${index}`,
        generatorURL: url(`source-${index}`),
        annotations: { runbook_url: url(`runbook-${index}`) },
      }),
    );
    const intake = am(group(alerts, { externalURL: url('alertmanager') }));
    const hrefs = intake.alert.links?.map((link) => link.href);
    expect(hrefs).toHaveLength(10);
    expect(hrefs?.slice(0, 4)).toEqual([
      url('source-0'),
      url('runbook-0'),
      url('source-1'),
      url('runbook-1'),
    ]);
    const few = am(
      group([alert({ generatorURL: url('source') })], {
        commonAnnotations: { runbook_url: url('common-runbook') },
        externalURL: url('alertmanager'),
      }),
    );
    expect(few.alert.links).toEqual([
      { href: url('source'), text: 'Source' },
      { href: url('common-runbook'), text: 'Runbook' },
      { href: url('alertmanager'), text: 'Alertmanager' },
    ]);
    const fromGrafana = grafana({ ...group([alert()], { externalURL: url('grafana') }), version: '1' });
    expect(fromGrafana.alert.links).toEqual([{ href: url('grafana'), text: 'Grafana' }]);
  });

  it('a group with no links has no links field', () => {
    expect(am(group([alert()])).alert).not.toHaveProperty('links');
  });
});

describe('the signals of an alert group', () => {
  it('says what changed in its text, with the summary when there is one', () => {
    const intake = am(
      group([
        alert({ annotations: { summary: ' Disk 95% full ' } }),
        alert({ status: 'resolved', endsAt: T2, fingerprint: 'b', labels: { alertname: 'CPU' } }),
      ]),
    );
    expect(intake.signals.map((signal) => signal.text)).toEqual([
      'Alert DiskFull firing: Disk 95% full',
      'Alert CPU resolved',
    ]);
  });

  it('dates a resolution by its end, or by its start when the end is Go’s zero time', () => {
    const intake = am(
      group([
        alert({ status: 'resolved', endsAt: T2, fingerprint: 'a' }),
        alert({ status: 'resolved', endsAt: ZERO, fingerprint: 'b' }),
        alert({ status: 'firing', endsAt: T2, fingerprint: 'c' }),
      ]),
    );
    expect(intake.signals.map((signal) => signal.at)).toEqual(['2026-11-27T17:55:00.000Z', T0, T0]);
  });

  it('derives a stable event id from the source, the change, the group, the alert, its start and a resolution’s end', () => {
    const id = (one: RawAlert, overrides?: Record<string, unknown>) =>
      am(group([one], overrides)).signals[0]?.eventId;
    const base = id(alert({ fingerprint: 'a' }));
    expect(id(alert({ fingerprint: 'a' }))).toBe(base);
    // A firing alert's end is not part of its id: Alertmanager moves it forward on every delivery.
    expect(id(alert({ fingerprint: 'a', endsAt: T2 }))).toBe(base);
    const others = [
      id(alert({ fingerprint: 'b' })),
      id(alert({ fingerprint: 'a', startsAt: T1 })),
      id(alert({ fingerprint: 'a' }), { groupKey: 'other' }),
      id(alert({ fingerprint: 'a', status: 'resolved', endsAt: T1 })),
      id(alert({ fingerprint: 'a', status: 'resolved', endsAt: T2 })),
      grafana({ ...group([alert({ fingerprint: 'a' })]), version: '1' }).signals[0]?.eventId,
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
    expect(base).toMatch(/^alertmanager:firing:[0-9a-f]+$/);
    expect(others[3]).toMatch(/^alertmanager:resolved:[0-9a-f]+$/);
    expect(others[5]).toMatch(/^grafana:firing:[0-9a-f]+$/);
  });

  it('keys an alert without a fingerprint by its labels, in any order', () => {
    const key = (labels: Labels) => am(group([alert({ labels })])).signals[0]?.key;
    const one = key({ alertname: 'DiskFull', instance: 'a' });
    expect(key({ instance: 'a', alertname: 'DiskFull' })).toBe(one);
    expect(key({ alertname: 'DiskFull', instance: 'b' })).not.toBe(one);
    expect(key({ alertname: 'DiskFull', instance: 'a', extra: '' })).not.toBe(one);
    expect(one).toMatch(/^labels:[0-9a-f]+$/);
  });

  it('leaves out a zero-time start, a blank description and empty label sets', () => {
    const intake = grafana({
      ...group([alert({ startsAt: ZERO, labels: {}, annotations: { description: '  ' } })]),
      version: '1',
    });
    const only = intake.signals[0]?.alert;
    expect(only).not.toHaveProperty('startsAt');
    expect(only).not.toHaveProperty('description');
    expect(only).not.toHaveProperty('labels');
    expect(only?.annotations).toEqual({ description: '  ' });
    expect(only?.name).toBe('Unnamed alert');
    expect(intake.alert.name).toBe('Unnamed alert');
    expect(intake.alert).not.toHaveProperty('startsAt');
  });

  it('names a bad end time by its path', () => {
    const result = parseAlertmanagerWebhook(group([alert(), alert({ endsAt: 'soon' })]));
    expect(result.ok || [result.error.message, invalidInput(result.error).details.path]).toEqual([
      'Invalid alertmanager notification: alerts[1].endsAt is not a timestamp',
      ['alerts', 1, 'endsAt'],
    ]);
    const start = parseAlertmanagerWebhook(group([alert({ startsAt: 'now' })]));
    expect(start.ok || start.error.message).toBe(
      'Invalid alertmanager notification: alerts[0].startsAt is not a timestamp',
    );
  });
});

describe('the group as one alert', () => {
  it('takes the worst severity of the firing alerts and the earliest start among them', () => {
    const intake = am(
      group([
        alert({ labels: { alertname: 'A', severity: 'warning' }, startsAt: T1, fingerprint: 'a' }),
        alert({ labels: { alertname: 'A', severity: 'critical' }, startsAt: T2, fingerprint: 'b' }),
        alert({ labels: { alertname: 'A', severity: 'info' }, startsAt: T0, fingerprint: 'c' }),
        alert({
          labels: { alertname: 'A', severity: 'critical' },
          status: 'resolved',
          startsAt: '2026-11-27T17:00:00Z',
          endsAt: T1,
          fingerprint: 'd',
        }),
      ]),
    );
    expect([intake.alert.severity, intake.alert.startsAt, intake.alert.summary]).toEqual([
      'critical',
      T0,
      'A: 3 alerts firing',
    ]);
    const later = am(
      group([
        alert({ labels: { alertname: 'A', severity: 'error' }, startsAt: T1, fingerprint: 'a' }),
        alert({ labels: { alertname: 'A', severity: 'error' }, startsAt: T1, fingerprint: 'b' }),
        alert({ labels: { alertname: 'A', severity: 'info' }, startsAt: T2, fingerprint: 'c' }),
      ]),
    );
    expect([later.alert.severity, later.alert.startsAt]).toEqual(['error', '2026-11-27T17:50:00.000Z']);
  });

  it('when every alert is resolved, speaks of all of them', () => {
    const intake = am(
      group([
        alert({
          status: 'resolved',
          endsAt: T2,
          fingerprint: 'a',
          labels: { alertname: 'A', severity: 'info' },
        }),
        alert({
          status: 'resolved',
          endsAt: T2,
          fingerprint: 'b',
          labels: { alertname: 'B', severity: 'error' },
        }),
      ]),
    );
    expect([intake.status, intake.alert.severity, intake.alert.name, intake.alert.summary]).toEqual([
      'resolved',
      'error',
      'A',
      'A, B: 2 alerts resolved',
    ]);
    expect(intake.alert).not.toHaveProperty('startsAt');
  });

  it('prefers the common labels and annotations, and a single alert’s own summary and description', () => {
    const common = am(
      group([alert({ fingerprint: 'a' }), alert({ fingerprint: 'b', labels: { alertname: 'Other' } })], {
        commonLabels: { alertname: 'Common' },
        commonAnnotations: { summary: 'Common summary', description: 'Common description' },
      }),
    );
    expect([common.alert.name, common.alert.summary, common.alert.description]).toEqual([
      'Common',
      'Common summary',
      'Common description',
    ]);
    const single = am(
      group([alert({ annotations: { summary: 'Own summary', description: 'Own description' } })]),
    );
    expect([single.alert.summary, single.alert.description]).toEqual(['Own summary', 'Own description']);
    const many = am(group([alert({ fingerprint: 'a', annotations: { description: 'x' } }), alert()]));
    expect(many.alert).not.toHaveProperty('description');
    expect(many.alert.summary).toBe('DiskFull: 2 alerts firing');
  });

  it('with no alerts, takes its severity from the common labels', () => {
    const empty = am(group([], { status: 'resolved', commonLabels: { severity: 'critical' } }));
    expect([empty.alert.severity, empty.alert.name, empty.signals]).toEqual([
      'critical',
      'Unnamed alert',
      [],
    ]);
    expect(am(group([], { status: 'resolved' })).alert.severity).toBe('warning');
    expect(am(group([], { status: 'resolved' }), { defaultSeverity: 'info' }).alert.severity).toBe('info');
  });

  it('reads severity from the label it is told to, falling back to the default it is given', () => {
    const body = group([alert({ labels: { alertname: 'A', priority: 'P1', severity: 'info' } })]);
    expect(am(body, { severityLabel: 'priority' }).alert.severity).toBe('critical');
    expect(am(body, { severityLabel: 'missing', defaultSeverity: 'error' }).alert.severity).toBe('error');
  });
});

describe('stable keys and details', () => {
  it('derives the same keys and ids it always has: hosts store them to recognise redeliveries', () => {
    const intake = am(
      group([alert({ fingerprint: 'a' }), alert({ fingerprint: 'b', status: 'resolved', endsAt: T2 })]),
    );
    expect([intake.dedupKey, ...intake.signals.map((signal) => signal.eventId)]).toEqual(PINNED.alertmanager);
    const untimed = am(group([alert({ fingerprint: 'c', status: 'resolved', endsAt: undefined })]));
    expect(untimed.signals[0]?.eventId).toBe(PINNED.resolvedWithoutEnd);
    const fromGrafana = grafana({ ...group([alert({ fingerprint: 'a' })]), version: '1' });
    expect([fromGrafana.dedupKey, fromGrafana.signals[0]?.eventId]).toEqual(PINNED.grafana);
    const generic = parseGenericAlert({
      version: '1',
      status: 'firing',
      dedupKey: 'k',
      alert: { name: 'DiskFull', severity: 'warning' },
    });
    expect(generic.ok && generic.value.signals[0]?.eventId).toBe(PINNED.generic);
  });

  it('accepts an alert without endsAt, keeps each alert’s own start, and leaves a lone alert’s summary out', () => {
    const intake = am(group([alert({ endsAt: undefined })]));
    expect(intake.signals[0]?.alert.startsAt).toBe(T0);
    expect(intake.alert).not.toHaveProperty('summary');
    const ordered = am(
      group([alert({ fingerprint: 'a', startsAt: T1 }), alert({ fingerprint: 'b', startsAt: T2 })]),
    );
    expect(ordered.alert.startsAt).toBe('2026-11-27T17:50:00.000Z');
  });

  it('takes the group’s severity from its alerts, not from its common labels, when it has alerts', () => {
    const intake = am(
      group([alert({ labels: { alertname: 'A', severity: 'info' } })], {
        commonLabels: { severity: 'critical' },
      }),
    );
    expect(intake.alert.severity).toBe('info');
  });
});

// Measured once and pinned (see the test above).
const PINNED = {
  alertmanager: [
    'alertmanager:04b16a3b4a91c478',
    'alertmanager:firing:a05c771740a66163',
    'alertmanager:resolved:896485dd8debf794',
  ],
  resolvedWithoutEnd: 'alertmanager:resolved:34e75702c25f3bac',
  grafana: ['grafana:62f6fc5bc01e7d1d', 'grafana:firing:d0bf9aa49c844b3b'],
  generic: 'generic:firing:e294878b6e8cbf11',
};

describe('options and helpers', () => {
  it('refuses a bad severity label or default severity, saying which and why', () => {
    const refusal = (options: object) => {
      const result = parseAlertmanagerWebhook(group([alert()]), options as never);
      return result.ok ? 'accepted' : [invalidInput(result.error).details.reason, result.error.message];
    };
    expect(refusal({ severityLabel: 5 })).toEqual(['bad_option', 'severityLabel must be a string, got 5']);
    expect(refusal({ defaultSeverity: 'loud' })).toEqual([
      'bad_option',
      'defaultSeverity must be one of critical, error, warning, info, got "loud"',
    ]);
    expect(refusal({ severityLabel: 'level', defaultSeverity: 'info' })).toBe('accepted');
  });

  it('alertSeverityFromLabel trims and lower-cases, and refuses a bad fallback or value', () => {
    expect(alertSeverityFromLabel(' HIGH ', 'info')).toBe('error');
    expect(alertSeverityFromLabel(undefined, 'info')).toBe('info');
    expect(alertSeverityFromLabel('unheard-of', 'info')).toBe('info');
    expect(thrown(() => alertSeverityFromLabel('high', 'loud' as never)).message).toBe(
      'Invalid fallback: expected one of critical, error, warning, info, got "loud"',
    );
    expect(thrown(() => alertSeverityFromLabel(3 as never, 'info')).message).toBe(
      'Invalid value: expected a string or undefined, got 3',
    );
  });
});

describe('the generic alert', () => {
  const base = {
    version: '1',
    dedupKey: 'billing-db-disk',
    alert: { name: 'DiskFull', severity: 'warning' },
  };
  const signal = (body: object) => {
    const result = parseGenericAlert(body);
    if (!result.ok) throw result.error;
    return result.value.signals[0];
  };

  it('dates a firing alert by `at`, else by its start; a resolution only by `at`', () => {
    const startsAt = '2024-01-15T14:00:00Z';
    expect(signal({ ...base, status: 'firing', at: T1 })?.at).toBe('2026-11-27T17:50:00.000Z');
    expect(signal({ ...base, status: 'firing', alert: { ...base.alert, startsAt } })?.at).toBe(
      '2024-01-15T14:00:00.000Z',
    );
    expect(signal({ ...base, status: 'firing' })?.at).toBeNull();
    expect(signal({ ...base, status: 'resolved', alert: { ...base.alert, startsAt } })?.at).toBeNull();
  });

  it('derives its event id from the key, the change and its time, and says what changed', () => {
    const firing = signal({ ...base, status: 'firing', at: T1 });
    expect(firing?.eventId).toMatch(/^generic:firing:[0-9a-f]+$/);
    expect(firing?.text).toBe('Alert DiskFull firing');
    const ids = [
      firing?.eventId,
      signal({ ...base, status: 'resolved', at: T1 })?.eventId,
      signal({ ...base, status: 'firing', at: T2 })?.eventId,
      signal({ ...base, status: 'firing', dedupKey: 'other', at: T1 })?.eventId,
      signal({ ...base, status: 'firing', alert: { ...base.alert, startsAt: '2024-01-15T14:00:00Z' } })
        ?.eventId,
      signal({ ...base, status: 'firing' })?.eventId,
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(signal({ ...base, status: 'firing', at: T1 })?.eventId).toBe(firing?.eventId);
    // Without `at`, a firing alert is dated by its start: the same moment, the same event.
    expect(signal({ ...base, status: 'firing', alert: { ...base.alert, startsAt: T1 } })?.eventId).toBe(
      firing?.eventId,
    );
    expect(
      signal({ ...base, status: 'resolved', at: T1, alert: { ...base.alert, summary: 'Disk 95% full' } })
        ?.text,
    ).toBe('Alert DiskFull resolved: Disk 95% full');
  });

  it('refuses another version and a wrong shape, naming the generic alert', () => {
    const version = parseGenericAlert({ ...base, status: 'firing', version: '2' });
    expect(version.ok || version.error.message).toBe('Unsupported generic alert: version "2" (expected "1")');
    const shape = parseGenericAlert({ ...base, status: 'open' });
    expect(shape.ok || shape.error.message).toMatch(/^Invalid generic alert:\n.*\n {2}→ at status$/);
    const option = parseGenericAlert({ ...base, status: 'firing' }, { maxBytes: -1 });
    expect(option.ok || invalidInput(option.error).details.reason).toBe('bad_option');
  });

  it('refuses the wrong shape of a Grafana notification, naming it', () => {
    const result = parseGrafanaWebhook({
      ...fixtureJson<object>('grafana-webhook-v1-firing.doc.json'),
      alerts: 1,
    });
    expect(result.ok || result.error.message).toMatch(/^Invalid Grafana notification:\n.*\n {2}→ at alerts$/);
    const am4 = parseAlertmanagerWebhook({ ...group([]), alerts: 1 });
    expect(am4.ok || am4.error.message).toMatch(/^Invalid Alertmanager notification:\n.*\n {2}→ at alerts$/);
  });
});

describe('incidentDedupKey', () => {
  const incident = (dedupKey?: string, id = 'INC-7') => {
    const result = createIncident({
      id,
      title: 'Disk full',
      at: T1,
      severity: 'SEV3',
      ...(dedupKey === undefined ? {} : { alert: { name: 'DiskFull', severity: 'warning', dedupKey } }),
    });
    if (!result.ok) throw result.error;
    return result.state;
  };

  it('is the alert’s dedup key, trimmed, else the incident’s own', () => {
    expect(incidentDedupKey(incident(' billing-db-disk '))).toBe('billing-db-disk');
    expect(incidentDedupKey(incident())).toBe('incident-kit:INC-7');
  });

  it('keeps a key of 255 characters and replaces a longer one (from a long incident id) by a stable hash of it', () => {
    const exact = 'k'.repeat(255);
    expect(incidentDedupKey(incident(exact))).toBe(exact);
    const fits = 'i'.repeat(255 - 'incident-kit:'.length);
    expect(incidentDedupKey(incident(undefined, fits))).toBe(`incident-kit:${fits}`);
    const long = incidentDedupKey(incident(undefined, `${fits}i`));
    expect(long).toMatch(/^incident-kit:[0-9a-f]+$/);
    expect(long.length).toBeLessThanOrEqual(255);
    expect(incidentDedupKey(incident(undefined, `${fits}i`))).toBe(long);
    expect(incidentDedupKey(incident(undefined, `${fits}j`))).not.toBe(long);
  });

  it('refuses a state without an id, naming it', () => {
    expect(thrown(() => incidentDedupKey({ alert: null } as never)).message).toMatch(
      /^Invalid state:\n.*\n {2}→ at id$/,
    );
  });
});
