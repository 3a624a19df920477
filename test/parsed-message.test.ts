// Message data already in the schema's form skips zod when rendered (src/comms/parsed-message.ts). Whatever that fast
// check accepts, the kind's schema must accept and give exactly the same (same fields, same order, defaults filled
// in): the fast check may only say "the schema would give this unchanged", never let anything else through.
import fc from 'fast-check';
import { MESSAGE_KINDS, MESSAGE_SCHEMAS, type MessageInputs, renderInternalUpdate } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { parsedMessageOf } from '../src/comms/parsed-message';
import { DATASETS } from './fixtures/message-corpus';
import { seedInternalUpdate } from './fixtures/messages';
import { agreesWithSchema, COMMON_NEAR_VALUES, nearMissGrid } from './support/exact-form';
import { propertyRuns } from './support/property-runs';

type Kind = keyof MessageInputs;

/** Every data set's example of each kind, as the schema outputs it (the form a bot that builds its data holds). */
function parsedSamples(
  sets: readonly (keyof typeof DATASETS)[] = ['seed', 'long', 'hostile', 'emoji_cjk'],
): { kind: Kind; data: Record<string, unknown> }[] {
  return sets
    .map((set) => DATASETS[set])
    .flatMap((examples) =>
      MESSAGE_KINDS.map((kind) => ({
        kind,
        data: MESSAGE_SCHEMAS[kind].parse(examples[kind]) as Record<string, unknown>,
      })),
    );
}

const person = { id: 'jane', name: 'Jane Smith', handle: '@jane-smith', slackUserId: 'U024BE7LH' };

/** Values one off what a field takes: the grid below tries every one of them on every field of every sample. */
const NEAR_VALUES: readonly unknown[] = [
  ...COMMON_NEAR_VALUES,
  'SEV2',
  'SEV9',
  'investigating',
  'some',
  'none',
  'closing',
  'Incident Commander',
  ['one', 'two'],
  ['one', ' two'],
  ['one', ''],
  ['one', 2],
  // biome-ignore lint/suspicious/noSparseArray: a hole, which `every` would skip
  ['one', , 'three'],
  person,
];

const anyValue = fc.oneof(fc.constantFrom(...NEAR_VALUES), fc.string(), fc.double());

const KEYS = [
  ...new Set(MESSAGE_KINDS.flatMap((kind) => Object.keys(MESSAGE_SCHEMAS[kind].shape))),
  'unknown',
];

/** A parsed sample with one or two fields set, removed or added: near misses of every kind. */
const mutatedArb = (samples: { kind: Kind; data: Record<string, unknown> }[]) =>
  fc
    .record({
      sample: fc.constantFrom(...samples),
      edits: fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: anyValue, remove: fc.boolean() }), {
        minLength: 1,
        maxLength: 2,
      }),
    })
    .map(({ sample, edits }) => {
      const data: Record<string, unknown> = { ...sample.data };
      for (const { key, value, remove } of edits) {
        if (remove) delete data[key];
        else data[key] = value;
      }
      return { kind: sample.kind, data };
    });

function agrees(kind: Kind, input: unknown): 'fast' | 'schema' {
  return agreesWithSchema(parsedMessageOf(kind, input), MESSAGE_SCHEMAS[kind], input);
}

describe('parsedMessageOf', () => {
  it('accepts the parsed form of every kind but the postmortem, as a copy, and its defaults left out', () => {
    const samples = parsedSamples();
    for (const { kind, data } of samples) {
      const expected = kind === 'postmortem' ? 'schema' : 'fast';
      expect(agrees(kind, data), kind).toBe(expected);
      const copy = parsedMessageOf(kind, data) as Record<string, unknown> | undefined;
      if (copy === undefined) continue;
      expect(copy).not.toBe(data);
      for (const [key, value] of Object.entries(copy))
        if (typeof value === 'object' && value !== null) expect(value, key).not.toBe(data[key]);
    }
    // The seed's data as written (defaults left out) is in the schema's form too, and gets the defaults.
    expect(
      parsedMessageOf('internal_update', { ...seedInternalUpdate, commander: undefined }),
    ).toBeUndefined();
    const { commander: _, impact: __, ...minimal } = seedInternalUpdate;
    expect(agrees('internal_update', minimal)).toBe('fast');
    expect(parsedMessageOf('internal_update', minimal)).toMatchObject({ commander: null, impact: [] });
  });

  it('agrees with the schema on every near value in every field of every sample', () => {
    const seen = nearMissGrid(
      parsedSamples(['seed', 'hostile']),
      KEYS,
      NEAR_VALUES,
      (sample, input) => agrees(sample.kind, input),
      (sample) => sample.data,
    );
    expect(seen.fast).toBeGreaterThan(500);
    expect(seen.schema).toBeGreaterThan(5_000);
  });

  it('never accepts what the schema refuses or would change, over near misses of every kind', () => {
    const seen = { fast: 0, schema: 0 };
    const runs = propertyRuns(20_000);
    fc.assert(
      // Not the long data set: copying and comparing kilobytes of text 20,000 times says nothing more.
      fc.property(mutatedArb(parsedSamples(['seed', 'hostile', 'emoji_cjk'])), ({ kind, data }) => {
        seen[agrees(kind, data)] += 1;
      }),
      { numRuns: runs },
    );
    // Both answers must come up often, or the property says little.
    expect(seen.fast).toBeGreaterThan(runs / 20);
    expect(seen.schema).toBeGreaterThan(runs / 4);
  });

  it('agrees with the schema on exotic objects: hidden fields, getters, replaced iterators, inherited keys', () => {
    const base = { ...seedInternalUpdate };
    const hidden = (data: object, key: string, value: unknown) =>
      Object.defineProperty({ ...data }, key, { value, enumerable: false });
    let reads = 0;
    const flaky = Object.defineProperty({ ...base }, 'title', {
      enumerable: true,
      get: () => (reads++ === 0 ? 'Auth' : ' '),
    });
    const iterated = ['x'];
    Object.defineProperty(iterated, Symbol.iterator, {
      value: function* () {
        yield ' bad ';
      },
    });
    const bare = ['x'];
    Object.setPrototypeOf(bare, null);
    const flakyItem = Object.defineProperty(['x'], 0, {
      enumerable: true,
      get: () => (reads++ % 2 === 0 ? 'x' : ''),
    });
    const inherited = Object.assign(Object.create({ extra: 1 }), base);
    const personInheriting = {
      ...base,
      commander: Object.assign(Object.create({ team: 'x' }), { id: 'a', name: 'A' }),
    };
    const cases: Record<string, unknown> = {
      'a hidden field paying for an unknown key': hidden({ ...base, bogus: 1 }, 'impact', ['x']),
      'a hidden optional field': hidden(base, 'actions', ['y']),
      'a hidden person field': { ...base, commander: hidden({ id: 'a', name: 'A' }, 'handle', '@a') },
      'a getter that answers twice': flaky,
      'an array with its own iterator': { ...base, impact: iterated },
      'an array without a prototype': { ...base, impact: bare },
      'an item getter that answers twice': { ...base, impact: flakyItem },
      'an inherited enumerable key': inherited,
      'a person inheriting a key': personInheriting,
      'an own __proto__ key': JSON.parse(`{"__proto__": {"title": "x"}, ${JSON.stringify(base).slice(1)}`),
    };
    for (const [name, input] of Object.entries(cases)) {
      const fast = parsedMessageOf('internal_update', input);
      reads = 0;
      const parsed = MESSAGE_SCHEMAS.internal_update.safeParse(input);
      reads = 0;
      if (fast !== undefined) {
        expect(parsed.success, name).toBe(true);
        expect(fast, name).toEqual(parsed.data);
      }
    }
    // The array without a prototype is read by index, as the schema reads it.
    expect(parsedMessageOf('internal_update', { ...base, impact: bare })).toMatchObject({ impact: ['x'] });
  });

  it('leaves anything that is not a plain object to the schema', () => {
    for (const input of [null, undefined, 'title', [], new Date(), Object.create(seedInternalUpdate)])
      expect(parsedMessageOf('internal_update', input)).toBeUndefined();
  });

  it('renders data it accepts exactly as data the schema parsed', () => {
    const padded = { ...seedInternalUpdate, title: ` ${seedInternalUpdate.title} ` };
    expect(parsedMessageOf('internal_update', padded)).toBeUndefined();
    for (const format of ['markdown', 'slack', 'teams', 'text'] as const)
      expect(renderInternalUpdate(seedInternalUpdate, { format })).toBe(
        renderInternalUpdate(padded, { format }),
      );
  });
});
