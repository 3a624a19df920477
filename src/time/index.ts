export { type Timestamp, TimestampSchema } from './timestamp';
