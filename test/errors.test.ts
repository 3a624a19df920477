import { IncidentKitError } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { describeValue, parseInput, safeParseInput } from '../src/errors';
import {
  expectNumber,
  expectOptions,
  expectString,
  expectTimeZone,
  invalidArgument,
  isPlainObjectLike,
  ownValue,
} from '../src/internal/arguments';
import { thrown } from './fixtures/assert';

describe('IncidentKitError', () => {
  it('keeps its code, message, input, issues, details and cause', () => {
    const cause = new Error('disk full');
    const issues = [{ path: ['severity'], message: 'unknown' }];
    const error = new IncidentKitError('invalid_input', 'Bad severity', {
      input: { severity: 'SEV9' },
      issues,
      details: { allowed: ['SEV1'] },
      cause,
    });
    expect(error.name).toBe('IncidentKitError');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('Bad severity');
    expect(error.input).toEqual({ severity: 'SEV9' });
    expect(error.issues).toBe(issues);
    expect(error.details).toEqual({ allowed: ['SEV1'] });
    expect(error.cause).toBe(cause);
  });

  it('has no cause, issues or details unless given', () => {
    const error = new IncidentKitError('role_taken', 'held');
    expect('cause' in error).toBe(false);
    expect(error.issues).toEqual([]);
    expect(error.details).toEqual({});
    expect(error.input).toBeUndefined();
    expect(new IncidentKitError('role_taken', 'held', { cause: undefined })).toHaveProperty(
      'cause',
      undefined,
    );
  });

  it('never throws on wrong-typed arguments, and describes them instead', () => {
    const error = new IncidentKitError(42 as never, { text: 'x' } as never, 'options' as never);
    expect(error.code).toBe('42');
    expect(error.message).toBe('an object');
    expect(error.issues).toEqual([]);
    expect(error.details).toEqual({});
    const nulls = new IncidentKitError('invalid_input', 'x', {
      issues: 'none' as never,
      details: null as never,
    });
    expect(nulls.issues).toEqual([]);
    expect(nulls.details).toEqual({});
    expect(new IncidentKitError('invalid_input', 'x', null as never).details).toEqual({});
  });

  it('writes name, code, message, issues and details as JSON, without the input', () => {
    const error = new IncidentKitError('invalid_input', 'Bad', {
      input: 'secret',
      issues: [{ path: ['a'], message: 'm' }],
      details: { d: 1 },
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'IncidentKitError',
      code: 'invalid_input',
      message: 'Bad',
      issues: [{ path: ['a'], message: 'm' }],
      details: { d: 1 },
    });
  });
});

describe('safeParseInput and parseInput', () => {
  it('return the parsed value', () => {
    expect(safeParseInput(z.string().trim(), ' a ', 'name')).toEqual({ ok: true, value: 'a' });
    expect(parseInput(z.number(), 2, 'count')).toBe(2);
  });

  it('name every wrong field, with its path and zod’s reason', () => {
    const schema = z.object({ a: z.string(), b: z.object({ c: z.number() }) });
    const result = safeParseInput(schema, { a: 1, b: { c: 'x' } }, 'thing');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/^Invalid thing:\n✖ /);
    expect(result.error.message).toContain('→ at b.c');
    expect(result.error.issues.map((issue) => issue.path)).toEqual([['a'], ['b', 'c']]);
    expect(result.error.issues.every((issue) => issue.message.length > 0)).toBe(true);
    expect(result.error.input).toEqual({ a: 1, b: { c: 'x' } });
    expect(thrown(() => parseInput(schema, null, 'thing')).message).toMatch(/^Invalid thing:/);
  });

  it('writes a symbol key of a path as text', () => {
    const key = Symbol('k');
    const schema = z.custom(() => false, { path: [key] as never });
    const result = safeParseInput(schema, 1, 'x');
    expect(result.ok || result.error.issues[0]?.path).toEqual(['Symbol(k)']);
  });

  it('answers a value nested too deeply for zod with invalid_input, and lets other errors through', () => {
    type Deep = { next?: Deep };
    const deep: z.ZodType<Deep> = z.lazy(() => z.object({ next: deep.optional() }));
    let value: Deep = {};
    for (let depth = 0; depth < 20_000; depth++) value = { next: value };
    const result = safeParseInput(deep, value, 'chain');
    expect(result.ok || result.error.message).toBe('Invalid chain: nested too deeply to check');
    expect(result.ok || result.error.input).toBe(value);
    const throwing = z.string().transform(() => {
      throw new TypeError('bug');
    });
    expect(() => safeParseInput(throwing, 'x', 'x')).toThrow(TypeError);
  });
});

describe('describeValue', () => {
  it('quotes strings, cut to the limit with a marker', () => {
    expect(describeValue('SEV9')).toBe('"SEV9"');
    expect(describeValue('x'.repeat(60))).toBe(JSON.stringify('x'.repeat(60)));
    expect(describeValue('x'.repeat(61))).toBe(JSON.stringify(`${'x'.repeat(60)}…`));
    expect(describeValue('abcdef', 3)).toBe('"abc…"');
  });

  it('writes primitives as written and other values by kind', () => {
    expect(describeValue(12n)).toBe('12n');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1])).toBe('an array of 1 item');
    expect(describeValue([1, 2])).toBe('an array of 2 items');
    expect(describeValue([])).toBe('an array of 0 items');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(true)).toBe('true');
  });

  it('never throws, even for a revoked proxy', () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    expect(describeValue(proxy)).toBe('a value');
  });
});

describe('argument checks', () => {
  it('invalidArgument names the field, what was expected and what came', () => {
    const error = invalidArgument('options.timeZone', 'a string', 7);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('Invalid options.timeZone: expected a string, got 7');
    expect(error.input).toBe(7);
    expect(error.issues).toEqual([{ path: ['options', 'timeZone'], message: 'expected a string, got 7' }]);
  });

  it('expectString and expectNumber pass their kind through and refuse anything else', () => {
    expect(expectString('', 'name')).toBe('');
    expect(thrown(() => expectString(1, 'name')).message).toBe('Invalid name: expected a string, got 1');
    expect(expectNumber(0, 'n')).toBe(0);
    expect(expectNumber(Number.POSITIVE_INFINITY, 'n')).toBe(Number.POSITIVE_INFINITY);
    expect(thrown(() => expectNumber(Number.NaN, 'n')).message).toBe('Invalid n: expected a number, got NaN');
    expect(thrown(() => expectNumber('1', 'n')).message).toBe('Invalid n: expected a number, got "1"');
  });

  it('expectOptions takes a missing options argument as {} and refuses what is not an object', () => {
    expect(expectOptions(undefined)).toEqual({});
    const options = { a: 1 };
    expect(expectOptions(options)).toBe(options);
    expect(thrown(() => expectOptions(null as never)).message).toBe(
      'Invalid options: expected an object, got null',
    );
    expect(thrown(() => expectOptions([] as never, 'config')).message).toBe(
      'Invalid config: expected an object, got an array of 0 items',
    );
    expect(thrown(() => expectOptions('x' as never)).code).toBe('invalid_input');
  });

  it('isPlainObjectLike holds for objects that are not arrays', () => {
    expect(isPlainObjectLike({})).toBe(true);
    expect(isPlainObjectLike(Object.create(null))).toBe(true);
    expect(isPlainObjectLike(new Date())).toBe(true);
    for (const value of [null, undefined, [], 'x', 1, () => ({})])
      expect(isPlainObjectLike(value)).toBe(false);
  });

  it('ownValue reads own properties only', () => {
    expect(ownValue({ login: 'c1' }, 'login')).toBe('c1');
    expect(ownValue({ login: 'c1' }, 'constructor')).toBeUndefined();
    expect(ownValue({ login: 'c1' }, '__proto__')).toBeUndefined();
    expect(ownValue(undefined, 'login')).toBeUndefined();
  });

  it('expectTimeZone accepts zones the runtime knows and refuses the rest', () => {
    expect(expectTimeZone('Europe/Oslo', 'timeZone')).toBe('Europe/Oslo');
    expect(expectTimeZone('UTC', 'timeZone')).toBe('UTC');
    // undefined would give Intl the host's zone, and an object its string ('UTC'): neither is a zone name.
    for (const value of ['', 'Mars/Olympus', 7, null, undefined, { toString: () => 'UTC' }]) {
      const error = thrown(() => expectTimeZone(value, 'options.timeZone'));
      expect(error.message, String(value)).toMatch(
        /^Invalid options\.timeZone: expected an IANA time zone name/,
      );
    }
  });
});
