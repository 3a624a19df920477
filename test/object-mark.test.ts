// The mark behind the library's "already checked" caches (src/internal/object-mark.ts): only the marked object
// answers, never a copy or another mark's object, frozen objects included, and the mark leaves no trace in the data.
import { describe, expect, it } from 'vitest';
import { objectMark } from '../src/internal/object-mark';
import { declare } from './fixtures/incident';

describe('objectMark', () => {
  it('answers for the marked object only, not for copies, other objects or values that are not objects', () => {
    const mark = objectMark();
    const value = { a: 1 };
    expect(mark.has(value)).toBe(false);
    mark.add(value);
    mark.add(value);
    expect(mark.has(value)).toBe(true);
    for (const other of [{ ...value }, structuredClone(value), { a: 1 }, null, undefined, 1, 'a', [value]])
      expect(mark.has(other)).toBe(false);
  });

  it('keeps marks of different kinds apart', () => {
    const first = objectMark();
    const second = objectMark();
    const value = {};
    first.add(value);
    expect([first.has(value), second.has(value)]).toEqual([true, false]);
    second.add(value);
    expect([first.has(value), second.has(value)]).toEqual([true, true]);
  });

  it('marks objects that cannot take a new field', () => {
    const mark = objectMark();
    const frozen = Object.freeze({ a: 1 });
    const sealed = Object.seal({ b: 2 });
    const closed = Object.preventExtensions([1]);
    for (const value of [frozen, sealed, closed]) {
      expect(mark.has(value)).toBe(false);
      mark.add(value);
      expect(mark.has(value)).toBe(true);
    }
    expect(mark.has({ a: 1 })).toBe(false);
  });

  it('leaves no trace in the data: keys, JSON and equality are as before', () => {
    const mark = objectMark();
    const state = declare();
    const before = {
      keys: Reflect.ownKeys(state),
      json: JSON.stringify(state),
      copy: structuredClone(state),
    };
    mark.add(state);
    expect(Reflect.ownKeys(state)).toEqual(before.keys);
    expect(JSON.stringify(state)).toBe(before.json);
    expect(state).toStrictEqual(before.copy);
    expect(mark.has(structuredClone(state))).toBe(false);
  });
});
