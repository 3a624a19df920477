// Append-only arrays, the lists an incident keeps (timeline, updates, reminders, …): appending in O(1) during a replay,
// and indexes over them that are brought up to date instead of rebuilt.
//
// States are immutable: a step returns a new state with new arrays, and the old state keeps its own. Copying every
// list on every step made a replay of n events O(n²) (issue 14: 3.2× slower per event at 10,000 events). A replay
// hands out only its last state, so the arrays it made itself are seen by nobody until it ends: it may push to them in
// place. A `Draft` names those arrays (and the replay's own state objects, which a step may then update in place);
// outside a replay there is none and every append copies.

/**
 * The arrays (and state objects) a replay made and nobody else has seen yet, which it may therefore change in
 * place. Internal.
 */
export type Draft = WeakSet<object>;

/**
 * An index over append-only arrays: built on first use for an array, kept per array (weakly), and brought up to date
 * with the items appended since it was last read, so a look-up costs O(1) amortised however long the array grows.
 * It is a cache: it answers exactly what a scan of the array would. Internal.
 */
export interface ArrayIndex<T, I> {
  readonly create: () => I;
  readonly add: (index: I, item: T) => void;
  /** Arrays shorter than this are scanned by the caller, not indexed. */
  readonly from: number;
  readonly built: WeakMap<readonly T[], { readonly index: I; seen: number }>;
}

/** Arrays shorter than this are scanned, not indexed. Internal. */
export const INDEX_FROM = 32;

/**
 * Defines an index kind.
 *
 * @param create - makes an empty index
 * @param add - records one item (items come in array order)
 * @param from - the length from which arrays are indexed (shorter ones are scanned by the caller)
 * @returns the index kind, for `indexOf` and `append`
 */
export function defineIndex<T, I>(
  create: () => I,
  add: (index: I, item: T) => void,
  from = INDEX_FROM,
): ArrayIndex<T, I> {
  return { create, add, from, built: new WeakMap() };
}

/**
 * The index of `array`, built on first use and caught up with items appended since the last read.
 *
 * @param kind - the index kind
 * @param array - an append-only array
 * @returns its index
 */
export function indexOf<T, I>(kind: ArrayIndex<T, I>, array: readonly T[]): I {
  // A short array is scanned instead: cheaper than keeping an index for it in a WeakMap (most incidents never
  // grow a list that long).
  if (array.length < kind.from) {
    const index = kind.create();
    for (const item of array) kind.add(index, item);
    return index;
  }
  let entry = kind.built.get(array);
  if (!entry) {
    entry = { index: kind.create(), seen: 0 };
    kind.built.set(array, entry);
  }
  for (; entry.seen < array.length; entry.seen++) kind.add(entry.index, array[entry.seen] as T);
  return entry.index;
}

/**
 * `array` with `items` appended: the same array when the draft owns it, otherwise a copy (which the draft then owns).
 * A copy takes over the indexes built for `array` (its first items are the same), which is then indexed afresh if
 * it is read again (a caller branching from an older state).
 *
 * @param array - the current list
 * @param items - what to append
 * @param draft - the running replay's arrays, if any
 * @param kinds - the index kinds kept over lists like this one
 * @returns the list with the items
 */
export function append<T>(
  array: readonly T[],
  items: readonly T[],
  draft: Draft | undefined,
  kinds: readonly { readonly built: WeakMap<readonly T[], object>; readonly from: number }[] = [],
): T[] {
  if (draft?.has(array)) {
    const owned = array as T[];
    for (const item of items) owned.push(item);
    return owned;
  }
  // concat, not a spread (on Node 20 spreading a 10,000-item array costs ~15× more) nor slice + push (which
  // grows the copy's store again): one store of the final length.
  const copy = array.concat(items);
  draft?.add(copy);
  for (const kind of kinds) {
    if (array.length < kind.from) continue; // no index was built for it
    const entry = kind.built.get(array);
    if (entry) {
      kind.built.delete(array);
      kind.built.set(copy, entry);
    }
  }
  return copy;
}
