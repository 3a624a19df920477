// Pure arithmetic over a policy; like escalation-policy.ts it needs nothing of the schedule engine.
import * as z from 'zod';
import { parseInput } from '../errors';
import {
  type EscalationPolicy,
  type EscalationPolicyInput,
  EscalationPolicySchema,
} from './escalation-policy';

/**
 * One page of an escalation: which `level` (1-based) it goes to, in which `loop` (0 for the first pass), whether it
 * is a repeat of the last level after the last loop, and how many minutes to wait for an acknowledgement before the
 * next page (`null`: this is the last page, the policy stops after it).
 *
 * @example
 * const step: EscalationStep = { page: 3, level: 1, loop: 1, repeat: false, escalateAfterMinutes: 5 };
 * step.loop;
 * //=> 1
 */
export interface EscalationStep {
  readonly page: number;
  readonly level: number;
  readonly loop: number;
  readonly repeat: boolean;
  readonly escalateAfterMinutes: number | null;
}

/**
 * The `page`-th page of an unacknowledged incident under a policy (page 1 is the first, at declaration), or `null`
 * when the policy pages no one any more (`afterLastLoop: 'stop'` and every loop done). A lifecycle that counts its
 * pages can ask this for the level to page and, from `escalateAfterMinutes`, its next acknowledgement deadline.
 *
 * @param policy - the escalation policy (validated here)
 * @param page - the page number, 1-based
 * @returns the step, or `null`
 * @throws {IncidentKitError} `invalid_input` for a bad policy or a page number below 1
 * @example
 * const policy = { id: 'p', loops: 1, levels: [
 *   { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'primary' }] },
 *   { delayMinutes: 10, targets: [{ type: 'role', role: 'incident_commander' }] } ] };
 * [1, 2, 3, 4, 5].map((page) => getEscalationStep(policy, page)?.level ?? null);
 * //=> [1, 2, 1, 2, null]
 */
export function getEscalationStep(policy: EscalationPolicyInput, page: number): EscalationStep | null {
  const parsed = parseInput(EscalationPolicySchema, policy, 'escalation policy');
  const number = parseInput(z.number().int().min(1), page, 'page');
  return escalationStepOf(parsed, number);
}

/**
 * {@link getEscalationStep} for a policy and page number already validated; the lifecycle uses it on every
 * escalation. Internal.
 *
 * @param policy - a validated policy
 * @param page - the page number, an integer from 1
 * @returns the step, or `null` once the policy pages no one
 */
export function escalationStepOf(
  policy: Pick<EscalationPolicy, 'levels' | 'loops' | 'afterLastLoop'>,
  page: number,
): EscalationStep | null {
  const levels = policy.levels.length;
  const regularPages = levels * (policy.loops + 1);
  const last = policy.levels[levels - 1]?.delayMinutes ?? 0;
  if (page <= regularPages) {
    const index = page - 1;
    const level = (index % levels) + 1;
    const final = page === regularPages && policy.afterLastLoop === 'stop';
    return {
      page,
      level,
      loop: Math.floor(index / levels),
      repeat: false,
      escalateAfterMinutes: final ? null : (policy.levels[level - 1]?.delayMinutes ?? 0),
    };
  }
  if (policy.afterLastLoop === 'stop') return null;
  return {
    page,
    level: levels,
    loop: policy.loops + (page - regularPages),
    repeat: true,
    escalateAfterMinutes: last,
  };
}

/**
 * The page number of the page that went to `level` in `loop` (the inverse of {@link escalationStepOf}). Internal.
 *
 * @param policy - a validated policy
 * @param level - 1-based level
 * @param loop - 0-based loop (past `loops`: repeats of the last level)
 * @returns the 1-based page number
 */
export function escalationPageOf(
  policy: Pick<EscalationPolicy, 'levels' | 'loops'>,
  level: number,
  loop: number,
): number {
  const levels = policy.levels.length;
  return loop <= policy.loops ? loop * levels + level : levels * (policy.loops + 1) + (loop - policy.loops);
}
