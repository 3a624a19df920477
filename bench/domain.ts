// Domain benchmarks: severity classifications per second, and a metrics summary over 100,000 generated incidents.
import {
  classifySeverity,
  createIncident,
  DEGRADATIONS,
  type IncidentState,
  summarizeIncidents,
} from 'incident-kit';
import { type BenchResult, isMain, measure, printResults } from './workload';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CLASSIFICATIONS = 100_000;
const INCIDENTS = 100_000;

/** Deterministic pseudo-random numbers, so every run measures the same inputs. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

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

/** Incidents in every state of life: built by hand from a declaration, with milestones set directly. */
function incidents(count: number): IncidentState[] {
  const next = random(11);
  const base = createIncident({
    id: 'INC-0',
    title: 'Generated',
    at: '2024-01-01T00:00:00Z',
    severity: 'SEV3',
  });
  if (!base.ok) throw base.error;
  return Array.from({ length: count }, (_, index) => {
    const detected = Date.parse('2024-01-01T00:00:00Z') + index * 600_000;
    const iso = (minutes: number) => new Date(detected + minutes * 60_000).toISOString();
    const ack = 1 + Math.floor(next() * 15);
    const mitigate = ack + Math.floor(next() * 120);
    const resolve = mitigate + Math.floor(next() * 60);
    const severity = (['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const)[Math.floor(next() * 5)] ?? 'SEV3';
    const cancelled = next() < 0.05;
    return {
      ...base.state,
      id: `INC-${index}`,
      severity,
      status: cancelled ? 'cancelled' : 'resolved',
      severityHistory: [{ severity, at: iso(0), change: 'initial', reason: 'generated' }],
      milestones: cancelled
        ? { detectedAt: iso(0), cancelledAt: iso(ack) }
        : {
            detectedAt: iso(0),
            acknowledgedAt: iso(ack),
            mitigatedAt: iso(mitigate),
            resolvedAt: iso(resolve),
          },
      cancellation: cancelled ? { at: iso(ack), reason: next() < 0.5 ? 'merged' : 'false_alarm' } : null,
      lastEventAt: iso(resolve),
    } satisfies IncidentState;
  });
}

export function benchDomain(): BenchResult {
  const inputs = impacts(CLASSIFICATIONS);
  const states = incidents(INCIDENTS);
  const classify = () => {
    for (const impact of inputs) classifySeverity(impact);
  };
  const summarize = () => summarizeIncidents(states);
  const ms = measure({ classify, summarize }, ROUNDS);
  const summary = summarizeIncidents(states);
  const mttr = summary.overall.timeToResolve;
  return {
    title: `domain: ${CLASSIFICATIONS} classifications, summary of ${INCIDENTS} incidents, median of ${ROUNDS} rounds`,
    ratios: [],
    absolute: [
      `classifySeverity          ${Math.round(CLASSIFICATIONS / (ms.classify / 1000))
        .toLocaleString('en-US')
        .padStart(10)} classifications/s`,
      `summarizeIncidents        ${Math.round(ms.summarize)} ms for ${INCIDENTS.toLocaleString('en-US')} incidents (${summary.counted} counted, ${summary.excluded.cancelled} cancelled and ${summary.excluded.merged} merged left out; MTTR median ${Math.round((mttr?.medianMs ?? 0) / 60_000)} min, p90 ${Math.round((mttr?.p90Ms ?? 0) / 60_000)} min)`,
    ],
  };
}

if (isMain(import.meta.url)) printResults([benchDomain()]);
