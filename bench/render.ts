// Render benchmark: the internal update in each format through incident-kit and through what a user would write
// instead, on the same data, in shuffled paired rounds. Run: npm run bench:render
//
// Baselines:
//  - raw Handlebars: the same template source and helpers, compiled with the options incident-kit compiles with
//    (noEscape, strict, knownHelpersOnly), given the values already formatted (no validation, no escaping);
//  - a template literal: the same text built by hand (for scale; no target).
// incident-kit renders twice: data a caller wrote (validated and escaped on every render) and a view model that
// deriveInternalUpdate made (validated when it was derived).
import Handlebars from 'handlebars';
import {
  applyEvent,
  createIncident,
  deriveInternalUpdate,
  type IncidentEventInput,
  MESSAGE_FORMATS,
  type MessageFormat,
  type MessageInputs,
  renderInternalUpdate,
} from 'incident-kit';
import { BUILT_IN_TEMPLATES } from 'incident-kit/templates';
import {
  type BenchResult,
  type Figure,
  isMain,
  median,
  pairedRatio,
  perSecond,
  printResults,
  rounds,
} from './harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const RENDERS = 20_000;

const jane = { id: 'jane', name: 'Jane Smith', handle: '@jane-smith', slackUserId: 'U024BE7LH' };
const data: MessageInputs['internal_update'] = {
  title: 'Auth Service Degraded',
  severity: 'SEV2',
  status: 'Investigating',
  commander: jane,
  impact: ['Login failures for ~30% of users', 'API returning 503 errors'],
  actions: ['Investigating database connection pool exhaustion', 'DBA scaling up connection limits'],
  nextUpdateInMinutes: 15,
};

/** The same incident as `data`, as a state, for the derived view model. */
function derived(): MessageInputs['internal_update'] {
  const created = createIncident({
    id: 'INC-1',
    title: data.title,
    at: '2024-01-15T14:20:00Z',
    severity: 'SEV2',
  });
  if (!created.ok) throw created.error;
  let state = created.state;
  const events: IncidentEventInput[] = [
    { type: 'acknowledge', at: '2024-01-15T14:22:00Z', by: jane },
    { type: 'assign_role', at: '2024-01-15T14:23:00Z', role: 'incident_commander', person: jane },
    {
      type: 'assess_impact',
      at: '2024-01-15T14:24:00Z',
      impact: {
        usersAffectedPercent: 30,
        degradation: 'partial_outage',
        coreFeatureAffected: true,
        notes: [...(data.impact ?? [])],
      },
    },
    {
      type: 'start_mitigation',
      at: '2024-01-15T14:25:00Z',
      kind: 'scale_up',
      description: 'DBA scaling up connection limits',
    },
  ];
  for (const event of events) {
    const step = applyEvent(state, event);
    if (!step.ok) throw step.error;
    state = step.state;
  }
  return deriveInternalUpdate(state, { now: '2024-01-15T14:30:00Z' });
}

// What incident-kit compiles with (src/comms/renderer.ts), and the same helpers.
const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { b: true, h1: true, h2: true, bullet: true, ifFormat: true },
};

function rawTemplate(format: MessageFormat) {
  const env = Handlebars.create();
  const wrap = (before: string, after = before) =>
    function (this: unknown, options: Handlebars.HelperOptions) {
      return `${before}${options.fn(this)}${after}`;
    };
  const bold = format === 'slack' ? wrap('*') : format === 'text' ? wrap('') : wrap('**');
  env.registerHelper({
    b: bold,
    h2: format === 'markdown' ? wrap('## ', '') : bold,
    h1: format === 'markdown' ? wrap('# ', '') : bold,
    bullet: () => (format === 'slack' ? '• ' : '- '),
    ifFormat(this: unknown, wanted: unknown, options: Handlebars.HelperOptions) {
      return wanted === format ? options.fn(this) : options.inverse(this);
    },
  });
  return env.compile(BUILT_IN_TEMPLATES.internal_update, COMPILE_OPTIONS);
}

const rawValues = { ...data, commander: '@jane-smith', nextUpdate: '15 minutes' };

function literal(format: MessageFormat): (values: typeof rawValues) => string {
  const b = (text: string) => (format === 'slack' ? `*${text}*` : format === 'text' ? text : `**${text}**`);
  const bullet = format === 'slack' ? '• ' : '- ';
  const list = (items: readonly string[] | undefined, none: string) =>
    (items?.length ? items : [none]).map((item) => `${bullet}${item}\n`).join('');
  return (v) =>
    `${format === 'markdown' ? `## Incident: ${v.title}` : b(`Incident: ${v.title}`)}\n${b('Severity:')} ${v.severity}\n${b('Status:')} ${v.status}\n${b('IC:')} ${v.commander}\n${b('Impact:')}\n${list(v.impact, 'Not yet assessed')}${b('Current Actions:')}\n${list(v.actions, 'None yet')}${b('Next Update:')} ${v.nextUpdate}`;
}

/** Renders the internal update in each format through incident-kit and its baselines. */
export function benchRender(): BenchResult {
  const figures: Figure[] = [];
  const absolute: string[] = [];
  const view = derived();
  for (const format of MESSAGE_FORMATS) {
    const raw = rawTemplate(format);
    const byHand = literal(format);
    const repeat = (body: () => unknown) => () => {
      for (let i = 0; i < RENDERS; i++) body();
    };
    const ms = rounds(
      {
        ours: repeat(() => renderInternalUpdate(data, { format })),
        oursDerived: repeat(() => renderInternalUpdate(view, { format })),
        handlebars: repeat(() => raw(rawValues)),
        literal: repeat(() => byHand(rawValues)),
      },
      { rounds: ROUNDS },
    );
    figures.push(
      {
        key: `render.${format}/handlebars`,
        label: `render ${format}, caller's data / raw Handlebars (same options)`,
        value: pairedRatio(ms.ours, ms.handlebars),
        unit: '×',
        target: { op: '>=', value: 1 },
      },
      {
        key: `render.${format}.derived/handlebars`,
        label: `render ${format}, derived view model / raw Handlebars (same options)`,
        value: pairedRatio(ms.oursDerived, ms.handlebars),
        unit: '×',
        target: { op: '>=', value: 1 },
      },
      {
        key: `render.${format}/literal`,
        label: `render ${format}, caller's data / template literal`,
        value: pairedRatio(ms.ours, ms.literal),
        unit: '×',
      },
    );
    absolute.push(
      `${format.padEnd(9)} incident-kit ${perSecond(RENDERS, median(ms.ours))} renders/s (derived ${perSecond(RENDERS, median(ms.oursDerived)).trim()}), raw Handlebars ${perSecond(RENDERS, median(ms.handlebars)).trim()}, template literal ${perSecond(RENDERS, median(ms.literal)).trim()}`,
    );
  }
  return {
    title: `render: internal update, ${RENDERS.toLocaleString('en-US')} renders a round, ${ROUNDS} shuffled rounds, median`,
    figures,
    absolute,
  };
}

if (isMain(import.meta.url)) printResults([benchRender()]);
