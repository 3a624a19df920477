/**
 * Compares two byte sequences in time that depends only on their lengths: every position is read and combined,
 * with no early exit at the first difference, so a signature check does not tell an attacker how many leading
 * bytes they guessed right. Sequences of different lengths are unequal (lengths are not secret here).
 */
export function constantTimeEqual(expected: ArrayLike<number>, actual: ArrayLike<number>): boolean {
  const length = expected.length;
  let difference = length ^ actual.length;
  for (let index = 0; index < length; index++) {
    // Reading `actual` out of range gives undefined → 0 (its length already made the difference non-zero).
    difference |= (expected[index] ?? 0) ^ ((actual[index] ?? 0) | 0);
  }
  return difference === 0;
}
