import * as z from 'zod';
import { parseInput } from '../errors';
import { deepFreeze } from '../internal/deep-freeze';
import { DataLossSchema, PublicStatusSchema } from '../lifecycle/incident-event';
import { PersonSchema } from '../roles/person';
import { SeveritySchema } from '../severity/severity';
import { TimestampSchema, toEpochMs } from '../time/timestamp';
import { escapeText, MESSAGE_FORMATS, type MessageFormat, mention, SINGLE_LINE } from './format';
import type { BuiltInMessageKind } from './message-kinds';
import { formatDuration, formatTimestamp } from './time-format';

const text = z.string().trim().min(1, 'Must not be empty');

/**
 * An array that also accepts a read-only one (data written `as const`). Not zod's `.readonly()`: that freezes what
 * it was given even when validation fails (a caller's object; a typed array, which cannot be frozen, throws).
 * Internal.
 *
 * @param item - the schema of each item
 * @returns the array schema
 * @example
 * list(z.string()).parse(['a'] as const);
 * //=> ['a']
 */
export function list<T extends z.ZodType>(item: T): z.ZodType<z.output<T>[], readonly z.input<T>[]> {
  return z.array(item) as never;
}

const lines = list(text).default([]);

/**
 * Data for the internal update posted in the incident channel (Slack or Teams): title, severity, status, Incident Commander, impact
 * lines, current actions and when the next update comes.
 *
 * @example
 * InternalUpdateSchema.parse({ title: 'Auth Service Degraded', severity: 'SEV2', status: 'Investigating',
 *   nextUpdateInMinutes: 15 }).impact;
 * //=> []
 */
export const InternalUpdateSchema = z.strictObject({
  title: text,
  severity: SeveritySchema,
  /** Status in words, e.g. `Investigating`. */
  status: text,
  commander: PersonSchema.nullable().default(null),
  impact: lines,
  actions: lines,
  /** When the next update comes; `null`: not scheduled. */
  nextUpdateInMinutes: z.number().positive().nullable(),
});

/**
 * Data for a tactical update in CAN form (Conditions, Actions, Needs), as Subject Matter Experts report.
 *
 * @example
 * TacticalUpdateSchema.parse({ title: 'Auth', conditions: ['Pool at 100%'] }).needs;
 * //=> []
 */
export const TacticalUpdateSchema = z.strictObject({
  title: text,
  reporter: PersonSchema.nullable().default(null),
  conditions: lines,
  actions: lines,
  needs: lines,
});

/**
 * Data for an executive summary: current status, overview and next steps, with how long the incident has run.
 *
 * @example
 * ExecutiveSummarySchema.shape.nextSteps.def.defaultValue;
 * //=> []
 */
export const ExecutiveSummarySchema = z.strictObject({
  title: text,
  severity: SeveritySchema,
  status: text,
  startedAt: TimestampSchema,
  /** The time the summary is written, for "running for". */
  now: TimestampSchema,
  currentStatus: text,
  overview: text,
  nextSteps: lines,
  nextUpdateInMinutes: z.number().positive().nullable().default(null),
});

/** The closing lines a status-page post gets when `closing` is not given. */
export const DEFAULT_STATUS_PAGE_CLOSINGS: Readonly<Record<z.infer<typeof PublicStatusSchema>, string>> = {
  investigating:
    'Our team is actively working on resolving this issue.\nWe will provide updates as we learn more.',
  identified:
    'We have identified the cause and are working on a fix.\nWe will provide updates as we learn more.',
  monitoring:
    'A fix has been implemented and we are monitoring the results.\nWe will post again once we are confident it is resolved.',
  resolved: 'This incident has been resolved.',
};

/**
 * Data for a status-page post: public status, title, message, and when it was posted. `closing` replaces the
 * standard closing lines for the status (`''` for none).
 *
 * @example
 * StatusPageUpdateSchema.parse({ title: 'Authentication Issues', status: 'investigating',
 *   message: 'We are investigating.', postedAt: '2024-01-15T14:30:00Z' }).postedAt;
 * //=> '2024-01-15T14:30:00.000Z'
 */
export const StatusPageUpdateSchema = z.strictObject({
  title: text,
  status: PublicStatusSchema,
  message: text,
  closing: z.string().optional(),
  postedAt: TimestampSchema,
  /** When the next post comes; shown as "Next update: in 20 minutes". Public updates should always say it. */
  nextUpdateInMinutes: z.number().positive().nullable().default(null),
});

/**
 * Data for a resolution notice: what was resolved, the cause and fix, a plain data-loss statement, how long it
 * lasted (from `startedAt` to `resolvedAt`) and who was affected.
 *
 * @example
 * ResolutionUpdateSchema.shape.closing.def.defaultValue;
 * //=> 'All systems are operating normally.'
 */
export const ResolutionUpdateSchema = z.strictObject({
  title: text,
  summary: text,
  rootCause: text.optional(),
  fix: text.optional(),
  closing: z.string().default('All systems are operating normally.'),
  startedAt: TimestampSchema,
  resolvedAt: TimestampSchema,
  affected: text.optional(),
  dataLoss: DataLossSchema.optional(),
  dataLossDetails: text.optional(),
});

/**
 * Data for an Incident Commander (or any role) handoff brief: who hands what to whom, and the CAN state of play.
 *
 * @example
 * HandoffBriefSchema.shape.role.def.defaultValue;
 * //=> 'Incident Commander'
 */
export const HandoffBriefSchema = z.strictObject({
  title: text,
  severity: SeveritySchema,
  status: text,
  role: text.default('Incident Commander'),
  from: PersonSchema,
  to: PersonSchema,
  at: TimestampSchema,
  conditions: lines,
  actions: lines,
  needs: lines,
});

const pending = () => z.string().trim().min(1).default('To be written');

/**
 * Data for a postmortem document, in the PagerDuty template's order: owner and meeting, overview, what happened,
 * contributing factors, resolution, impact (time in each severity, users, support requests), responders, timeline,
 * what went well and what did not, action items, and the messages sent.
 *
 * @example
 * PostmortemSchema.shape.overview.def.defaultValue;
 * //=> 'To be written'
 */
export const PostmortemSchema = z.strictObject({
  title: text,
  severity: SeveritySchema,
  owner: PersonSchema.nullable().default(null),
  meetingDate: TimestampSchema.nullable().default(null),
  overview: pending(),
  whatHappened: pending(),
  contributingFactors: lines,
  temporaryResolution: pending(),
  longTermResolution: pending(),
  timeInSeverity: list(z.strictObject({ severity: SeveritySchema, ms: z.number().min(0) })).default([]),
  usersAffected: z.string().trim().min(1).default('Unknown'),
  supportRequests: z.union([z.number().int().min(0), z.string().trim().min(1)]).default('Unknown'),
  responders: list(z.strictObject({ person: PersonSchema, roles: lines })).default([]),
  timeline: list(z.strictObject({ at: TimestampSchema, event: text })).default([]),
  wentWell: lines,
  wentPoorly: lines,
  actionItems: list(
    z.strictObject({ title: text, owner: PersonSchema.optional(), due: TimestampSchema.optional() }),
  ).default([]),
  internalMessages: lines,
  externalMessages: lines,
});

/**
 * What a message's template receives: every value already escaped for the format, plus the payload title as plain
 * text (the payload builders escape it for their place: Slack's `plain_text` header takes it as it is).
 */
export interface MessageDisplay {
  readonly heading: string;
  readonly values: Record<string, unknown>;
}

/** Options the display step needs. */
export interface DisplayOptions {
  readonly timeZone?: string;
}

/** A built-in message: its schema and how its data becomes display values for one format. */
export interface MessageDefinition<S extends z.ZodType = z.ZodType> {
  readonly kind: BuiltInMessageKind;
  readonly schema: S;
  display(data: z.output<S>, format: MessageFormat, options: DisplayOptions): MessageDisplay;
}

function define<S extends z.ZodType>(
  kind: BuiltInMessageKind,
  schema: S,
  display: MessageDefinition<S>['display'],
): MessageDefinition<S> {
  return { kind, schema, display };
}

// The two ways a value is escaped: `line` for a field that is one line in the message (a title, a name, a status, a
// list item), so a line break in it cannot forge a line of its own; `prose` for summaries and messages, which keep
// their paragraphs. Made once per format, not on every render.
const ESCAPERS = Object.fromEntries(
  MESSAGE_FORMATS.map((format) => [
    format,
    {
      line: (value: string) => escapeText(value, format, SINGLE_LINE),
      prose: (value: string) => escapeText(value, format),
    },
  ]),
) as Record<MessageFormat, { line: (value: string) => string; prose: (value: string) => string }>;

const escapers = (format: MessageFormat) => ESCAPERS[format];

function capitalize(value: string): string {
  return `${value.charAt(0).toUpperCase()}${value.slice(1)}`;
}

/** "Database connection exhaustion" reads "Root cause was database connection exhaustion"; "DNS" stays "DNS". */
function lowerFirst(value: string): string {
  return /^[A-Z][a-z]/.test(value) ? `${value.charAt(0).toLowerCase()}${value.slice(1)}` : value;
}

const DATA_LOSS_WORDS = {
  none: 'No data was lost.',
  some: 'Some data was lost.',
  unknown: 'We are still confirming whether any data was lost.',
} as const;

/** The built-in messages, by kind. */
export const MESSAGE_DEFINITIONS = {
  internal_update: define('internal_update', InternalUpdateSchema, (data, format) => {
    const { line } = escapers(format);
    return {
      heading: `Incident: ${data.title}`,
      values: {
        title: line(data.title),
        severity: data.severity,
        status: line(data.status),
        commander: data.commander ? mention(data.commander, format) : 'Unassigned',
        impact: data.impact.map(line),
        actions: data.actions.map(line),
        nextUpdate:
          data.nextUpdateInMinutes === null
            ? 'Not scheduled'
            : formatDuration(data.nextUpdateInMinutes * 60_000),
      },
    };
  }),

  tactical_update: define('tactical_update', TacticalUpdateSchema, (data, format) => {
    const { line } = escapers(format);
    return {
      heading: `Tactical update: ${data.title}`,
      values: {
        title: line(data.title),
        reporter: data.reporter ? mention(data.reporter, format) : null,
        conditions: data.conditions.map(line),
        actions: data.actions.map(line),
        needs: data.needs.map(line),
      },
    };
  }),

  executive_summary: define('executive_summary', ExecutiveSummarySchema, (data, format, options) => {
    const { line, prose } = escapers(format);
    return {
      heading: `Executive summary: ${data.title}`,
      values: {
        title: line(data.title),
        severity: data.severity,
        status: line(data.status),
        startedAt: formatTimestamp(data.startedAt, options),
        elapsed: formatDuration(toEpochMs(data.now) - toEpochMs(data.startedAt)),
        currentStatus: prose(data.currentStatus),
        overview: prose(data.overview),
        nextSteps: data.nextSteps.map(line),
        nextUpdate:
          data.nextUpdateInMinutes === null ? null : formatDuration(data.nextUpdateInMinutes * 60_000),
      },
    };
  }),

  status_page_update: define('status_page_update', StatusPageUpdateSchema, (data, format, options) => {
    const { line, prose } = escapers(format);
    const label = capitalize(data.status);
    const closing = data.closing ?? DEFAULT_STATUS_PAGE_CLOSINGS[data.status];
    return {
      heading: `[${label}] ${data.title}`,
      values: {
        statusLabel: label,
        title: line(data.title),
        message: prose(data.message),
        closing: closing ? prose(closing) : null,
        postedAt: formatTimestamp(data.postedAt, options),
        nextUpdate:
          data.nextUpdateInMinutes === null ? null : formatDuration(data.nextUpdateInMinutes * 60_000),
      },
    };
  }),

  resolution_update: define('resolution_update', ResolutionUpdateSchema, (data, format) => {
    const { line, prose } = escapers(format);
    const cause = data.rootCause
      ? `Root cause was ${lowerFirst(data.rootCause)}${data.fix ? ` ${data.fix}` : ''}`
      : (data.fix ?? null);
    const dataLoss = data.dataLoss
      ? `${DATA_LOSS_WORDS[data.dataLoss]}${data.dataLossDetails ? ` ${data.dataLossDetails}` : ''}`
      : null;
    return {
      heading: `[Resolved] ${data.title}`,
      values: {
        title: line(data.title),
        summary: prose(data.summary),
        cause: cause ? prose(cause) : null,
        closing: prose(data.closing),
        dataLoss: dataLoss ? prose(dataLoss) : null,
        duration: formatDuration(toEpochMs(data.resolvedAt) - toEpochMs(data.startedAt)),
        affected: data.affected ? line(data.affected) : null,
      },
    };
  }),

  handoff_brief: define('handoff_brief', HandoffBriefSchema, (data, format, options) => {
    const { line } = escapers(format);
    return {
      heading: `Handoff: ${data.role}, ${data.title}`,
      values: {
        title: line(data.title),
        severity: data.severity,
        status: line(data.status),
        role: line(data.role),
        from: mention(data.from, format),
        to: mention(data.to, format),
        toName: line(data.to.name),
        at: formatTimestamp(data.at, options),
        conditions: data.conditions.map(line),
        actions: data.actions.map(line),
        needs: data.needs.map(line),
      },
    };
  }),

  postmortem: define('postmortem', PostmortemSchema, (data, format, options) => {
    const { line, prose } = escapers(format);
    return {
      heading: `Postmortem: ${data.title}`,
      values: {
        title: line(data.title),
        severity: data.severity,
        owner: data.owner ? mention(data.owner, format) : 'To be named by the Incident Commander',
        meetingDate: data.meetingDate ? formatTimestamp(data.meetingDate, options) : 'To be scheduled',
        overview: prose(data.overview),
        whatHappened: prose(data.whatHappened),
        contributingFactors: data.contributingFactors.map(line),
        temporaryResolution: prose(data.temporaryResolution),
        longTermResolution: prose(data.longTermResolution),
        timeInSeverity: data.timeInSeverity.map((entry) => ({
          severity: entry.severity,
          duration: formatDuration(entry.ms),
        })),
        usersAffected: line(data.usersAffected),
        supportRequests: line(String(data.supportRequests)),
        responders: data.responders.map((responder) => ({
          name: mention(responder.person, format),
          roles: responder.roles.length > 0 ? responder.roles.map(line).join(', ') : 'responder',
        })),
        timeline: data.timeline.map((entry) => ({
          // The timeline table is in UTC, as the PagerDuty template asks; other times follow options.timeZone.
          time: formatTimestamp(entry.at).replace(' UTC', ''),
          event: line(entry.event),
        })),
        wentWell: data.wentWell.map(line),
        wentPoorly: data.wentPoorly.map(line),
        actionItems: data.actionItems.map((item) => ({
          title: line(item.title),
          owner: item.owner ? mention(item.owner, format) : 'unassigned',
          due: item.due ? formatTimestamp(item.due, options) : 'no due date',
        })),
        internalMessages: data.internalMessages.map(line),
        externalMessages: data.externalMessages.map(line),
      },
    };
  }),
} as const;

// Messages a `derive*` function made: validated there, frozen, and not validated again when rendered (zod's check of
// a view model the library built itself was 15% of a render). A cache of checks that cannot change a result: the
// data is frozen, so it stays what was checked.
const derived = new WeakMap<object, BuiltInMessageKind>();

/**
 * Validates what a `derive*` function built, freezes it (deeply) and remembers it as valid for its kind. Internal.
 *
 * @param kind - the message kind
 * @param data - the data built
 * @returns the validated, frozen data
 * @throws {IncidentKitError} `invalid_input` (a derive function that builds invalid data is a bug)
 */
export function deriveMessage<K extends BuiltInMessageKind>(
  kind: K,
  data: MessageInputs[K],
): MessageInputs[K] {
  const checked = deepFreeze(parseInput(MESSAGE_SCHEMAS[kind], data, `${kind.replace(/_/g, ' ')} data`));
  derived.set(checked as object, kind);
  return checked as MessageInputs[K];
}

/**
 * Whether data is a message a `derive*` function made for this kind (and so needs no validation). Internal.
 *
 * @param kind - the message kind
 * @param data - anything
 * @returns `true` for derived data of that kind
 */
export function isDerivedMessage(kind: BuiltInMessageKind, data: unknown): boolean {
  return typeof data === 'object' && data !== null && derived.get(data) === kind;
}

/**
 * The schema of each built-in message's data, by kind: validate data before queuing it, or derive JSON Schema.
 *
 * @example
 * MESSAGE_SCHEMAS.internal_update.safeParse({ title: 'x' }).success;
 * //=> false
 */
export const MESSAGE_SCHEMAS = {
  internal_update: InternalUpdateSchema,
  tactical_update: TacticalUpdateSchema,
  executive_summary: ExecutiveSummarySchema,
  status_page_update: StatusPageUpdateSchema,
  resolution_update: ResolutionUpdateSchema,
  handoff_brief: HandoffBriefSchema,
  postmortem: PostmortemSchema,
} as const satisfies Record<BuiltInMessageKind, z.ZodType>;

/**
 * Input types of the built-in messages, by kind.
 *
 * @example
 * const input: MessageInputs['tactical_update'] = { title: 'Auth', needs: ['A DBA'] };
 * input.needs?.length;
 * //=> 1
 */
export type MessageInputs = { [K in BuiltInMessageKind]: z.input<(typeof MESSAGE_SCHEMAS)[K]> };

/**
 * Validated data of the built-in messages, by kind.
 *
 * @example
 * const data: Pick<MessageData['internal_update'], 'status'> = { status: 'Investigating' };
 * data.status;
 * //=> 'Investigating'
 */
export type MessageData = { [K in BuiltInMessageKind]: z.output<(typeof MESSAGE_SCHEMAS)[K]> };
