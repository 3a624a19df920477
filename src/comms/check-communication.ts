import type * as z from 'zod';
import { parseInput } from '../errors';
import { invalidArgument, isPlainObjectLike } from '../internal/arguments';
import { deadlinesOf as getDeadlines } from '../lifecycle/deadlines';
import type { IncidentState } from '../lifecycle/incident-state';
import { requireIncidentState } from '../lifecycle/state-guard';
import { type Timestamp, TimestampSchema } from '../time/timestamp';
import { InternalUpdateSchema, ResolutionUpdateSchema, StatusPageUpdateSchema } from './messages';

/**
 * Something a message or an incident's communication is missing, against common timing rules (internal updates
 * every 15–30 minutes, public posts as the PagerDuty incident-response guide asks).
 *
 * | code | meaning |
 * | --- | --- |
 * | `no_next_update` | an update does not say when the next one comes |
 * | `internal_update_overdue`, `external_update_overdue`, `executive_summary_overdue` | a deadline has passed |
 * | `no_public_post` | a severity that requires public communication has no status-page post yet |
 * | `no_data_loss_statement` | a resolution does not say whether data was lost |
 *
 * @example
 * const issue: CommunicationIssue = { code: 'no_data_loss_statement', message: 'Say whether data was lost' };
 * issue.code;
 * //=> 'no_data_loss_statement'
 */
export interface CommunicationIssue {
  readonly code:
    | 'no_next_update'
    | 'internal_update_overdue'
    | 'external_update_overdue'
    | 'executive_summary_overdue'
    | 'no_public_post'
    | 'no_data_loss_statement';
  readonly message: string;
  /** For overdue deadlines: when it was due. */
  readonly dueAt?: Timestamp;
}

/**
 * What to check: an incident's communication at a time, or one message before it is sent.
 *
 * @example
 * const subject: CommunicationSubject = { message: 'internal_update', data: { title: 'x', severity: 'SEV3',
 *   status: 'Investigating', nextUpdateInMinutes: null } };
 * subject.message;
 * //=> 'internal_update'
 */
export type CommunicationSubject =
  | { readonly incident: IncidentState; readonly now: Timestamp }
  | { readonly message: 'internal_update'; readonly data: z.input<typeof InternalUpdateSchema> }
  | { readonly message: 'status_page_update'; readonly data: z.input<typeof StatusPageUpdateSchema> }
  | { readonly message: 'resolution_update'; readonly data: z.input<typeof ResolutionUpdateSchema> };

const NO_DATA_LOSS = 'The resolution does not say whether any data was lost; state it plainly';

/**
 * Lists what is missing: for an incident at `now`, overdue internal, public and executive updates, a SEV1/SEV2 (any
 * level whose policy requires public communication) with no public post, a last update with no next-update time,
 * and a resolution with no data-loss statement; for a message, the same rules applied to it alone.
 *
 * @param subject - `{ incident, now }`, or `{ message, data }` for `internal_update`, `status_page_update` or
 *   `resolution_update`
 * @returns `{ ok, issues }`
 * @throws {IncidentKitError} `invalid_input` when the subject is neither shape or the message data does not match its
 *   schema; `inconsistent_state` for an incident that contradicts itself
 * @example
 * checkCommunication({ message: 'resolution_update', data: { title: 'Auth', summary: 'Fixed.',
 *   startedAt: '2024-01-15T14:20:00Z', resolvedAt: '2024-01-15T15:05:00Z' } }).issues.map((issue) => issue.code);
 * //=> ['no_data_loss_statement']
 */
export function checkCommunication(subject: CommunicationSubject): {
  readonly ok: boolean;
  readonly issues: readonly CommunicationIssue[];
} {
  const given: unknown = subject;
  if (!isPlainObjectLike(given))
    throw invalidArgument('subject', 'an object: { incident, now } or { message, data }', given);
  const issues: CommunicationIssue[] = Object.hasOwn(given, 'incident')
    ? checkIncident(requireIncidentState(given.incident, 'subject.incident'), given.now as Timestamp)
    : checkMessage(given as Exclude<CommunicationSubject, { incident: IncidentState }>);
  return { ok: issues.length === 0, issues };
}

function checkMessage(
  subject: Exclude<CommunicationSubject, { incident: IncidentState }>,
): CommunicationIssue[] {
  switch (subject.message) {
    case 'internal_update': {
      const data = parseInput(InternalUpdateSchema, subject.data, 'internal update data');
      return data.nextUpdateInMinutes === null
        ? [{ code: 'no_next_update', message: 'The internal update does not say when the next one comes' }]
        : [];
    }
    case 'status_page_update': {
      const data = parseInput(StatusPageUpdateSchema, subject.data, 'status page update data');
      return data.status !== 'resolved' && data.nextUpdateInMinutes === null
        ? [{ code: 'no_next_update', message: 'The status page post does not say when the next one comes' }]
        : [];
    }
    case 'resolution_update': {
      const data = parseInput(ResolutionUpdateSchema, subject.data, 'resolution update data');
      return data.dataLoss === undefined ? [{ code: 'no_data_loss_statement', message: NO_DATA_LOSS }] : [];
    }
    default:
      throw invalidArgument(
        'subject.message',
        'internal_update, status_page_update or resolution_update (or give { incident, now })',
        (subject as { readonly message?: unknown }).message,
      );
  }
}

function checkIncident(state: IncidentState, nowInput: Timestamp): CommunicationIssue[] {
  const now = parseInput(TimestampSchema, nowInput, 'subject.now');
  const issues: CommunicationIssue[] = [];
  const deadlines = getDeadlines(state);
  const overdue = [
    ['internal_update_overdue', deadlines.internalUpdate, 'An internal update'],
    ['external_update_overdue', deadlines.externalUpdate, 'A status page update'],
    ['executive_summary_overdue', deadlines.executiveSummary, 'An executive summary'],
  ] as const;
  for (const [code, dueAt, what] of overdue) {
    if (dueAt !== null && dueAt < now) issues.push({ code, dueAt, message: `${what} was due at ${dueAt}` });
  }
  const worked = ['acknowledged', 'triaging', 'mitigating', 'monitoring', 'resolved'].includes(state.status);
  const publicRequired = state.settings.policies[state.severity].publicCommunicationRequired;
  if (worked && publicRequired && !state.updates.some((update) => update.audience === 'external')) {
    issues.push({
      code: 'no_public_post',
      message: `A ${state.severity} needs a status page post; none was made`,
    });
  }
  const lastInternal = [...state.updates].reverse().find((update) => update.audience === 'internal');
  if (worked && state.status !== 'resolved' && lastInternal && !lastInternal.nextUpdateAt) {
    issues.push({
      code: 'no_next_update',
      message: `The internal update at ${lastInternal.at} gave no next-update time`,
    });
  }
  if (state.resolution && state.resolution.dataLoss === undefined) {
    issues.push({ code: 'no_data_loss_statement', message: NO_DATA_LOSS });
  }
  return issues;
}
