/**
 * incident-kit: typed, tested building blocks for incident response.
 *
 * @packageDocumentation
 */
export * from './comms/index';
export { type ErrorCode, IncidentKitError, type InputIssue, isIncidentKitError, type Result } from './errors';
export * from './lifecycle/index';
export * from './roles/index';
export * from './severity/index';
export * from './time/index';
