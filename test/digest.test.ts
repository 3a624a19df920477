import fc from 'fast-check';
import { EVENT_TYPES } from 'incident-kit';
import { describe, expect } from 'vitest';
import { boundedDigestOf } from '../src/lifecycle/digest';
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
