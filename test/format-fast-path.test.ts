// escapeText answers most text with one scan ("nothing to escape") before its rules (src/comms/format.ts). That
// check may only ever say "the rules would return the text unchanged": held to the rules here over text made of the
// characters each rule is about, at the start and anywhere else.
import fc from 'fast-check';
import { MESSAGE_FORMATS } from 'incident-kit';
import { escapeText } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { escapeByRules } from '../src/comms/format';
import { propertyRuns } from './support/property-runs';

/** Plain letters and digits, every character a rule is about, and some outside ASCII near the ranges it checks. */
const CHARACTERS = [
  ...'aZ 09.)\t',
  ...'\\`*_[]|~<>&#+=-',
  '\n',
  '\r',
  '\u000b',
  '\u000c',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009f',
  '\u00a0',
  'é',
  '\u061c',
  '\u180e',
  '\u1fff',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2064',
  '\u2065',
  '\u2069',
  '\u2070',
  '\ufe0f',
  '\ufeff',
  '\ufffa',
  '😀',
  '日',
];

const textArb = fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 12 }).map((parts) => parts.join(''));

describe('escapeText', () => {
  it('gives what its rules give, for every format, on one line or many', () => {
    let unchanged = 0;
    fc.assert(
      fc.property(textArb, fc.constantFrom(...MESSAGE_FORMATS), fc.boolean(), (text, format, singleLine) => {
        const escaped = escapeText(text, format, { singleLine });
        expect(escaped).toBe(escapeByRules(text, format, singleLine));
        if (escaped === text) unchanged += 1;
      }),
      { numRuns: propertyRuns(20_000) },
    );
    // Both answers come up: text left as it is, and text the rules change.
    expect(unchanged).toBeGreaterThan(propertyRuns(20_000) / 20);
  });

  it('leaves plain prose, names and numbers as they are without applying the rules', () => {
    for (const format of MESSAGE_FORMATS) {
      for (const text of [
        'Auth Service Degraded',
        'API returning 503 errors',
        'Jane Smith',
        'SEV2',
        'Ünïcödé 日本 😀',
      ])
        expect(escapeText(text, format)).toBe(text);
    }
    expect(escapeText('1. First', 'markdown')).toBe('1\\. First');
    expect(escapeText('  - item', 'teams')).toBe('  \\- item');
    expect(escapeText('a-b', 'markdown')).toBe('a-b');
  });
});
