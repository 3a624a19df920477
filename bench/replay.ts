// Replay and actor benchmarks: the same event logs through incident-kit and through what a user would write instead,
// timed in shuffled paired rounds in one process. Run: npm run bench:replay
//
// Two forms of the same log: a host's own log (events as IncidentEventSchema gives them: UTC timestamps with
// milliseconds; checked field by field without zod) and events as a bot sends them (timestamps without
// milliseconds, which the same check normalises with the schema's own function; the event types the check leaves
// to the schema go through zod in both forms).
//
// Baselines, all on the same events:
//  - bare XState actor: a machine with our states and transitions, no guards, no actions, no context;
//  - bare actor + zod parse: the same, validating each event with IncidentEventSchema first (the peer of our actor);
//  - XState transition(): the same machine through XState's pure transition function;
//  - hand-written reducer: a status table and an immutable timeline, the least a host would write by hand;
//  - bare actor + idempotency by hand: for the logs with event ids, the bare actor with what a host writes to get
//    the guarantee replayIncident gives for ids (a redelivery is skipped, an id reused for other content refused):
//    a Map from id to the event's JSON text without `id` and `at`. The bare actor alone ignores ids; both ratios are
//    printed.
import {
  createIncidentActor,
  EVENT_TYPES,
  INCIDENT_STATUSES,
  type IncidentEventInput,
  IncidentEventSchema,
  replayIncident,
  TRANSITIONS,
} from 'incident-kit';
import { createActor, createMachine, initialTransition, SimulatedClock, transition } from 'xstate';
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
import { incidentWorkload } from './workload';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const INCIDENTS = 2_000;
const EVENTS_PER_INCIDENT = 50;

type Workload = ReturnType<typeof incidentWorkload>[];

/** The same events as a bot sends them: timestamps to the second, which the schema normalises. */
const asReceived = (workload: Workload): Workload =>
  workload.map(({ declaration, events }) => ({
    declaration,
    events: events.map((event) => ({ ...event, at: event.at.replace(/\.\d{3}Z$/, 'Z') })),
  }));

const withIds = (workload: Workload): Workload =>
  workload.map(({ declaration, events }) => ({
    declaration,
    events: events.map((event, index) => ({ ...event, id: `${declaration.id}-${index}` })),
  }));

/** The same states and event names as the lifecycle, no guards, no actions, no context. */
const bareMachine = createMachine({
  id: 'bare-incident',
  initial: 'detected',
  states: Object.fromEntries(
    INCIDENT_STATUSES.map((status) => [
      status,
      {
        on: Object.fromEntries(
          EVENT_TYPES.filter((type) => type in TRANSITIONS[status]).map((type) => {
            const target = TRANSITIONS[status][type];
            return [type, target ? { target } : {}];
          }),
        ),
      },
    ]),
  ),
});

interface ReducerState {
  readonly status: string;
  readonly lastEventAt: string;
  readonly timeline: readonly { readonly seq: number; readonly at: string; readonly type: string }[];
}

/** What a host would write by hand: the transition table, chronology, and an immutable timeline. */
function reduce(state: ReducerState, event: IncidentEventInput): ReducerState {
  const targets = TRANSITIONS[state.status as keyof typeof TRANSITIONS] as Record<string, string | null>;
  if (!(event.type in targets) || event.at < state.lastEventAt) return state;
  return {
    status: targets[event.type] ?? state.status,
    lastEventAt: event.at,
    timeline: [...state.timeline, { seq: state.timeline.length + 1, at: event.at, type: event.type }],
  };
}

function replayAll(workload: Workload) {
  return () => {
    for (const { declaration, events } of workload) {
      const result = replayIncident(declaration, events);
      if (!result.ok) throw result.error;
    }
  };
}

function bareActor(workload: Workload, validate: boolean) {
  return () => {
    for (const { events } of workload) {
      const actor = createActor(bareMachine).start();
      for (const event of events) actor.send((validate ? IncidentEventSchema.parse(event) : event) as never);
      if (actor.getSnapshot().value !== 'closed') throw new Error('bare actor did not reach closed');
      actor.stop();
    }
  };
}

/** The bare actor, skipping redeliveries and refusing an id reused for other content, as a host would by hand. */
function bareIdempotent(workload: Workload) {
  return () => {
    for (const { events } of workload) {
      const actor = createActor(bareMachine).start();
      const seen = new Map<string, string>();
      for (const event of events) {
        const { id, at: _at, ...content } = event as IncidentEventInput & { id?: string };
        if (id !== undefined) {
          const text = JSON.stringify(content);
          const before = seen.get(id);
          if (before !== undefined) {
            if (before !== text) throw new Error(`event id ${id} reused for other content`);
            continue;
          }
          seen.set(id, text);
        }
        actor.send(event as never);
      }
      if (actor.getSnapshot().value !== 'closed') throw new Error('bare actor did not reach closed');
      actor.stop();
    }
  };
}

function pureTransition(workload: Workload) {
  return () => {
    for (const { events } of workload) {
      let [snapshot] = initialTransition(bareMachine);
      for (const event of events) [snapshot] = transition(bareMachine, snapshot, event as never);
      if (snapshot.value !== 'closed') throw new Error('transition() did not reach closed');
    }
  };
}

function reducer(workload: Workload) {
  return () => {
    for (const { declaration, events } of workload) {
      let state: ReducerState = {
        status: 'detected',
        lastEventAt: declaration.at,
        timeline: [{ seq: 1, at: declaration.at, type: 'declared' }],
      };
      for (const event of events) state = reduce(state, event);
      if (state.status !== 'closed') throw new Error('reducer did not reach closed');
    }
  };
}

function incidentActor(workload: Workload) {
  return () => {
    const clock = new SimulatedClock();
    for (const { declaration, events } of workload) {
      clock.set(Date.parse(declaration.at));
      const actor = createIncidentActor({ declaration }, { clock }).start();
      for (const event of events) {
        const result = actor.send(event);
        if (!result.ok) throw result.error;
      }
      actor.stop();
    }
  };
}

/** Replay and actor against their baselines on 2,000 incidents of 50 events, without and with event ids. */
export function benchReplay(): BenchResult {
  const plain = Array.from({ length: INCIDENTS }, (_, index) => incidentWorkload(index, EVENTS_PER_INCIDENT));
  const received = asReceived(plain);
  const ided = withIds(plain);
  const receivedIds = withIds(received);
  const total = INCIDENTS * EVENTS_PER_INCIDENT;
  const ms = rounds(
    {
      received: replayAll(received),
      own: replayAll(plain),
      receivedIds: replayAll(receivedIds),
      ownIds: replayAll(ided),
      actor: incidentActor(received),
      bare: bareActor(plain, false),
      bareIds: bareActor(ided, false),
      bareIdempotent: bareIdempotent(ided),
      bareZod: bareActor(received, true),
      transition: pureTransition(plain),
      reducer: reducer(plain),
    },
    { rounds: ROUNDS },
  );
  /** Our time against a baseline's, round by round, with the target when the issue sets one. */
  const ratio = (
    key: string,
    label: string,
    ours: number[],
    baseline: number[],
    target?: number,
  ): Figure => ({
    key,
    label,
    value: pairedRatio(ours, baseline),
    unit: '×',
    ...(target === undefined ? {} : { target: { op: '>=' as const, value: target } }),
  });
  const figures: Figure[] = [
    ratio(
      'replay.received/bare',
      'replay, as received (to the second) / bare actor',
      ms.received,
      ms.bare,
      0.5,
    ),
    ratio('replay.own/bare', "replay, a host's own log (no zod) / bare actor", ms.own, ms.bare, 0.8),
    ratio(
      'replay.received-ids/idempotent',
      'replay, as received, ids / bare actor + idempotency by hand',
      ms.receivedIds,
      ms.bareIdempotent,
      0.5,
    ),
    ratio(
      'replay.own-ids/idempotent',
      'replay, own log, ids / bare actor + idempotency by hand',
      ms.ownIds,
      ms.bareIdempotent,
      0.8,
    ),
    ratio(
      'replay.received-ids/bare',
      'replay, as received, ids / bare actor (ignores ids)',
      ms.receivedIds,
      ms.bareIds,
    ),
    ratio('replay.own-ids/bare', 'replay, own log, ids / bare actor (ignores ids)', ms.ownIds, ms.bareIds),
    ratio(
      'actor/bare+zod',
      'createIncidentActor / bare actor + zod parse (as received)',
      ms.actor,
      ms.bareZod,
      0.8,
    ),
    ratio(
      'replay.received/transition',
      'replay, as received / XState transition()',
      ms.received,
      ms.transition,
    ),
    ratio('replay.received/reducer', 'replay, as received / hand-written reducer', ms.received, ms.reducer),
  ];
  const names: Record<keyof typeof ms, string> = {
    received: 'replayIncident, as received',
    own: "replayIncident, a host's own log",
    receivedIds: 'replayIncident, as received, ids',
    ownIds: 'replayIncident, own log, ids',
    actor: 'createIncidentActor',
    bare: 'bare XState actor',
    bareIds: 'bare XState actor, ids',
    bareIdempotent: 'bare actor + idempotency by hand',
    bareZod: 'bare XState actor + zod parse',
    transition: 'XState transition()',
    reducer: 'hand-written reducer',
  };
  return {
    title: `replay: ${total.toLocaleString('en-US')} events (${INCIDENTS} incidents × ${EVENTS_PER_INCIDENT}), ${ROUNDS} shuffled rounds, median`,
    figures,
    absolute: (Object.keys(names) as (keyof typeof ms)[]).map(
      (name) => `${names[name].padEnd(34)} ${perSecond(total, median(ms[name]))} events/s`,
    ),
  };
}

const LONG = 10_000;
const SHORT = 100;

/** Per-event cost of replaying one 10,000-event incident against 100 incidents of 100 events (the same count). */
export function benchLongReplay(): BenchResult {
  const short = Array.from({ length: LONG / SHORT }, (_, index) => incidentWorkload(index, SHORT));
  const long = [incidentWorkload(0, LONG)];
  const ms = rounds(
    {
      short: replayAll(short),
      long: replayAll(long),
      shortIds: replayAll(withIds(short)),
      longIds: replayAll(withIds(long)),
      shortReceived: replayAll(asReceived(short)),
      longReceived: replayAll(asReceived(long)),
    },
    { rounds: ROUNDS },
  );
  // Both sides replay LONG events a round, so the time ratio is the per-event cost ratio.
  const cost = (ours: number[], baseline: number[]) => 1 / pairedRatio(ours, baseline);
  return {
    title: `long incidents: ${LONG.toLocaleString('en-US')} events as one incident and as ${LONG / SHORT} incidents of ${SHORT}, ${ROUNDS} shuffled rounds, median`,
    figures: [
      {
        key: 'long.cost',
        label: 'per-event cost, 10,000-event / 100-event incidents',
        value: cost(ms.long, ms.short),
        unit: '×',
        target: { op: '<=', value: 1.5 },
      },
      {
        key: 'long.cost-ids',
        label: 'per-event cost, 10,000-event / 100-event incidents, event ids',
        value: cost(ms.longIds, ms.shortIds),
        unit: '×',
        target: { op: '<=', value: 1.5 },
      },
      {
        key: 'long.cost-received',
        label: 'per-event cost, 10,000-event / 100-event incidents, as received',
        value: cost(ms.longReceived, ms.shortReceived),
        unit: '×',
        target: { op: '<=', value: 1.5 },
      },
    ],
    absolute: [
      `100 × 100 events        ${perSecond(LONG, median(ms.short))} events/s; with ids ${perSecond(LONG, median(ms.shortIds))}; as received ${perSecond(LONG, median(ms.shortReceived))}`,
      `1 × 10,000 events       ${perSecond(LONG, median(ms.long))} events/s; with ids ${perSecond(LONG, median(ms.longIds))}; as received ${perSecond(LONG, median(ms.longReceived))}`,
    ],
  };
}

if (isMain(import.meta.url)) printResults([benchReplay(), benchLongReplay()]);
