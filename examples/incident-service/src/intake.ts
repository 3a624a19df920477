// What a webhook does once parsed: find the incident kept under its dedup key, let the library's router decide
// (open one, apply events, or ignore), and apply it. Redeliveries carry the same event ids, so they are duplicates;
// two workers receiving the same notification race on the incident's id and the open-dedup-key index, and the
// loser routes again against what the winner wrote.
import type { IncidentKitError } from 'incident-kit';
import { type AlertIntake, routeAlertIntake } from 'incident-kit/integrations';
import { ConflictError, type Engine } from './engine';
import { isOpen, type Store } from './store';

export interface IntakeResult {
  readonly action: 'declared' | 'applied' | 'ignored';
  readonly incidentId: string | null;
  readonly applied: number;
  readonly duplicates: readonly string[];
  readonly refused: readonly { readonly type: string; readonly error: IncidentKitError }[];
  readonly reason?: string;
}

export async function handleIntake(
  intake: AlertIntake,
  deps: { engine: Engine; store: Store; onResolved: 'note' | 'resolve' },
): Promise<IntakeResult> {
  const { engine, store } = deps;
  const nothing = { applied: 0, duplicates: [], refused: [] };
  for (let attempt = 0; attempt < 8; attempt++) {
    const existing = await store.latestByDedupKey(intake.dedupKey);
    const options = { onResolved: deps.onResolved, declaration: { settings: engine.settings() } };
    if (existing && isOpen(existing.state.status)) {
      let redelivered: readonly string[] = [];
      const outcome = await engine.step(existing.id, (incident) => {
        if (!isOpen(incident.state.status)) return { stop: REROUTE };
        const route = routeAlertIntake(intake, incident.state, {
          ...options,
          at: engine.eventTime(incident.state),
        });
        if (!route.ok) throw route.error;
        if (route.value.action === 'apply') {
          redelivered = route.value.duplicates;
          return { events: route.value.events, atomic: false };
        }
        return { stop: route.value.action === 'ignore' ? route.value.reason : REROUTE };
      });
      if (!outcome || outcome.stopped === REROUTE) continue;
      if (outcome.stopped !== undefined)
        return { action: 'ignored', incidentId: existing.id, ...nothing, reason: outcome.stopped };
      return {
        action: 'applied',
        incidentId: existing.id,
        applied: outcome.applied.length,
        duplicates: [...redelivered, ...outcome.duplicates],
        refused: outcome.refused,
      };
    }
    const route = routeAlertIntake(intake, existing?.state ?? null, {
      ...options,
      at: engine.now(),
    });
    if (!route.ok) throw route.error;
    if (route.value.action === 'ignore')
      return { action: 'ignored', incidentId: existing?.id ?? null, ...nothing, reason: route.value.reason };
    if (route.value.action === 'apply') continue;
    const { declaration, events } = route.value;
    const declared = await engine.declare(declaration, { dedupKey: intake.dedupKey, events });
    if (declared.created) {
      return {
        action: 'declared',
        incidentId: declaration.id,
        applied: declared.outcome.applied.length,
        duplicates: declared.outcome.duplicates,
        refused: declared.outcome.refused,
      };
    }
    // The same alerts opened this incident before and it is over: an old notification delivered again.
    const same = await store.get(declaration.id);
    if (same && !isOpen(same.state.status)) {
      return { action: 'ignored', incidentId: same.id, ...nothing, reason: `Already handled by ${same.id}` };
    }
    // Another worker opened it a moment ago: route again against what it wrote.
  }
  throw new ConflictError(`Could not settle the incident for ${intake.dedupKey}; retry`);
}

const REROUTE = 'reroute';
