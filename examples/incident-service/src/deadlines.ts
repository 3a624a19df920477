// Deadlines are data in each incident (`getPendingDeadlines`); these arm something that wakes a worker when the
// next one falls due. On PostgreSQL that is a pg-boss job per incident and due time (a singleton key, created in the
// step's own transaction), which whichever worker is free runs; embedded, an in-process timer.
import PgBoss from 'pg-boss';
import type { ServiceConfig } from './config';
import type { Queryable } from './db';
import type { DeadlineScheduler } from './engine';
import type { Logger } from './log';
import type { Store } from './store';

/** Acts on an incident's due deadlines; returns when its next tick is due (or `null`). */
export type OnDue = (incidentId: string) => Promise<string | null>;

const QUEUE = 'incident-deadline';
/** `setTimeout` cannot wait longer than this (about 24.8 days); a longer delay would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface DeadlineJob {
  readonly incidentId: string;
  readonly tickAt: string;
}

export class PgBossScheduler implements DeadlineScheduler {
  private readonly boss: PgBoss;

  constructor(
    url: string,
    private readonly config: ServiceConfig,
    private readonly log: Logger,
  ) {
    this.boss = new PgBoss({
      connectionString: url,
      max: 4,
      application_name: `incident-service ${config.workerId}`,
      schedule: false,
      maintenanceIntervalSeconds: config.deadlines.maintenanceSeconds,
    });
    this.boss.on('error', (error: Error) => log.error(`pg-boss: ${error.message}`));
  }

  async start(onDue: OnDue, store: Store): Promise<void> {
    await this.boss.start();
    try {
      await this.boss.createQueue(QUEUE, {
        name: QUEUE,
        // One waiting job per singleton key (incident and due time): arming it again changes nothing.
        policy: 'short',
        retryLimit: 10,
        retryDelay: 1,
        expireInSeconds: this.config.deadlines.expireSeconds,
      });
    } catch (error) {
      // Another worker created it at the same moment.
      if (!(await this.boss.getQueue(QUEUE))) throw error;
    }
    // Jobs are created with each step; arming every known deadline again at start-up is a cheap safety net (a
    // restored backup, a job table emptied by hand) and changes nothing when the jobs are there.
    for (const { id, tickAt } of await store.armedTicks()) await this.arm(null, id, tickAt);
    await this.boss.work<DeadlineJob>(
      QUEUE,
      { batchSize: 20, pollingIntervalSeconds: this.config.deadlines.pollSeconds },
      async (jobs) => {
        let failure: unknown = null;
        for (const job of jobs) {
          try {
            const next = await onDue(job.data.incidentId);
            if (next) await this.arm(null, job.data.incidentId, next);
          } catch (error) {
            this.log.error(`tick ${job.data.incidentId}@${job.data.tickAt}: ${(error as Error).message}`);
            failure = error;
          }
        }
        // pg-boss retries the batch; ticks are idempotent, so the ones that succeeded change nothing the second time.
        if (failure) throw failure;
      },
    );
  }

  async arm(tx: Queryable | null, incidentId: string, tickAt: string | null): Promise<void> {
    if (!tickAt) return;
    await this.boss.send(
      QUEUE,
      { incidentId, tickAt },
      {
        startAfter: tickAt,
        singletonKey: `${incidentId}@${tickAt}`,
        ...(tx ? { db: { executeSql: (text: string, values: unknown[]) => tx.query(text, values) } } : {}),
      },
    );
  }

  committed(): void {}

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}

/** The clock and timer functions the embedded scheduler uses (the system's by default; a fake one in tests). */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class TimerScheduler implements DeadlineScheduler {
  private timer: unknown = null;
  private armedFor: number | null = null;
  private onDue: OnDue | null = null;
  private firing = false;
  private stopped = false;

  constructor(
    private readonly store: Pick<Store, 'armedTicks'>,
    private readonly log: Logger,
    private readonly timers: Timers = systemTimers,
  ) {}

  async start(onDue: OnDue): Promise<void> {
    this.onDue = onDue;
    await this.rearm(false);
  }

  // The incident row's `next_tick_at`, written with the step, is the schedule: nothing to do in the transaction.
  async arm(): Promise<void> {}

  committed(_incidentId: string, tickAt: string | null): void {
    if (tickAt === null || this.firing || this.stopped) return;
    const at = Date.parse(tickAt);
    if (this.armedFor === null || at < this.armedFor) this.schedule(at);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.timers.clearTimeout(this.timer);
  }

  private schedule(at: number): void {
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.armedFor = at;
    // Longer delays are cut to the timer's limit; on waking early nothing is due and the timer is armed again.
    const delay = Math.min(Math.max(0, at - this.timers.now()), MAX_TIMER_MS);
    this.timer = this.timers.setTimeout(() => void this.fire(), delay);
  }

  private async fire(): Promise<void> {
    this.armedFor = null;
    this.timer = null;
    this.firing = true;
    let failed = false;
    try {
      const now = new Date(this.timers.now()).toISOString();
      for (const { id, tickAt } of await this.store.armedTicks()) {
        if (tickAt > now || this.stopped) break;
        try {
          await this.onDue?.(id);
        } catch (error) {
          failed = true;
          this.log.error(`tick ${id}@${tickAt}: ${(error as Error).message}`);
        }
      }
    } finally {
      this.firing = false;
    }
    if (!this.stopped) await this.rearm(failed);
  }

  private async rearm(backOff: boolean): Promise<void> {
    const first = (await this.store.armedTicks())[0];
    if (!first) return;
    // A tick that failed is tried again a second later, not in a tight loop.
    this.schedule(Math.max(Date.parse(first.tickAt), backOff ? this.timers.now() + 1000 : 0));
  }
}
