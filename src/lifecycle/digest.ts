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
  if (text === null) return null;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return `fnv1a:${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

/** Canonical JSON, or `null` when the value nests deeper than `depth` (or holds what JSON cannot, e.g. a bigint). */
function canonicalJson(value: unknown, depth: number): string | null {
  if (typeof value === 'object' && value !== null) {
    if (depth <= 0) return null;
    const parts: string[] = [];
    if (Array.isArray(value)) {
      for (const item of value) {
        const inner = canonicalJson(item, depth - 1);
        if (inner === null) return null;
        parts.push(inner);
      }
      return `[${parts.join(',')}]`;
    }
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    for (const [key, item] of entries) {
      const inner = canonicalJson(item, depth - 1);
      if (inner === null) return null;
      parts.push(`${JSON.stringify(key)}:${inner}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return null;
  return JSON.stringify(value) ?? 'null';
}
