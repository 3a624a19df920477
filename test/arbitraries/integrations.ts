import fc from 'fast-check';

/** Text an attacker or a careless alert rule could send: control and bidi characters, mentions, entities, long runs. */
export const hostileTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '<!channel>',
    '&amp;&lt;',
    '\u202eevil',
    '\u0000',
    ' ',
    '**bold**',
    '<script>',
    '0001-01-01T00:00:00Z',
  ),
  fc.string({ minLength: 1000, maxLength: 3000 }),
  fc.constantFrom('x'.repeat(30_000), '漢'.repeat(12_000), '👩‍👩‍👧'.repeat(3000)),
);

/** An RFC 3339 time as the tools write it: milliseconds, nanoseconds (Alertmanager) or an offset (Grafana). */
export const sourceTimeArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({
      min: new Date('2001-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('ms', 'ns', 'offset'),
  )
  .map(([date, style]) => {
    const iso = date.toISOString();
    if (style === 'ns') return `${iso.slice(0, 23)}123456Z`;
    if (style === 'offset') return `${iso.slice(0, 19)}.157076+00:00`;
    return iso;
  });

const labelsArb = fc.dictionary(
  fc.oneof(
    fc.constantFrom('alertname', 'severity', 'instance', 'job', 'runbook_url'),
    fc.string({ maxLength: 20 }),
  ),
  hostileTextArb,
  { maxKeys: 6 },
);

/** One alert of an Alertmanager v4 notification, with arbitrary (often hostile) labels and annotations. */
export const alertmanagerAlertArb = fc.record({
  status: fc.constantFrom('firing' as const, 'resolved' as const),
  labels: labelsArb,
  annotations: labelsArb,
  startsAt: sourceTimeArb,
  endsAt: fc.oneof(fc.constant('0001-01-01T00:00:00Z'), sourceTimeArb),
  generatorURL: fc.oneof(fc.webUrl(), hostileTextArb),
  fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
});

/** A well-formed Alertmanager v4 notification. */
export const alertmanagerPayloadArb = fc.record({
  version: fc.constant('4' as const),
  groupKey: fc.string({ maxLength: 80 }),
  truncatedAlerts: fc.nat({ max: 10 }),
  status: fc.constantFrom('firing' as const, 'resolved' as const),
  receiver: fc.string({ maxLength: 20 }),
  groupLabels: labelsArb,
  commonLabels: labelsArb,
  commonAnnotations: labelsArb,
  externalURL: fc.webUrl(),
  alerts: fc.array(alertmanagerAlertArb, { minLength: 1, maxLength: 5 }),
});

/** Anything a client could put in a request: JSON values, raw text, bytes (often not UTF-8), and JS oddities. */
export const anyBodyArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.json(),
  fc.string(),
  fc.uint8Array({ maxLength: 2048 }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => bytes.buffer),
  fc.anything(),
  fc.constantFrom(undefined, null, Number.NaN, 1n as unknown, Symbol('x') as unknown, () => 1),
);
