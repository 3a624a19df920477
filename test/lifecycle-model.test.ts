import fc from 'fast-check';
import {
  applyEvent,
  classifySeverity,
  compareSeverity,
  createIncidentActor,
  EVENT_TYPES,
  getPendingDeadlines,
  INCIDENT_STATUSES,
  type IncidentActor,
  type IncidentEmitted,
  type IncidentEventInput,
  type IncidentEventType,
  type IncidentState,
  restoreIncident,
  SEVERITIES,
  type Severity,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { checkIncidentInvariants } from '../src/lifecycle/invariants';
import { sampleEvent } from './arbitraries/events';
import { impactArb } from './arbitraries/impact';
import { personArb, roleArb } from './arbitraries/roles';
import { declare, expectReminderInForce, T0 } from './fixtures/incident';
import { propertyRuns } from './support/property-runs';

/**
 * A deliberately small model of the lifecycle: the status moves, which statuses accept the "anytime" events, and
 * the few guards whose outcome it can predict. Everything else is checked for agreement between the pure step API
 * and the actor, and against the incident invariants, after every command.
 */
interface Model {
  status: string;
  severity: Severity;
  lastAt: number;
  /** Ids applied so far, with what the event said (`at` and `id` aside). */
  ids: Map<string, string>;
  /** Whether a page is live, as a host would know it: from the page and stop_paging effects alone. */
  pager: boolean;
  postmortemRequired: boolean;
  postmortemDone: boolean;
  reopenFrom: number | null;
}

const MOVES: Record<string, Record<string, string>> = {
  detected: { acknowledge: 'acknowledged', resolve: 'resolved' },
  // The skips people make in chat: severity and impact start triage, mitigating implies it, resolve from anywhere.
  acknowledged: {
    acknowledge: 'acknowledged',
    start_triage: 'triaging',
    assess_impact: 'triaging',
    set_severity: 'triaging',
    start_mitigation: 'mitigating',
    mark_mitigated: 'monitoring',
    resolve: 'resolved',
  },
  triaging: {
    acknowledge: 'triaging',
    start_mitigation: 'mitigating',
    mark_mitigated: 'monitoring',
    resolve: 'resolved',
  },
  mitigating: {
    acknowledge: 'mitigating',
    start_mitigation: 'mitigating',
    record_mitigation_outcome: 'mitigating',
    mark_mitigated: 'monitoring',
    resolve: 'resolved',
  },
  monitoring: {
    acknowledge: 'monitoring',
    start_mitigation: 'mitigating',
    record_mitigation_outcome: 'monitoring',
    resolve: 'resolved',
    reopen: 'mitigating',
  },
  resolved: { reopen: 'mitigating', start_postmortem: 'postmortem', close: 'closed' },
  postmortem: { complete_postmortem: 'postmortem', close: 'closed' },
  closed: {},
  cancelled: {},
};
const WORKED = ['detected', 'acknowledged', 'triaging', 'mitigating', 'monitoring'];
const ANYTIME_WHILE_WORKED = [
  'escalate',
  'assess_impact',
  'set_severity',
  'assign_role',
  'release_role',
  'hand_off_role',
];
const ANYTIME_UNTIL_OVER = ['post_update', 'add_note', 'tick'];
const MAJOR = (severity: Severity) => compareSeverity(severity, 'SEV2') >= 0;

/** Where the model says an event leads: a status, `null` (accepted, status stays) or `undefined` (refused). */
function allowed(model: Model, type: IncidentEventType): string | null | undefined {
  const moves = MOVES[model.status] ?? {};
  if (type in moves) return moves[type];
  if (WORKED.includes(model.status)) {
    if (ANYTIME_WHILE_WORKED.includes(type)) return null;
    if (type === 'cancel' || type === 'merge') return 'cancelled';
  }
  if (model.status !== 'closed' && model.status !== 'cancelled' && ANYTIME_UNTIL_OVER.includes(type))
    return null;
  return undefined;
}

interface Real {
  state: IncidentState;
  actor: IncidentActor;
  clock: SimulatedClock;
  emitted: IncidentEmitted[];
}

function startActor(
  real: Pick<Real, 'clock' | 'emitted'>,
  source: Parameters<typeof createIncidentActor>[0],
) {
  const actor = createIncidentActor(source, { clock: real.clock });
  actor.on('*', (item) => real.emitted.push(item));
  return actor.start();
}

/** Variations a command can apply to its sample event, so guards are reached. */
interface Tweak {
  readonly minutes: number;
  readonly id: string | undefined;
  readonly severity: Severity;
  readonly withReason: boolean;
  readonly selfMerge: boolean;
  readonly unknownMitigation: boolean;
  readonly impact: Parameters<typeof classifySeverity>[0];
  readonly role: string;
  readonly person: { id: string; name: string };
  readonly resolveKind: 'fixed' | 'self_healed' | 'resolved_at_source';
}

/** What an event says, for idempotency: everything but `at` and `id`. */
function content(event: IncidentEventInput): string {
  const { at: _at, id: _id, ...rest } = event as IncidentEventInput & { id?: string };
  return JSON.stringify(rest);
}

class EventCommand implements fc.Command<Model, Real> {
  /**
   * @param choice - an event type, or `{ advance: n }` to take the n-th (mod count) lifecycle move the model allows
   *   now, so that runs get through the whole lifecycle instead of mostly knocking on closed doors
   */
  constructor(
    readonly choice: IncidentEventType | { readonly advance: number },
    readonly tweak: Tweak,
  ) {}

  private type: IncidentEventType = 'tick';

  check(): boolean {
    return true;
  }

  private build(state: IncidentState): IncidentEventInput {
    const base = sampleEvent(this.type, state, this.tweak.minutes) as Record<string, unknown>;
    const event: Record<string, unknown> = { ...base, ...(this.tweak.id ? { id: this.tweak.id } : {}) };
    if (this.type === 'set_severity') {
      event.severity = this.tweak.severity;
      if (!this.tweak.withReason) delete event.reason;
    }
    if (this.type === 'assess_impact') event.impact = this.tweak.impact;
    if (this.type === 'merge' && this.tweak.selfMerge) event.into = state.id;
    if (this.type === 'record_mitigation_outcome' && this.tweak.unknownMitigation)
      event.mitigationId = 'm-none';
    if (this.type === 'assign_role')
      Object.assign(event, { role: this.tweak.role, person: this.tweak.person });
    if (this.type === 'hand_off_role') Object.assign(event, { role: this.tweak.role, to: this.tweak.person });
    if (this.type === 'release_role')
      Object.assign(event, { role: this.tweak.role, personId: this.tweak.person.id });
    if (this.type === 'resolve' && this.tweak.resolveKind !== 'fixed') {
      event.kind = this.tweak.resolveKind;
      delete event.summary;
    }
    return event as IncidentEventInput;
  }

  /** `true`/`false` when the model knows whether the event must be accepted; `undefined` when it cannot tell. */
  private predict(model: Model, event: IncidentEventInput): boolean | undefined {
    const at = Date.parse(event.at);
    // Ids are idempotency keys: the same content again is a duplicate, other content a conflict.
    if (event.id !== undefined && model.ids.has(event.id)) return model.ids.get(event.id) === content(event);
    if (allowed(model, this.type) === undefined) return false;
    if (at < model.lastAt) return false;
    switch (this.type) {
      case 'set_severity':
        return compareSeverity(this.tweak.severity, model.severity) >= 0 || this.tweak.withReason;
      case 'merge':
        return !this.tweak.selfMerge;
      case 'record_mitigation_outcome':
        return this.tweak.unknownMitigation ? false : undefined;
      case 'close':
        return !model.postmortemRequired || model.postmortemDone;
      case 'reopen':
        return model.reopenFrom === null ? undefined : at - model.reopenFrom <= 24 * 60 * 60_000;
      case 'assign_role':
      case 'release_role':
      case 'hand_off_role':
        return undefined;
      default:
        return true;
    }
  }

  run(model: Model, real: Real): void {
    if (typeof this.choice === 'string') this.type = this.choice;
    else {
      const moves = Object.keys(MOVES[model.status] ?? {}) as IncidentEventType[];
      this.type =
        moves.length === 0 ? 'add_note' : (moves[this.choice.advance % moves.length] as IncidentEventType);
    }
    this.apply(model, real, this.build(real.state));
  }

  /** Runs the command with its event at a given time (for TickDueCommand). */
  runAt(model: Model, real: Real, at: string): void {
    if (typeof this.choice === 'string') this.type = this.choice;
    this.apply(model, real, { ...this.build(real.state), at });
  }

  /**
   * Checks the step API against the model for this command's event, keeping nothing: a pair the model refuses is
   * refused as not allowed, one it accepts is accepted where the model can tell, and its state is sound.
   */
  probe(model: Model, real: Real): void {
    if (typeof this.choice === 'string') this.type = this.choice;
    tried.add(`${model.status} ${this.type}`);
    const event = this.build(real.state);
    const predicted = this.predict(model, event);
    const result = applyEvent(real.state, event);
    if (predicted !== undefined) expect(result.ok, `probe ${model.status} ${this.type}`).toBe(predicted);
    if (result.ok) expect(checkIncidentInvariants(result.state)).toEqual([]);
    else if (allowed(model, this.type) === undefined)
      expect(result.error.code).toBe('transition_not_allowed');
  }

  private apply(model: Model, real: Real, event: IncidentEventInput): void {
    tried.add(`${model.status} ${this.type}`);
    const predicted = this.predict(model, event);
    real.emitted.length = 0;
    const pure = applyEvent(real.state, event);
    const viaActor = real.actor.send(event);

    // The step API and the actor agree: same outcome, same state, same effects.
    expect(viaActor).toEqual(pure);
    if (predicted !== undefined) expect(pure.ok, `${this.type} ${JSON.stringify(event)}`).toBe(predicted);
    if (!pure.ok) {
      // A refused event, an id conflict included, changes nothing.
      if (event.id !== undefined && model.ids.has(event.id))
        expect(pure.error.code).toBe('event_id_conflict');
      expect(real.actor.getState()).toEqual(real.state);
      expect(real.emitted).toEqual([{ type: 'rejected', error: pure.error, event }]);
      return;
    }
    checkEffects(model, real.state, event, pure);
    expect(real.actor.getState()).toEqual(pure.state);
    expect(real.emitted).toEqual(pure.duplicate ? [{ type: 'duplicate', eventId: event.id }] : pure.effects);

    const before = real.state;
    const next = pure.state;
    expect(checkIncidentInvariants(next)).toEqual([]);
    if (pure.duplicate || next === before) {
      expect(next).toBe(before);
    } else {
      // Every accepted event is on the timeline, in order, with when and who.
      expect(next.timeline).toHaveLength(before.timeline.length + 1);
      expect(next.timeline.slice(0, -1)).toEqual(before.timeline);
      expect(next.timeline.at(-1)).toMatchObject({ type: this.type, at: new Date(event.at).toISOString() });
      expect(next.severityHistory.slice(0, before.severityHistory.length)).toEqual(before.severityHistory);
      const target = allowed(model, this.type);
      expect(next.status).toBe(target ?? model.status);
      // Update the model.
      model.status = next.status;
      model.lastAt = Date.parse(event.at);
      if (event.id !== undefined) model.ids.set(event.id, content(event));
      if (this.type === 'set_severity') model.severity = this.tweak.severity;
      if (this.type === 'assess_impact') model.severity = classifySeverity(this.tweak.impact).severity;
      if (this.type === 'resolve') {
        model.postmortemRequired = MAJOR(model.severity);
        model.reopenFrom = model.lastAt;
      }
      if (this.type === 'mark_mitigated') model.reopenFrom = model.lastAt;
      if (this.type === 'reopen') model.reopenFrom = null;
      if (this.type === 'complete_postmortem') model.postmortemDone = true;
    }
    expect(next.severity).toBe(model.severity);
    real.state = next;
    probeUntried(model, real);
  }

  toString(): string {
    return `${JSON.stringify(this.choice)}(${JSON.stringify(this.tweak)})`;
  }
}

/** Every (status, event type) pair tried so far in any run, by a command or a probe. */
const tried = new Set<string>();

/**
 * Tries, on the step API alone, every event type not yet tried in the model's current status, so that the runs
 * exercise every (status, event) pair of the table, refused ones included, and not only those random commands hit.
 */
function probeUntried(model: Model, real: Real): void {
  for (const type of EVENT_TYPES) {
    if (!tried.has(`${model.status} ${type}`)) new EventCommand(type, NO_TWEAK).probe(model, real);
  }
}

/**
 * What the effects of an accepted step must say: the pager (tracked from page and stop_paging alone) matches the
 * state, and is off once the incident is over; reminders are for the deadline in force, overdue, and within the cap.
 */
function checkEffects(
  model: Model,
  before: IncidentState,
  event: IncidentEventInput,
  result: Extract<ReturnType<typeof applyEvent>, { ok: true }>,
): void {
  for (const effect of result.effects) {
    if (effect.type === 'page') model.pager = true;
    if (effect.type === 'stop_paging') {
      expect(model.pager, 'stop_paging without a live page').toBe(true);
      model.pager = false;
    }
    if (effect.type === 'remind_update') expectReminderInForce(before, event.at, effect);
  }
  expect(model.pager).toBe(result.state.escalation.paging);
  if (['resolved', 'postmortem', 'closed', 'cancelled'].includes(result.state.status)) {
    expect(model.pager, `paging after ${event.type}`).toBe(false);
  }
}

/** Lets time pass to the next pending deadline and ticks there, so escalations and repeated reminders happen. */
class TickDueCommand implements fc.Command<Model, Real> {
  constructor(readonly late: number) {}

  check(): boolean {
    return true;
  }

  run(model: Model, real: Real): void {
    const next = getPendingDeadlines(real.state)[0];
    if (!next) return;
    const at = new Date(Math.max(Date.parse(next.tickAt), model.lastAt) + this.late * 60_000).toISOString();
    new EventCommand('tick', { ...NO_TWEAK, minutes: 0 }).runAt(model, real, at);
  }

  toString(): string {
    return `tickDue(+${this.late})`;
  }
}

/** Persists the incident, restores it, and carries on with a new actor restored from the envelope. */
class PersistAndRestoreCommand implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }

  run(_model: Model, real: Real): void {
    const text = JSON.stringify(real.actor.serialize());
    expect(restoreIncident(text)).toEqual({ ok: true, value: real.state });
    real.actor.stop();
    real.actor = startActor(real, { envelope: text });
    expect(real.actor.getState()).toEqual(real.state);
  }

  toString(): string {
    return 'persistAndRestore';
  }
}

const NO_TWEAK: Tweak = {
  minutes: 1,
  id: undefined,
  severity: 'SEV3',
  withReason: true,
  selfMerge: false,
  unknownMitigation: false,
  impact: { usersAffectedPercent: 5, degradation: 'degraded' },
  role: 'scribe',
  person: { id: 'ola', name: 'Ola Nordmann' },
  resolveKind: 'fixed',
};

const tweakArb: fc.Arbitrary<Tweak> = fc.record({
  minutes: fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0, max: 20 }) },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: -1 }) },
    { weight: 1, arbitrary: fc.constant(1500) },
  ),
  id: fc.option(fc.constantFrom('e1', 'e2', 'e3'), { freq: 4, nil: undefined }),
  severity: fc.constantFrom(...SEVERITIES),
  withReason: fc.boolean(),
  selfMerge: fc.boolean(),
  unknownMitigation: fc.boolean(),
  impact: impactArb,
  role: roleArb,
  person: personArb,
  resolveKind: fc.constantFrom('fixed', 'fixed', 'self_healed', 'resolved_at_source'),
});

// Lifecycle moves are weighted up so that sequences get past triage often.
const LIFECYCLE: IncidentEventType[] = [
  'acknowledge',
  'start_triage',
  'start_mitigation',
  'mark_mitigated',
  'resolve',
  'start_postmortem',
  'complete_postmortem',
  'close',
];
// cancel and merge end a run, so they come rarely; the rest of the events are mixed in between the moves.
const typeArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...LIFECYCLE) },
  {
    weight: 6,
    arbitrary: fc.constantFrom(...EVENT_TYPES.filter((type) => type !== 'cancel' && type !== 'merge')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...EVENT_TYPES) },
);

const commandsArb = fc.commands(
  [
    fc.tuple(typeArb, tweakArb).map(([type, tweak]) => new EventCommand(type, tweak)),
    fc.tuple(fc.nat({ max: 3 }), tweakArb).map(([advance, tweak]) => new EventCommand({ advance }, tweak)),
    fc.constant(new PersistAndRestoreCommand()),
    fc.nat({ max: 3 }).map((late) => new TickDueCommand(late)),
  ],
  { maxCommands: 40, size: 'max' },
);

const stats: string[] = [];
const reached = new Set<string>();

describe('the lifecycle against a small model', () => {
  it('keeps step API and actor in agreement and every invariant, over random event sequences', () => {
    fc.assert(
      fc.property(
        commandsArb,
        fc.constantFrom<Severity>('SEV1', 'SEV2', 'SEV3', 'SEV4'),
        (commands, severity) => {
          const state = declare({ id: 'INC-M', title: 'Model run', at: T0, severity });
          const clock = new SimulatedClock();
          clock.set(Date.parse(T0));
          const real: Real = { state, clock, emitted: [], actor: undefined as never };
          real.actor = startActor(real, { state });
          const model: Model = {
            status: 'detected',
            severity,
            lastAt: Date.parse(T0),
            ids: new Map(),
            pager: severity !== 'SEV5',
            postmortemRequired: false,
            postmortemDone: false,
            reopenFrom: null,
          };
          fc.modelRun(() => ({ model, real }), commands);
          reached.add(real.state.status);
          if (process.env.MODEL_STATS) stats.push(real.state.status);
          real.actor.stop();
        },
      ),
      { numRuns: propertyRuns(1000) },
    );
    if (process.env.MODEL_STATS) {
      const counts: Record<string, number> = {};
      for (const status of stats) counts[status] = (counts[status] ?? 0) + 1;
      console.log(counts);
    }
    // The runs must get through the whole lifecycle, or the guards at its end go untested.
    expect([...reached].sort()).toEqual([...INCIDENT_STATUSES].sort());
    // Every (status, event type) pair of the transition table was tried against the model, accepted or refused.
    expect(tried.size).toBe(INCIDENT_STATUSES.length * EVENT_TYPES.length);
  }, 300_000);
});
