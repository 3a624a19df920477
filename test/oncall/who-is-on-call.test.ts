import { whoIsOnCall } from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { ana, ben, layer, schedule as scheduleOf } from '../fixtures/oncall';

const cy = { ref: 'pd-user:PCY', name: 'Cy' };

const schedule = scheduleOf(
  'primary',
  'Europe/Berlin',
  [layer([ana, ben], { restrictions: [{ type: 'daily', start: '08:00', end: '20:00' }] })],
  [{ id: 'leave', member: cy, from: '2024-01-03T00:00:00Z', until: '2024-03-01T00:00:00Z' }],
);

describe('whoIsOnCall', () => {
  it('returns the whole shift holding the instant, not just the instant', () => {
    expect(whoIsOnCall(schedule, '2024-01-02T12:00:00+01:00')).toEqual({
      from: '2024-01-02T07:00:00.000Z',
      until: '2024-01-02T19:00:00.000Z',
      member: ana,
      source: { type: 'layer', layerIndex: 0, turn: 0 },
    });
  });

  it('returns null in a gap', () => {
    expect(whoIsOnCall(schedule, '2024-01-02T21:00:00+01:00')).toBeNull();
  });

  it('returns an override with its full extent, even when it outlasts the turns under it', () => {
    expect(whoIsOnCall(schedule, '2024-02-14T03:00:00Z')).toEqual({
      from: '2024-01-03T00:00:00.000Z',
      until: '2024-03-01T00:00:00.000Z',
      member: cy,
      source: { type: 'override', overrideIndex: 0 },
    });
  });

  it('rejects an instant without an offset', () => {
    expect(() => whoIsOnCall(schedule, '2024-01-02T12:00:00')).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('Invalid at') }),
    );
  });
});

describe('whoIsOnCall at the edges of a shift', () => {
  const office = scheduleOf('office', 'UTC', [
    layer([ana], { restrictions: [{ type: 'daily', start: '09:00', end: '17:00' }] }),
  ]);

  it('is on call from the first instant of the shift up to, not including, its end', () => {
    expect(whoIsOnCall(office, '2024-01-02T08:59:59.999Z')).toBeNull();
    expect(whoIsOnCall(office, '2024-01-02T09:00:00Z')).toMatchObject({
      member: ana,
      from: '2024-01-02T09:00:00.000Z',
      until: '2024-01-02T17:00:00.000Z',
    });
    expect(whoIsOnCall(office, '2024-01-02T16:59:59.999Z')?.until).toBe('2024-01-02T17:00:00.000Z');
    expect(whoIsOnCall(office, '2024-01-02T17:00:00Z')).toBeNull();
  });

  it('names the argument it refuses', () => {
    expect(() => whoIsOnCall(null as never, '2024-01-02T09:00:00Z')).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^Invalid schedule:/) }),
    );
    expect(() => whoIsOnCall(office, 'noon')).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^Invalid at:/) }),
    );
  });
});
