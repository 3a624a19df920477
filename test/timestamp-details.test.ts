// Timestamps at the edges the character-by-character readers decide (src/time/timestamp.ts): the last instant
// supported, leap years of both centuries rules, the last month, day and hour in the normalised form, text past the
// 24 characters of that form, and the words of the refusals. From the mutation run's survivors.
import fc from 'fast-check';
import { TimestampSchema } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { addMinutesTo, isNormalised, parseTimestampMs } from '../src/time/timestamp';
import { propertyRuns } from './support/property-runs';

describe('the last instant and the leap years', () => {
  it('reads 9999-12-31T23:59:59.999Z in every form, and nothing after it', () => {
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    expect(parseTimestampMs('9999-12-31T23:59:59.999Z')).toBe(last);
    expect(parseTimestampMs('9999-12-31T23:59:59.999+00:00')).toBe(last);
    expect(parseTimestampMs('9999-12-31T23:59:59.999-00:01')).toBeUndefined();
    expect(TimestampSchema.parse('9999-12-31T23:59:59.999+00:00')).toBe('9999-12-31T23:59:59.999Z');
    expect(TimestampSchema.safeParse('9999-12-31T23:59:59.999-00:01').success).toBe(false);
  });

  it('knows February 29th of 2000 and 2024, not of 1900, 2100 or 2023, in both forms', () => {
    for (const year of ['2000', '2024', '2400']) {
      expect(isNormalised(`${year}-02-29T00:00:00.000Z`)).toBe(true);
      expect(TimestampSchema.parse(`${year}-02-29T01:00:00+01:00`)).toBe(`${year}-02-29T00:00:00.000Z`);
    }
    for (const year of ['1900', '2100', '2023']) {
      expect(isNormalised(`${year}-02-29T00:00:00.000Z`)).toBe(false);
      expect(parseTimestampMs(`${year}-02-29T01:00:00+01:00`)).toBeUndefined();
    }
  });
});

describe('the normalised form', () => {
  it('takes the last month, the first and last day and the last hour', () => {
    for (const text of [
      '2024-12-31T23:59:59.999Z',
      '2024-10-01T00:00:00.000Z',
      '2024-11-30T23:00:00.000Z',
      '2024-04-30T12:00:00.000Z',
    ])
      expect([text, isNormalised(text)]).toEqual([text, true]);
    for (const text of [
      '2024-13-01T00:00:00.000Z',
      '2024-10-00T00:00:00.000Z',
      '2024-11-31T00:00:00.000Z',
      '2024-11-30T24:00:00.000Z',
    ])
      expect([text, isNormalised(text)]).toEqual([text, false]);
  });

  it('is exactly 24 characters: text after the Z is not a timestamp', () => {
    for (const text of [
      '2024-01-15T14:30:00.000ZX',
      '2024-01-15T14:30:00.000Z ',
      '2024-01-15T14:30:00.000Z0',
    ]) {
      expect(isNormalised(text)).toBe(false);
      expect(TimestampSchema.safeParse(text).success).toBe(false);
    }
  });
});

describe('refusals', () => {
  it('quote the text that is not a timestamp', () => {
    const parsed = TimestampSchema.safeParse('soon');
    expect(parsed.success || parsed.error.issues[0]?.message).toBe(
      'Invalid timestamp "soon": expected ISO-8601 with an offset, e.g. 2024-01-15T14:30:00Z or 2024-01-15T16:30:00+02:00',
    );
  });

  it('keep the time and the minutes that went past the last year', () => {
    let error: unknown;
    try {
      addMinutesTo('9999-12-31T23:00:00.000Z', 120);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: '9999-12-31T23:00:00.000Z plus 120 minutes is outside the supported years 0001 to 9999',
      input: { at: '9999-12-31T23:00:00.000Z', minutes: 120 },
    });
  });
});

describe('UTC to the second (the form most bots send)', () => {
  it('adds the milliseconds to any instant in range, as Date#toISOString writes it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800, max: 253_402_300_799 }), (seconds) => {
        const iso = new Date(seconds * 1000).toISOString();
        expect(TimestampSchema.parse(iso.replace('.000Z', 'Z'))).toBe(iso);
      }),
      { numRuns: propertyRuns(2_000) },
    );
  });

  it('refuses 20 characters that are no real date or time, as in every other form', () => {
    for (const text of [
      '2023-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-00-10T00:00:00Z',
      '2024-01-15T24:00:00Z',
      '2024-01-15T14:60:00Z',
      '2024-01-15T14:30:60Z',
      '0000-12-31T23:59:59Z',
      '2024-01-15T14:30:0xZ',
      '2024-01-15 14:30:00Z',
      '2024-01-15T14:30:00z',
      '2024-01-15T14:30-00Z',
    ]) {
      expect(TimestampSchema.safeParse(text).success, text).toBe(false);
      expect(parseTimestampMs(text), text).toBeUndefined();
    }
  });

  it('keeps the first and the last second of the years it supports', () => {
    expect(TimestampSchema.parse('0001-01-01T00:00:00Z')).toBe('0001-01-01T00:00:00.000Z');
    expect(TimestampSchema.parse('9999-12-31T23:59:59Z')).toBe('9999-12-31T23:59:59.000Z');
    expect(TimestampSchema.parse('2024-02-29T23:59:59Z')).toBe('2024-02-29T23:59:59.000Z');
  });
});
