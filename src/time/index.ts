export { addMinutesTo, parseTimestampMs, type Timestamp, TimestampSchema, toEpochMs } from './timestamp';
