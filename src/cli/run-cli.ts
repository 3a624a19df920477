import { type ParseArgsConfig, parseArgs } from 'node:util';
import { renderBuiltInMessage } from '../comms/render-messages';
import {
  applyEvent,
  type BuiltInMessageKind,
  createIncident,
  deriveExecutiveSummary,
  deriveInternalUpdate,
  derivePostmortem,
  deriveResolutionUpdate,
  deriveStatusPageUpdate,
  getIncidentMetrics,
  getLifecycleDiagram,
  type IncidentDeclaration,
  type IncidentEffect,
  type IncidentEventInput,
  type IncidentState,
  MESSAGE_FORMATS,
  MESSAGE_KINDS,
  type MessageFormat,
  renderExecutiveSummary,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  renderStatusPageUpdate,
} from '../index';
import { ownValue } from '../internal/arguments';
import { formatDuration } from '../text/index';
import { ANNOUNCED_ACTIONS, EXAMPLE_DECLARATION, EXAMPLE_EVENTS } from './example-incident';
import { printable, withoutBom } from './terminal-text';

/** Where the CLI writes and reads; the bin passes the process's, tests pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

/** Exit codes: 0 done, 1 the input was refused (bad line, invalid data, unreadable file), 2 the command line is wrong. */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2 } as const;

const HELP = {
  main: `incident-kit: incident response building blocks, from the command line

Usage: incident-kit <command> [options]

Commands:
  demo                      play an example auth-service incident from alert to close
  replay <events.jsonl>     rebuild an incident from an event log; print its state, metrics and postmortem
  render <message> --data <file.json>
                            render one message from JSON data
  diagram                   print the lifecycle as a Mermaid state diagram

Run 'incident-kit <command> --help' for a command's options.
Exit codes: 0 done, 1 input refused (the reason is printed), 2 usage error.`,
  demo: `Usage: incident-kit demo [--format markdown|slack|teams|text] [--json]

Plays an example auth-service incident: alert → page → acknowledge → channel → triage and SEV2 → roles →
mitigation → updates on cadence → resolve → postmortem → close. Prints each step's status, effects and the
messages it calls for.

  --format <f>   message format (default markdown)
  --json         one JSON object per step instead of text`,
  replay: `Usage: incident-kit replay <events.jsonl> [--format markdown|slack|teams|text] [--json]

The first non-empty line is the declaration (as for createIncident); every later line is one event. A line that
is not JSON, or an event the incident refuses, is reported with its line number and exit code 1.

  --format <f>   format of the postmortem (default markdown)
  --json         print { state, metrics } as JSON`,
  render: `Usage: incident-kit render <message> --data <file.json> [--format markdown|slack|teams|text] [--payload]

Messages: ${MESSAGE_KINDS.join(', ')} (dashes work too).

  --data <file>  the message data as JSON (see the message's schema)
  --format <f>   default markdown
  --payload      for slack and teams: print the Block Kit / Adaptive Card payload as JSON`,
  diagram: `Usage: incident-kit diagram

Prints the lifecycle as a Mermaid stateDiagram-v2, generated from the XState machine.`,
} as const;

class UsageError extends Error {}

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit code.
 *
 * @param argv - e.g. `['demo', '--format', 'slack']`
 * @param terminal - output and file reading
 * @returns the exit code
 */
export function runCli(argv: readonly string[], terminal: CliIO): number {
  // Everything printed is stripped of control sequences; files are read without a byte-order mark.
  const io: CliIO = {
    out: (text) => terminal.out(printable(text)),
    err: (text) => terminal.err(printable(text)),
    readFile: (path) => withoutBom(terminal.readFile(path)),
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP.main);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case 'demo':
        return demo(rest, io);
      case 'replay':
        return replay(rest, io);
      case 'render':
        return render(rest, io);
      case 'diagram':
        if (wantsHelp(rest, io, 'diagram')) return EXIT.ok;
        if (rest.length > 0) throw new UsageError(`diagram takes no arguments, got ${rest.join(' ')}`);
        io.out(getLifecycleDiagram());
        return EXIT.ok;
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`incident-kit: ${error.message}\nRun 'incident-kit --help' for usage.`);
      return EXIT.usage;
    }
    io.err(`incident-kit: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.invalidInput;
  }
}

function wantsHelp(args: readonly string[], io: CliIO, command: keyof typeof HELP): boolean {
  if (!args.includes('--help') && !args.includes('-h')) return false;
  io.out(HELP[command]);
  return true;
}

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function readFormat(value: unknown): MessageFormat {
  const format = value ?? 'markdown';
  if (!(MESSAGE_FORMATS as readonly unknown[]).includes(format)) {
    throw new UsageError(`--format must be one of ${MESSAGE_FORMATS.join(', ')}, not "${String(format)}"`);
  }
  return format as MessageFormat;
}

const hhmm = (at: string) => at.slice(11, 16);

function describeEffect(effect: IncidentEffect): string {
  switch (effect.type) {
    case 'page':
      return `page the on-call: level ${effect.level}${effect.loop > 0 ? ` (repeat ${effect.loop})` : ''}, ${effect.urgency.replace('_', ' ')} (${effect.reason.replace('_', ' ')})`;
    case 'stop_paging':
      return `stop paging (${effect.reason})`;
    case 'page_additional_responders':
      return `page additional responders (${effect.severity})`;
    case 'open_channel':
      return `open #${effect.name}`;
    case 'post_initial_status':
      return `post the initial status to ${effect.audiences.join(', ')}${effect.dueAt ? ` (status page due ${hhmm(effect.dueAt)})` : ''}`;
    case 'request_roles':
      return `ask for: ${effect.roles.join(', ')}`;
    case 'remind_update':
      return `remind (${effect.count}): ${effect.deadline.replace('_', ' ')} due ${hhmm(effect.dueAt)}`;
    case 'announce_severity_change':
      return `announce ${effect.from} → ${effect.to}`;
    case 'announce_handoff':
      return `announce ${effect.from.name} hands ${effect.role} to ${effect.to.name}`;
    case 'schedule_postmortem':
      return `schedule the postmortem (review due ${effect.dueAt ?? 'when the team decides'})`;
    case 'post_resolved_status':
      return `post the resolved status-page update (due ${hhmm(effect.dueAt)})`;
    case 'announce_status':
      return `status ${effect.from} → ${effect.to}`;
  }
}

type Rendered = { readonly kind: string; readonly text: string };

/** The messages a demo step calls for, rendered in `format`. */
function demoMessages(event: IncidentEventInput, state: IncidentState, format: MessageFormat): Rendered[] {
  const now = event.at;
  const options = { format };
  switch (event.type) {
    case 'acknowledge':
      return [
        {
          kind: 'initial status (internal update)',
          text: renderInternalUpdate(deriveInternalUpdate(state, { now }), options),
        },
      ];
    case 'post_update':
      if (event.audience === 'internal') {
        const actions = event.id === undefined ? undefined : ownValue(ANNOUNCED_ACTIONS, event.id);
        const data = deriveInternalUpdate(state, { now, ...(actions ? { actions: [...actions] } : {}) });
        return [{ kind: 'internal update', text: renderInternalUpdate(data, options) }];
      }
      if (event.audience === 'external') {
        const data = deriveStatusPageUpdate(state, {
          now,
          title: 'Authentication Issues',
          ...(event.publicStatus ? { status: event.publicStatus } : {}),
        });
        return [{ kind: 'status page update', text: renderStatusPageUpdate(data, options) }];
      }
      return [];
    case 'mark_mitigated':
      return [
        {
          kind: 'executive summary',
          text: renderExecutiveSummary(deriveExecutiveSummary(state, { now }), options),
        },
      ];
    case 'resolve': {
      const data = {
        ...deriveResolutionUpdate(state, { affected: '~30% of login attempts' }),
        title: 'Authentication Issues',
      };
      return [{ kind: 'resolution update', text: renderResolutionUpdate(data, options) }];
    }
    case 'close':
      return [{ kind: 'postmortem', text: renderPostmortem(derivePostmortem(state), options) }];
    default:
      return [];
  }
}

function demo(args: readonly string[], io: CliIO): number {
  if (wantsHelp(args, io, 'demo')) return EXIT.ok;
  const { values, positionals } = parse(args, { format: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`demo takes no arguments, got ${positionals.join(' ')}`);
  const format = readFormat(values.format);
  const created = createIncident(EXAMPLE_DECLARATION);
  if (!created.ok) throw created.error;
  let state = created.state;
  const print = (at: string, what: string, effects: readonly IncidentEffect[], messages: Rendered[]) => {
    if (values.json) {
      io.out(
        JSON.stringify({
          at,
          event: what,
          status: state.status,
          severity: state.severity,
          effects,
          messages,
        }),
      );
      return;
    }
    io.out(
      `${hhmm(at)}  ${what.padEnd(26)} [${state.status}, ${state.severity}]  ${state.timeline.at(-1)?.summary ?? ''}`,
    );
    for (const effect of effects) io.out(`        → ${describeEffect(effect)}`);
    for (const message of messages) {
      io.out(`        ┌ ${message.kind} (${format})`);
      for (const line of message.text.split('\n')) io.out(`        │ ${line}`);
      io.out('        └');
    }
  };
  if (!values.json)
    io.out(
      `incident-kit demo: an example auth-service incident (${EXAMPLE_DECLARATION.id}), times UTC 2024-01-15\n`,
    );
  print(EXAMPLE_DECLARATION.at, 'alert fired', created.effects, []);
  for (const event of EXAMPLE_EVENTS) {
    const step = applyEvent(state, event);
    if (!step.ok) throw step.error;
    state = step.state;
    print(event.at, event.type, step.effects, demoMessages(event, state, format));
  }
  const metrics = getIncidentMetrics(state);
  if (values.json) {
    io.out(JSON.stringify({ metrics }));
  } else {
    io.out(
      `\nacknowledged in ${formatDuration(metrics.timeToAcknowledgeMs ?? 0)}, mitigated in ${formatDuration(metrics.timeToMitigateMs ?? 0)}, resolved in ${formatDuration(metrics.timeToResolveMs ?? 0)}; ` +
        `updates on time ${metrics.updates.internal.onTime + metrics.updates.external.onTime}, late ${metrics.updates.internal.late + metrics.updates.external.late}`,
    );
  }
  return EXIT.ok;
}

function replay(args: readonly string[], io: CliIO): number {
  if (wantsHelp(args, io, 'replay')) return EXIT.ok;
  const { values, positionals } = parse(args, { format: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1)
    throw new UsageError('replay takes one file: incident-kit replay <events.jsonl>');
  const format = readFormat(values.format);
  const file = positionals[0] as string;
  const lines = io.readFile(file).split(/\r?\n/);
  let state: IncidentState | undefined;
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const where = `${file}:${index + 1}`;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      io.err(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      return EXIT.invalidInput;
    }
    const step =
      state === undefined
        ? createIncident(data as IncidentDeclaration)
        : applyEvent(state, data as IncidentEventInput);
    if (!step.ok) {
      io.err(
        `${where}: ${state === undefined ? 'declaration' : 'event'} refused (${step.error.code}): ${step.error.message}`,
      );
      return EXIT.invalidInput;
    }
    state = step.state;
  }
  if (!state) {
    io.err(`${file}: no declaration (the file is empty)`);
    return EXIT.invalidInput;
  }
  const metrics = getIncidentMetrics(state);
  if (values.json) {
    io.out(JSON.stringify({ state, metrics }, null, 2));
    return EXIT.ok;
  }
  io.out(
    `${state.id}: ${state.title} — ${state.status}, ${state.severity}, ${state.timeline.length} timeline entries`,
  );
  for (const entry of state.timeline)
    io.out(`  ${entry.at.slice(0, 16).replace('T', ' ')}  ${entry.summary}`);
  io.out('');
  io.out(
    `time to acknowledge ${show(metrics.timeToAcknowledgeMs)}, to mitigate ${show(metrics.timeToMitigateMs)}, to resolve ${show(metrics.timeToResolveMs)}`,
  );
  for (const [severity, ms] of Object.entries(metrics.timeInSeverityMs)) {
    if (ms > 0) io.out(`time in ${severity}: ${formatDuration(ms)}`);
  }
  io.out('');
  io.out(renderPostmortem(derivePostmortem(state), { format }));
  return EXIT.ok;
}

function show(ms: number | null): string {
  return ms === null ? 'not reached' : formatDuration(ms);
}

function render(args: readonly string[], io: CliIO): number {
  if (wantsHelp(args, io, 'render')) return EXIT.ok;
  const { values, positionals } = parse(args, {
    data: { type: 'string' },
    format: { type: 'string' },
    payload: { type: 'boolean' },
  });
  if (positionals.length !== 1 || typeof values.data !== 'string') {
    throw new UsageError(
      'render needs a message and --data: incident-kit render <message> --data <file.json>',
    );
  }
  const kind = (positionals[0] as string).replace(/-/g, '_');
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`Unknown message "${positionals[0]}": expected one of ${MESSAGE_KINDS.join(', ')}`);
  }
  const format = readFormat(values.format);
  let data: unknown;
  try {
    data = JSON.parse(io.readFile(values.data));
  } catch (error) {
    io.err(`${values.data}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    return EXIT.invalidInput;
  }
  const result = renderBuiltInMessage(kind as BuiltInMessageKind, data, {
    format,
    payload: values.payload === true,
  });
  io.out(typeof result === 'string' ? result : JSON.stringify(result, null, 2));
  return EXIT.ok;
}
