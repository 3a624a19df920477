/**
 * A copy of `value` with one entry replaced (or deleted, when `make` gives `undefined`): walks `depth` levels down
 * objects and arrays, choosing a key by `pick` at each level, and replaces the entry it stops at (a non-container
 * value or an empty one is replaced whole). For mutating samples in property tests.
 */
export function edit(value: unknown, pick: number, depth: number, make: () => unknown): unknown {
  if (value === null || typeof value !== 'object') return make();
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0) return make();
  const key = keys[pick % keys.length] as string;
  const inner = (copy as Record<string, unknown>)[key];
  const next =
    depth <= 0 || inner === null || typeof inner !== 'object'
      ? make()
      : edit(inner, Math.floor(pick / 7), depth - 1, make);
  if (next === undefined && !Array.isArray(copy)) delete (copy as Record<string, unknown>)[key];
  else (copy as Record<string, unknown>)[key] = next;
  return copy;
}
