import fc from 'fast-check';

/**
 * Year, month, day, hour and minute, each a little past its valid range on both sides (month 0 and 13, day 0 and 32,
 * hour 24 and 25, minute 60 and 61), for building timestamp text that is sometimes not a real instant.
 */
export const wallClockParts = (): [
  fc.Arbitrary<number>,
  fc.Arbitrary<number>,
  fc.Arbitrary<number>,
  fc.Arbitrary<number>,
  fc.Arbitrary<number>,
] => [
  fc.integer({ min: 0, max: 9999 }),
  fc.integer({ min: 0, max: 13 }),
  fc.integer({ min: 0, max: 32 }),
  fc.integer({ min: 0, max: 25 }),
  fc.integer({ min: 0, max: 61 }),
];

/** `value` written with at least `width` digits. */
export const pad = (value: number, width: number): string => String(value).padStart(width, '0');
