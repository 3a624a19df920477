export {
  addMinutesTo,
  latestOf,
  parseTimestampMs,
  type Timestamp,
  TimestampSchema,
  toEpochMs,
} from './timestamp';
