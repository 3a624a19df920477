export {
  addMinutesTo,
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  latestOf,
  parseTimestampMs,
  type Timestamp,
  TimestampSchema,
  toEpochMs,
} from './timestamp';
