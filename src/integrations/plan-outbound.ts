import * as z from 'zod';
import {
  deriveInternalUpdate,
  deriveResolutionUpdate,
  deriveStatusPageUpdate,
  PUBLIC_STATUS_OF,
  STATUS_WORDS,
} from '../comms/derive-messages';
import { escapeText, type MessageFormat, mention } from '../comms/format';
import { type SlackPayload, type TeamsPayload, toSlackPayload, toTeamsPayload } from '../comms/payloads';
import {
  renderInternalUpdate,
  renderResolutionUpdate,
  renderStatusPageUpdate,
} from '../comms/render-messages';
import { formatTimestamp } from '../comms/time-format';
import { IncidentKitError, parseInput } from '../errors';
import { invalidArgument, isPlainObjectLike } from '../internal/arguments';
import { type IncidentEffect, IncidentEffectSchema } from '../lifecycle/incident-effect';
import { PublicStatusSchema, UpdateAudienceSchema } from '../lifecycle/incident-event';
import type { IncidentState } from '../lifecycle/incident-state';
import { ACTIVE_STATUSES } from '../lifecycle/incident-status';
import { requireIncidentState } from '../lifecycle/state-guard';
import { PersonSchema } from '../roles/person';
import { getRole } from '../roles/role-catalog';
import { TimestampSchema } from '../time/timestamp';
import { derivedKey } from './internal/hash';
import {
  OPSGENIE_API_URL,
  type OpsgenieAction,
  OpsgenieAlertOptionsSchema,
  type OpsgenieCreateAlert,
  OpsgenieResponderSchema,
  toOpsgenieAction,
  toOpsgenieAlert,
} from './opsgenie';
import {
  PAGERDUTY_EVENTS_URL,
  type PagerDutyEvent,
  PagerDutyEventOptionsSchema,
  toPagerDutyEvent,
} from './pagerduty-events';
import {
  SLACK_API_URL,
  type SlackPostMessage,
  type SlackUpdateMessage,
  toSlackPostMessage,
  toSlackUpdate,
} from './slack';
import { type StatuspageIncident, StatuspageOptionsSchema, toStatuspageIncident } from './statuspage';
import { toTeamsWebhookMessage } from './teams';

const SLACK_TS = z.string().regex(/^\d+\.\d+$/, 'Slack message timestamps look like 1705328400.000100');

/**
 * Which vendors the host uses and how: each key present turns that vendor on. `refs` are what the host learnt from
 * earlier calls for this incident (the Slack thread's channel id and `ts`, the Statuspage incident id), as each call's
 * `remember` asks it to keep them.
 *
 * @example
 * OutboundConfigSchema.parse({ slack: { channel: 'C0123456789' } }).refs;
 * //=> {}
 */
export const OutboundConfigSchema = z.strictObject({
  pagerduty: PagerDutyEventOptionsSchema.omit({ dedupKey: true })
    .extend({
      /** A second service paged when the severity calls for additional responders (SEV1/SEV2 by default). */
      additionalRespondersRoutingKey: z.string().trim().min(1).max(128).optional(),
    })
    .optional(),
  opsgenie: OpsgenieAlertOptionsSchema.omit({ alias: true })
    .extend({
      /** `https://api.opsgenie.com` (default) or `https://api.eu.opsgenie.com`. */
      apiUrl: z.url().default(OPSGENIE_API_URL),
      /** Responders of a second alert created when the severity calls for additional responders. */
      additionalResponders: z.array(OpsgenieResponderSchema).max(50).optional(),
    })
    .optional(),
  statuspage: z
    .strictObject({
      pageId: z.string().regex(/^[A-Za-z0-9]+$/, 'Statuspage page ids are letters and digits'),
      name: StatuspageOptionsSchema.shape.name,
      components: StatuspageOptionsSchema.shape.components,
      componentIds: StatuspageOptionsSchema.shape.componentIds,
      deliverNotifications: StatuspageOptionsSchema.shape.deliverNotifications,
    })
    .optional(),
  slack: z.strictObject({ channel: z.string().trim().min(1).max(80) }).optional(),
  teams: z.strictObject({ webhookUrl: z.url() }).optional(),
  refs: z
    .strictObject({
      slackThread: z.strictObject({ channel: z.string().trim().min(1), ts: SLACK_TS }).optional(),
      statuspageIncidentId: z
        .string()
        .regex(/^[A-Za-z0-9]+$/)
        .optional(),
    })
    .default({}),
});

/**
 * What callers pass as {@link OutboundConfigSchema}.
 *
 * @example
 * const config: OutboundConfig = { pagerduty: { routingKey: 'e93facc04764012d7bfb002500d5d1a6' } };
 * config.pagerduty?.routingKey.length;
 * //=> 32
 */
export type OutboundConfig = z.input<typeof OutboundConfigSchema>;

/**
 * What a host keeps from earlier calls of an incident (see {@link OutboundConfigSchema}'s `refs`).
 *
 * @example
 * const refs: OutboundRefs = { statuspageIncidentId: 'p31zjtct2jer' };
 * refs.statuspageIncidentId;
 * //=> 'p31zjtct2jer'
 */
export type OutboundRefs = z.output<typeof OutboundConfigSchema>['refs'];

/**
 * A `post_update` event the host just applied, passed to {@link planOutbound} with the step's effects so that
 * posted updates go out through the same loop (the lifecycle returns no effect for them).
 *
 * @example
 * PostUpdateEffectSchema.parse({ type: 'post_update', audience: 'external', publicStatus: 'identified',
 *   message: 'We found the cause', at: '2024-01-15T14:45:00Z' }).audience;
 * //=> 'external'
 */
export const PostUpdateEffectSchema = z.strictObject({
  type: z.literal('post_update'),
  audience: UpdateAudienceSchema,
  publicStatus: PublicStatusSchema.optional(),
  message: z.string().optional(),
  nextUpdateInMinutes: z.number().positive().optional(),
  at: TimestampSchema.optional(),
  by: PersonSchema.optional(),
  id: z.string().optional(),
});

/**
 * An effect the planner takes: a lifecycle effect, or a `post_update` the host applied.
 *
 * @example
 * const effect: OutboundEffect = { type: 'post_update', audience: 'internal', message: 'Rolling back' };
 * effect.type;
 * //=> 'post_update'
 */
export type OutboundEffect = IncidentEffect | z.input<typeof PostUpdateEffectSchema>;

/**
 * What every outbound call carries besides its target, operation and body.
 *
 * @example
 * const base: Pick<OutboundCallBase, 'method'> = { method: 'PATCH' };
 * base.method;
 * //=> 'PATCH'
 */
export interface OutboundCallBase {
  /** Stable for this incident, step and call: send it as the idempotency key, or skip a call already made. */
  readonly idempotencyKey: string;
  /** The effect the call comes from. */
  readonly effect: OutboundEffect['type'];
  readonly method: 'POST' | 'PATCH';
  readonly url: string;
  /** Keep this from the response: the Slack thread (`channel` and `ts`), the Statuspage incident (`id`). */
  readonly remember?: 'slack_thread' | 'statuspage_incident';
  /** Fill this in (with {@link fillOutboundCall}) from what an earlier call's response gave, before sending. */
  readonly needs?: 'slack_thread' | 'statuspage_incident';
}

/**
 * One request the host should make, with its body, in plan order.
 *
 * @example
 * const call: OutboundCall = { target: 'teams', operation: 'teams.webhook', method: 'POST',
 *   url: 'https://example.webhook.office.com/x', idempotencyKey: 'INC-1:0f1e2d3c4b5a6978', effect: 'announce_status',
 *   body: { type: 'message', attachments: [] } };
 * call.operation;
 * //=> 'teams.webhook'
 */
export type OutboundCall =
  | (OutboundCallBase & {
      readonly target: 'pagerduty';
      readonly operation: 'pagerduty.enqueue';
      readonly body: PagerDutyEvent;
    })
  | (OutboundCallBase & {
      readonly target: 'opsgenie';
      readonly operation: 'opsgenie.create';
      readonly body: OpsgenieCreateAlert;
    })
  | (OutboundCallBase & {
      readonly target: 'opsgenie';
      readonly operation: 'opsgenie.acknowledge' | 'opsgenie.close';
      readonly body: OpsgenieAction['body'];
    })
  | (OutboundCallBase & {
      readonly target: 'statuspage';
      readonly operation: 'statuspage.create' | 'statuspage.update';
      readonly body: StatuspageIncident;
    })
  | (OutboundCallBase & {
      readonly target: 'slack';
      readonly operation: 'slack.chat.postMessage';
      readonly body: SlackPostMessage;
    })
  | (OutboundCallBase & {
      readonly target: 'slack';
      readonly operation: 'slack.chat.update';
      readonly body: SlackUpdateMessage;
    })
  | (OutboundCallBase & {
      readonly target: 'teams';
      readonly operation: 'teams.webhook';
      readonly body: TeamsPayload;
    });

/**
 * The outbound calls for one step, and the effects that led to none (with why).
 *
 * @example
 * const plan: OutboundPlan = { calls: [], skipped: [{ effect: 'open_channel', reason: 'Channels are opened by the host' }] };
 * plan.skipped[0]?.effect;
 * //=> 'open_channel'
 */
export interface OutboundPlan {
  readonly calls: readonly OutboundCall[];
  readonly skipped: readonly { readonly effect: OutboundEffect['type']; readonly reason: string }[];
}

type Config = z.output<typeof OutboundConfigSchema>;
type Effect = IncidentEffect | z.output<typeof PostUpdateEffectSchema>;
type Call = OutboundCall;

const FINAL = new Set(['resolved', 'closed', 'cancelled']);
const DEADLINE_WORDS: Readonly<Record<string, string>> = {
  acknowledge: 'acknowledgement',
  internal_update: 'internal update',
  external_update: 'status page update',
  executive_summary: 'executive summary',
  postmortem: 'postmortem',
};

/**
 * Maps a step's effects to the outbound calls the host configured, so paging, status pages and chat are one loop:
 * `page` → PagerDuty trigger / Opsgenie alert; `page_additional_responders` → the same on the additional
 * responders' service; `stop_paging` → acknowledge (acknowledged) or resolve/close (resolved, cancelled, merged), and
 * so does the lifecycle leaving its active statuses (`announce_status`), so a page is never left open;
 * `post_initial_status` → the incident's Slack thread root (and Teams), and a Statuspage incident when it is public;
 * `post_update` (an update the host applied) → the thread, Teams, and Statuspage for external updates; status and
 * severity changes → a thread reply, the root message kept current with `chat.update`, and the Statuspage status
 * when it changes; `post_resolved_status` → Statuspage resolved, components operational; reminders, role requests,
 * handoffs and postmortems → thread replies. Each call has an idempotency key derived from the incident, the step
 * and the call, so replaying a step plans the same keys; the same call planned twice in a step is kept once.
 *
 * @param effects - the step's effects (plus any `post_update` the host applied)
 * @param state - the incident after the step
 * @param config - the vendors to use, and what earlier calls returned (`refs`)
 * @returns the calls, in order, and the skipped effects
 * @throws {IncidentKitError} `invalid_input` for a bad config or effect, or a state of the wrong shape;
 *   `inconsistent_state` for a state that contradicts itself
 * @example
 * const plan = planOutbound(step.effects, step.state, { pagerduty: { routingKey }, slack: { channel: 'C0123456789' } });
 * plan.calls.map((call) => call.operation);
 * //=> ['pagerduty.enqueue']
 */
export function planOutbound(
  effects: readonly OutboundEffect[],
  state: IncidentState,
  config: OutboundConfig,
): OutboundPlan {
  const incident = requireIncidentState(state, 'state');
  const settings = parseInput(OutboundConfigSchema, config, 'outbound config');
  const list = parseInput(z.array(z.unknown()), effects, 'effects').map((effect, index) =>
    parseEffect(effect, index),
  );
  const planner = new Planner(incident, settings);
  for (const effect of list) planner.plan(effect);
  return { calls: planner.calls, skipped: planner.skipped };
}

function parseEffect(effect: unknown, index: number): Effect {
  if (
    effect !== null &&
    typeof effect === 'object' &&
    (effect as { type?: unknown }).type === 'post_update'
  ) {
    return parseInput(PostUpdateEffectSchema, effect, `effects[${index}]`);
  }
  return parseInput(IncidentEffectSchema, effect, `effects[${index}]`);
}

/**
 * Completes a call that `needs` something an earlier call's response gave (the Slack thread, the Statuspage
 * incident id) from what the host remembered; a call that needs nothing is returned as it is.
 *
 * @param given - a planned call
 * @param known - what the host kept from earlier responses for this incident (`refs`)
 * @returns the call, ready to send
 * @throws {IncidentKitError} `invalid_input` when `refs` lacks what the call needs, or either argument is not one
 * @example
 * fillOutboundCall(threadReply, { slackThread: { channel: 'C0123456789', ts: '1705328400.000100' } }).body.thread_ts;
 * //=> '1705328400.000100'
 */
export function fillOutboundCall(given: OutboundCall, known: OutboundRefs): OutboundCall {
  const call = requireCall(given);
  const refs = parseInput(OutboundConfigSchema.shape.refs, known, 'refs');
  if (call.needs === undefined) return call;
  const { needs: _, ...rest } = call;
  if (call.needs === 'slack_thread') {
    if (!refs.slackThread)
      throw missing(call, 'the Slack thread (channel and ts of the incident root message)');
    if (rest.operation === 'slack.chat.postMessage') {
      return {
        ...rest,
        body: {
          ...rest.body,
          channel: refs.slackThread.channel,
          thread_ts: refs.slackThread.ts,
          reply_broadcast: rest.body.reply_broadcast ?? false,
        },
      };
    }
    if (rest.operation === 'slack.chat.update') {
      return { ...rest, body: { ...rest.body, channel: refs.slackThread.channel, ts: refs.slackThread.ts } };
    }
    return rest;
  }
  if (!refs.statuspageIncidentId) throw missing(call, 'the Statuspage incident id');
  return { ...rest, url: rest.url.replace('{incident_id}', encodeURIComponent(refs.statuspageIncidentId)) };
}

/** A call as `planOutbound` makes it, checked where `fillOutboundCall` reads it. */
function requireCall(call: unknown): OutboundCall {
  if (
    isPlainObjectLike(call) &&
    typeof call.operation === 'string' &&
    typeof call.url === 'string' &&
    isPlainObjectLike(call.body) &&
    (call.needs === undefined || call.needs === 'slack_thread' || call.needs === 'statuspage_incident')
  )
    return call as unknown as OutboundCall;
  throw invalidArgument('call', 'an outbound call from planOutbound', call);
}

function missing(call: OutboundCall, what: string): IncidentKitError {
  return new IncidentKitError(
    'invalid_input',
    `The call ${call.operation} needs ${what}: perform the earlier calls first`,
    {
      input: call,
      details: { needs: call.needs },
    },
  );
}

class Planner {
  readonly calls: Call[] = [];
  readonly skipped: { effect: OutboundEffect['type']; reason: string }[] = [];
  private readonly slots = new Set<string>();
  private readonly step: string;
  private threadPlanned = false;
  private statuspagePlanned = false;
  private readonly now: string;

  constructor(
    private readonly state: IncidentState,
    private readonly config: Config,
  ) {
    this.step = String(state.timeline.at(-1)?.seq ?? 0);
    this.now = state.lastEventAt;
  }

  plan(effect: Effect): void {
    const before = this.calls.length;
    const reason = this.route(effect);
    if (this.calls.length === before)
      this.skipped.push({ effect: effect.type, reason: reason ?? 'No vendor configured for it' });
  }

  /** Plans the calls for one effect; returns why there are none, when that is worth saying. */
  private route(effect: Effect): string | undefined {
    const state = this.state;
    switch (effect.type) {
      case 'page':
        this.page(effect.type, `${effect.level}:${effect.loop}:${effect.reason}`, false);
        return undefined;
      case 'page_additional_responders':
        this.page(effect.type, effect.severity, true);
        return 'No additional responders configured (pagerduty.additionalRespondersRoutingKey, opsgenie.additionalResponders)';
      case 'stop_paging':
        if (effect.reason === 'acknowledged') this.acknowledge(effect.type);
        else this.resolve(effect.type);
        return undefined;
      case 'post_initial_status': {
        this.chat(effect.type, 'initial', this.internalUpdate());
        if (effect.publicPostRequired) this.statuspage(effect.type, 'initial', {});
        return effect.publicPostRequired ? undefined : 'Not public: nothing for Statuspage';
      }
      case 'post_update': {
        if (effect.audience === 'external') {
          const status = effect.publicStatus ?? 'investigating';
          const post = deriveStatusPageUpdate(state, {
            now: this.now,
            status,
            ...(this.config.statuspage?.name ? { title: this.config.statuspage.name } : {}),
            ...(effect.message?.trim() ? { message: effect.message } : {}),
          });
          this.chat(effect.type, `external:${status}`, {
            slack: renderStatusPageUpdate(post, { format: 'slack', payload: true }),
            teams: renderStatusPageUpdate(post, { format: 'teams', payload: true }),
          });
          this.statuspage(effect.type, `update:${status}:${effect.message ?? ''}`, {
            status,
            ...(effect.message?.trim() ? { message: effect.message } : {}),
          });
        } else {
          this.chat(effect.type, effect.audience, this.internalUpdate(effect.message));
        }
        return undefined;
      }
      case 'post_resolved_status':
        if (this.config.statuspage && !this.config.refs.statuspageIncidentId && !this.statuspagePlanned)
          return 'No Statuspage incident is known for this incident (refs.statuspageIncidentId)';
        this.statuspage(effect.type, 'status:resolved', { status: 'resolved' });
        return undefined;
      case 'announce_status': {
        const words = `Status: ${STATUS_WORDS[effect.to]} (was ${STATUS_WORDS[effect.from]})`;
        if (ACTIVE_STATUSES.includes(effect.from) && FINAL.has(effect.to)) this.resolve(effect.type);
        if (effect.to === 'resolved' && state.resolution) {
          const resolution = deriveResolutionUpdate(state);
          this.chat(effect.type, `resolved`, {
            slack: renderResolutionUpdate(resolution, { format: 'slack', payload: true }),
            teams: renderResolutionUpdate(resolution, { format: 'teams', payload: true }),
          });
        } else {
          this.chat(effect.type, `status:${effect.to}`, this.notice(words));
        }
        this.updateRoot(effect.type);
        const from = PUBLIC_STATUS_OF[effect.from];
        const to = PUBLIC_STATUS_OF[effect.to];
        if (from !== to && this.config.refs.statuspageIncidentId)
          this.statuspage(effect.type, `status:${to}`, { status: to });
        return undefined;
      }
      case 'announce_severity_change': {
        const direction = effect.to < effect.from ? 'raised' : 'lowered';
        this.chat(
          effect.type,
          `severity:${effect.to}`,
          this.notice(`Severity ${direction} from ${effect.from} to ${effect.to}: ${effect.reason}`),
        );
        this.updateRoot(effect.type);
        return undefined;
      }
      case 'announce_handoff': {
        const role = roleName(state, effect.role);
        this.chat(
          effect.type,
          `handoff:${effect.role}:${effect.to.id}`,
          this.notice(
            (format) =>
              `${mention(effect.from, format)} is handing over ${escapeText(role, format)} to ${mention(effect.to, format)}.`,
          ),
        );
        return undefined;
      }
      case 'request_roles': {
        const names = effect.roles.map((role) => roleName(state, role)).join(', ');
        this.chat(effect.type, `roles:${effect.roles.join(',')}`, this.notice(`Roles needed: ${names}`));
        return undefined;
      }
      case 'remind_update': {
        const what = DEADLINE_WORDS[effect.deadline] ?? effect.deadline;
        this.chat(
          effect.type,
          `remind:${effect.deadline}:${effect.dueAt}:${effect.count}`,
          this.notice(`Reminder ${effect.count}: the ${what} was due at ${formatTimestamp(effect.dueAt)}.`),
        );
        return undefined;
      }
      case 'schedule_postmortem': {
        const due = effect.dueAt ? `, review due by ${formatTimestamp(effect.dueAt)}` : '';
        this.chat(effect.type, 'postmortem', this.notice(`A postmortem is required${due}.`));
        return undefined;
      }
      case 'open_channel':
        return `The host opens the channel (suggested name #${effect.name}); then give it as slack.channel`;
    }
  }

  private key(slot: string): string {
    const prefix = this.state.id.length <= 64 ? this.state.id : this.state.id.slice(0, 64);
    return derivedKey(prefix, [this.state.id, this.step, slot]);
  }

  private push(slot: string, call: Omit<Call, 'idempotencyKey'>): void {
    if (this.slots.has(slot)) return;
    this.slots.add(slot);
    this.calls.push({ ...call, idempotencyKey: this.key(slot) } as Call);
  }

  private page(effect: Effect['type'], detail: string, additional: boolean): void {
    const { pagerduty, opsgenie } = this.config;
    if (pagerduty) {
      const routingKey = additional ? pagerduty.additionalRespondersRoutingKey : pagerduty.routingKey;
      if (routingKey) {
        const { additionalRespondersRoutingKey: _, ...options } = pagerduty;
        const body = toPagerDutyEvent(this.state, 'trigger', { ...options, routingKey });
        const dedup = additional
          ? { dedup_key: `${`${body.dedup_key ?? ''}`.slice(0, 240)}:responders` }
          : {};
        this.push(`pagerduty:trigger:${additional}:${detail}`, {
          target: 'pagerduty',
          operation: 'pagerduty.enqueue',
          effect,
          method: 'POST',
          url: PAGERDUTY_EVENTS_URL,
          body: { ...body, ...dedup },
        });
      }
    }
    if (opsgenie) {
      const responders = additional ? opsgenie.additionalResponders : opsgenie.responders;
      if (!additional || responders) {
        const { apiUrl, additionalResponders: _, ...options } = opsgenie;
        const body = toOpsgenieAlert(this.state, { ...options, ...(responders ? { responders } : {}) });
        this.push(`opsgenie:create:${additional}:${detail}`, {
          target: 'opsgenie',
          operation: 'opsgenie.create',
          effect,
          method: 'POST',
          url: `${apiUrl}/v2/alerts`,
          body: additional ? { ...body, alias: `${`${body.alias ?? ''}`.slice(0, 500)}:responders` } : body,
        });
      }
    }
  }

  private acknowledge(effect: Effect['type']): void {
    this.pagerAction(effect, 'acknowledge', 'acknowledge');
  }

  private resolve(effect: Effect['type']): void {
    this.pagerAction(effect, 'resolve', 'close');
  }

  private pagerAction(
    effect: Effect['type'],
    pd: 'acknowledge' | 'resolve',
    og: 'acknowledge' | 'close',
  ): void {
    const { pagerduty, opsgenie } = this.config;
    if (pagerduty) {
      this.push(`pagerduty:${pd}`, {
        target: 'pagerduty',
        operation: 'pagerduty.enqueue',
        effect,
        method: 'POST',
        url: PAGERDUTY_EVENTS_URL,
        body: toPagerDutyEvent(this.state, pd, { routingKey: pagerduty.routingKey }),
      });
    }
    if (opsgenie) {
      const action = toOpsgenieAction(this.state, og, {
        ...(opsgenie.source ? { source: opsgenie.source } : {}),
        note: `Incident ${STATUS_WORDS[this.state.status].toLowerCase()} in incident-kit`,
      });
      this.push(`opsgenie:${og}`, {
        target: 'opsgenie',
        operation: og === 'close' ? 'opsgenie.close' : 'opsgenie.acknowledge',
        effect,
        method: 'POST',
        url: `${opsgenie.apiUrl}${action.path}`,
        body: action.body,
      });
    }
  }

  private internalUpdate(message?: string): { slack: SlackPayload; teams: TeamsPayload } {
    const data = deriveInternalUpdate(this.state, {
      now: this.now,
      ...(message?.trim() ? { actions: [message.trim()] } : {}),
    });
    return {
      slack: renderInternalUpdate(data, { format: 'slack', payload: true }),
      teams: renderInternalUpdate(data, { format: 'teams', payload: true }),
    };
  }

  private notice(text: string | ((format: MessageFormat) => string)): {
    slack: SlackPayload;
    teams: TeamsPayload;
  } {
    const line = (format: MessageFormat) =>
      typeof text === 'string' ? escapeText(text, format) : text(format);
    const title = `Incident: ${this.state.title}`;
    return {
      // Slack's header is plain_text, shown as typed: toSlackPayload takes the title unescaped (it escapes the
      // mrkdwn fallback itself), as the message renderers give it.
      slack: toSlackPayload(title, line('slack')),
      teams: toTeamsPayload(escapeText(title, 'teams', { singleLine: true }), line('teams')),
    };
  }

  /** Posts to the incident's Slack thread (its root first, when none exists yet) and to Teams. */
  private chat(
    effect: Effect['type'],
    slot: string,
    message: { slack: SlackPayload; teams: TeamsPayload },
  ): void {
    const { slack, teams, refs } = this.config;
    if (slack) {
      const root = !refs.slackThread && !this.threadPlanned;
      const base = {
        target: 'slack',
        operation: 'slack.chat.postMessage',
        effect,
        method: 'POST',
        url: SLACK_API_URL.postMessage,
      } as const;
      if (root) {
        this.threadPlanned = true;
        this.push(`slack:${slot}`, {
          ...base,
          remember: 'slack_thread',
          body: toSlackPostMessage(message.slack, { channel: slack.channel }),
        });
      } else if (refs.slackThread) {
        this.push(`slack:${slot}`, {
          ...base,
          body: toSlackPostMessage(message.slack, {
            channel: refs.slackThread.channel,
            threadTs: refs.slackThread.ts,
          }),
        });
      } else {
        this.push(`slack:${slot}`, {
          ...base,
          needs: 'slack_thread',
          body: toSlackPostMessage(message.slack, { channel: slack.channel }),
        });
      }
    }
    if (teams) {
      this.push(`teams:${slot}`, {
        target: 'teams',
        operation: 'teams.webhook',
        effect,
        method: 'POST',
        url: teams.webhookUrl,
        body: toTeamsWebhookMessage(message.teams),
      });
    }
  }

  /** Keeps the thread's root message current (severity, status, IC) once it exists. */
  private updateRoot(effect: Effect['type']): void {
    const thread = this.config.refs.slackThread;
    if (!this.config.slack || !thread) return;
    this.push('slack:root', {
      target: 'slack',
      operation: 'slack.chat.update',
      effect,
      method: 'POST',
      url: SLACK_API_URL.update,
      body: toSlackUpdate(this.internalUpdate().slack, thread),
    });
  }

  private statuspage(
    effect: Effect['type'],
    slot: string,
    options: { status?: z.infer<typeof PublicStatusSchema>; message?: string },
  ): void {
    const statuspage = this.config.statuspage;
    if (!statuspage) return;
    const known = this.config.refs.statuspageIncidentId;
    const base = `https://api.statuspage.io/v1/pages/${encodeURIComponent(statuspage.pageId)}/incidents`;
    const common = {
      now: this.now,
      components: statuspage.components,
      componentIds: statuspage.componentIds,
      deliverNotifications: statuspage.deliverNotifications,
      ...(statuspage.name ? { name: statuspage.name } : {}),
      ...options,
    };
    if (known || this.statuspagePlanned) {
      this.push(`statuspage:${slot}`, {
        target: 'statuspage',
        operation: 'statuspage.update',
        effect,
        method: 'PATCH',
        url: `${base}/${known ? encodeURIComponent(known) : '{incident_id}'}`,
        ...(known ? {} : { needs: 'statuspage_incident' as const }),
        body: toStatuspageIncident(this.state, { ...common, mode: 'update' }),
      });
      return;
    }
    this.statuspagePlanned = true;
    this.push(`statuspage:${slot}`, {
      target: 'statuspage',
      operation: 'statuspage.create',
      effect,
      method: 'POST',
      url: base,
      remember: 'statuspage_incident',
      body: toStatuspageIncident(this.state, { ...common, mode: 'create' }),
    });
  }
}

function roleName(state: IncidentState, role: string): string {
  try {
    return getRole(role, state.settings.roleCatalog).name;
  } catch {
    return role;
  }
}
