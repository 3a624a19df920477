// Domain benchmarks: severity classification with the default rules against rules equal to them (as a restored
// incident carries them), and summaries over 100,000 and 1,000,000 incidents. Run: npx tsx bench/domain.ts
import {
  applyEvent,
  classifySeverity,
  createIncident,
  DEGRADATIONS,
  type IncidentState,
  restoreIncident,
  type SeverityRules,
  serializeIncident,
  summarizeIncidents,
} from 'incident-kit';
import {
  type BenchResult,
  isMain,
  median,
  pairedRatio,
  perSecond,
  printResults,
  random,
  rounds,
} from './harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const CLASSIFICATIONS = 50_000;
const INCIDENTS = 100_000;
const STREAMED = 1_000_000;
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const;

function impacts(count: number) {
  const next = random(7);
  return Array.from({ length: count }, () => ({
    usersAffectedPercent: Math.round(next() * 100),
    degradation: DEGRADATIONS[Math.floor(next() * DEGRADATIONS.length)] ?? 'none',
    coreFeatureAffected: next() < 0.5,
    customerFacing: next() < 0.8,
    gettingWorse: next() < 0.2,
    dataLoss: next() < 0.02,
  }));
}

const iso = (base: number, minutes: number) => new Date(base + minutes * 60_000).toISOString();

/** Incidents made by the library: declared, acknowledged, mitigated and resolved, or cancelled. */
function incidents(count: number): IncidentState[] {
  const next = random(11);
  return Array.from({ length: count }, (_, index) => {
    const base = Date.parse('2024-01-01T00:00:00Z') + index * 600_000;
    const severity = SEVERITIES[Math.floor(next() * 5)] ?? 'SEV3';
    const created = createIncident({ id: `INC-${index}`, title: 'Generated', at: iso(base, 0), severity });
    if (!created.ok) throw created.error;
    let state = created.state;
    const ack = 1 + Math.floor(next() * 15);
    const mitigate = ack + Math.floor(next() * 120);
    const events =
      next() < 0.05
        ? [
            {
              type: 'cancel',
              at: iso(base, ack),
              reason: next() < 0.5 ? 'duplicate' : 'false_alarm',
            } as const,
          ]
        : ([
            { type: 'acknowledge', at: iso(base, ack) },
            { type: 'start_mitigation', at: iso(base, mitigate), kind: 'rollback', description: 'Roll back' },
            { type: 'mark_mitigated', at: iso(base, mitigate + 1) },
            { type: 'resolve', at: iso(base, mitigate + 1 + Math.floor(next() * 60)), summary: 'Fixed' },
          ] as const);
    for (const event of events) {
      const step = applyEvent(state, event);
      if (!step.ok) throw step.error;
      state = step.state;
    }
    return state;
  });
}

/** States that did not come from the library (read from a store as plain objects): each is checked. */
function* plainCopies(states: readonly IncidentState[], count: number): Generator<IncidentState> {
  for (let index = 0; index < count; index++) {
    const state = states[index % states.length] as IncidentState;
    yield { ...state, id: `INC-${index}` };
  }
}

/** Classification and summaries. */
export function benchDomain(): BenchResult {
  const inputs = impacts(CLASSIFICATIONS);
  const states = incidents(INCIDENTS);
  // As a host restores it: from the JSON it stored.
  const restored = restoreIncident(JSON.stringify(serializeIncident(states[0] as IncidentState)));
  if (!restored.ok) throw restored.error;
  const equalRules: SeverityRules = restored.value.settings.rules;
  const classify = (rules?: SeverityRules) => () => {
    for (const impact of inputs) classifySeverity(impact, rules);
  };
  const plain = [...plainCopies(states, INCIDENTS)];
  const ms = rounds(
    {
      defaults: classify(),
      equal: classify(equalRules),
      summary: () => summarizeIncidents(states),
      summaryPlain: () => summarizeIncidents(plain),
    },
    { rounds: ROUNDS },
  );
  // A million plain incidents, streamed from a generator: the heap must not grow by an object per incident.
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  function* streamed() {
    let index = 0;
    for (const state of plainCopies(states, STREAMED)) {
      if (++index % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      yield state;
    }
  }
  const start = performance.now();
  const million = summarizeIncidents(streamed());
  const millionMs = performance.now() - start;
  const summary = summarizeIncidents(states);
  return {
    title: `domain: ${CLASSIFICATIONS.toLocaleString('en-US')} classifications, summaries of ${INCIDENTS.toLocaleString('en-US')} incidents, ${ROUNDS} shuffled rounds, median`,
    figures: [
      {
        key: 'classify.equal/defaults',
        label: 'classifySeverity, rules of a restored incident / the default rules',
        value: pairedRatio(ms.equal, ms.defaults),
        unit: '×',
        target: { op: '>=', value: 0.8 },
      },
      {
        key: 'summary.100k',
        label: 'summarizeIncidents, 100,000 incidents made by the library',
        value: median(ms.summary),
        unit: 'ms',
        target: { op: '<=', value: 250 },
      },
      {
        key: 'summary.100k-plain',
        label: 'summarizeIncidents, 100,000 plain objects (each checked)',
        value: median(ms.summaryPlain),
        unit: 'ms',
        target: { op: '<=', value: 250 },
      },
      {
        key: 'summary.1m',
        label: 'summarizeIncidents, 1,000,000 plain objects from a generator',
        value: millionMs,
        unit: 'ms',
      },
      {
        key: 'summary.1m-heap',
        label: 'heap growth while summarising them (MB)',
        value: (peak - before) / 2 ** 20,
        unit: 'MB',
      },
    ],
    absolute: [
      `classifySeverity, default rules   ${perSecond(CLASSIFICATIONS, median(ms.defaults))} classifications/s`,
      `classifySeverity, restored rules  ${perSecond(CLASSIFICATIONS, median(ms.equal))} classifications/s`,
      `summary of 100,000: ${summary.counted} counted, ${summary.excluded.cancelled} cancelled, ${summary.excluded.merged} merged; MTTR median ${Math.round((summary.overall.timeToResolve?.medianMs ?? 0) / 60_000)} min`,
      `summary of 1,000,000 streamed: ${million.total.toLocaleString('en-US')} incidents in ${Math.round(millionMs)} ms`,
    ],
  };
}

if (isMain(import.meta.url)) printResults([benchDomain()]);
