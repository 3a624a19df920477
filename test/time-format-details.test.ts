// The refusals of the time formatters, each naming its argument, and the UTC form against the platform's Intl in UTC.
// From the mutation run's survivors.
import { IncidentKitError } from 'incident-kit';
import { formatDuration, formatDurationBetween, formatTimestamp } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';

const refusal = (call: () => unknown): IncidentKitError => {
  try {
    call();
  } catch (error) {
    if (error instanceof IncidentKitError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

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

  it('writes UTC as Intl does in UTC', () => {
    const at = '2024-02-29T23:59:59.999Z';
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: 'UTC',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date(at))
        .map((part) => [part.type, part.value]),
    );
    expect(formatTimestamp(at)).toBe(
      `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} UTC`,
    );
    expect(formatTimestamp(at, { timeZone: 'UTC' })).toBe('2024-02-29 23:59 UTC');
  });
});
