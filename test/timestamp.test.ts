import { fc, test } from '@fast-check/vitest';
import { addMinutesTo, parseTimestampMs, TimestampSchema } from 'incident-kit';
import { describe, expect, it } from 'vitest';

describe('TimestampSchema', () => {
  it('normalises Z, +02:00 and +0000 offsets to UTC Z with milliseconds', () => {
    expect(TimestampSchema.parse('2024-01-15T14:30:00Z')).toBe('2024-01-15T14:30:00.000Z');
    expect(TimestampSchema.parse('2024-01-15T16:30:00+02:00')).toBe('2024-01-15T14:30:00.000Z');
    expect(TimestampSchema.parse('2024-01-15T14:30:00+0000')).toBe('2024-01-15T14:30:00.000Z');
    expect(TimestampSchema.parse('2024-01-15T09:00:00-05:30')).toBe('2024-01-15T14:30:00.000Z');
  });

  it('accepts Alertmanager nanoseconds and minute precision', () => {
    expect(TimestampSchema.parse('2024-01-15T14:30:00.123456789Z')).toBe('2024-01-15T14:30:00.123Z');
    expect(TimestampSchema.parse('2024-01-15T14:30Z')).toBe('2024-01-15T14:30:00.000Z');
  });

  it.each([
    ['no offset', '2024-01-15T14:30:00'],
    ['a space instead of T', '2024-01-15 14:30:00Z'],
    ['February 30', '2024-02-30T00:00:00Z'],
    ['hour 24', '2024-01-15T24:00:00Z'],
    ['a date alone', '2024-01-15'],
    ['words', 'yesterday'],
  ])('rejects %s with a message that shows the expected form', (_, text) => {
    const result = TimestampSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('expected ISO-8601 with an offset');
  });

  it('rejects non-strings', () => {
    expect(TimestampSchema.safeParse(1705329000000).error?.issues[0]?.message).toBe(
      'Expected an ISO-8601 timestamp string',
    );
  });

  test.prop([
    fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
  ])('reads any instant written with any offset back to the same instant', (date, offset) => {
    const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
    const sign = offset < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const mm = String(Math.abs(offset) % 60).padStart(2, '0');
    expect(parseTimestampMs(`${local}${sign}${hh}:${mm}`)).toBe(date.getTime());
    expect(parseTimestampMs(`${local}${sign}${hh}${mm}`)).toBe(date.getTime());
  });
});

describe('TimestampSchema fast path', () => {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  test.prop(
    [
      fc.integer({ min: 100, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 999 }),
    ],
    { numRuns: 3000 },
  )('accepts a normalised-looking string exactly when it is a real instant', (y, mo, d, h, mi, s, ms) => {
    const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
    const real =
      date.getUTCFullYear() === y &&
      date.getUTCMonth() === mo - 1 &&
      date.getUTCDate() === d &&
      date.getUTCHours() === h &&
      date.getUTCMinutes() === mi &&
      date.getUTCSeconds() === s;
    const parsed = TimestampSchema.safeParse(text);
    expect(parsed.success).toBe(real);
    if (parsed.success) expect(parsed.data).toBe(text);
  });
});

describe('addMinutesTo', () => {
  it('adds minutes', () => {
    expect(addMinutesTo('2024-01-15T14:30:00.000Z', 45)).toBe('2024-01-15T15:15:00.000Z');
  });
});
