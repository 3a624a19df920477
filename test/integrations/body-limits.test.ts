// How every intake parser reads a body before looking at it: the size limit to the byte in each form (string,
// bytes, a view into a larger buffer, parsed JSON), the refusals and their messages, a byte-order mark, the options.
// (Mutation testing showed the boundaries and messages were read by no test.)
import { parseGenericAlert } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { invalidInput } from './helpers';

const alert = {
  version: '1',
  status: 'firing',
  dedupKey: 'k',
  alert: { name: 'DiskFull', severity: 'warning' },
};
const text = JSON.stringify(alert);
const size = new TextEncoder().encode(text).length;

function refusal(body: unknown, options?: object): [string, unknown, string] | 'accepted' {
  const result = parseGenericAlert(body, options as never);
  if (result.ok) return 'accepted';
  return [
    invalidInput(result.error).details.reason as string,
    result.error.details.limit,
    result.error.message,
  ];
}

describe('reading a body', () => {
  it('accepts a body of exactly the limit in every form, and refuses one byte less of limit, saying its size', () => {
    const bytes = new TextEncoder().encode(text);
    const padded = new Uint8Array(bytes.length + 6);
    padded.set(bytes, 3);
    const view = new DataView(padded.buffer, 3, bytes.length);
    for (const body of [text, bytes, bytes.slice().buffer, view, alert])
      expect(refusal(body, { maxBytes: size })).toBe('accepted');
    expect(refusal(bytes, { maxBytes: size - 1 })).toEqual([
      'too_large',
      size - 1,
      `The generic alert is ${size} bytes, over the limit of ${size - 1}`,
    ]);
    expect(refusal(view, { maxBytes: size - 1 })?.[2]).toBe(
      `The generic alert is ${size} bytes, over the limit of ${size - 1}`,
    );
    expect(refusal(alert, { maxBytes: size - 1 })?.[2]).toBe(
      `The generic alert is ${size} bytes, over the limit of ${size - 1}`,
    );
    expect(refusal(text, { maxBytes: size - 1 })?.[2]).toBe(
      `The generic alert is at least ${size} bytes, over the limit of ${size - 1}`,
    );
  });

  it('measures a string in UTF-8 bytes, not characters', () => {
    const wide = JSON.stringify({ ...alert, alert: { ...alert.alert, summary: 'é'.repeat(10) } });
    const bytes = new TextEncoder().encode(wide).length;
    expect(bytes).toBe(wide.length + 10);
    expect(refusal(wide, { maxBytes: bytes })).toBe('accepted');
    expect(refusal(wide, { maxBytes: bytes - 1 })?.[2]).toBe(
      `The generic alert is ${bytes} bytes, over the limit of ${bytes - 1}`,
    );
  });

  it('reads the bytes a view shows, in any typed array', () => {
    const bytes = new TextEncoder().encode(`  ${text}  `);
    expect(refusal(new Uint8Array(bytes.buffer, 2, bytes.length - 4))).toBe('accepted');
    const even = new TextEncoder().encode(`${text}${text.length % 2 === 0 ? '' : ' '}`);
    expect(refusal(new Uint16Array(even.buffer))).toBe('accepted');
  });

  it('reads past a UTF-8 byte-order mark, in a string or in bytes', () => {
    expect(refusal(`\ufeff${text}`)).toBe('accepted');
    expect(refusal(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toBe('accepted');
  });

  it('says why it refuses: not UTF-8, missing, not JSON, not JSON data, another or no version', () => {
    expect(refusal(new Uint8Array([0xff, 0xfe]))).toEqual([
      'not_utf8',
      undefined,
      'The generic alert is not valid UTF-8',
    ]);
    expect(refusal(undefined)).toEqual(['wrong_shape', undefined, 'The generic alert is missing']);
    expect(refusal('{')).toEqual([
      'not_json',
      undefined,
      `The generic alert is not JSON: ${errorOf(() => JSON.parse('{'))}`,
    ]);
    expect(refusal(() => 1)).toEqual(['not_json', undefined, 'The generic alert is not JSON data']);
    expect(refusal({ big: 1n })).toEqual([
      'not_json',
      undefined,
      `The generic alert is not JSON data: ${errorOf(() => JSON.stringify({ big: 1n }))}`,
    ]);
    expect(refusal({ ...alert, version: 2 })?.[2]).toBe(
      'Unsupported generic alert: version 2 (expected "1")',
    );
    const none = parseGenericAlert([alert]);
    expect(none.ok || [none.error.message, invalidInput(none.error).details]).toEqual([
      'Unsupported generic alert: no version (expected "1")',
      { reason: 'wrong_version', expected: '1', found: null },
    ]);
  });

  it('refuses options that are not an object, or a bad maxBytes, saying which', () => {
    expect(refusal(text, null as never)).toEqual([
      'bad_option',
      undefined,
      'options must be an object, got null',
    ]);
    expect(refusal(text, { maxBytes: '10' })).toEqual([
      'bad_option',
      undefined,
      'maxBytes must be a number, got "10"',
    ]);
    for (const maxBytes of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(refusal(text, { maxBytes })?.[2]).toMatch(/^maxBytes must be a non-negative number, got /);
    expect(refusal(text, { maxBytes: 0 })?.[0]).toBe('too_large');
    expect(refusal(text, undefined)).toBe('accepted');
  });
});

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected it to throw');
}
