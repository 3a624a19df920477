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
 * @returns the digest, or `null`
 * @example
 * boundedDigestOf([[[1]]], 2);
 * //=> null
 */
export function boundedDigestOf(value: unknown, maxDepth: number): string | null {
  const text = canonicalJson(value, maxDepth);
  return text === null ? null : digestOfText(text);
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

/**
 * The FNV-1a digest of some canonical JSON text (two 32-bit lanes), as `digestOf` writes it.
 *
 * @param text - canonical JSON
 * @returns `fnv1a:` and 16 hex digits
 */
export function digestOfText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return `fnv1a:${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}
