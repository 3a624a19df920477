import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { IncidentKitError } from 'incident-kit';
import {
  parsePagerDutyWebhook,
  parseVerifiedPagerDutyWebhook,
  routeAlertIntake,
  verifyPagerDutySignature,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../src/integrations/internal/timing';
import { anyBodyArb } from '../arbitraries/integrations';
import { propertyRuns } from '../support/property-runs';
import { declare, fixtureBytes, fixtureJson, fixtureText, invalidInput } from './helpers';

interface Vector {
  secret: string;
  body_file: string;
  body_length_bytes: number;
  body_sha256_hex: string;
  expected_hmac_hex: string;
  cases: { name: string; header: string; body: string; expect: string }[];
  doc_example_header: { value: string };
}

const vector = fixtureJson<Vector>('pagerduty-webhook-v3-signature-vector.json');
const body = fixtureText(vector.body_file);
const bodyBytes = fixtureBytes(vector.body_file);
const valid = `v1=${vector.expected_hmac_hex}`;

describe('verifyPagerDutySignature', () => {
  it('has the vector’s body byte for byte', () => {
    expect(bodyBytes.byteLength).toBe(vector.body_length_bytes);
    expect(createHash('sha256').update(bodyBytes).digest('hex')).toBe(vector.body_sha256_hex);
  });

  it.each(vector.cases)('gives the go-pagerduty result for the $name case', async (testCase) => {
    const raw = testCase.body === 'body_file' ? body : testCase.body;
    expect(await verifyPagerDutySignature(raw, testCase.header, vector.secret)).toBe(
      testCase.expect === 'valid',
    );
  });

  it('verifies the raw body as a string, as bytes and as an ArrayBuffer', async () => {
    const buffer = new Uint8Array(bodyBytes).buffer;
    for (const raw of [body, bodyBytes, buffer])
      expect(await verifyPagerDutySignature(raw, valid, vector.secret)).toBe(true);
  });

  it('fails with a wrong secret, a tampered body, a truncated signature or a parsed body', async () => {
    expect(await verifyPagerDutySignature(body, valid, `${vector.secret}x`)).toBe(false);
    expect(await verifyPagerDutySignature(body.replace('"P1"', '"P2"'), valid, vector.secret)).toBe(false);
    expect(await verifyPagerDutySignature(`${body}\n`, valid, vector.secret)).toBe(false);
    expect(await verifyPagerDutySignature(body, valid.slice(0, -2), vector.secret)).toBe(false);
    expect(await verifyPagerDutySignature(JSON.parse(body), valid, vector.secret)).toBe(false);
    expect(await verifyPagerDutySignature(body, valid, [])).toBe(false);
    expect(await verifyPagerDutySignature(body, undefined, vector.secret)).toBe(false);
  });

  it('accepts any of several signatures and any of several secrets (key rotation)', async () => {
    const rotation = `${vector.doc_example_header.value},${valid}`;
    expect(await verifyPagerDutySignature(body, rotation, vector.secret)).toBe(true);
    expect(
      await verifyPagerDutySignature(body, `${valid}, v1=${'0'.repeat(64)}`, ['old-secret', vector.secret]),
    ).toBe(true);
    expect(await verifyPagerDutySignature(body, vector.doc_example_header.value, vector.secret)).toBe(false);
    // Only v1 signatures count.
    expect(await verifyPagerDutySignature(body, `v2=${vector.expected_hmac_hex}`, vector.secret)).toBe(false);
    expect(
      await verifyPagerDutySignature(body, valid.toUpperCase().replace('V1=', 'v1='), vector.secret),
    ).toBe(true);
  });

  it('agrees with Node’s HMAC for arbitrary bodies and secrets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), async (text, secret) => {
        const hex = createHmac('sha256', Buffer.from(secret, 'utf8'))
          .update(Buffer.from(text, 'utf8'))
          .digest('hex');
        expect(await verifyPagerDutySignature(text, `v1=${hex}`, secret)).toBe(true);
        expect(await verifyPagerDutySignature(text, `v1=${hex}`, `${secret}!`)).toBe(false);
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('refuses to verify a body over the size limit', async () => {
    expect(await verifyPagerDutySignature(body, valid, vector.secret, { maxBytes: 100 })).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  /** A byte sequence that counts how many of its positions were read. */
  function counted(bytes: number[]): { view: ArrayLike<number>; reads: () => number } {
    let reads = 0;
    const view = new Proxy(bytes, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
        return Reflect.get(target, key, receiver);
      },
    });
    return { view, reads: () => reads };
  }

  it('reads every position of both sequences whether they differ first, last or not at all', () => {
    const expected = Array.from({ length: 64 }, (_, index) => 48 + (index % 10));
    for (const differAt of [0, 31, 63, -1]) {
      const actual = [...expected];
      if (differAt >= 0) actual[differAt] = 120;
      const a = counted(expected);
      const b = counted(actual);
      expect(constantTimeEqual(a.view, b.view)).toBe(differAt === -1);
      expect([a.reads(), b.reads()]).toEqual([64, 64]);
    }
  });

  it('is equality of byte sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 255 })), fc.array(fc.nat({ max: 255 })), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(
          a.length === b.length && a.every((byte, index) => byte === b[index]),
        );
        expect(constantTimeEqual(a, [...a])).toBe(true);
      }),
    );
  });
});

describe('parsePagerDutyWebhook', () => {
  const cases = [
    ['pagerduty-webhook-v3-incident.triggered.assembled.json', 'firing'],
    ['pagerduty-webhook-v3-incident.acknowledged.assembled.json', 'acknowledged'],
    ['pagerduty-webhook-v3-incident.resolved.assembled.json', 'resolved'],
    ['pagerduty-webhook-v3-incident.priority_updated.doc.json', 'updated'],
  ] as const;

  it.each(cases)('reads %s as a %s signal', (name, change) => {
    const result = parsePagerDutyWebhook(fixtureText(name));
    if (!result.ok) throw result.error;
    expect(result.value).toMatchObject({
      source: 'pagerduty',
      dedupKey: 'd3640fbd41094207a1c11e58e46b1662',
      status: change === 'resolved' ? 'resolved' : 'firing',
      alert: {
        name: 'A little bump in the road',
        severity: 'critical',
        labels: { service: 'API Service', priority: 'P1', urgency: 'high', number: '2' },
        links: [{ href: 'https://acme.pagerduty.com/incidents/PGR0VU2', text: 'PagerDuty incident' }],
      },
      signals: [
        {
          change,
          at: '2020-10-02T18:45:22.169Z',
          eventId: 'pagerduty:5ac64822-4adc-4fda-ade0-410becf0de4f',
          by: { id: 'PLH1HKV', name: 'Tenex Engineer' },
        },
      ],
    });
  });

  it('reads the signature vector’s body (no incident key, a null client) keyed by the incident id', () => {
    const result = parsePagerDutyWebhook(bodyBytes);
    expect(result.ok && [result.value.dedupKey, result.value.signals[0]?.change]).toEqual([
      'pagerduty:PGR0VU2',
      'updated',
    ]);
  });

  it('keeps the dedup key within 255 characters and links only to http(s) pages (found by fuzzing)', () => {
    const sample = fixtureJson<{ event: { data: Record<string, unknown> } }>(cases[0][0]);
    const long = 'k'.repeat(300);
    const delivery = {
      event: {
        ...sample.event,
        data: { ...sample.event.data, incident_key: long, html_url: 'Ahttps://x.test/1' },
      },
    };
    const result = parsePagerDutyWebhook(delivery);
    if (!result.ok) throw result.error;
    expect(result.value.dedupKey).toMatch(/^pagerduty:[0-9a-f]{16}$/);
    expect(parsePagerDutyWebhook(delivery)).toEqual(result);
    expect(result.value.alert.links).toBeUndefined();
    // The intake is one the router and the lifecycle accept as it stands.
    const route = routeAlertIntake(result.value, null);
    if (!route.ok || route.value.action !== 'declare') throw new Error('expected a declaration');
    expect(declare(route.value.declaration).alert?.dedupKey).toBe(result.value.dedupKey);
  });

  it('parses a service event with no signal, saying why it is ignored', () => {
    const result = parsePagerDutyWebhook(fixtureText('pagerduty-webhook-v3-service.updated.doc.json'));
    if (!result.ok) throw result.error;
    expect([result.value.signals, result.value.ignored]).toEqual([
      [],
      'service.updated is not about an incident',
    ]);
    expect(routeAlertIntake(result.value, null)).toEqual({
      ok: true,
      value: { action: 'ignore', reason: 'service.updated is not about an incident' },
    });
  });

  it('turns an acknowledgement into an acknowledge event on the detected incident, once', () => {
    const triggered = parsePagerDutyWebhook(fixtureText(cases[0][0]));
    const acked = parsePagerDutyWebhook(fixtureText(cases[1][0]));
    if (!triggered.ok || !acked.ok) throw new Error('fixtures must parse');
    const declared = routeAlertIntake(triggered.value, null);
    if (!declared.ok || declared.value.action !== 'declare') throw new Error('expected a declaration');
    const state = declare(declared.value.declaration);
    const route = routeAlertIntake(acked.value, state);
    expect(route.ok && route.value.action === 'apply' && route.value.events).toEqual([
      {
        type: 'acknowledge',
        id: 'pagerduty:5ac64822-4adc-4fda-ade0-410becf0de4f',
        at: '2020-10-02T18:45:22.169Z',
        by: { id: 'PLH1HKV', name: 'Tenex Engineer' },
      },
    ]);
  });

  it.each([
    ['a v2 delivery', { messages: [{ event: 'incident.trigger' }] }, 'wrong_version'],
    ['no event', { data: {} }, 'wrong_shape'],
    [
      'a bad occurred_at',
      { event: { ...fixtureJson<{ event: object }>(cases[0][0]).event, occurred_at: 'now' } },
      'wrong_shape',
    ],
    [
      'a bad event type',
      { event: { ...fixtureJson<{ event: object }>(cases[0][0]).event, event_type: 'Incident Triggered' } },
      'wrong_shape',
    ],
  ])('refuses %s', (_, delivery, reason) => {
    const result = parsePagerDutyWebhook(delivery);
    expect(result.ok || invalidInput(result.error).details.reason).toBe(reason);
  });

  it('never throws, and refuses with an invalid_input IncidentKitError, whatever it is given', () => {
    fc.assert(
      fc.property(anyBodyArb, (delivery) => {
        const result = parsePagerDutyWebhook(delivery);
        if (!result.ok)
          expect([result.error instanceof IncidentKitError, result.error.code]).toEqual([
            true,
            'invalid_input',
          ]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('parseVerifiedPagerDutyWebhook', () => {
  it('parses a correctly signed body and refuses a badly signed or oversized one, saying why', async () => {
    const good = await parseVerifiedPagerDutyWebhook(body, valid, vector.secret);
    expect(good.ok && good.value.dedupKey).toBe('pagerduty:PGR0VU2');
    const bad = await parseVerifiedPagerDutyWebhook(body, valid, 'wrong');
    expect(bad.ok || invalidInput(bad.error).details.reason).toBe('bad_signature');
    const big = await parseVerifiedPagerDutyWebhook(body, valid, vector.secret, { maxBytes: 1000 });
    expect(big.ok || big.error.details.reason).toBe('too_large');
    const parsed = await parseVerifiedPagerDutyWebhook(JSON.parse(body), valid, vector.secret);
    expect(parsed.ok || parsed.error.details.reason).toBe('wrong_shape');
  });

  it('never throws for arbitrary bodies and headers', async () => {
    await fc.assert(
      fc.asyncProperty(anyBodyArb, fc.oneof(fc.string(), fc.constant(valid)), async (raw, header) => {
        const result = await parseVerifiedPagerDutyWebhook(raw as string, header, vector.secret);
        if (!result.ok) expect(result.error).toBeInstanceOf(IncidentKitError);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
