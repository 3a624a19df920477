// Events already in the schema's form skip zod (src/lifecycle/parsed-event.ts). Whatever that fast check accepts,
// IncidentEventSchema must accept and give exactly the same (same fields, same order): the fast check may only say
// "the schema would give this" (unchanged, the timestamp aside, which it normalises with the schema's own function),
// never let anything else through.
import fc from 'fast-check';
import { EVENT_TYPES, IncidentEventSchema } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { parsedEventOf } from '../src/lifecycle/parsed-event';
import { sampleEvent } from './arbitraries/events';
import { declare } from './fixtures/incident';
import { HOSTILE_TEXTS } from './fixtures/message-corpus';
import { agreesWithSchema, COMMON_NEAR_VALUES, nearMissGrid } from './support/exact-form';
import { propertyRuns } from './support/property-runs';

const state = declare({ id: 'INC-1', title: 'Auth down', at: '2024-01-15T14:20:00Z', severity: 'SEV2' });

/** A well-formed event of each type, as the schema outputs it (the form a host's own log holds). */
const parsedSamples = EVENT_TYPES.map((type) => IncidentEventSchema.parse(sampleEvent(type, state)));

/** Values one off what a field takes: the grid below tries every one of them on every field of every sample. */
const NEAR_VALUES: readonly unknown[] = [
  ...COMMON_NEAR_VALUES,
  'SEV1',
  'SEV9',
  'external',
  'fixed',
  'manual',
  'scale_up',
  'incident_commander',
  'Bad Role',
  'U024BE7LH',
  10_080,
  10_081,
  'x'.repeat(200),
  'x'.repeat(201),
  'identified',
  'postmortem',
];

/** Every field an event may have, and one it may not. */
const KEYS: readonly string[] = [
  'type',
  'at',
  'by',
  'id',
  'text',
  'summary',
  'reason',
  'severity',
  'role',
  'person',
  'personId',
  'to',
  'from',
  'note',
  'kind',
  'description',
  'mitigationId',
  'outcome',
  'audience',
  'publicStatus',
  'message',
  'nextUpdateInMinutes',
  'rootCause',
  'fix',
  'dataLoss',
  'into',
  'owner',
  'unknown',
];

const anyValue = fc.oneof(
  fc.constantFrom(...NEAR_VALUES),
  fc.constantFrom(...HOSTILE_TEXTS),
  fc.string(),
  fc.double(),
);

/** A parsed sample with one field set, removed or added: near misses of every kind. */
const mutatedArb = fc
  .record({
    sample: fc.constantFrom(...parsedSamples),
    key: fc.constantFrom(...KEYS),
    value: anyValue,
    remove: fc.boolean(),
  })
  .map(({ sample, key, value, remove }) => {
    const event: Record<string, unknown> = { ...sample };
    if (remove) delete event[key];
    else event[key] = value;
    return event;
  });

function agrees(input: unknown): 'fast' | 'schema' {
  return agreesWithSchema(parsedEventOf(input), IncidentEventSchema, input);
}

describe('parsedEventOf', () => {
  it('accepts the parsed form of every event type it knows, as a copy', () => {
    const fast = parsedSamples.filter((sample) => {
      const copy = parsedEventOf(sample);
      if (copy !== undefined) {
        expect(copy).not.toBe(sample);
        if ('by' in sample && sample.by) expect((copy as { by?: unknown }).by).not.toBe(sample.by);
      }
      return agrees(sample) === 'fast';
    });
    // Impact assessments and postmortem completions always go through the schema.
    expect(fast.length).toBe(EVENT_TYPES.length - 2);
  });

  it('agrees with the schema on every near value in every field of every sample, with and without optional fields', () => {
    const full = parsedSamples.map((sample) => ({
      ...sample,
      id: 'evt-1',
      by: { id: 'jane', name: 'Jane Smith' },
    }));
    // With an id and an author, every sample the check knows still takes the fast path.
    expect(full.filter((sample) => agrees(sample) === 'fast')).toHaveLength(EVENT_TYPES.length - 2);
    const seen = nearMissGrid([...parsedSamples, ...full], KEYS, NEAR_VALUES, (_, input) => agrees(input));
    expect(seen.fast).toBeGreaterThan(1000);
    expect(seen.schema).toBeGreaterThan(10_000);
  });

  it('never accepts what the schema refuses, nor gives other than it gives, over near misses of every event type', () => {
    const seen = { fast: 0, schema: 0 };
    fc.assert(
      fc.property(mutatedArb, (input) => {
        seen[agrees(input)] += 1;
      }),
      { numRuns: propertyRuns(20_000) },
    );
    // Both answers must come up often, or the property says little.
    expect(seen.fast).toBeGreaterThan(propertyRuns(20_000) / 20);
    expect(seen.schema).toBeGreaterThan(propertyRuns(20_000) / 4);
  });

  it('normalises the timestamp as the schema does, in every form the schema takes or refuses', () => {
    const sample = parsedSamples.find((event) => event.type === 'add_note') as Record<string, unknown>;
    const offset = fc
      .tuple(
        fc.constantFrom('+', '-'),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.boolean(),
      )
      .map(
        ([sign, h, m, colon]) =>
          `${sign}${String(h).padStart(2, '0')}${colon ? ':' : ''}${String(m).padStart(2, '0')}`,
      );
    const forms = fc.oneof(
      fc
        .tuple(
          fc.date({
            min: new Date(-62_198_755_200_000),
            max: new Date(253_433_923_200_000),
            noInvalidDate: true,
          }),
          fc.option(offset),
          fc.constantFrom(0, 1, 3, 9),
        )
        .map(([date, zone, digits]) => {
          const iso = date.toISOString();
          const fraction = digits === 0 ? '' : `.${iso.slice(20, 23).padEnd(digits, '7').slice(0, digits)}`;
          return `${iso.slice(0, 19)}${fraction}${zone ?? 'Z'}`;
        }),
      fc.string({ maxLength: 30 }),
    );
    const seen = { fast: 0, schema: 0 };
    fc.assert(
      fc.property(forms, (at) => {
        seen[agrees({ ...sample, at })] += 1;
      }),
      { numRuns: propertyRuns(5000) },
    );
    expect(seen.fast).toBeGreaterThan(propertyRuns(5000) / 4);
    expect(seen.schema).toBeGreaterThan(propertyRuns(5000) / 20);
  });

  it('leaves hidden fields, inherited keys and getters that answer twice to the schema', () => {
    const hidden = Object.defineProperty(
      { type: 'add_note', at: '2024-01-15T14:30:00.000Z', bogus: 1 },
      'text',
      { value: 'hi', enumerable: false },
    );
    expect(parsedEventOf(hidden)).toBeUndefined();
    expect(IncidentEventSchema.safeParse(hidden).success).toBe(false);
    const inherited = Object.assign(Object.create({ note: 'x' }), {
      type: 'add_note',
      at: '2024-01-15T14:30:00.000Z',
      text: 'hi',
    });
    expect(parsedEventOf(inherited)).toBeUndefined();
    let reads = 0;
    const flaky = Object.defineProperty({ type: 'add_note', at: '2024-01-15T14:30:00.000Z' }, 'text', {
      enumerable: true,
      get: () => (reads++ === 0 ? 'hi' : ' '),
    });
    // Read once: the copy holds what was checked.
    expect(parsedEventOf(flaky)).toEqual({ type: 'add_note', at: '2024-01-15T14:30:00.000Z', text: 'hi' });
  });

  it('leaves anything that is not a plain event object to the schema', () => {
    for (const input of [null, undefined, 'acknowledge', [], new Date(), Object.create({ type: 'tick' })])
      expect(parsedEventOf(input)).toBeUndefined();
  });
});
