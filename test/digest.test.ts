import fc from 'fast-check';
import { EVENT_TYPES } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { boundedDigestOf, canonicalJson, digestOf } from '../src/lifecycle/digest';
import { eventDigest } from '../src/lifecycle/event-index';
import { IncidentEventSchema } from '../src/lifecycle/incident-event';
import { sampleEvent } from './arbitraries/events';
import { declare } from './fixtures/incident';
import { prop } from './support/prop';
import { propertyRuns } from './support/property-runs';

// The digest is stored in persisted incidents (envelopes, event ids on the timeline): it must never change. This is
// the implementation it was first written with, kept as the oracle for the faster one.
function referenceJson(value: unknown, depth: number): string | null {
  if (typeof value === 'object' && value !== null) {
    if (depth <= 0) return null;
    const parts: string[] = [];
    if (Array.isArray(value)) {
      for (const item of value) {
        const inner = referenceJson(item, depth - 1);
        if (inner === null) return null;
        parts.push(inner);
      }
      return `[${parts.join(',')}]`;
    }
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    for (const [key, item] of entries) {
      const inner = referenceJson(item, depth - 1);
      if (inner === null) return null;
      parts.push(`${JSON.stringify(key)}:${inner}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return null;
  return JSON.stringify(value) ?? 'null';
}

function referenceDigest(value: unknown, maxDepth: number): string | null {
  const text = referenceJson(value, maxDepth);
  if (text === null) return null;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return `fnv1a:${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

describe('boundedDigestOf', () => {
  prop(
    [
      fc.anything({ withBigInt: true, withNullPrototype: true, withSparseArray: true }),
      fc.integer({ min: 0, max: 6 }),
    ],
    {
      numRuns: propertyRuns(3000),
    },
  )('gives the digest persisted incidents were written with, for any value and depth', (value, depth) => {
    expect(boundedDigestOf(value, depth)).toBe(referenceDigest(value, depth));
  });

  // Escapes, control characters and lone surrogates, in keys and values, where the length JSON gives differs.
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  prop([fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 4 })], {
    numRuns: propertyRuns(3000),
  })('gives the same digest for text JSON must escape', (value) => {
    expect(boundedDigestOf(value, 256)).toBe(referenceDigest(value, 256));
  });
});

describe('boundedDigestOf, case by case', () => {
  // Each a string JSON writes differently from its characters, alone and among others: a mutant that lets one of
  // them through unescaped changes the digest (property runs are too few under mutation testing to meet them all).
  const TEXTS = [
    'plain',
    '"',
    '\\',
    '\n',
    '\t',
    '\u0000',
    '\u001f',
    ' ',
    '\u007f',
    '\ud800',
    'x\udfff',
    '\ud83d\ude00',
    '\ue000',
  ];

  it('gives the first digest for every string JSON escapes, in values, keys and arrays, and after plain ones', () => {
    for (const text of TEXTS) {
      for (const value of [
        text,
        { [text]: text },
        ['plain', text],
        { a: 'plain', b: text },
        { nested: { [text]: [text] } },
      ])
        expect([text, boundedDigestOf(value, 256)]).toEqual([text, referenceDigest(value, 256)]);
    }
  });

  it('leaves out the keys it is told to, at the top level only', () => {
    const value = { id: 'x', at: 'y', type: 'add_note', by: { id: 'jane', at: 'kept' } };
    expect(boundedDigestOf(value, 256, ['id', 'at'])).toBe(
      referenceDigest({ type: 'add_note', by: { id: 'jane', at: 'kept' } }, 256),
    );
  });

  it('refuses what JSON cannot hold, and nesting past the depth', () => {
    for (const value of [1n, Symbol('s'), () => 1, { a: 1n }, [Symbol('s')], { f: () => 1 }])
      expect(boundedDigestOf(value, 5)).toBeNull();
    expect(boundedDigestOf([[[1]]], 3)).toBe(referenceDigest([[[1]]], 3));
    expect(boundedDigestOf([[[1]]], 2)).toBeNull();
    let deep: unknown = 1;
    for (let level = 0; level < 300; level++) deep = [deep];
    expect(() => digestOf(deep)).toThrow('Cannot digest a value nested deeper than 256 levels');
  });
});

describe('canonicalJson', () => {
  prop(
    [
      fc.anything({ withBigInt: true, withNullPrototype: true, withSparseArray: true }),
      fc.integer({ min: 0, max: 6 }),
    ],
    {
      numRuns: propertyRuns(3000),
    },
  )('writes what the first implementation wrote', (value, depth) => {
    expect(canonicalJson(value, depth)).toBe(referenceJson(value, depth));
  });

  it('writes every kind of value as the first implementation did', () => {
    for (const value of [
      1n,
      Symbol('s'),
      () => 1,
      { a: 1n },
      undefined,
      null,
      0,
      -0,
      1e21,
      Number.NaN,
      true,
      'a"b',
      [undefined],
      { a: undefined, b: 1 },
    ])
      expect(canonicalJson(value, 5)).toBe(referenceJson(value, 5));
  });
});

describe('eventDigest', () => {
  const state = declare({ id: 'INC-1', title: 'Auth down', at: '2024-01-15T14:20:00Z', severity: 'SEV2' });
  prop([fc.constantFrom(...EVENT_TYPES), fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme' })], {
    numRuns: propertyRuns(1000),
  })("is the digest of the event's content without its id and time, as first written", (type, id, note) => {
    const parsed = IncidentEventSchema.safeParse({
      ...sampleEvent(type, state),
      id,
      ...(type === 'add_note' ? { text: `x${note}` } : {}),
    });
    if (!parsed.success) throw parsed.error;
    const { id: _id, at: _at, ...content } = parsed.data;
    expect(eventDigest(parsed.data)).toBe(referenceDigest(content, 256));
  });
});
