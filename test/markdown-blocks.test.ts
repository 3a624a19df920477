// The block layout every Markdown and Teams message goes through scans its lines by hand for speed
// (src/comms/payloads.ts). Here it is held equal to the plain version it replaced: split on line feeds, blank lines
// dropped, list items and table rows kept together, other lines made paragraphs of their own.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMarkdownBlocks } from '../src/comms/payloads';
import { prop } from './support/prop';
import { propertyRuns } from './support/property-runs';

function reference(text: string): string {
  const listItem = /^(?:[-*+]|\d{1,9}[.)])[ \t]/;
  let result = '';
  let previous: string | undefined;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const kind = listItem.test(raw) ? 'item' : raw.startsWith('|') ? 'row' : 'line';
    const line = kind === 'line' ? raw.trimStart() : raw;
    result += result === '' ? line : kind !== 'line' && kind === previous ? `\n${line}` : `\n\n${line}`;
    previous = kind;
  }
  return result;
}

const piece = fc.constantFrom(
  '',
  ' ',
  '\t',
  '    ',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\r',
  '- ',
  '* ',
  '+ ',
  '-',
  '1. ',
  '12) ',
  '1234567890. ',
  '3.',
  '| a | b |',
  '|',
  '**Status:** ok',
  '## Heading',
  'text',
  'ü',
  '🔥',
);
const line = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(''));
const text = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));

describe('toMarkdownBlocks', () => {
  prop([fc.oneof(text, fc.string())], { numRuns: propertyRuns(20_000) })(
    'lays out any text as the plain line-by-line version does',
    (input) => {
      expect(toMarkdownBlocks(input)).toBe(reference(input));
    },
  );

  it('keeps list items and table rows together and makes other lines paragraphs', () => {
    expect(toMarkdownBlocks('**Impact:**\n- a\n- b\n\n  **Next:** soon\n| x |\n| y |\n')).toBe(
      '**Impact:**\n\n- a\n- b\n\n**Next:** soon\n\n| x |\n| y |',
    );
  });
});
