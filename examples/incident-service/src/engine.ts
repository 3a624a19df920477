// Applies events to stored incidents: load the snapshot, run the library's pure step, plan the outbound calls, and
// write events + snapshot + calls + the next deadline in one transaction guarded by the version read. A writer that
// lost the race reloads and decides again, so concurrent workers never overwrite each other's events.
import {
  applyEvent,
  createIncident,
  getPendingDeadlines,
  type IncidentDeclaration,
  type IncidentEventInput,
  IncidentKitError,
  type IncidentState,
} from 'incident-kit';
import type { ServiceConfig } from './config';
import type { Database, Queryable } from './db';
import { RETRYABLE, sqlState } from './db';
import { countPages, planCalls } from './effects';
import { type LoggedEvent, nextTick, type StepWrite, type Store, type StoredIncident } from './store';

/** Arms each incident's next deadline: a pg-boss job on PostgreSQL, an in-process timer when embedded. */
export interface DeadlineScheduler {
  /** Called inside the step's transaction, so the deadline is armed exactly when the step is committed. */
  arm(tx: Queryable, incidentId: string, tickAt: string | null): Promise<void>;
  /** Called after the commit. */
  committed(incidentId: string, tickAt: string | null): void;
}

/** What a step decided from the incident it loaded: events to apply, or nothing (with a value to return). */
export type Decision =
  | {
      readonly events: readonly IncidentEventInput[];
      /** All or nothing (commands), or apply what the lifecycle accepts and report the rest (webhooks). */
      readonly atomic: boolean;
    }
  | { readonly stop: string };

export interface StepOutcome {
  readonly incident: StoredIncident;
  readonly applied: readonly {
    readonly seq: number;
    readonly type: string;
    readonly eventId: string | null;
  }[];
  readonly duplicates: readonly string[];
  readonly refused: readonly { readonly type: string; readonly error: IncidentKitError }[];
  readonly pages: number;
  /** Why nothing was applied, when the decision was to stop. */
  readonly stopped?: string;
}

/** Too many writers on one incident at once: the client may retry. */
export class ConflictError extends Error {}

const MAX_ATTEMPTS = 12;

export class Engine {
  constructor(
    private readonly db: Database,
    private readonly store: Store,
    private readonly config: ServiceConfig,
    private readonly scheduler: DeadlineScheduler,
    private readonly onCommitted: () => void,
    private readonly clock: () => number = Date.now,
  ) {}

  now(): string {
    return new Date(this.clock()).toISOString();
  }

  /** The time of an event received now: never before the incident's last event (workers' clocks differ a little). */
  eventTime(state: IncidentState): string {
    return [this.now(), state.lastEventAt].sort()[1] as string;
  }

  /** Settings every new incident gets (the configured severity policies). */
  settings(): IncidentDeclaration['settings'] {
    return this.config.policies ? { policies: this.config.policies } : undefined;
  }

  /**
   * Opens an incident and applies its first events. `created: false` when the id, or an open incident with the same
   * dedup key, exists already (another worker was first): the caller routes again.
   */
  async declare(
    declaration: IncidentDeclaration,
    extra: { dedupKey: string | null; events: readonly IncidentEventInput[] },
  ): Promise<{ created: true; outcome: StepOutcome } | { created: false }> {
    const opened = createIncident(declaration);
    if (!opened.ok) throw opened.error;
    const context = { refs: {}, outbound: this.config.outbound };
    const declared: LoggedEvent = {
      seq: 1,
      eventId: null,
      type: 'declared',
      at: opened.state.lastEventAt,
      body: declaration,
    };
    const first = planCalls({ effects: opened.effects, state: opened.state }, context).map((call) => ({
      seq: 1,
      call,
    }));
    const run = this.run(opened.state, 1, extra.events, false, context);
    if (run instanceof IncidentKitError) throw run;
    const write: StepWrite = {
      state: run.state,
      events: [declared, ...run.events],
      calls: [...first, ...run.calls],
    };
    const created = await this.db.transaction(async (tx) => {
      const inserted = await this.store.insert(tx, { ...write, dedupKey: extra.dedupKey });
      if (inserted) await this.scheduler.arm(tx, run.state.id, nextTick(run.state));
      return inserted;
    });
    if (!created) return { created: false };
    this.afterCommit(run.state);
    const incident: StoredIncident = {
      id: run.state.id,
      state: run.state,
      version: write.events.length,
      refs: {},
      dedupKey: extra.dedupKey,
      nextTickAt: nextTick(run.state),
    };
    this.store.remember(incident.id, incident.version, incident.state);
    return {
      created: true,
      outcome: {
        incident,
        applied: write.events.map(({ seq, type, eventId }) => ({ seq, type, eventId })),
        duplicates: run.duplicates,
        refused: run.refused,
        pages: countPages(opened.effects) + run.pages,
      },
    };
  }

  /** Applies what `decide` chooses for the incident's current state; `null` when there is no such incident. */
  async step(id: string, decide: (incident: StoredIncident) => Decision): Promise<StepOutcome | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.store.get(id);
      if (!current) return null;
      const decision = decide(current);
      if ('stop' in decision) return empty(current, decision.stop);
      const context = { refs: current.refs, outbound: this.config.outbound };
      const run = this.run(current.state, current.version, decision.events, decision.atomic, context);
      if (run instanceof IncidentKitError) throw run;
      if (run.events.length === 0)
        return { ...empty(current), duplicates: run.duplicates, refused: run.refused };
      const next = nextTick(run.state);
      let written: boolean;
      try {
        written = await this.db.transaction(async (tx) => {
          const updated = await this.store.update(tx, current.version, run);
          // A deadline that did not move was armed by the step that set it.
          if (updated && next !== current.nextTickAt) await this.scheduler.arm(tx, id, next);
          return updated;
        });
      } catch (error) {
        const state = sqlState(error);
        if (!state || !RETRYABLE.has(state)) throw error;
        written = false;
      }
      if (written) {
        this.afterCommit(run.state);
        const incident: StoredIncident = {
          ...current,
          state: run.state,
          version: current.version + run.events.length,
          nextTickAt: next,
        };
        this.store.remember(id, incident.version, incident.state);
        return {
          incident,
          applied: run.events.map(({ seq, type, eventId }) => ({ seq, type, eventId })),
          duplicates: run.duplicates,
          refused: run.refused,
          pages: run.pages,
        };
      }
      // Another writer moved the incident on: wait a little (more each time, with jitter) and decide again.
      await sleep(Math.random() * 5 * 2 ** Math.min(attempt, 6));
    }
    throw new ConflictError(`Incident ${id} is changing too fast; retry`);
  }

  /**
   * Acts on the incident's deadlines whose tick is due now, and returns when the next tick is due. A tick for
   * deadlines already acted on changes nothing, so a job that runs twice, or late, is harmless.
   */
  async tick(id: string): Promise<string | null> {
    const outcome = await this.step(id, (incident) => {
      const due = getPendingDeadlines(incident.state)[0];
      if (!due || due.tickAt > this.now()) return { stop: 'not due' };
      // The id makes a second job for the same tick (a retry, a redelivery) a duplicate.
      return {
        events: [{ type: 'tick', id: `tick-${due.tickAt}`, at: this.eventTime(incident.state) }],
        atomic: true,
      };
    });
    return outcome ? outcome.incident.nextTickAt : null;
  }

  private afterCommit(state: IncidentState): void {
    this.scheduler.committed(state.id, nextTick(state));
    this.onCommitted();
  }

  /** Applies events in order to a state, planning each applied step's calls. */
  private run(
    start: IncidentState,
    version: number,
    events: readonly IncidentEventInput[],
    atomic: boolean,
    context: Parameters<typeof planCalls>[1],
  ):
    | (StepWrite & {
        duplicates: string[];
        refused: { type: string; error: IncidentKitError }[];
        pages: number;
      })
    | IncidentKitError {
    let state = start;
    let seq = version;
    const logged: LoggedEvent[] = [];
    const calls: StepWrite['calls'][number][] = [];
    const duplicates: string[] = [];
    const refused: { type: string; error: IncidentKitError }[] = [];
    let pages = 0;
    for (const event of events) {
      const step = applyEvent(state, event);
      if (!step.ok) {
        if (atomic) return step.error;
        refused.push({ type: event.type, error: step.error });
        continue;
      }
      if (step.duplicate) {
        duplicates.push(event.id ?? '');
        continue;
      }
      // Accepted with nothing to do (a tick before anything is due): nothing to record.
      if (step.state === state) continue;
      seq += 1;
      state = step.state;
      logged.push({ seq, eventId: event.id ?? null, type: event.type, at: state.lastEventAt, body: event });
      for (const call of planCalls({ effects: step.effects, event, state }, context))
        calls.push({ seq, call });
      pages += countPages(step.effects);
    }
    return { state, events: logged, calls, duplicates, refused, pages };
  }
}

function empty(incident: StoredIncident, stopped?: string): StepOutcome {
  return {
    incident,
    applied: [],
    duplicates: [],
    refused: [],
    pages: 0,
    ...(stopped === undefined ? {} : { stopped }),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
