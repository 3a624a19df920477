// The Slack and Teams payload builders to the unit: Teams' byte cap counted in UTF-8 as posted (1- to 4-byte
// characters, JSON escapes), a message that fits exactly kept whole, one byte more shortened and filled to within a
// character of the cap; Slack's sections filled to 3,000 characters and cut at 50 blocks; Teams paragraphs, lists and
// digits as list markers. From the mutation run's survivors in src/comms/payloads.ts.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SLACK_LIMITS,
  TEAMS_LIMITS,
  toMarkdownBlocks,
  toSlackPayload,
  toTeamsPayload,
} from '../src/comms/payloads';
import { propertyRuns } from './support/property-runs';

const SHORTENED = '… (message shortened)';
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
const texts = (payload: ReturnType<typeof toTeamsPayload>) =>
  payload.attachments[0]?.content.body.map((block) => block.text) ?? [];

/**
 * A Teams body of one-item lists (each its own TextBlock: 900 `unit`s, then ASCII padding) whose whole payload,
 * titled "T", is exactly `target` bytes.
 */
function bodyOfBytes(target: number, unit = 'x'): string {
  const lists: string[] = [];
  const size = (padding: number) =>
    bytes(toTeamsPayload('T', [...lists, `- ${'x'.repeat(padding)}`].join('\n\n')));
  while (size(1) + 900 * Buffer.byteLength(unit, 'utf8') + 60 < target) lists.push(`- ${unit.repeat(900)}`);
  const body = [...lists, `- ${'x'.repeat(target - size(1) + 1)}`].join('\n\n');
  expect(bytes(toTeamsPayload('T', body))).toBe(target);
  return body;
}

describe('toTeamsPayload, to the byte', () => {
  it('keeps a message of exactly the cap whole and shortens one a byte longer, in every UTF-8 width', () => {
    for (const unit of [
      'x',
      'é',
      '€',
      '😀',
      '\u007f',
      '\u0080',
      '\u07ff',
      '\u0800',
      '\uffff',
      '\u{10ffff}',
    ]) {
      const exact = bodyOfBytes(TEAMS_LIMITS.payloadBytes, unit);
      expect(texts(toTeamsPayload('T', exact)).slice(1).join('\n\n'), unit).toBe(exact);
      const over = `${exact}x`;
      const shortened = toTeamsPayload('T', over);
      const shown = texts(shortened);
      expect(shown.at(-1), unit).toBe(SHORTENED);
      expect(shown.at(-2)?.endsWith('…'), unit).toBe(true);
      const size = bytes(shortened);
      expect(size, unit).toBeLessThanOrEqual(TEAMS_LIMITS.payloadBytes);
      // Filled to within one character (4 bytes) of the cap: the cut is the longest that fits.
      expect(size, unit).toBeGreaterThan(TEAMS_LIMITS.payloadBytes - 4);
    }
  });

  it('counts JSON escapes and lone surrogates as posted', () => {
    for (const unit of ['"', '\\', '\u0001', '\ud800', '\udbff', '\udc00']) {
      const body = Array.from({ length: 20 }, () => unit.repeat(1_000)).join('\n\n');
      const payload = toTeamsPayload('T', body);
      const size = bytes(payload);
      expect(size, JSON.stringify(unit)).toBeLessThanOrEqual(TEAMS_LIMITS.payloadBytes);
      expect(size, JSON.stringify(unit)).toBeGreaterThan(TEAMS_LIMITS.payloadBytes - 8);
    }
  });

  it('keeps whole blocks while they fit, cuts the first that does not, and drops the rest', () => {
    const paragraph = (letter: string) => letter.repeat(3_000);
    const lists = Array.from({ length: 12 }, (_, index) => `- ${paragraph(String.fromCharCode(97 + index))}`);
    const payload = toTeamsPayload('T', lists.join('\n\n'));
    const shown = texts(payload);
    expect(shown.at(-1)).toBe(SHORTENED);
    const kept = shown.slice(1, -1);
    // Each list is a block of its own; every block but the last kept is whole.
    expect(kept.slice(0, -1)).toEqual(lists.slice(0, kept.length - 1));
    expect(kept.at(-1)?.endsWith('…')).toBe(true);
    expect(lists[kept.length - 1]?.startsWith((kept.at(-1) ?? '').slice(0, -1))).toBe(true);
    expect(bytes(payload)).toBeGreaterThan(TEAMS_LIMITS.payloadBytes - 4);
  });

  it('drops a block rather than keeping one character of it', () => {
    // The room left for the last block walks through the few bytes where only its first character (or nothing)
    // would fit: a lone `…` is never kept.
    const filler = bodyOfBytes(TEAMS_LIMITS.payloadBytes - 100);
    const lasts = new Set<string>();
    for (let trim = 0; trim < 80; trim++) {
      const payload = toTeamsPayload('T', `${filler.slice(0, filler.length - trim)}\n\n- ${'y'.repeat(400)}`);
      const shown = texts(payload);
      expect(shown.at(-1)).toBe(SHORTENED);
      expect(bytes(payload)).toBeLessThanOrEqual(TEAMS_LIMITS.payloadBytes);
      const last = shown.at(-2) ?? '';
      expect(last.length, `trim ${trim}`).toBeGreaterThan(1);
      lasts.add(last.startsWith('- y') ? 'cut' : 'dropped');
    }
    expect([...lasts].sort()).toEqual(['cut', 'dropped']);
  });

  it('holds any body within the cap, and keeps one that fits whole', () => {
    const piece = fc.constantFrom('x', 'é', '€', '😀', '"', '\\', '\n', '\n\n', '- item\n', '1. one\n', ' ');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.integer({ min: 0, max: 1_200 }),
        (pieces, repeat) => {
          const body = pieces.join('').repeat(repeat);
          const payload = toTeamsPayload('T', body);
          expect(bytes(payload)).toBeLessThanOrEqual(TEAMS_LIMITS.payloadBytes);
          // Well under the cap (escapes at most double a character's bytes, a block adds under 60): nothing is dropped.
          const blocks = body.split('\n').length;
          if (Buffer.byteLength(body, 'utf8') * 2 + blocks * 60 + 1_000 < TEAMS_LIMITS.payloadBytes)
            expect(texts(payload).at(-1)).not.toBe(SHORTENED);
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });

  it('writes the title on one line, and keeps paragraphs apart and each list whole', () => {
    const payload = toTeamsPayload('Two\nlines', 'First\n\nSecond\n\n- a\n- b\n\nAfter');
    expect(texts(payload)).toEqual(['Two lines', 'First\n\nSecond', '- a\n- b', 'After']);
    const long = `${'p'.repeat(3_000)}\n\n${'q'.repeat(3_000)}`;
    expect(texts(toTeamsPayload('T', long))).toEqual(['T', 'p'.repeat(3_000), 'q'.repeat(3_000)]);
  });
});

describe('toSlackPayload, to the character', () => {
  const sections = (payload: ReturnType<typeof toSlackPayload>) =>
    payload.blocks.slice(1).map((block) => block.text.text);

  it('fills a section to exactly 3,000 characters and starts the next one with the line that does not fit', () => {
    const fits = `${'x'.repeat(1_499)}\n${'x'.repeat(1_498)}`; // 2,998 characters
    expect(`${fits}\ny`).toHaveLength(SLACK_LIMITS.sectionText);
    expect(sections(toSlackPayload('T', `${fits}\ny`))).toEqual([`${fits}\ny`]);
    expect(sections(toSlackPayload('T', `${fits}\nyz`))).toEqual([fits, 'yz']);
  });

  it('drops blank sections, and trims the ones it keeps', () => {
    expect(sections(toSlackPayload('T', '\n\n\n'))).toEqual([]);
    expect(sections(toSlackPayload('T', '  abc\n  next  '))).toEqual(['abc\n  next']);
    const x = 'x'.repeat(3_000);
    const y = 'y'.repeat(2_999);
    expect(sections(toSlackPayload('T', `${x}\n   \n${y}`))).toEqual([x, y]);
  });

  it('keeps 49 sections when a body needs exactly 49, and cuts a 50th with a notice', () => {
    const section = 'y'.repeat(3_000);
    const exact = Array.from({ length: 49 }, () => section).join('\n');
    const kept = sections(toSlackPayload('T', exact));
    expect(kept).toHaveLength(49);
    expect(kept.at(-1)).toBe(section);
    const over = sections(toSlackPayload('T', `${exact}\nz`));
    expect(over).toHaveLength(49);
    expect(over.at(-1)?.endsWith(`\n${SHORTENED}`)).toBe(true);
    expect(over.at(-1)).toHaveLength(SLACK_LIMITS.sectionText);
  });
});

describe('toMarkdownBlocks', () => {
  it('knows items numbered from 0 to 9 as one list', () => {
    expect(toMarkdownBlocks('0. zero\n1. one\n9. nine\n9) nine\nAfter')).toBe(
      '0. zero\n1. one\n9. nine\n9) nine\n\nAfter',
    );
    expect(toMarkdownBlocks('Line\n:colon\n/slash')).toBe('Line\n\n:colon\n\n/slash');
  });
});
