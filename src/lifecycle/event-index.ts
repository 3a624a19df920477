import { IncidentKitError } from '../errors';
import { append, type Draft, defineIndex, indexOf } from '../internal/append-only';
import { boundedDigestOf } from './digest';
import type { IncidentEvent } from './incident-event';
import type { TimelineEntry } from './incident-state';

/**
 * Timelines shorter than this are scanned for an id: comparing a few hundred ids costs less than keeping an index per
 * timeline (measured with the replay benchmark: an index from 32 entries made a replay of 50-event incidents with ids
 * about 40% slower).
 */
const SCAN_BELOW = 256;

/**
 * Timeline entries by event id, per timeline array (an append-only index: see `internal/append-only`). A cache that
 * cannot change a result: a look-up answers exactly what a scan of the array would. It only makes the answer cheap,
 * so applying an event with an id costs the same for the 10th event as for the 10,000th.
 */
const byEventId = defineIndex<TimelineEntry, Map<string, TimelineEntry>>(
  () => new Map(),
  (index, entry) => {
    if (entry.eventId !== undefined) index.set(entry.eventId, entry);
  },
  SCAN_BELOW,
);

/**
 * The timeline entry of the event applied with `id`, if any.
 *
 * @param timeline - an incident's timeline
 * @param id - an event id
 * @returns the entry, or `undefined`
 */
export function findAppliedEvent(timeline: readonly TimelineEntry[], id: string): TimelineEntry | undefined {
  if (timeline.length < SCAN_BELOW) {
    for (let index = timeline.length - 1; index >= 0; index--) {
      const entry = timeline[index] as TimelineEntry;
      if (entry.eventId === id) return entry;
    }
    return undefined;
  }
  return indexOf(byEventId, timeline).get(id);
}

/**
 * The timeline with `entry` appended: in place when the running replay owns the array, otherwise a copy that takes
 * the id index over.
 *
 * @param timeline - the current timeline
 * @param entry - the entry to append
 * @param draft - the running replay's arrays, if any
 * @returns the new timeline
 */
export function appendEntry(
  timeline: readonly TimelineEntry[],
  entry: TimelineEntry,
  draft?: Draft,
): TimelineEntry[] {
  return append(timeline, [entry], draft, TIMELINE_INDEXES);
}

const TIMELINE_INDEXES = [byEventId] as const;

/** What an event's digest leaves out: see `eventDigest`. */
const OMITTED = ['id', 'at'];

/**
 * The digest of what an event says, for idempotency: its canonical validated form without `id` and `at`. `at` is
 * left out because hosts often stamp events with the time they received them, so a redelivery of the same chat
 * message or webhook may carry a later `at` and is still the same event.
 *
 * @param event - a validated event
 * @returns a short digest
 */
export function eventDigest(event: IncidentEvent): string {
  const digest = boundedDigestOf(event, 256, OMITTED);
  if (digest === null)
    throw new IncidentKitError('invalid_input', 'Cannot digest an event nested deeper than 256 levels');
  return digest;
}
