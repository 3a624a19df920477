import { IncidentKitError } from '../errors';

/**
 * A short digest of a JSON value: FNV-1a over its canonical JSON (object keys sorted, `undefined` members left out)
 * in two 32-bit lanes, as 16 hex digits. A cheap check against edits, corruption and reused event ids; not a
 * cryptographic hash. Internal: not exported from the package root.
 *
 * @param value - a validated, JSON-safe value (its schema bounds its depth)
 * @returns `fnv1a:` and 16 hex digits
 * @throws {IncidentKitError} `invalid_input` for a value nested deeper than 256 levels or holding what JSON cannot
 * @example
 * digestOf({ b: 1, a: [true, null] }) === digestOf({ a: [true, null], b: 1 });
 * //=> true
 */
export function digestOf(value: unknown): string {
  const digest = boundedDigestOf(value, 256);
  if (digest === null)
    throw new IncidentKitError('invalid_input', 'Cannot digest a value nested deeper than 256 levels');
  return digest;
}

/**
 * {@link digestOf} for untrusted data: `null` instead of a digest when the value nests deeper than `maxDepth` (so a
 * 20,000-level body cannot overflow the stack) or holds what JSON cannot (a bigint, a symbol, a function).
 * Internal.
 *
 * @param value - any value
 * @param maxDepth - the deepest nesting walked
 * @param omit - top-level keys left out (an event's `id` and `at`)
 * @returns the digest, or `null`
 * @example
 * boundedDigestOf([[[1]]], 2);
 * //=> null
 */
export function boundedDigestOf(value: unknown, maxDepth: number, omit?: readonly string[]): string | null {
  // Hashed as it is walked, without building the text: a first walk measures it (the second lane starts from its
  // length), a second hashes it. Equal to the digest of `canonicalJson(value, maxDepth, omit)`, a test holds it so.
  const lanes = new Int32Array(3);
  const length = canonicalLength(value, maxDepth, lanes, omit);
  if (length < 0) return null;
  lanes[0] = 0x811c9dc5;
  lanes[1] = 0x01000193 ^ length;
  hashCanonical(value, maxDepth, lanes, omit);
  return digestOfLanes(lanes);
}

/**
 * The two lanes of a digest being computed, and (third) whether the first walk met a string JSON escapes: a typed
 * array, so storing a lane allocates nothing.
 */
type Lanes = Int32Array;

/** Whether JSON.stringify writes the string as it is between quotes (no escapes, no surrogates to check). */
function isPlainJsonString(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

/** What JSON.stringify writes for a value that is neither an object nor a string, or `null` when JSON cannot hold it. */
function scalarJson(value: unknown): string | null {
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return null;
  return JSON.stringify(value) ?? 'null';
}

/** The length of `canonicalJson(value, depth, omit)`, or -1 where that is `null`; notes escaped strings in `lanes`. */
function canonicalLength(value: unknown, depth: number, lanes: Lanes, omit?: readonly string[]): number {
  if (typeof value === 'string') {
    if (isPlainJsonString(value)) return value.length + 2;
    lanes[2] = 1;
    return JSON.stringify(value).length;
  }
  if (typeof value !== 'object' || value === null) return scalarJson(value)?.length ?? -1;
  if (depth <= 0) return -1;
  if (Array.isArray(value)) {
    let length = value.length === 0 ? 2 : value.length + 1; // brackets and commas
    for (let index = 0; index < value.length; index++) {
      const inner = canonicalLength(value[index], depth - 1, lanes);
      if (inner < 0) return -1;
      length += inner;
    }
    return length;
  }
  let length = 1;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || omit?.includes(key)) continue;
    const inner = canonicalLength(item, depth - 1, lanes);
    if (inner < 0) return -1;
    length += canonicalLength(key, 0, lanes) + inner + 2; // the colon, and a comma or the closing brace
  }
  return length === 1 ? 2 : length;
}

/** Hashes `canonicalJson(value, depth, omit)` into the lanes, once `canonicalLength` has accepted the value. */
function hashCanonical(value: unknown, depth: number, lanes: Lanes, omit?: readonly string[]): void {
  if (typeof value === 'string') {
    // When the first walk met no string JSON escapes, none is checked again.
    if (lanes[2] === 0 || isPlainJsonString(value)) {
      hashCode(lanes, 0x22);
      hashText(lanes, value);
      hashCode(lanes, 0x22);
    } else hashText(lanes, JSON.stringify(value));
    return;
  }
  // A getter could answer differently on this second walk: whatever it answers is hashed, and nothing throws (the
  // digest is then of no one text, as a value that changes while it is read has none).
  if (typeof value !== 'object' || value === null || depth <= 0) {
    hashText(lanes, scalarJson(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    hashCode(lanes, 0x5b);
    for (let index = 0; index < value.length; index++) {
      if (index > 0) hashCode(lanes, 0x2c);
      hashCanonical(value[index], depth - 1, lanes);
    }
    hashCode(lanes, 0x5d);
    return;
  }
  hashCode(lanes, 0x7b);
  let first = true;
  for (const key of sortedKeys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || omit?.includes(key)) continue;
    if (!first) hashCode(lanes, 0x2c);
    first = false;
    hashCanonical(key, 0, lanes);
    hashCode(lanes, 0x3a);
    hashCanonical(item, depth - 1, lanes);
  }
  hashCode(lanes, 0x7d);
}

/**
 * An object's own keys in the order `Array#sort` gives them (UTF-16 code units): by insertion, cheaper than `sort`
 * for the handful of keys an event or a person has (more than 16 are sorted by `sort`).
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > 16) return keys.sort();
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index] as string;
    let at = index - 1;
    while (at >= 0 && (keys[at] as string) > key) {
      keys[at + 1] = keys[at] as string;
      at--;
    }
    keys[at + 1] = key;
  }
  return keys;
}

function hashCode(lanes: Lanes, code: number): void {
  lanes[0] = Math.imul((lanes[0] as number) ^ code, 0x01000193);
  lanes[1] = Math.imul((lanes[1] as number) ^ code, 0x5bd1e995);
}

function hashText(lanes: Lanes, text: string): void {
  let a = lanes[0] as number;
  let b = lanes[1] as number;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  lanes[0] = a;
  lanes[1] = b;
}

function digestOfLanes(lanes: Lanes): string {
  return `fnv1a:${hex8(lanes[0] as number)}${hex8(lanes[1] as number)}`;
}

/** Two hex digits per byte: `Number#toString(16)` costs about ten times more, and a digest is made per event id. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, '0'),
);

function hex8(lane: number): string {
  return `${HEX_PAIRS[(lane >>> 24) & 0xff]}${HEX_PAIRS[(lane >>> 16) & 0xff]}${HEX_PAIRS[(lane >>> 8) & 0xff]}${HEX_PAIRS[lane & 0xff]}`;
}

/**
 * Canonical JSON, or `null` when the value nests deeper than `depth` (or holds what JSON cannot, e.g. a bigint):
 * object keys sorted (by UTF-16 code units), `undefined` properties left out. `omit` names top-level keys to leave
 * out as well (an event's `id` and `at`), without copying the object. Built as one string, without intermediate
 * arrays: event ids are digested on every step that carries one.
 */
export function canonicalJson(value: unknown, depth: number, omit?: readonly string[]): string | null {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return null;
    return JSON.stringify(value) ?? 'null';
  }
  if (depth <= 0) return null;
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      const inner = canonicalJson(value[index], depth - 1);
      if (inner === null) return null;
      text += index === 0 ? inner : `,${inner}`;
    }
    return `${text}]`;
  }
  const keys = Object.keys(value).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || omit?.includes(key)) continue;
    const inner = canonicalJson(item, depth - 1);
    if (inner === null) return null;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${inner}`;
    first = false;
  }
  return `${text}}`;
}
