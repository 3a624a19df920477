// Fuzzing the intake parsers from the vendors' own samples: arbitrary bodies almost never get past the version check,
// so here each captured or documented webhook is mutated — a field dropped or replaced deep inside by arbitrary
// JSON or hostile text, or its raw bytes flipped, cut or spliced — and fed to every parser. The oracle: no parser
// throws; a refusal is an `invalid_input` IncidentKitError with a documented reason, and a shape error names the
// field; an accepted body gives an intake of the documented shape whose route the lifecycle accepts as it stands
// (the declaration opens an incident, every suggested event applies).
import fc from 'fast-check';
import { applyEvent, createIncident, IncidentKitError, type IncidentState } from 'incident-kit';
import {
  parseAlertmanagerWebhook,
  parseGenericAlert,
  parseGrafanaWebhook,
  parsePagerDutyWebhook,
  routeAlertIntake,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { AlertIntakeSchema } from '../../src/integrations/intake';
import { edit } from '../arbitraries/edit';
import { hostileTextArb } from '../arbitraries/integrations';
import { fixtureBytes } from './helpers';

// INTAKE_FUZZ_RUNS=5000 for a deeper search; the tally below scales with it.
const RUNS = Number(process.env.INTAKE_FUZZ_RUNS ?? 1000);
const REASONS = ['too_large', 'not_utf8', 'not_json', 'wrong_version', 'wrong_shape'];

const PARSERS = {
  parseAlertmanagerWebhook,
  parseGrafanaWebhook,
  parsePagerDutyWebhook,
  parseGenericAlert,
} as const;

const GENERIC = {
  version: '1',
  status: 'firing',
  dedupKey: 'billing-db-disk',
  at: '2024-01-15T14:20:00Z',
  alert: {
    name: 'DiskFull',
    severity: 'warning',
    summary: 'Disk on billing-db over 95%',
    labels: { host: 'billing-db' },
    links: [{ href: 'https://runbooks.example.com/disk', text: 'Runbook' }],
  },
};

const SAMPLES: Record<keyof typeof PARSERS, readonly Uint8Array[]> = {
  parseAlertmanagerWebhook: [
    'alertmanager-webhook-v4-firing.captured.json',
    'alertmanager-webhook-v4-mixed-firing-resolved.captured.json',
    'alertmanager-webhook-v4-resolved.captured.json',
    'alertmanager-webhook-v4-truncated.captured.json',
  ].map(fixtureBytes),
  parseGrafanaWebhook: [
    'grafana-webhook-v1-firing.doc.json',
    'grafana-webhook-v1-firing.alerting-test.json',
  ].map(fixtureBytes),
  parsePagerDutyWebhook: [
    'pagerduty-webhook-v3-incident.triggered.assembled.json',
    'pagerduty-webhook-v3-incident.acknowledged.assembled.json',
    'pagerduty-webhook-v3-incident.resolved.assembled.json',
    'pagerduty-webhook-v3-incident.priority_updated.doc.json',
    'pagerduty-webhook-v3-service.updated.doc.json',
    'pagerduty-webhook-v3-signature-vector.body.txt',
  ].map(fixtureBytes),
  parseGenericAlert: [new TextEncoder().encode(JSON.stringify(GENERIC))],
};

/** One to three edits of the parsed sample: drop an entry, or replace it with JSON, hostile text or a near-miss. */
const jsonMutationArb: fc.Arbitrary<(value: unknown) => unknown> = fc
  .array(
    fc.tuple(
      fc.nat(),
      fc.nat({ max: 5 }),
      fc.oneof(
        fc.constant(undefined),
        fc.jsonValue({ maxDepth: 2 }),
        hostileTextArb,
        fc.constantFrom(
          '',
          '4',
          '1',
          'firing',
          'resolved',
          '0001-01-01T00:00:00Z',
          'incident',
          null,
          -1,
          1e308,
        ),
      ),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map(
    (edits) => (value: unknown) =>
      edits.reduce(
        (current, [pick, depth, replacement]) => edit(current, pick, depth, () => replacement),
        value,
      ),
  );

/** Raw-byte damage: flip a byte, cut the body short, splice in random bytes, or repeat a slice. */
const byteMutationArb: fc.Arbitrary<(bytes: Uint8Array) => Uint8Array> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat({ max: 255 })).map(([at, byte]) => (bytes: Uint8Array) => {
    const copy = new Uint8Array(bytes);
    copy[at % copy.length] = byte;
    return copy;
  }),
  fc.nat().map((at) => (bytes: Uint8Array) => bytes.slice(0, at % bytes.length)),
  fc
    .tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }))
    .map(([at, inserted]) => (bytes: Uint8Array) => {
      const cut = at % bytes.length;
      return new Uint8Array([...bytes.subarray(0, cut), ...inserted, ...bytes.subarray(cut)]);
    }),
  fc.tuple(fc.nat(), fc.nat({ max: 64 })).map(([at, length]) => (bytes: Uint8Array) => {
    const start = at % bytes.length;
    const slice = bytes.subarray(start, start + length);
    return new Uint8Array([...bytes.subarray(0, start), ...slice, ...slice, ...bytes.subarray(start)]);
  }),
);

const decoder = new TextDecoder();
const tally = { accepted: 0, refused: 0, declared: 0 };

/** `checkEveryParser`, with the body in the failure message (fast-check shows the mutation, not its result). */
function check(body: unknown): void {
  try {
    checkEveryParser(body);
  } catch (error) {
    const shown = body instanceof Uint8Array ? decoder.decode(body) : JSON.stringify(body);
    throw new Error(`${(error as Error).message}\nfor the body ${shown?.slice(0, 3000)}`);
  }
}

/** Parses with every parser and checks each answer; `body` is bytes or already-parsed JSON. */
function checkEveryParser(body: unknown): void {
  for (const parse of Object.values(PARSERS)) {
    let result: ReturnType<typeof parse>;
    try {
      result = parse(body);
    } catch (error) {
      throw new Error(`${parse.name} threw ${String(error)}`);
    }
    const where = `${parse.name}: `;
    if (!result.ok) {
      tally.refused += 1;
      expect(result.error).toBeInstanceOf(IncidentKitError);
      expect(result.error.code).toBe('invalid_input');
      expect(REASONS).toContain(result.error.details.reason);
      if (result.error.details.reason === 'wrong_shape') {
        // It names the field: zod's issues carry paths, the timestamp check its own path (or there is no body).
        const named =
          result.error.issues.length > 0 || Array.isArray(result.error.details.path) || body === undefined;
        expect(named, result.error.message).toBe(true);
      }
      continue;
    }
    tally.accepted += 1;
    const intake = result.value;
    const shape = AlertIntakeSchema.safeParse(intake);
    if (!shape.success)
      throw new Error(`${where}intake off its schema: ${JSON.stringify(shape.error.issues)}`);
    expect(intake.dedupKey.length).toBeGreaterThan(0);
    for (const signal of intake.signals) expect(signal.eventId.length).toBeLessThanOrEqual(200);
    // Deliveries of the same body give the same keys (redelivery is idempotent).
    const again = parse(body);
    expect(again.ok && again.value.signals.map((signal) => signal.eventId)).toEqual(
      intake.signals.map((signal) => signal.eventId),
    );
    const route = routeAlertIntake(intake, null, { at: '2026-11-27T17:48:37Z' });
    if (!route.ok) throw new Error(where + route.error.message);
    if (route.value.action !== 'declare') continue;
    tally.declared += 1;
    const opened = createIncident(route.value.declaration);
    if (!opened.ok) throw new Error(`${where}declaration refused: ${opened.error.message}`);
    let state: IncidentState = opened.state;
    for (const event of route.value.events) {
      const step = applyEvent(state, event);
      if (!step.ok) throw new Error(`${where}${event.type} refused: ${step.error.message}`);
      state = step.state;
    }
    // The same intake against the incident it opened: every alert is a redelivery now.
    const redelivered = routeAlertIntake(intake, state, { at: '2026-11-27T17:49:00Z' });
    if (!redelivered.ok) throw new Error(where + redelivered.error.message);
    if (redelivered.value.action === 'apply') {
      for (const event of redelivered.value.events) {
        const step = applyEvent(state, event);
        if (!step.ok) throw new Error(`${where}redelivered ${event.type} refused: ${step.error.message}`);
        state = step.state;
      }
    }
  }
}

describe('the intake parsers on mutated vendor samples', () => {
  it.each(Object.keys(SAMPLES) as (keyof typeof PARSERS)[])(
    'samples of %s with fields dropped or replaced: every parser answers as documented',
    (name) => {
      const samples = SAMPLES[name].map((bytes) => JSON.parse(decoder.decode(bytes)) as unknown);
      fc.assert(
        fc.property(fc.constantFrom(...samples), jsonMutationArb, fc.boolean(), (sample, mutate, asText) => {
          const mutated = mutate(sample);
          check(asText ? (JSON.stringify(mutated) ?? 'null') : mutated);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it.each(Object.keys(SAMPLES) as (keyof typeof PARSERS)[])(
    'samples of %s with damaged bytes: every parser answers as documented',
    (name) => {
      fc.assert(
        fc.property(fc.constantFrom(...SAMPLES[name]), byteMutationArb, (bytes, damage) => {
          check(damage(bytes));
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('exercised both answers: some mutated bodies were accepted and opened incidents, others refused', () => {
    // Runs after the properties above (vitest runs a file's tests in order): the fuzzing reached past the version
    // check, so the oracle on accepted bodies was exercised, not only the refusals.
    expect(tally.accepted).toBeGreaterThan(RUNS / 2);
    expect(tally.declared).toBeGreaterThan(RUNS / 4);
    expect(tally.refused).toBeGreaterThan(RUNS);
    console.log(
      `intake fuzz: ${8 * RUNS} mutated samples × 4 parsers: ${tally.accepted} accepted (${tally.declared} opened an incident), ${tally.refused} refused`,
    );
  });
});
