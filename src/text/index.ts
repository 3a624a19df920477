/**
 * Text helpers that are useful on their own: escaping untrusted text for one message format, cutting text to a
 * platform limit without breaking a character, naming a person, durations and times as messages print them.
 *
 * @packageDocumentation
 */
export { type EscapeTextOptions, escapeText, mention, truncateText } from '../comms/format';
export { formatDuration, formatDurationBetween, formatTimestamp } from '../comms/time-format';
export { slugify } from '../lifecycle/incident-channel-name';
