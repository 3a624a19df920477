// Replay benchmark (issue 3): 100,000 events through the pure step API, through our actor, and through a bare
// XState actor with the same states and no context logic, measured in one run. Run: npm run bench:replay
import {
  createIncidentActor,
  EVENT_TYPES,
  INCIDENT_STATUSES,
  IncidentEventSchema,
  replayIncident,
  TRANSITIONS,
} from 'incident-kit';
import { createActor, createMachine, SimulatedClock } from 'xstate';
import { type BenchResult, incidentWorkload, isMain, measure, printResults } from './workload';

const INCIDENTS = 2_000;
const EVENTS_PER_INCIDENT = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const workload = Array.from({ length: INCIDENTS }, (_, index) =>
  incidentWorkload(index, EVENTS_PER_INCIDENT),
);
const totalEvents = workload.reduce((sum, item) => sum + item.events.length, 0);

// The same states and event names, no guards, no actions, no context.
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

function runPure(): void {
  for (const { declaration, events } of workload) {
    const result = replayIncident(declaration, events);
    if (!result.ok) throw result.error;
  }
}

function runActor(): void {
  const clock = new SimulatedClock();
  for (const { declaration, events } of workload) {
    const actor = createIncidentActor({ declaration }, { clock }).start();
    for (const event of events) {
      const result = actor.send(event);
      if (!result.ok) throw result.error;
    }
    actor.stop();
  }
}

function runBare(): void {
  for (const { events } of workload) {
    const actor = createActor(bareMachine).start();
    for (const event of events) actor.send(event as never);
    if (actor.getSnapshot().value !== 'closed') throw new Error('bare actor did not reach closed');
    actor.stop();
  }
}

// For context: the bare actor plus only the zod validation every incident-kit event goes through.
function runBareValidated(): void {
  for (const { events } of workload) {
    const actor = createActor(bareMachine).start();
    for (const event of events) actor.send(IncidentEventSchema.parse(event) as never);
    actor.stop();
  }
}

const paths = {
  'pure replayIncident': runPure,
  'incident actor': runActor,
  'bare XState actor': runBare,
  'bare actor + zod parse': runBareValidated,
};

/** Runs the replay paths interleaved, `ROUNDS` times after a warm-up, and reports rates and ratios. */
export function benchReplay(): BenchResult {
  const ms: Record<string, number> = measure(paths, ROUNDS);
  const rate = (name: string) => totalEvents / ((ms[name] ?? Number.NaN) / 1000);
  const bare = rate('bare XState actor');
  return {
    title: `replay: ${totalEvents} events (${INCIDENTS} incidents × ${EVENTS_PER_INCIDENT}), median of ${ROUNDS} rounds`,
    ratios: [
      `incident actor / bare XState actor     ${(rate('incident actor') / bare).toFixed(2)}×  (target ≥ 0.50×)`,
      `pure replayIncident / bare XState actor ${(rate('pure replayIncident') / bare).toFixed(2)}×`,
      `bare actor + zod parse / bare actor    ${(rate('bare actor + zod parse') / bare).toFixed(2)}×  (validation alone)`,
    ],
    absolute: Object.keys(paths).map(
      (name) => `${name.padEnd(24)} ${Math.round(rate(name)).toLocaleString('en-US').padStart(10)} events/s`,
    ),
  };
}

if (isMain(import.meta.url)) printResults([benchReplay()]);
