// The small platform helpers behind the integrations: UTF-8 byte counts (the vendors' size limits are in bytes),
// the stable hash behind derived dedup keys and event ids (stored by hosts and vendors, so it must never change),
// and the errors of a runtime without the Web APIs.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { derivedKey, stableHash } from '../../src/integrations/internal/hash';
import { utf8Decode, utf8Encode, utf8Length, webSubtle } from '../../src/integrations/internal/web';
import { prop } from '../support/prop';
import { propertyRuns } from '../support/property-runs';

describe('utf8Length', () => {
  it('counts each range as UTF-8 does, and a lone surrogate as U+FFFD', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['\u007f', 1],
      ['\u0080', 2],
      ['\u07ff', 2],
      ['\u0800', 3],
      ['\ud7ff', 3],
      ['\ud83d\udd25', 4],
      ['\ud800', 3],
      ['\ud800a', 4],
      ['a\ud800', 4],
      ['\udc00', 3],
      ['\udc00\ud800', 6],
      ['\udbff\udfff', 4],
      ['\ud800\ue000', 6],
      ['\uffff', 3],
      // A low surrogate after a character that is not a high one stands alone.
      ['\u0800\udc00', 6],
      ['a\udc00', 4],
      ['\ue000\udfff', 6],
    ];
    for (const [text, bytes] of cases) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(bytes);
      expect(new TextEncoder().encode(text).length).toBe(bytes);
    }
  });

  prop([fc.string({ unit: 'binary', maxLength: 40 })], { numRuns: propertyRuns(5_000) })(
    'equals the length TextEncoder gives, for any string',
    (text) => {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    },
  );
});

describe('stableHash', () => {
  it('gives the values it has always given: derived keys are stored by hosts and vendors', () => {
    expect(stableHash('')).toBe(HASHES.empty);
    expect(stableHash('incident-kit')).toBe(HASHES.name);
    expect(derivedKey('labels', ['alertname', 'DiskFull'])).toBe(`labels:${HASHES.labels}`);
  });

  prop([fc.string({ unit: 'binary', maxLength: 30 })], { numRuns: propertyRuns(2_000) })(
    'is always 16 lowercase hex digits, leading zeros kept',
    (text) => {
      expect(stableHash(text)).toMatch(/^[0-9a-f]{16}$/);
    },
  );
});

// Measured once and pinned.
const HASHES = { empty: '488bdcb81aee8d83', name: '607960e275ef9b37', labels: '300fb7b79704ff85' };

describe('without the Web APIs', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('says which API is missing', () => {
    vi.stubGlobal('TextEncoder', undefined);
    vi.stubGlobal('TextDecoder', undefined);
    expect(() => utf8Encode('x')).toThrow('TextEncoder is not available in this runtime');
    expect(() => utf8Decode(new Uint8Array([120]))).toThrow('TextDecoder is not available in this runtime');
  });

  it('has no Web Crypto in a runtime without crypto', () => {
    expect(webSubtle()).toBeDefined();
    vi.stubGlobal('crypto', undefined);
    expect(webSubtle()).toBeUndefined();
  });
});
