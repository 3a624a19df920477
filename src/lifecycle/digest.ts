/**
 * A short digest of a JSON value: FNV-1a over its canonical JSON (object keys sorted, `undefined` members left out)
 * in two 32-bit lanes, as 16 hex digits. A cheap check against edits, corruption and reused event ids; not a
 * cryptographic hash. Internal: not exported from the package root.
 *
 * @param value - any JSON-safe value
 * @returns `fnv1a:` and 16 hex digits
 * @example
 * digestOf({ b: 1, a: [true, null] }) === digestOf({ a: [true, null], b: 1 });
 * //=> true
 */
export function digestOf(value: unknown): string {
  const text = canonicalJson(value);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return `fnv1a:${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
