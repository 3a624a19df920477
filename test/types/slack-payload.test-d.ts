// Compile-time proof, checked by `npm run typecheck` (tsc --strict over test/): every Slack payload the library
// renders is what Slack's own type definitions accept, without a cast, and message data written `as const` is
// accepted as input.
import type { KnownBlock } from '@slack/types';
import type { ChatPostMessageArguments } from '@slack/web-api';
import {
  deriveInternalUpdate,
  deriveTacticalUpdate,
  renderExecutiveSummary,
  renderHandoffBrief,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  renderStatusPageUpdate,
  renderTacticalUpdate,
  type SlackPayload,
} from 'incident-kit';
import { createRenderer } from 'incident-kit/templates';
import { toSlackPayload } from '../../src/comms/payloads';
import { seedAfter } from '../fixtures/incident';
import { messageExamples } from '../fixtures/messages';

const slack = { format: 'slack', payload: true } as const;

const payloads: SlackPayload[] = [
  renderInternalUpdate(messageExamples.internal_update, slack),
  renderTacticalUpdate(messageExamples.tactical_update, slack),
  renderExecutiveSummary(messageExamples.executive_summary, slack),
  renderStatusPageUpdate(messageExamples.status_page_update, slack),
  renderResolutionUpdate(messageExamples.resolution_update, slack),
  renderHandoffBrief(messageExamples.handoff_brief, slack),
  renderPostmortem(messageExamples.postmortem, slack),
  createRenderer().renderInternalUpdate(messageExamples.internal_update, slack),
  toSlackPayload('Incident: Auth down', '*Severity:* SEV2'),
];

export const posts: ChatPostMessageArguments[] = payloads.flatMap((payload) => {
  const blocks: KnownBlock[] = payload.blocks;
  const spread: ChatPostMessageArguments = { channel: 'C0123456789', ...payload };
  const explicit: ChatPostMessageArguments = { channel: 'C0123456789', text: payload.text, blocks };
  return [spread, explicit];
});

// Data written `as const` (readonly arrays and tuples) is accepted by every message.
const asConst = {
  title: 'Auth Service Degraded',
  severity: 'SEV2',
  status: 'Investigating',
  commander: { id: 'jane', name: 'Jane Smith', handle: '@jane-smith' },
  impact: ['Login failures for ~30% of users', 'API returning 503 errors'],
  actions: ['Investigating database connection pool exhaustion'],
  nextUpdateInMinutes: 15,
} as const;
export const fromConst: KnownBlock[] = renderInternalUpdate(asConst, slack).blocks;
export const postmortemFromConst: string = renderPostmortem({
  title: 'Auth',
  severity: 'SEV2',
  timeline: [{ at: '2024-01-15T14:20:00Z', event: 'Alert fired' }],
  responders: [{ person: { id: 'jane', name: 'Jane Smith' }, roles: ['Incident Commander'] }],
  actionItems: [{ title: 'Alert on pool saturation' }],
} as const);

// Every built-in message accepts its whole data written `as const`, nested lists and people included.
const person = { id: 'jane', name: 'Jane Smith', handle: '@jane-smith' } as const;
const everyKindAsConst = {
  tactical_update: {
    title: 'Auth',
    reporter: person,
    conditions: ['Pool at 100%'],
    actions: ['Raise the limit'],
    needs: ['A DBA'],
  },
  executive_summary: {
    title: 'Auth',
    severity: 'SEV2',
    status: 'Mitigating',
    startedAt: '2024-01-15T14:20:00Z',
    now: '2024-01-15T14:50:00Z',
    currentStatus: 'Error rate falling',
    overview: 'About 30% of logins fail.',
    nextSteps: ['Confirm recovery'],
    nextUpdateInMinutes: 30,
  },
  status_page_update: {
    title: 'Authentication Issues',
    status: 'investigating',
    message: 'We are investigating reports of login failures.',
    postedAt: '2024-01-15T14:30:00Z',
  },
  resolution_update: {
    title: 'Authentication Issues',
    summary: 'Resolved.',
    startedAt: '2024-01-15T14:20:00Z',
    resolvedAt: '2024-01-15T15:05:00Z',
    dataLoss: 'none',
  },
  handoff_brief: {
    title: 'Auth',
    severity: 'SEV2',
    status: 'Mitigating',
    from: person,
    to: { id: 'sam', name: 'Sam Lee' },
    at: '2024-01-15T16:00:00Z',
    conditions: ['Error rate back to 2%'],
    actions: ['Watching the pool'],
    needs: ['A postmortem owner'],
  },
  postmortem: {
    title: 'Auth',
    severity: 'SEV2',
    owner: person,
    contributingFactors: ['Pool sized for last year'],
    timeInSeverity: [{ severity: 'SEV2', ms: 2_700_000 }],
    responders: [{ person, roles: ['Incident Commander', 'Scribe'] }],
    timeline: [{ at: '2024-01-15T14:20:00Z', event: 'Alert fired' }],
    wentWell: ['Fast page'],
    wentPoorly: ['Late public post'],
    actionItems: [{ title: 'Alert on pool saturation', owner: person, due: '2024-01-22T17:00:00Z' }],
    internalMessages: ['14:30 UTC: investigating'],
    externalMessages: ['14:30 UTC: investigating'],
  },
} as const;
export const everyKindFromConst: KnownBlock[][] = [
  renderTacticalUpdate(everyKindAsConst.tactical_update, slack).blocks,
  renderExecutiveSummary(everyKindAsConst.executive_summary, slack).blocks,
  renderStatusPageUpdate(everyKindAsConst.status_page_update, slack).blocks,
  renderResolutionUpdate(everyKindAsConst.resolution_update, slack).blocks,
  renderHandoffBrief(everyKindAsConst.handoff_brief, slack).blocks,
  renderPostmortem(everyKindAsConst.postmortem, slack).blocks,
];

// So are read-only lists given to the derive functions.
const announced = ['Roll back release 1.42', 'Scale the pool'] as const;
export const derived: KnownBlock[] = renderInternalUpdate(
  deriveInternalUpdate(seedAfter(9), { now: '2024-01-15T14:40:00Z', actions: announced, impact: announced }),
  slack,
).blocks;
export const derivedCan: KnownBlock[] = renderTacticalUpdate(
  deriveTacticalUpdate(seedAfter(9), { conditions: announced, actions: announced, needs: announced }),
  slack,
).blocks;

// The check can fail: a readonly array is not what Slack's types take (TS4104), and a made-up block type is refused.
const frozen: readonly KnownBlock[] = [];
// @ts-expect-error readonly arrays cannot be assigned to KnownBlock[]
export const refusedReadonly: KnownBlock[] = frozen;
// @ts-expect-error 'headline' is not a Block Kit block type
export const refusedType: KnownBlock[] = [{ type: 'headline', text: { type: 'plain_text', text: 'x' } }];
