/**
 * A stable, non-cryptographic 64-bit hash of a string, as 16 lowercase hex digits: two independently seeded 32-bit
 * multiply-xorshift lanes (the cyrb53 construction). For deriving short, deterministic keys and ids from long or
 * untrusted text; it is no defence against someone choosing colliding inputs on purpose.
 */
export function stableHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** A key from parts: `prefix:hash`, the hash over the parts' JSON (so `['a,b']` and `['a', 'b']` differ). */
export function derivedKey(prefix: string, parts: readonly string[]): string {
  return `${prefix}:${stableHash(JSON.stringify(parts))}`;
}
