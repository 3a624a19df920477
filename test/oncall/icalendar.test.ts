import fc from 'fast-check';
import ICAL from 'ical.js';
import {
  getFinalSchedule,
  type OnCallShift,
  type ScheduleInput,
  scheduleToICalendar,
} from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { scenarioArb } from '../arbitraries/oncall';
import { refusalOf } from '../fixtures/assert';
import { ana, ben, layer, schedule as scheduleOf } from '../fixtures/oncall';
import { propertyRuns } from '../support/property-runs';

const schedule: ScheduleInput = {
  id: 'payments/primary',
  name: 'Payments, primary; EU',
  timeZone: 'Europe/Berlin',
  layers: [
    {
      name: 'Weekly',
      rotationStart: '2024-03-25',
      handoffTime: '09:00',
      turn: { length: 1, unit: 'weeks' },
      members: [ana, ben],
    },
  ],
  overrides: [
    {
      member: { ref: 'pd-user:PXPGF42', name: 'Cy' },
      from: '2024-04-03T10:00:00Z',
      until: '2024-04-03T18:00:00Z',
    },
  ],
};
const options = { from: '2024-03-25T08:00:00Z', to: '2024-04-08T07:00:00Z', now: '2024-03-20T12:00:00Z' };

/** A schedule with `member` on call all day, every day, and the range of its first day. */
function oneDay(member: { id: string; name: string }, id: string): ScheduleInput {
  return scheduleOf(id, 'UTC', [
    layer([member], { handoffTime: '00:00', turn: { length: 1, unit: 'days' } }),
  ]);
}
const firstDay = { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z', now: '2024-01-01T00:00:00Z' };

/** The VEVENTs of a document, as ical.js reads them. */
function parseEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      stamp: (component.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString(),
      utc: event.startDate.zone?.tzid === 'UTC' && event.endDate.zone?.tzid === 'UTC',
    };
  });
}

function physicalLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) {
    expect(line).not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
  return lines;
}

describe('scheduleToICalendar', () => {
  it('writes one UTC event per shift that ical.js reads back exactly', () => {
    const text = scheduleToICalendar(schedule, options);
    physicalLines(text);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//incident-kit//on-call schedule//EN');
    // RFC 5545 3.8.8.2 makes an X- property TEXT, so it is escaped; ical.js hands unknown properties back raw.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Payments\\, primary\\; EU');
    const events = parseEvents(text);
    expect(events.map((event) => [event.summary, event.start, event.end])).toEqual([
      ['On call: Ana (Payments, primary; EU)', '2024-03-25T08:00:00.000Z', '2024-04-01T07:00:00.000Z'],
      ['On call: Ben (Payments, primary; EU)', '2024-04-01T07:00:00.000Z', '2024-04-03T10:00:00.000Z'],
      ['On call: Cy (Payments, primary; EU)', '2024-04-03T10:00:00.000Z', '2024-04-03T18:00:00.000Z'],
      ['On call: Ben (Payments, primary; EU)', '2024-04-03T18:00:00.000Z', '2024-04-08T07:00:00.000Z'],
    ]);
    expect(events.every((event) => event.utc && event.stamp === '2024-03-20T12:00:00.000Z')).toBe(true);
    expect(events[2]?.description).toBe('Cy is on call for Payments, primary; EU (override).');
    expect(new Set(events.map((event) => event.uid)).size).toBe(4);
  });

  it('escapes TEXT values as RFC 5545 says', () => {
    const text = scheduleToICalendar(schedule, options);
    expect(text).toContain('X-WR-CALNAME:Payments\\, primary\\; EU\r\n');
    expect(text).toContain('SUMMARY:On call: Ana (Payments\\, primary\\; EU)\r\n');
  });

  it('keeps a UID for the same person and start when the schedule around it changes', () => {
    const before = parseEvents(scheduleToICalendar(schedule, options));
    const later = parseEvents(
      scheduleToICalendar(
        {
          ...schedule,
          overrides: [{ member: ana, from: '2024-04-06T00:00:00Z', until: '2024-04-07T00:00:00Z' }],
        },
        options,
      ),
    );
    expect(later[1]?.uid).toBe(before[1]?.uid);
    expect(later[0]?.uid).toBe(before[0]?.uid);
  });

  it("exports only one member's shifts when asked, named after them", () => {
    const text = scheduleToICalendar(schedule, { ...options, member: { id: 'ben', name: 'Ben' } });
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Payments\\, primary\\; EU: Ben');
    expect(parseEvents(text).map((event) => event.start)).toEqual([
      '2024-04-01T07:00:00.000Z',
      '2024-04-03T18:00:00.000Z',
    ]);
  });

  it('folds long lines at 75 octets without splitting a character, and ical.js unfolds them', () => {
    const long = { id: 'zoë', name: `Zoë ${'🚨'.repeat(20)} Ødegård 山田 ${'x'.repeat(30)}` };
    const text = scheduleToICalendar(oneDay(long, 's'), firstDay);
    const lines = physicalLines(text);
    expect(lines.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(1);
    expect(text).not.toContain('\uFFFD');
    expect(parseEvents(text)[0]?.summary).toBe(`On call: ${long.name} (s)`);
  });

  it('round-trips any member name and schedule through ical.js, within 75 octets a line', () => {
    const nameArb = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 120 })
      .filter((name) => name.trim().length > 0);
    fc.assert(
      fc.property(nameArb, nameArb, (name, title) => {
        const member = { id: 'm', name };
        const text = scheduleToICalendar({ ...oneDay(member, 'x'), name: title }, firstDay);
        physicalLines(text);
        // What the schema keeps (trimmed), minus characters TEXT may not carry (controls other than tab).
        const allowed = (char: string) => {
          const code = char.codePointAt(0) ?? 0;
          return code === 9 || code === 10 || (code > 31 && code !== 127);
        };
        const clean = (value: string) => [...value.trim().replace(/\r\n|\r/g, '\n')].filter(allowed).join('');
        expect(parseEvents(text)[0]?.summary).toBe(`On call: ${clean(name)} (${clean(title)})`);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('lists exactly the shifts of the final schedule', () => {
    fc.assert(
      fc.property(scenarioArb, ({ schedule: generated, range }) => {
        const text = scheduleToICalendar(generated, { ...range, now: '2024-01-01T00:00:00Z' });
        physicalLines(text);
        const shifts = getFinalSchedule(generated, range).filter(
          (entry): entry is OnCallShift => entry.member !== null,
        );
        const events = parseEvents(text);
        const seconds = (at: string) => new Date(Math.floor(Date.parse(at) / 1000) * 1000).toISOString();
        expect(events.map((event) => [event.start, event.end])).toEqual(
          shifts.map((shift) => [seconds(shift.from), seconds(shift.until)]),
        );
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('requires the generation time for DTSTAMP and a valid range', () => {
    expect(() => scheduleToICalendar(schedule, { ...options, now: 'now' })).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('Invalid now') }),
    );
    expect(() => scheduleToICalendar(schedule, { ...options, to: options.from })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('scheduleToICalendar, line by line', () => {
  const day = { from: '2024-01-02T00:00:00Z', to: '2024-01-03T00:00:00Z', now: '2024-01-01T12:00:00Z' };
  const linesOf = (text: string) => text.split('\r\n');
  /** Content lines with folding undone (RFC 5545 3.1). */
  const unfolded = (text: string) => linesOf(text.replace(/\r\n /g, ''));

  it('writes the calendar headers and a transparent event per shift', () => {
    const lines = linesOf(scheduleToICalendar(oneDay(ana, 'ops'), day));
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//incident-kit//on-call schedule//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:ops',
    ]);
    expect(lines).toContain('TRANSP:TRANSPARENT');
    expect(lines).toContain('DESCRIPTION:Ana is on call for ops (layer 1).');
  });

  it('keeps UIDs to letters, digits, dots and dashes, writing anything else as _hex_', () => {
    const text = scheduleToICalendar(oneDay({ id: 'ana é', name: 'Ana' }, 'ops/EU 1.a-b'), day);
    expect(unfolded(text).find((line) => line.startsWith('UID:'))).toBe(
      'UID:ops_2f_EU_20_1.a-b-person_3a_ana_20__e9_-20240102T000000Z@incident-kit',
    );
  });

  it('escapes TEXT: backslashes, separators, every kind of line break, and drops control characters', () => {
    const name = 'A\\B;C,D\r\nE\rF\nG\u0007H\tI';
    const text = scheduleToICalendar(oneDay(ana, 'ops'), { ...day, calendarName: name });
    expect(unfolded(text)).toContain('X-WR-CALNAME:A\\\\B\\;C\\,D\\nE\\nF\\nGH\tI');
  });

  it('folds at 75 octets of UTF-8, never inside a character', () => {
    for (const char of ['a', 'é', '€', '😀']) {
      const name = char.repeat(80);
      const text = scheduleToICalendar(oneDay(ana, 'ops'), { ...day, calendarName: name });
      const lines = linesOf(text);
      const start = lines.findIndex((line) => line.startsWith('X-WR-CALNAME:'));
      const physical = [lines[start] as string];
      for (let index = start + 1; lines[index]?.startsWith(' '); index++)
        physical.push(lines[index] as string);
      const octets = physical.map((line) => new TextEncoder().encode(line).length);
      // Every physical line is at most 75 octets, and a line is only broken where the next character would not fit.
      const size = new TextEncoder().encode(char).length;
      for (const length of octets.slice(0, -1)) expect(length).toBeGreaterThan(75 - size);
      for (const length of octets) expect(length).toBeLessThanOrEqual(75);
      expect(physical.join('').replace(/ /g, '')).toBe(`X-WR-CALNAME:${name}`);
    }
    // Exactly 75 octets stays on one line.
    const exact = 'x'.repeat(75 - 'X-WR-CALNAME:'.length);
    expect(linesOf(scheduleToICalendar(oneDay(ana, 'ops'), { ...day, calendarName: exact }))).toContain(
      `X-WR-CALNAME:${exact}`,
    );
  });

  it('names each argument it refuses', () => {
    const calendar = oneDay(ana, 'ops');
    expect(refusalOf(() => scheduleToICalendar(calendar, null as never))).toBe('Invalid options');
    expect(refusalOf(() => scheduleToICalendar(calendar, { ...day, calendarName: 7 as never }))).toBe(
      'Invalid options.calendarName',
    );
    expect(refusalOf(() => scheduleToICalendar(null as never, day))).toBe('Invalid schedule');
    expect(refusalOf(() => scheduleToICalendar(calendar, { ...day, to: day.from }))).toBe('Invalid range');
    expect(refusalOf(() => scheduleToICalendar(calendar, { ...day, member: 5 as never }))).toBe(
      'Invalid member',
    );
  });
});
