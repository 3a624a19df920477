// What a PagerDuty webhook intake says, field by field, and the edges of signature checking: size limits to the
// byte, signatures and secrets in every accepted form, refusals and their messages. (Mutation testing showed these
// were read by no test.)
import { createHmac } from 'node:crypto';
import {
  parsePagerDutyWebhook,
  parseVerifiedPagerDutyWebhook,
  verifyPagerDutySignature,
} from 'incident-kit/integrations';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureJson, invalidInput } from './helpers';

const TRIGGERED = 'pagerduty-webhook-v3-incident.triggered.assembled.json';

interface Delivery {
  event: { id: string; agent?: unknown; data: Record<string, unknown>; [key: string]: unknown };
}

function delivery(data: Record<string, unknown> = {}, event: Record<string, unknown> = {}): Delivery {
  const sample = fixtureJson<Delivery>(TRIGGERED);
  return { event: { ...sample.event, ...event, data: { ...sample.event.data, ...data } } };
}

function intake(body: unknown) {
  const result = parsePagerDutyWebhook(body);
  if (!result.ok) throw result.error;
  return result.value;
}

const sign = (body: string | Uint8Array, secret: string) =>
  `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('parsePagerDutyWebhook, field by field', () => {
  it('reads the triggered incident into one alert and one signal', () => {
    const value = intake(delivery());
    expect(value.alert).toEqual({
      name: 'A little bump in the road',
      severity: 'critical',
      summary: 'A little bump in the road',
      source: 'pagerduty',
      labels: { service: 'API Service', priority: 'P1', urgency: 'high', number: '2' },
      dedupKey: 'd3640fbd41094207a1c11e58e46b1662',
      startsAt: '2020-04-09T15:16:27.000Z',
      links: [{ href: 'https://acme.pagerduty.com/incidents/PGR0VU2', text: 'PagerDuty incident' }],
    });
    expect(value.signals[0]?.text).toBe(
      'PagerDuty: incident.triggered (triggered) by Tenex Engineer: A little bump in the road',
    );
    expect([value.status, value.groupKey, value.truncatedAlerts, value.ignored]).toEqual([
      'firing',
      null,
      0,
      null,
    ]);
  });

  it('falls back for what a delivery leaves out: title, incident key, urgency, start, service, agent', () => {
    const value = intake(
      delivery(
        {
          title: '  ',
          incident_key: ' ',
          urgency: 'low',
          created_at: undefined,
          service: undefined,
          priority: undefined,
          number: undefined,
          html_url: undefined,
        },
        { agent: { id: ' PX ', type: 'user_reference' } },
      ),
    );
    expect(value.alert).toEqual({
      name: 'PagerDuty incident PGR0VU2',
      severity: 'warning',
      summary: 'PagerDuty incident PGR0VU2',
      source: 'pagerduty',
      labels: { urgency: 'low' },
      dedupKey: 'pagerduty:PGR0VU2',
    });
    expect(value.signals[0]?.by).toEqual({ id: 'PX', name: 'PX' });
    const numbered = intake(delivery({ title: undefined }));
    expect(numbered.alert.name).toBe('PagerDuty incident 2');
    const anonymous = intake(delivery({}, { agent: { id: ' ', summary: 'Nobody' } }));
    expect(anonymous.signals[0]).not.toHaveProperty('by');
    expect(anonymous.signals[0]?.text).toBe(
      'PagerDuty: incident.triggered (triggered): A little bump in the road',
    );
    const untimed = intake(delivery({ created_at: 'yesterday' }));
    expect(untimed.alert).not.toHaveProperty('startsAt');
  });

  it('keeps a key of 255 characters and hashes a longer one; an event id over the limit is hashed too', () => {
    expect(intake(delivery({ incident_key: 'k'.repeat(255) })).dedupKey).toBe('k'.repeat(255));
    expect(intake(delivery({ incident_key: 'k'.repeat(256) })).dedupKey).toMatch(/^pagerduty:[0-9a-f]{16}$/);
    const short = intake(delivery({}, { id: 'e'.repeat(20) })).signals[0]?.eventId;
    expect(short).toBe(`pagerduty:${'e'.repeat(20)}`);
    const long = intake(delivery({}, { id: 'e'.repeat(400) })).signals[0]?.eventId;
    expect(long).toMatch(/^pagerduty:[0-9a-f]{16}$/);
    expect(intake(delivery({}, { id: 'f'.repeat(400) })).signals[0]?.eventId).not.toBe(long);
  });

  it('ignores an event about another resource, or an incident event whose data is not an incident', () => {
    const service = intake(delivery({ type: 'service', id: 'PSVC' }, { resource_type: 'service' }));
    expect(service).toEqual({
      source: 'pagerduty',
      dedupKey: 'pagerduty:service:PSVC',
      groupKey: null,
      status: 'resolved',
      truncatedAlerts: 0,
      alert: { name: 'incident.triggered', severity: 'info', source: 'pagerduty' },
      signals: [],
      ignored: 'incident.triggered is not about an incident',
    });
    expect(intake(delivery({ type: 'service_reference' })).ignored).toBe(
      'incident.triggered is not about an incident',
    );
  });

  it('refuses a v2 delivery and a wrong shape, saying which', () => {
    const v2 = parsePagerDutyWebhook({ messages: [] });
    expect(v2.ok || [v2.error.message, invalidInput(v2.error).details]).toEqual([
      'Unsupported PagerDuty webhook: a v2 delivery (`messages`); subscribe with a v3 webhook (`event`)',
      expect.objectContaining({ reason: 'wrong_version', expected: 'v3', found: 'v2' }),
    ]);
    const shape = parsePagerDutyWebhook({ event: 1 });
    expect(shape.ok || shape.error.message).toMatch(/^Invalid PagerDuty webhook:\n/);
    const data = parsePagerDutyWebhook(delivery({ number: 'two' }));
    expect(data.ok || data.error.message).toMatch(/^Invalid PagerDuty incident:\n/);
  });
});

describe('verifyPagerDutySignature, at the edges', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const secret = 'a-secret';

  it('verifies a body of exactly the limit, in bytes, in every form, and not one byte more', async () => {
    const body = `{"x":"${'é'.repeat(10)}"}`; // 28 bytes in UTF-8, 18 characters
    const bytes = new TextEncoder().encode(body);
    const header = sign(body, secret);
    expect(bytes.length).toBe(28);
    for (const form of [body, bytes, bytes.slice().buffer]) {
      expect(await verifyPagerDutySignature(form, header, secret, { maxBytes: 28 })).toBe(true);
      expect(await verifyPagerDutySignature(form, header, secret, { maxBytes: 27 })).toBe(false);
    }
  });

  it('verifies only the bytes a view shows', async () => {
    const body = new TextEncoder().encode('xx{"a":1}yy');
    const view = body.subarray(2, 9);
    expect(await verifyPagerDutySignature(view, sign('{"a":1}', secret), secret)).toBe(true);
  });

  it('takes signatures in upper case, with spaces, among others, and any non-empty secret of a list', async () => {
    const body = '{"a":1}';
    const good = sign(body, secret);
    const upper = `V1=${good.slice(3).toUpperCase()}`;
    expect(await verifyPagerDutySignature(body, upper, secret)).toBe(true);
    expect(await verifyPagerDutySignature(body, ` v1=${'0'.repeat(64)} , ${good} `, secret)).toBe(true);
    expect(await verifyPagerDutySignature(body, good, ['', 'other', secret])).toBe(true);
    expect(await verifyPagerDutySignature(body, good, [1, secret] as never)).toBe(true);
    expect(await verifyPagerDutySignature(body, good, ['', 'other'])).toBe(false);
    expect(await verifyPagerDutySignature(body, good, 5 as never)).toBe(false);
    expect(await verifyPagerDutySignature('', sign('', secret), secret)).toBe(false);
    expect(await verifyPagerDutySignature(body, 'v1=abc', secret)).toBe(false);
  });

  it('refuses to run without Web Crypto, saying so, and the one-call parser returns that refusal', async () => {
    vi.stubGlobal('crypto', undefined);
    const body = '{"a":1}';
    const run = verifyPagerDutySignature(body, sign(body, secret), secret);
    await expect(run).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Web Crypto (crypto.subtle) is not available in this runtime',
      details: { reason: 'no_web_crypto' },
    });
    const parsed = await parseVerifiedPagerDutyWebhook(body, sign(body, secret), secret);
    expect(parsed.ok || [parsed.error.message, invalidInput(parsed.error).details.reason]).toEqual([
      'Web Crypto (crypto.subtle) is not available in this runtime',
      'no_web_crypto',
    ]);
  });
});

describe('parseVerifiedPagerDutyWebhook, refusals', () => {
  const secret = 'a-secret';

  it('says why: not a raw body, over the limit, or not signed', async () => {
    const parsed = await parseVerifiedPagerDutyWebhook({ event: {} } as never, 'v1=x', secret);
    expect(parsed.ok || [parsed.error.message, invalidInput(parsed.error).details.reason]).toEqual([
      'A signed PagerDuty webhook must be given as the raw body (a string or bytes)',
      'wrong_shape',
    ]);
    const body = JSON.stringify(delivery());
    const size = new TextEncoder().encode(body).length;
    const large = await parseVerifiedPagerDutyWebhook(body, sign(body, secret), secret, {
      maxBytes: size - 1,
    });
    expect(large.ok || [large.error.message, invalidInput(large.error).details]).toEqual([
      `The PagerDuty webhook is ${size} bytes, over the limit of ${size - 1}`,
      expect.objectContaining({ reason: 'too_large', limit: size - 1 }),
    ]);
    const fits = await parseVerifiedPagerDutyWebhook(body, sign(body, secret), secret, { maxBytes: size });
    expect(fits.ok).toBe(true);
    const buffer = new TextEncoder().encode(body).buffer;
    expect((await parseVerifiedPagerDutyWebhook(buffer, sign(body, secret), secret)).ok).toBe(true);
    const unsigned = await parseVerifiedPagerDutyWebhook(body, sign(body, 'other'), secret);
    expect(unsigned.ok || [unsigned.error.message, invalidInput(unsigned.error).details.reason]).toEqual([
      'The PagerDuty webhook has no valid X-PagerDuty-Signature for this body and these secrets',
      'bad_signature',
    ]);
    const badOptions = await parseVerifiedPagerDutyWebhook(body, sign(body, secret), secret, null as never);
    expect(badOptions.ok || invalidInput(badOptions.error).details.reason).toBe('bad_option');
  });
});
