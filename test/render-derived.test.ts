import fc from 'fast-check';
import {
  applyEvent,
  createIncident,
  deriveExecutiveSummary,
  deriveHandoffBrief,
  deriveInternalUpdate,
  derivePostmortem,
  deriveResolutionUpdate,
  deriveStatusPageUpdate,
  deriveTacticalUpdate,
  type IncidentEventInput,
  type IncidentState,
  MESSAGE_FORMATS,
  renderExecutiveSummary,
  renderHandoffBrief,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  renderStatusPageUpdate,
  renderTacticalUpdate,
  validateIncidentState,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { at, T0 } from './fixtures/incident';
import { jane, sam } from './fixtures/seed';
import { propertyRuns } from './support/property-runs';

// Text the lifecycle accepts but that shows nothing, or fights the formats: blank, invisible, control characters,
// markup. Before issue 9 an impact note of " " or a zero-width space, or an external message of spaces, made the
// renderers refuse what the derive functions gave them.
const awkward = fc.oneof(
  fc.constantFrom(
    ' ',
    '   ',
    '\u200b',
    ' \u200b ',
    '\u202e',
    '\u0000',
    '\t',
    '\n\n',
    '<!channel>',
    '*',
    '# x',
    'ok',
  ),
  fc.string({ maxLength: 12 }),
);
/** What the lifecycle's `text` fields accept: anything not blank after trimming white space. */
const text = awkward.filter((value) => value.trim().length > 0);
/** What impact notes and features accept: any non-empty string. */
const nonEmpty = awkward.filter((value) => value.length > 0);

const FORMAT_OPTIONS = [
  ...MESSAGE_FORMATS.map((format) => ({ format })),
  { format: 'slack', payload: true },
  { format: 'teams', payload: true },
] as const;

function renderAll(state: IncidentState): void {
  const now = { now: '2030-01-01T00:00:00Z' };
  const messages: [(data: never, options: never) => unknown, unknown][] = [
    [renderInternalUpdate, deriveInternalUpdate(state, now)],
    [renderTacticalUpdate, deriveTacticalUpdate(state)],
    [renderExecutiveSummary, deriveExecutiveSummary(state, now)],
    [renderStatusPageUpdate, deriveStatusPageUpdate(state, now)],
    [renderPostmortem, derivePostmortem(state)],
  ];
  if (state.resolution) messages.push([renderResolutionUpdate, deriveResolutionUpdate(state)]);
  if (state.roles.some((entry) => entry.role === 'incident_commander' && entry.until === undefined))
    messages.push([renderHandoffBrief, deriveHandoffBrief(state, { to: sam, now: now.now })]);
  for (const [render, data] of messages) {
    // Derived data is not validated again when rendered; a plain copy of it is, and must render the same.
    const copy = structuredClone(data);
    for (const options of FORMAT_OPTIONS)
      expect(render(data as never, options as never)).toEqual(render(copy as never, options as never));
  }
}

describe('derive*', () => {
  it('returns frozen data, checked once: a changed copy is checked again when rendered', () => {
    const created = createIncident({ id: 'INC-1', title: 'Auth down', at: T0, severity: 'SEV2' });
    if (!created.ok) throw created.error;
    const data = deriveInternalUpdate(created.state, { now: at(1) });
    expect(Object.isFrozen(data) && Object.isFrozen(data.impact)).toBe(true);
    expect(() => {
      (data as { title: string }).title = '';
    }).toThrow(TypeError);
    expect(renderInternalUpdate(data, { format: 'text' }).split('\n')[0]).toBe('Incident: Auth down');
    expect(() => renderInternalUpdate({ ...data, title: ' ' })).toThrow(/title/);
  });
});

describe('render*(derive*(state))', () => {
  it('never throws for a state the lifecycle accepted, whatever text it holds', () => {
    fc.assert(
      fc.property(
        fc.record({
          title: text,
          name: text,
          notes: fc.array(nonEmpty, { maxLength: 3 }),
          features: fc.array(nonEmpty, { maxLength: 3 }),
          description: text,
          message: awkward,
          note: text,
          summary: text,
          rootCause: text,
          item: text,
        }),
        (hostile) => {
          const created = createIncident({ id: 'INC-1', title: hostile.title, at: T0, severity: 'SEV2' });
          if (!created.ok) throw created.error;
          const person = { id: 'p1', name: hostile.name };
          const events: IncidentEventInput[] = [
            { type: 'acknowledge', at: at(1), by: person },
            { type: 'assign_role', at: at(1), role: 'incident_commander', person },
            {
              type: 'assess_impact',
              at: at(2),
              impact: {
                usersAffectedPercent: 30,
                degradation: 'partial_outage',
                notes: hostile.notes,
                affectedFeatures: hostile.features,
              },
            },
            { type: 'start_mitigation', at: at(3), kind: 'rollback', description: hostile.description },
            {
              type: 'post_update',
              at: at(4),
              audience: 'external',
              publicStatus: 'identified',
              message: hostile.message,
            },
            { type: 'add_note', at: at(5), text: hostile.note },
            { type: 'mark_mitigated', at: at(6), summary: hostile.summary },
            {
              type: 'resolve',
              at: at(7),
              summary: hostile.summary,
              rootCause: hostile.rootCause,
              fix: hostile.note,
            },
            { type: 'start_postmortem', at: at(8), owner: person },
            {
              type: 'complete_postmortem',
              at: at(9),
              link: 'https://wiki.example.com/pm',
              actionItems: [{ title: hostile.item, owner: jane }],
            },
          ];
          let state = created.state;
          renderAll(state);
          for (const event of events) {
            const step = applyEvent(state, event);
            if (!step.ok) throw step.error;
            state = step.state;
            renderAll(state);
          }
        },
      ),
      { numRuns: propertyRuns(60) },
    );
  });

  it('never throws for a stored state whose text the state schema accepts but shows nothing', () => {
    const created = createIncident({ id: 'INC-1', title: 'Auth down', at: T0, severity: 'SEV2' });
    if (!created.ok) throw created.error;
    for (const title of [' ', '\u200b', '\u0000']) {
      const stored = validateIncidentState({ ...JSON.parse(JSON.stringify(created.state)), title });
      if (!stored.ok) throw stored.error;
      renderAll(stored.value);
      expect(deriveInternalUpdate(stored.value, { now: at(1) }).title).toBe('INC-1');
    }
  });
});
