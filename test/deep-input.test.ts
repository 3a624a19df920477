import {
  applyEvent,
  classifySeverity,
  createIncident,
  DEFAULT_SEVERITY_RULES,
  defineSeverityRules,
  IncidentKitError,
  validateIncidentState,
} from 'incident-kit';
import { parseAlertmanagerWebhook, parseGenericAlert } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';
import { at, seedAfter, T0 } from './fixtures/incident';
import { seedImpact } from './fixtures/seed';

// 20,000 levels of nesting: far past any recursion's stack. Each entry point refuses such input with its own error
// (never a RangeError), and the error's message stays short (no JSON.stringify of the input).
const DEPTH = 20_000;

function nested(wrap: (inner: unknown) => unknown, bottom: unknown): unknown {
  let value = bottom;
  for (let level = 0; level < DEPTH; level++) value = wrap(value);
  return value;
}

const deepCondition = nested((inner) => ({ not: inner }), { fact: 'dataLoss', is: true });
const deepAll = nested((inner) => ({ all: [inner] }), { fact: 'dataLoss', is: true });
const rulesWith = (when: unknown) => ({
  ...DEFAULT_SEVERITY_RULES,
  rules: [{ id: 'deep', severity: 'SEV1', summary: 'Deep', when }],
});

describe('severity rules', () => {
  it('refuse conditions nested deeper than 32 levels, and 20,000 levels without overflowing the stack', () => {
    for (const when of [deepCondition, deepAll]) {
      const error = thrown(() => defineSeverityRules(rulesWith(when) as never));
      expect(error.code).toBe('invalid_input');
      expect(error.message.length).toBeLessThan(500);
      expect(thrown(() => classifySeverity(seedImpact, rulesWith(when) as never)).code).toBe('invalid_input');
      const created = createIncident({
        id: 'INC-1',
        title: 'x',
        at: T0,
        severity: 'SEV2',
        settings: { rules: rulesWith(when) as never },
      });
      expect(created.ok || created.error.code).toBe('invalid_input');
    }
    let when: unknown = { fact: 'dataLoss', is: true };
    for (let level = 0; level < 32; level++) when = { not: when };
    expect(() => defineSeverityRules(rulesWith(when) as never)).not.toThrow();
    expect(thrown(() => defineSeverityRules(rulesWith({ not: when }) as never)).message).toContain(
      'The condition nests deeper than 32 levels',
    );
  });
});

describe('events, states and webhook bodies', () => {
  it('are refused at 20,000 levels with a short message', () => {
    const incident = seedAfter(2);
    const deepObject = nested((inner) => ({ a: inner }), 'x');
    const deepArray = nested((inner) => [inner], 'x');
    const results = [
      applyEvent(incident, { type: 'add_note', at: at(10), text: deepArray } as never),
      applyEvent(incident, {
        type: 'assess_impact',
        at: at(10),
        impact: { ...seedImpact, notes: deepArray },
      } as never),
      validateIncidentState({ ...incident, alert: { name: 'x', severity: 'info', labels: deepObject } }),
      parseAlertmanagerWebhook({ version: '4', alerts: deepArray }),
      parseAlertmanagerWebhook(
        `{"version":"4","groupLabels":${'{"a":'.repeat(DEPTH)}"x"${'}'.repeat(DEPTH)}}`,
      ),
      parseGenericAlert({ version: '1', status: 'firing', dedupKey: 'k', at: T0, alert: deepObject }),
    ];
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error).toBeInstanceOf(IncidentKitError);
      expect(result.error.message.length).toBeLessThan(2000);
    }
  });
});

describe('input that throws when read', () => {
  it("passes the caller's own error through unchanged, as docs/errors.md says", () => {
    const own = new Error('your getter');
    const note = {
      type: 'add_note',
      get at(): string {
        throw own;
      },
      text: 'x',
    };
    const proxy = new Proxy(
      {},
      {
        get() {
          throw own;
        },
      },
    );
    expect(() => applyEvent(seedAfter(2), note as never)).toThrow(own);
    expect(() => createIncident(proxy as never)).toThrow(own);
    expect(() => validateIncidentState(proxy)).toThrow(own);
  });
});
