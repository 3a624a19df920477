import fc from 'fast-check';

/** Nesting as deep as a hostile JSON body can make it cheaply: far deeper than any recursion can follow. */
export const DEEP = 20_000;

function nest(wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let depth = 0; depth < DEEP; depth++) value = wrap(value);
  return value;
}

/**
 * Hostile values by name. Arbitraries generate the names (short to print, cheap to shrink) and `hostile(name)`
 * builds the value, fresh each time, so a function that mutates one cannot change the next case.
 */
const HOSTILE = {
  undefined: () => undefined,
  null: () => null,
  nan: () => Number.NaN,
  infinity: () => Number.POSITIVE_INFINITY,
  negativeZero: () => -0,
  hugeNumber: () => 1e308,
  negative: () => -1,
  fraction: () => 0.5,
  unsafeInteger: () => 2 ** 53 + 1,
  bigint: () => 10n,
  symbol: () => Symbol('hostile'),
  function: () => () => 'called',
  emptyObject: () => ({}),
  emptyArray: () => [],
  // biome-ignore lint/suspicious/noSparseArray: holes are the hostile part
  sparseArray: () => [, , 1],
  nullPrototype: () => Object.create(null),
  nullPrototypeWithType: () =>
    Object.assign(Object.create(null), { type: 'acknowledge', at: '2024-01-15T14:22:00Z' }),
  protoKey: () => JSON.parse('{"__proto__": {"polluted": "yes"}, "type": "add_note"}'),
  constructorKey: () => JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  prototypeKey: () => JSON.parse('{"prototype": {"polluted": "yes"}, "toString": 1, "hasOwnProperty": 2}'),
  deepArray: () => nest((inner) => [inner]),
  deepObject: () => nest((inner) => ({ a: inner })),
  longString: () => 'x'.repeat(100_000),
  emptyString: () => '',
  blank: () => '   ',
  zeroWidth: () => '\u200b',
  controls: () => '\u001b]52;c;SGVsbG8=\u0007\u001b[2J\u0000\u009b31m\u202eevil',
  loneSurrogate: () => '\ud800',
  protoString: () => '__proto__',
  constructorString: () => 'constructor',
  date: () => new Date(0),
  invalidDate: () => new Date(Number.NaN),
  map: () => new Map([['a', 1]]),
  bytes: () => new Uint8Array([0xef, 0xbb, 0xbf, 0xff]),
  boxedString: () => Object('SEV2'),
  arrayLike: () => ({ length: 2 ** 32 - 1, 0: 'a' }),
  error: () => new TypeError('not ours'),
  eventTypes: () => ({ type: 'xstate.stop', at: '2024-01-15T14:22:00Z' }),
} as const satisfies Record<string, () => unknown>;

/** The name of a hostile value. */
export type HostileName = keyof typeof HOSTILE;

/** Every hostile value name. */
export const HOSTILE_NAMES = Object.keys(HOSTILE) as HostileName[];

/** Builds the hostile value called `name`. */
export function hostile(name: HostileName): unknown {
  return HOSTILE[name]();
}

/** Keys that reach an object's prototype when code looks them up with `obj[key]` or copies with `Object.assign`. */
export const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
] as const;

/**
 * A value to put where an argument or field should be: a named hostile value, or generated data (JSON, or anything
 * JavaScript has, with dangerous keys, null prototypes, boxed values, typed arrays).
 */
export type Replacement = { readonly hostile: HostileName } | { readonly data: unknown };

export const replacementArb: fc.Arbitrary<Replacement> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NAMES).map((name) => ({ hostile: name })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((data) => ({ data })) },
  {
    weight: 2,
    arbitrary: fc
      .anything({
        maxDepth: 3,
        key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...DANGEROUS_KEYS)),
        withBigInt: true,
        withBoxedValues: true,
        withDate: true,
        withMap: true,
        withNullPrototype: true,
        withObjectString: true,
        withSet: true,
        withSparseArray: true,
        withTypedArray: true,
      })
      .map((data) => ({ data })),
  },
);

/** Materialises a replacement. */
export function materialise(replacement: Replacement): unknown {
  return 'hostile' in replacement ? hostile(replacement.hostile) : replacement.data;
}
