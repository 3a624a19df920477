/**
 * Freezes a value and everything it holds, so that a value the library checked once stays what was checked (rule
 * sets, role catalogs, derived messages). Internal.
 *
 * @param value - a JSON-like value the library made
 * @returns the same value, frozen
 */
export function deepFreeze<T>(value: T): T {
  // Primitives and null count as frozen: only objects and arrays not frozen yet get past this.
  if (Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value as object)) deepFreeze(inner);
  return value;
}
