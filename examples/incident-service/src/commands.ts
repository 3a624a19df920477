// Chat commands (what a bot sends after parsing `/incident ack` and friends) mapped to lifecycle events. The shape
// of each command is checked here; the values (severity names, people, mitigation kinds) are checked by the
// lifecycle's own schema when the event is applied, so its error names the field.
import { randomUUID } from 'node:crypto';
import type { IncidentEventInput, IncidentState } from 'incident-kit';
import { z } from 'zod';

const text = z.string().trim().min(1);
const base = {
  /** The chat message's id: retrying the same command is then a duplicate, not a second action. */
  id: z.string().trim().min(1).max(150).optional(),
  /** Who sent it (`{ id, name }`). */
  by: z.unknown().optional(),
};

export const CommandSchema = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('ack'), ...base }),
  z.strictObject({ command: z.literal('sev'), severity: text, reason: text.optional(), ...base }),
  z.strictObject({ command: z.literal('ic'), person: z.unknown(), ...base }),
  z.strictObject({ command: z.literal('mitigate'), kind: text, description: text, ...base }),
  z.strictObject({ command: z.literal('mitigated'), summary: text.optional(), ...base }),
  z.strictObject({
    command: z.literal('update'),
    audience: text,
    message: text,
    publicStatus: text.optional(),
    nextUpdateInMinutes: z.number().positive().optional(),
    ...base,
  }),
  z.strictObject({
    command: z.literal('resolve'),
    summary: text,
    rootCause: text.optional(),
    fix: text.optional(),
    dataLoss: text.optional(),
    ...base,
  }),
  z.strictObject({ command: z.literal('note'), text, ...base }),
]);
export type Command = z.output<typeof CommandSchema>;

/** A lifecycle event as the dashboard sends it: any event but without `at`, which the service sets. */
export const EventRequestSchema = z.strictObject({
  event: z.looseObject({ type: text, id: z.string().min(1).max(200).optional() }),
});

/** A manual declaration (the dashboard's and a bot's `/incident declare`). */
export const DeclareSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Letters, digits, dot, dash, underscore; at most 64')
    .optional(),
  title: text,
  severity: text.optional(),
  impact: z.unknown().optional(),
  by: z.unknown().optional(),
});

/**
 * The events a command stands for, at `at`. Each event id is the command's id and the event type, so a command
 * retried after its first attempt was applied (even partly) maps to the same ids and changes nothing more.
 */
export function commandEvents(command: Command, state: IncidentState, at: string): IncidentEventInput[] {
  const prefix = `cmd:${command.id ?? randomUUID()}`;
  const by = command.by === undefined ? {} : { by: command.by };
  const event = (type: string, fields: Record<string, unknown> = {}) =>
    ({ type, at, id: `${prefix}:${type}`, ...by, ...fields }) as IncidentEventInput;
  switch (command.command) {
    case 'ack':
      return [event('acknowledge')];
    case 'sev':
      return [event('set_severity', { severity: command.severity, ...optional({ reason: command.reason }) })];
    case 'ic': {
      const holder = state.roles.find(
        (stint) => stint.role === 'incident_commander' && stint.until === undefined,
      );
      const person = command.person as { id?: unknown } | null;
      if (holder && holder.person.id === person?.id) return [];
      return holder
        ? [event('hand_off_role', { role: 'incident_commander', to: command.person })]
        : [event('assign_role', { role: 'incident_commander', person: command.person })];
    }
    case 'mitigate':
      return [event('start_mitigation', { kind: command.kind, description: command.description })];
    case 'mitigated':
      return [event('mark_mitigated', optional({ summary: command.summary }))];
    case 'update':
      return [
        event('post_update', {
          audience: command.audience,
          message: command.message,
          ...optional({
            publicStatus: command.publicStatus,
            nextUpdateInMinutes: command.nextUpdateInMinutes,
          }),
        }),
      ];
    case 'resolve':
      return [
        event(
          'resolve',
          optional({
            summary: command.summary,
            rootCause: command.rootCause,
            fix: command.fix,
            dataLoss: command.dataLoss,
          }),
        ),
      ];
    case 'note':
      return [event('add_note', { text: command.text })];
  }
}

function optional(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
