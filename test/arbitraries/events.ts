import fc from 'fast-check';
import {
  EVENT_TYPES,
  getPendingDeadlines,
  type IncidentEventInput,
  type IncidentEventType,
  type IncidentState,
  type ResolutionKind,
  type UpdateAudience,
} from 'incident-kit';
import { jane, ola, sam } from '../fixtures/seed';

/** A timestamp `minutes` after the incident's last accepted event. */
export function after(state: IncidentState, minutes = 1): string {
  return new Date(Date.parse(state.lastEventAt) + minutes * 60_000).toISOString();
}

/**
 * A well-formed event of `type` that the incident would accept if its status allows the type: later than the last
 * event, naming a role holder or mitigation that exists where one is needed.
 */
export function sampleEvent(type: IncidentEventType, state: IncidentState, minutes = 1): IncidentEventInput {
  const at = after(state, minutes);
  const holder = state.roles.find((entry) => entry.until === undefined);
  switch (type) {
    case 'acknowledge':
    case 'start_triage':
    case 'close':
    case 'tick':
      return { type, at, by: jane };
    case 'escalate':
      return { type, at, reason: 'manual' };
    case 'assess_impact':
      return {
        type,
        at,
        impact: { usersAffectedPercent: 30, degradation: 'partial_outage', coreFeatureAffected: true },
      };
    case 'set_severity':
      return { type, at, severity: 'SEV1', reason: 'Customer data exposed' };
    case 'assign_role':
      return { type, at, role: 'scribe', person: ola };
    case 'release_role':
      return { type, at, role: holder?.role ?? 'reporter', personId: holder?.person.id ?? sam.id };
    case 'hand_off_role':
      return { type, at, role: holder?.role ?? 'reporter', to: jane.id === holder?.person.id ? ola : jane };
    case 'start_mitigation':
      return { type, at, kind: 'rollback', description: 'Roll back the last deploy' };
    case 'record_mitigation_outcome':
      return { type, at, mitigationId: state.mitigations.at(-1)?.id ?? 'm1', outcome: 'succeeded' };
    case 'mark_mitigated':
      return { type, at, summary: 'Error rate at baseline' };
    case 'post_update':
      return { type, at, audience: 'external', publicStatus: 'identified', message: 'We found the cause' };
    case 'resolve':
      return { type, at, summary: 'Resolved', dataLoss: 'none' };
    case 'reopen':
      return { type, at, reason: 'Errors are back' };
    case 'cancel':
      return { type, at, reason: 'false_alarm' };
    case 'merge':
      return { type, at, into: 'INC-OTHER' };
    case 'start_postmortem':
      return { type, at, owner: jane };
    case 'complete_postmortem':
      return { type, at, link: 'https://wiki.example.com/pm/1', actionItems: [] };
    case 'add_note':
      return { type, at, text: 'Looking at the connection pool' };
  }
}

/** One step of a random incident run: an event type (or a tick at the next pending deadline) and when. */
export interface RunStep {
  readonly type: IncidentEventType | 'tick_due';
  /** Minutes after the last event (for `tick_due`: after the next deadline's tick time). */
  readonly minutes: number;
  /** For `resolve`: how it was resolved. */
  readonly kind: ResolutionKind;
  /** For `post_update`: to whom (so internal, external and executive deadlines are all met in some runs). */
  readonly audience: UpdateAudience;
  readonly id: string | undefined;
}

const LIFECYCLE_MOVES: readonly IncidentEventType[] = [
  'acknowledge',
  'start_triage',
  'start_mitigation',
  'mark_mitigated',
  'resolve',
  'reopen',
  'escalate',
  'post_update',
];

/** Run steps whose types come from `type`, with pauses of up to 12 minutes or of 90, weighed `short` to 1. */
export function runStepsOf(type: fc.Arbitrary<RunStep['type']>, short = 1): fc.Arbitrary<RunStep> {
  return fc.record({
    type,
    minutes: fc.oneof(
      { weight: short, arbitrary: fc.integer({ min: 0, max: 12 }) },
      { weight: 1, arbitrary: fc.constant(90) },
    ),
    kind: fc.constantFrom<ResolutionKind>('fixed', 'self_healed', 'resolved_at_source'),
    audience: fc.constantFrom<UpdateAudience>('internal', 'external', 'executive'),
    // One step in four carries an id, from a small set so that ids repeat (duplicates and conflicts). More would
    // stall the runs: once the four ids are used, most events with one are refused as conflicts.
    id: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('e1', 'e2', 'e3', 'e4') },
    ),
  });
}

/** Steps weighted towards lifecycle moves and deadlines, so runs escalate, re-notify, remind, end and reopen. */
export const runStepArb: fc.Arbitrary<RunStep> = runStepsOf(
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...LIFECYCLE_MOVES) },
    { weight: 4, arbitrary: fc.constant('tick_due' as const) },
    { weight: 2, arbitrary: fc.constantFrom(...EVENT_TYPES) },
  ),
);

/** Steps weighted towards posting updates and ticking at deadlines: deadlines are met, missed and answered late. */
export const updateRunStepArb: fc.Arbitrary<RunStep> = runStepsOf(
  fc.oneof(
    { weight: 5, arbitrary: fc.constant('post_update' as const) },
    { weight: 2, arbitrary: fc.constant('tick_due' as const) },
    { weight: 2, arbitrary: fc.constantFrom(...LIFECYCLE_MOVES) },
    { weight: 1, arbitrary: fc.constantFrom(...EVENT_TYPES) },
  ),
  // Mostly short pauses, so that updates are often posted before they fall due.
  5,
);

/** The event a run step stands for in `state`, or `null` for a `tick_due` with nothing pending. */
export function eventForStep(step: RunStep, state: IncidentState): IncidentEventInput | null {
  if (step.type === 'tick_due') {
    const next = getPendingDeadlines(state)[0];
    if (!next) return null;
    const at = Math.max(Date.parse(next.tickAt), Date.parse(state.lastEventAt)) + step.minutes * 60_000;
    return { type: 'tick', at: new Date(at).toISOString() };
  }
  const event = { ...sampleEvent(step.type, state, step.minutes) } as Record<string, unknown>;
  if (step.type === 'resolve' && step.kind !== 'fixed') {
    event.kind = step.kind;
    delete event.summary;
  }
  if (step.type === 'post_update' && step.audience !== 'external') {
    event.audience = step.audience;
    delete event.publicStatus;
  }
  if (step.id !== undefined) event.id = step.id;
  return event as IncidentEventInput;
}
