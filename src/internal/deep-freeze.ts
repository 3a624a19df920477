/**
 * Freezes a value and everything it holds, so that a value the library checked once stays what was checked (rule
 * sets, role catalogs, derived messages). Internal.
 *
 * @param value - a JSON-like value the library made
 * @returns the same value, frozen
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
