import { applyEvent, getSeverityPolicy, restoreIncident, serializeIncident } from 'incident-kit';
import {
  alertSeverityFromLabel,
  parseAlertmanagerWebhook,
  toOpsgenieAlert,
  toStatuspageIncident,
} from 'incident-kit/integrations';
import { createRenderer } from 'incident-kit/templates';
import { describe, expect, it } from 'vitest';
import { at, seedAfter } from './fixtures/incident';
import { fixtureText } from './integrations/helpers';

// `__proto__`, `constructor` and `prototype` as keys or values in any input: no crash, no prototype pollution, and no
// different behaviour than any other unknown name (look-ups keyed by user strings read own properties only).
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;

describe('prototype names in inputs', () => {
  it('are unknown severity words, like any other', () => {
    for (const name of PROTOTYPE_NAMES) expect(alertSeverityFromLabel(name, 'info')).toBe('info');
  });

  it('read no severity label off a prototype', () => {
    const body = fixtureText('alertmanager-webhook-v4-firing.captured.json');
    const plain = parseAlertmanagerWebhook(body, { severityLabel: 'no_such_label', defaultSeverity: 'info' });
    for (const name of PROTOTYPE_NAMES) {
      const parsed = parseAlertmanagerWebhook(body, { severityLabel: name, defaultSeverity: 'info' });
      expect(parsed).toEqual(plain);
    }
  });

  it('are kept as data in the request bodies built from them', () => {
    const incident = seedAfter(5);
    const body = toStatuspageIncident(incident, { componentIds: ['__proto__', 'constructor'] });
    expect(Object.keys(body.incident.components)).toEqual(['__proto__', 'constructor']);
    const sent = JSON.parse(JSON.stringify(body)).incident.components;
    expect(Object.getOwnPropertyDescriptor(sent, '__proto__')?.value).toBe(sent.constructor);
    const alert = toOpsgenieAlert({
      ...incident,
      alert: { name: 'X', severity: 'critical', labels: { constructor: 'c', prototype: 'p' } },
    });
    expect(alert.details).toMatchObject({ constructor: 'c', prototype: 'p' });
  });

  it('name custom messages and policy keys like any other name', () => {
    const renderer = createRenderer({ templates: { constructor: '{{title}}!' } });
    expect(renderer.render('constructor', { title: 'Auth' }, { format: 'text' })).toBe('Auth!');
    expect(() => renderer.render('toString', { title: 'Auth' })).toThrow(/Unknown message kind "toString"/);
    const table = { ...JSON.parse('{"constructor":{},"__proto__":{}}'), SEV2: getSeverityPolicy('SEV2') };
    expect(getSeverityPolicy('SEV2', table)).toBe(table.SEV2);
  });

  it('are refused where a schema knows every key, and pollute nothing', () => {
    const incident = seedAfter(2);
    for (const name of PROTOTYPE_NAMES) {
      const event = JSON.parse(`{"type":"add_note","at":"${at(10)}","text":"x","${name}":{"polluted":true}}`);
      expect(applyEvent(incident, event).ok).toBe(false);
      const envelope = JSON.parse(JSON.stringify(serializeIncident(incident)));
      envelope.state = JSON.parse(
        JSON.stringify(envelope.state).replace('{', `{"${name}":{"polluted":true},`),
      );
      expect(restoreIncident(envelope).ok).toBe(false);
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
