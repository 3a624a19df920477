/**
 * incident-kit/oncall: on-call schedules (layers, restrictions, overrides, the final schedule, coverage, iCalendar
 * export, shift handoff reports) and escalation policies (who gets paged at level n). Imported on its own; the
 * package root does not pull it in.
 *
 * @packageDocumentation
 */

export {
  type EscalationLevel,
  EscalationLevelSchema,
  type EscalationPolicy,
  type EscalationPolicyInput,
  EscalationPolicySchema,
  type EscalationTarget,
  EscalationTargetSchema,
} from '../escalation/escalation-policy';
export { type EscalationStep, getEscalationStep } from '../escalation/escalation-steps';
export {
  getScheduleCoverage,
  type ScheduleCoverage,
  type ScheduleOverlap,
} from './coverage';
export {
  type FinalScheduleEntry,
  getFinalSchedule,
  type OnCallShift,
  type ScheduleGap,
  type ShiftSource,
} from './final-schedule';
export {
  getShiftHandoffReport,
  type HandoffIncident,
  type HandoffIncidentSummary,
  type ShiftHandoffOptions,
  type ShiftHandoffReport,
} from './handoff-report';
export { type ICalendarOptions, scheduleToICalendar } from './icalendar';
export {
  type EscalationContext,
  type EscalationProblem,
  type EscalationResolution,
  type ResolvedEscalationTarget,
  resolveEscalation,
  resolveIncidentEscalation,
  resolveIncidentPage,
} from './resolve-escalation';
export {
  getMemberKey,
  getMemberName,
  LocalDateSchema,
  LocalTimeSchema,
  type MemberReference,
  MemberReferenceSchema,
  type OnCallMember,
  OnCallMemberSchema,
  type Restriction,
  RestrictionSchema,
  type Schedule,
  type ScheduleInput,
  type ScheduleLayer,
  ScheduleLayerSchema,
  type ScheduleOverride,
  ScheduleOverrideSchema,
  ScheduleSchema,
  type TimeRange,
  TimeRangeSchema,
  TimeZoneSchema,
  TurnLengthSchema,
  WEEKDAYS,
  type Weekday,
  WeekdaySchema,
} from './schedule';
export { whoIsOnCall } from './who-is-on-call';
