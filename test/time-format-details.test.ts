// The refusals of the time formatters, each naming its argument, and the UTC form against the platform's Intl in UTC.
// From the mutation run's survivors.
import { formatDuration, formatDurationBetween, formatTimestamp } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';

const refusal = thrown;

describe('formatDuration', () => {
  it('refuses what is not a finite number, naming it', () => {
    for (const ms of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      '3600000',
      null,
      undefined,
    ]) {
      const error = refusal(() => formatDuration(ms as number));
      expect(error.code, String(ms)).toBe('invalid_input');
      expect(error.message).toMatch(/ms.*a finite number/);
    }
  });
});

describe('formatDurationBetween and formatTimestamp', () => {
  it('name the argument they could not read', () => {
    expect(refusal(() => formatDurationBetween('soon', '2024-01-15T15:05:00Z')).message).toMatch(/\bfrom\b/);
    expect(refusal(() => formatDurationBetween('2024-01-15T15:05:00Z', 'later')).message).toMatch(
      /\buntil\b/,
    );
    expect(refusal(() => formatTimestamp('noon')).message).toMatch(/\btimestamp\b/);
    expect(refusal(() => formatTimestamp('2024-01-15T14:30:00Z', { timeZone: 'Mars/Base' })).message).toMatch(
      /options\.timeZone/,
    );
  });

  it('writes UTC as the time-zone path (Intl) writes Etc/UTC', () => {
    for (const at of ['2024-02-29T23:59:59.999Z', '0001-01-01T00:00:00.000Z', '2024-01-15T14:30:00Z']) {
      expect(formatTimestamp(at)).toBe(
        formatTimestamp(at, { timeZone: 'Etc/UTC' }).replace(/Etc\/UTC$/, 'UTC'),
      );
    }
    expect(formatTimestamp('2024-02-29T23:59:59.999Z', { timeZone: 'UTC' })).toBe('2024-02-29 23:59 UTC');
  });

  it('writes years before 1000 with four digits in a named zone too, and the last day of 1 BC as year 0000', () => {
    expect(formatTimestamp('0999-06-01T12:00:00Z', { timeZone: 'Europe/London' })).toBe(
      '0999-06-01 11:58 Europe/London', // local mean time before 1847: 1 minute 15 seconds west of Greenwich
    );
    expect(formatTimestamp('0001-01-01T00:00:00Z', { timeZone: 'America/New_York' })).toBe(
      '0000-12-31 19:03 America/New_York',
    );
    expect(formatTimestamp('9999-12-31T23:59:59.999Z', { timeZone: 'Pacific/Kiritimati' })).toBe(
      '10000-01-01 13:59 Pacific/Kiritimati',
    );
  });
});
