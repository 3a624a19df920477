// How an unacknowledged page escalates: with the incident's escalation policy (levels with their own delays,
// loops, what happens after the last loop), or without one by the severity policy's rule (the next level after
// `ackWithinMinutes`, up to `maxEscalationLevel`, then the last level again every `renotifyEveryMinutes`).
// Internal: `apply-event`, `create-incident` and `deadlines` share it.
import { escalationPageOf, escalationStepOf } from '../escalation/escalation-steps';
import type { IncidentEffect } from './incident-effect';
import type { IncidentState } from './incident-state';

type PageEffect = Extract<IncidentEffect, { type: 'page' }>;

/** A page the escalation makes: which level, in which loop, and whether it repeats levels already paged. */
export interface NextPage {
  readonly level: number;
  readonly loop: number;
  readonly renotify: boolean;
}

/**
 * The `page` effect for `level` under the incident's current severity policy; with an escalation policy it names
 * the level's targets (a level whose severity pages nobody still pages, at low urgency).
 */
export function pageEffect(
  state: Pick<IncidentState, 'severity' | 'settings'>,
  level: number,
  reason: PageEffect['reason'],
  loop: number,
): PageEffect {
  const page = state.settings.policies[state.severity].page;
  const policy = state.settings.escalationPolicy;
  const targets = policy?.levels[level - 1]?.targets;
  return {
    type: 'page',
    level,
    urgency: page === 'none' ? 'low_urgency' : page,
    reason,
    loop,
    ...(policy && targets ? { policyId: policy.id, targets } : {}),
  };
}

/**
 * The page after the current one when nobody acknowledges: the next level of the escalation policy (or the first
 * level of the next loop, or the last level again), or `null` when the policy pages no one any more.
 */
export function nextPage(state: Pick<IncidentState, 'escalation' | 'settings'>): NextPage | null {
  const { level, loop } = state.escalation;
  const policy = state.settings.escalationPolicy;
  if (!policy) {
    const atLast = level >= state.settings.maxEscalationLevel;
    return atLast
      ? { level, loop: loop + 1, renotify: true }
      : { level: level + 1, loop: 0, renotify: false };
  }
  const step = escalationStepOf(policy, escalationPageOf(policy, Math.max(1, level), loop) + 1);
  return step && { level: step.level, loop: step.loop, renotify: step.loop > 0 };
}

/**
 * How long the current page waits for an acknowledgement before the next one, in minutes, or `null` when nothing
 * follows it (the policy stops, or the severity policy re-notifies no one).
 */
export function ackWaitMinutes(
  state: Pick<IncidentState, 'escalation' | 'settings' | 'severity'>,
): number | null {
  const severityPolicy = state.settings.policies[state.severity];
  if (severityPolicy.ackWithinMinutes === null) return null;
  const policy = state.settings.escalationPolicy;
  const { level, loop } = state.escalation;
  if (!policy) {
    return level < state.settings.maxEscalationLevel
      ? severityPolicy.ackWithinMinutes
      : severityPolicy.renotifyEveryMinutes;
  }
  return (
    escalationStepOf(policy, escalationPageOf(policy, Math.max(1, level), loop))?.escalateAfterMinutes ?? null
  );
}
