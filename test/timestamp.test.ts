import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { type IncidentKitError, TimestampSchema } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import {
  addMinutesTo,
  EARLIEST_TIMESTAMP,
  fromEpochMs,
  LATEST_TIMESTAMP,
  parseTimestampMs,
  toEpochMs,
} from '../src/time/timestamp';
import { pad, wallClockParts } from './arbitraries/timestamps';
import { thrown } from './fixtures/assert';
import { prop } from './support/prop';
import { propertyRuns } from './support/property-runs';

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

  it('accepts the years 0001 to 9999, reading two-digit years as written', () => {
    expect(TimestampSchema.parse('0001-01-01T00:00:00Z')).toBe(EARLIEST_TIMESTAMP);
    expect(TimestampSchema.parse('0099-12-31T23:59:59Z')).toBe('0099-12-31T23:59:59.000Z');
    expect(TimestampSchema.parse('0096-02-29T12:00:00+02:00')).toBe('0096-02-29T10:00:00.000Z');
    expect(TimestampSchema.parse('9999-12-31T23:59:59.999Z')).toBe(LATEST_TIMESTAMP);
    expect(parseTimestampMs('0001-01-01T00:00:00Z')).toBe(Date.parse(EARLIEST_TIMESTAMP));
    expect(TimestampSchema.safeParse('0099-02-29T00:00:00Z').success).toBe(false); // not a leap year
  });

  it("accepts Alertmanager's and Grafana's zero time from their real webhooks", () => {
    const fixtures = 'test/fixtures/integrations';
    const alertmanager = JSON.parse(
      readFileSync(`${fixtures}/alertmanager-webhook-v4-firing.captured.json`, 'utf8'),
    );
    const grafana = JSON.parse(
      readFileSync(`${fixtures}/grafana-webhook-v1-firing.alerting-test.json`, 'utf8'),
    );
    for (const alert of [...alertmanager.alerts, ...grafana.alerts]) {
      expect(TimestampSchema.parse(alert.endsAt)).toBe('0001-01-01T00:00:00.000Z');
      expect(TimestampSchema.safeParse(alert.startsAt).success).toBe(true);
    }
    expect(TimestampSchema.parse(alertmanager.alerts[0].startsAt)).toBe('2026-11-27T17:48:36.738Z');
  });

  it.each([
    ['year 0000', '0000-12-31T23:59:59Z'],
    ['a local time that is year 0000 in UTC', '0001-01-01T00:30:00+01:00'],
    ['a local time that is year 10000 in UTC', '9999-12-31T23:30:00-01:00'],
    ['an expanded year', '+010000-01-01T00:00:00.000Z'],
    ['a negative expanded year', '-000001-01-01T00:00:00.000Z'],
    ['a five-digit year', '10000-01-01T00:00:00Z'],
  ])('rejects %s as out of range, saying which years are supported', (_, text) => {
    const result = TimestampSchema.safeParse(text);
    expect(result.error?.issues[0]?.message).toBe(
      `Timestamp "${text}" is out of range: years 0001 to 9999 (UTC) are supported`,
    );
    expect(parseTimestampMs(text)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    expect(TimestampSchema.safeParse(1705329000000).error?.issues[0]?.message).toBe(
      'Expected an ISO-8601 timestamp string',
    );
  });

  prop([
    fc.date({ min: new Date(EARLIEST_TIMESTAMP), max: new Date(LATEST_TIMESTAMP), noInvalidDate: true }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
  ])('reads any instant written with any offset back to the same instant', (date, offset) => {
    const shifted = new Date(date.getTime() + offset * 60_000).toISOString();
    // The local wall-clock time must itself have a four-digit year to be written this way.
    fc.pre(!shifted.startsWith('+') && !shifted.startsWith('-') && !shifted.startsWith('0000'));
    const local = shifted.slice(0, 23);
    const sign = offset < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const mm = String(Math.abs(offset) % 60).padStart(2, '0');
    expect(parseTimestampMs(`${local}${sign}${hh}:${mm}`)).toBe(date.getTime());
    expect(parseTimestampMs(`${local}${sign}${hh}${mm}`)).toBe(date.getTime());
  });
});

// The Date-based reading it was first written with, kept as the oracle for the calendar arithmetic.
function dateOracle(text: string): number | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone, sign, oh = '0', om = '0'] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  if (hour > 23 || minute > 59 || second > 59 || Number(oh) > 23 || Number(om) > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  const offset = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const ms = date.getTime() - offset * 60_000;
  return ms < Date.parse(EARLIEST_TIMESTAMP) || ms > Date.parse(LATEST_TIMESTAMP) ? undefined : ms;
}

describe('TimestampSchema fast path', () => {
  prop([...wallClockParts(), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 999 })], {
    numRuns: propertyRuns(3000),
  })('accepts a normalised-looking string exactly when it is a real instant', (y, mo, d, h, mi, s, ms) => {
    const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, ms);
    const real =
      y >= 1 &&
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
  prop(
    [
      fc.date({ min: new Date(EARLIEST_TIMESTAMP), max: new Date(LATEST_TIMESTAMP), noInvalidDate: true }),
      fc.nat(23),
      fc.constantFrom(...'0123456789:-.TZ/a +'),
    ],
    { numRuns: propertyRuns(3000) },
  )(
    'reads a normalised timestamp with one character changed as the Date-based reading does',
    (date, at, char) => {
      const iso = date.toISOString();
      const text = `${iso.slice(0, at)}${char}${iso.slice(at + 1)}`;
      const ms = dateOracle(text);
      const parsed = TimestampSchema.safeParse(text);
      expect(parsed.success).toBe(ms !== undefined);
      if (parsed.success) expect(parsed.data).toBe(new Date(ms as number).toISOString());
    },
  );
});

describe('parseTimestampMs', () => {
  prop(
    [
      ...wallClockParts(),
      fc.option(fc.integer({ min: 0, max: 61 })),
      fc.option(fc.stringMatching(/^\d{0,9}$/)),
      fc.constantFrom('Z', '+', '-'),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.boolean(),
    ],
    { numRuns: propertyRuns(5000) },
  )(
    'reads every shape, offset and calendar edge as a Date does',
    (y, mo, d, h, mi, s, fraction, zone, oh, om, colon) => {
      const seconds = s === null ? '' : `:${pad(s, 2)}${fraction === null ? '' : `.${fraction}`}`;
      const offset = zone === 'Z' ? 'Z' : `${zone}${pad(oh, 2)}${colon ? ':' : ''}${pad(om, 2)}`;
      const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}${seconds}${offset}`;
      expect(parseTimestampMs(text)).toBe(dateOracle(text));
    },
  );
  prop(
    [
      fc.date({ min: new Date(EARLIEST_TIMESTAMP), max: new Date(LATEST_TIMESTAMP), noInvalidDate: true }),
      fc.constantFrom('', '+02:00', '-0930', '+00:00', 'Z'),
      fc.array(
        fc.record({
          at: fc.nat(40),
          remove: fc.nat(2),
          insert: fc.stringMatching(/^[0-9:+\-.TZ z\n]{0,2}$/),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    ],
    { numRuns: propertyRuns(5000) },
  )('refuses and accepts damaged text exactly as the pattern it replaces', (date, zone, edits) => {
    let text = date.toISOString();
    if (zone !== '') text = `${text.slice(0, -1)}${zone}`;
    for (const { at, remove, insert } of edits)
      text = `${text.slice(0, at)}${insert}${text.slice(at + remove)}`;
    expect(parseTimestampMs(text)).toBe(dateOracle(text));
  });
});

describe('toEpochMs and fromEpochMs', () => {
  const EARLIEST = Date.parse(EARLIEST_TIMESTAMP);
  const LATEST = Date.parse(LATEST_TIMESTAMP);

  // They replace Date.parse and Date#toISOString on the step's hot path: they must agree with them on every instant.
  prop([fc.integer({ min: EARLIEST, max: LATEST })], { numRuns: propertyRuns(5000) })(
    'agree with Date on every instant of the years 0001 to 9999',
    (ms) => {
      const iso = new Date(ms).toISOString();
      expect(fromEpochMs(ms)).toBe(iso);
      expect(toEpochMs(iso)).toBe(ms);
    },
  );

  prop([fc.double({ min: EARLIEST, max: LATEST, noNaN: true })], { numRuns: propertyRuns(2000) })(
    'truncate fractional milliseconds as a Date does',
    (ms) => {
      expect(fromEpochMs(ms)).toBe(new Date(ms).toISOString());
    },
  );

  it('agrees with Date at the edges: leap days, centuries, years 0001 to 0099, the ends of the range', () => {
    for (const iso of [
      EARLIEST_TIMESTAMP,
      LATEST_TIMESTAMP,
      '0004-02-29T12:00:00.000Z',
      '0099-12-31T23:59:59.999Z',
      '0100-03-01T00:00:00.000Z',
      '1900-02-28T23:59:59.999Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '2100-03-01T00:00:00.001Z',
    ]) {
      expect([toEpochMs(iso), fromEpochMs(toEpochMs(iso))]).toEqual([Date.parse(iso), iso]);
    }
    expect([fromEpochMs(EARLIEST - 1), fromEpochMs(LATEST + 1), fromEpochMs(Number.NaN)]).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe('addMinutesTo', () => {
  it('adds minutes', () => {
    expect(addMinutesTo('2024-01-15T14:30:00.000Z', 45)).toBe('2024-01-15T15:15:00.000Z');
    expect(addMinutesTo('0001-01-01T00:00:00.000Z', 60)).toBe('0001-01-01T01:00:00.000Z');
  });

  it('refuses a result past year 9999 instead of writing +010000-…', () => {
    const error = thrown(() => addMinutesTo('9999-12-31T23:58:00.000Z', 5));
    expect([error.code, error.message]).toEqual([
      'invalid_input',
      '9999-12-31T23:58:00.000Z plus 5 minutes is outside the supported years 0001 to 9999',
    ]);
  });

  prop([
    fc.date({ min: new Date(EARLIEST_TIMESTAMP), max: new Date(LATEST_TIMESTAMP), noInvalidDate: true }),
    fc.integer({ min: -10_000_000, max: 10_000_000 }),
  ])('returns a timestamp that sorts as it should, or throws', (date, minutes) => {
    const at = date.toISOString();
    let later: string;
    try {
      later = addMinutesTo(at, minutes);
    } catch (error) {
      expect((error as IncidentKitError).code).toBe('invalid_input');
      return;
    }
    expect(TimestampSchema.parse(later)).toBe(later);
    expect(later < at ? -1 : later > at ? 1 : 0).toBe(Math.sign(minutes));
  });
});
