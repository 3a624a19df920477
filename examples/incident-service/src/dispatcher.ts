// The outbox sender. Any worker may send any incident's calls; for each incident only its oldest pending call is a
// candidate (so a Slack reply never overtakes the thread's root message), and a candidate is claimed with
// `FOR UPDATE SKIP LOCKED` and a lease: exactly one worker holds it, and if that worker dies the lease runs out and
// another one takes it over. Every call carries its idempotency key; a call is marked sent in the same transaction
// that keeps what its response said (the Slack thread, the Statuspage incident id).
import { randomUUID } from 'node:crypto';
import {
  fillOutboundCall,
  type OutboundCall,
  type OutboundRefs,
  type SlackPostMessage,
} from 'incident-kit/integrations';
import type { ServiceConfig, Target } from './config';
import type { Database, Row } from './db';
import type { Logger } from './log';

const CLAIM = `
  WITH candidates AS (
    SELECT o.id FROM outbox o
    WHERE o.state = 'pending' AND o.available_at <= now()
      AND NOT EXISTS (
        SELECT 1 FROM outbox earlier
        WHERE earlier.incident_id = o.incident_id AND earlier.state = 'pending' AND earlier.id < o.id)
    ORDER BY o.id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  UPDATE outbox SET available_at = now() + $2 * interval '1 second', attempts = attempts + 1,
    claim = $3, claimed_by = $4
  FROM candidates WHERE outbox.id = candidates.id
  RETURNING outbox.id, outbox.incident_id, outbox.idempotency_key, outbox.attempts, outbox.call, outbox.claim`;

interface Claimed {
  readonly id: number;
  readonly incidentId: string;
  readonly key: string;
  readonly attempts: number;
  readonly call: OutboundCall;
  /** This claim's token: only its holder may mark the call sent or failed. */
  readonly claim: string;
}

type Sent =
  | { ok: true; status: number; body: unknown }
  | { ok: false; retry: boolean; status: number | null; error: string };

export class Dispatcher {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private loop: Promise<void> | null = null;
  sent = 0;

  constructor(
    private readonly db: Database,
    private readonly config: ServiceConfig,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** New calls were committed: look now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { concurrency, leaseSeconds, pollMs } = this.config.outbox;
    while (this.running) {
      this.woken = false;
      let claimed: Claimed[] = [];
      try {
        claimed = await this.claim(concurrency, leaseSeconds);
        // Heads of different incidents go out in parallel; each incident's calls stay in order.
        await Promise.all(claimed.map((row) => this.deliver(row)));
      } catch (error) {
        if (this.running) this.log.error(`outbox: ${(error as Error).message}`);
        claimed = [];
      }
      if (claimed.length > 0 || this.woken || !this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  private async claim(limit: number, leaseSeconds: number): Promise<Claimed[]> {
    const { rows } = await this.db.query(CLAIM, [limit, leaseSeconds, randomUUID(), this.config.workerId]);
    return rows.map((row: Row) => ({
      id: Number(row.id),
      incidentId: String(row.incident_id),
      key: String(row.idempotency_key),
      attempts: Number(row.attempts),
      call: row.call as OutboundCall,
      claim: String(row.claim),
    }));
  }

  private async deliver(row: Claimed): Promise<void> {
    const { rows } = await this.db.query('SELECT refs FROM incidents WHERE id = $1', [row.incidentId]);
    const refs = (rows[0]?.refs as OutboundRefs | undefined) ?? {};
    let call: OutboundCall;
    try {
      call = complete(row.call, refs);
    } catch (error) {
      await this.finish(row, { ok: false, retry: false, status: null, error: (error as Error).message });
      return;
    }
    const result = await this.send(call);
    await this.finish(row, result, call);
  }

  private async send(call: OutboundCall): Promise<Sent> {
    const target = call.target as Target;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': call.idempotencyKey,
    };
    const token = this.config.outboundTokens[target];
    if (token && target === 'slack') headers.authorization = `Bearer ${token}`;
    if (token && target === 'statuspage') headers.authorization = `OAuth ${token}`;
    if (token && target === 'opsgenie') headers.authorization = `GenieKey ${token}`;
    // A send must end well within the lease, or another worker could claim the call while it is still in flight.
    const timeout = Math.max(1000, (this.config.outbox.leaseSeconds * 1000) / 3);
    try {
      const response = await fetch(rewrite(call.url, this.config.outboundUrls[target]), {
        method: call.method,
        headers,
        body: JSON.stringify(call.body),
        signal: AbortSignal.timeout(timeout),
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      if (response.ok && target === 'slack' && (body as { ok?: unknown } | null)?.ok !== true) {
        const error = String((body as { error?: unknown } | null)?.error ?? 'not ok');
        return {
          ok: false,
          retry: error === 'ratelimited',
          status: response.status,
          error: `Slack: ${error}`,
        };
      }
      if (response.ok) return { ok: true, status: response.status, body };
      const retry = response.status === 429 || response.status === 408 || response.status >= 500;
      return {
        ok: false,
        retry,
        status: response.status,
        error: `HTTP ${response.status}: ${text.slice(0, 200)}`,
      };
    } catch (error) {
      return { ok: false, retry: true, status: null, error: (error as Error).message };
    }
  }

  private async finish(row: Claimed, result: Sent, call?: OutboundCall): Promise<void> {
    const { maxAttempts } = this.config.outbox;
    await this.db.transaction(async (tx) => {
      if (result.ok) {
        const marked = await tx.query(
          `UPDATE outbox SET state = 'sent', sent_at = now(), sent_by = $3, response_status = $4, claim = NULL
           WHERE id = $1 AND claim = $2 AND state = 'pending'`,
          [row.id, row.claim, this.config.workerId, result.status],
        );
        if (marked.rowCount === 0) {
          this.log.warn(`outbox: lease on ${row.key} ran out before it was marked sent (sent twice?)`);
          return;
        }
        this.sent += 1;
        const refs = remembered(call, result.body);
        if (refs) {
          await tx.query('UPDATE incidents SET refs = refs || $2::jsonb WHERE id = $1', [
            row.incidentId,
            JSON.stringify(refs),
          ]);
        }
        return;
      }
      const failed = !result.retry || row.attempts >= maxAttempts;
      // Back off 1 s, 2 s, 4 s, … (at most a minute) before the next attempt.
      const backoff = Math.min(60, 2 ** (row.attempts - 1));
      await tx.query(
        `UPDATE outbox SET state = $3, last_error = $4, response_status = $5, claim = NULL,
           available_at = now() + $6 * interval '1 second'
         WHERE id = $1 AND claim = $2`,
        [row.id, row.claim, failed ? 'failed' : 'pending', result.error, result.status, backoff],
      );
      this.log[failed ? 'error' : 'warn'](
        `outbox: ${row.call.operation} ${row.key} ${failed ? 'failed for good' : 'will be retried'}: ${result.error}`,
      );
    });
  }
}

/**
 * Completes a planned call from what earlier responses gave. A root message or a Statuspage incident planned while
 * an earlier one was still unsent (the planner cannot know it is on its way) becomes a reply or an update.
 */
export function complete(call: OutboundCall, refs: OutboundRefs): OutboundCall {
  if (call.operation === 'slack.chat.postMessage' && call.remember === 'slack_thread' && refs.slackThread) {
    const body = { ...call.body, channel: refs.slackThread.channel, thread_ts: refs.slackThread.ts };
    return { ...call, remember: undefined, body: body as SlackPostMessage };
  }
  if (
    call.operation === 'statuspage.create' &&
    call.remember === 'statuspage_incident' &&
    refs.statuspageIncidentId
  ) {
    return {
      ...call,
      remember: undefined,
      operation: 'statuspage.update',
      method: 'PATCH',
      url: `${call.url}/${encodeURIComponent(refs.statuspageIncidentId)}`,
    };
  }
  return fillOutboundCall(call, refs);
}

function remembered(call: OutboundCall | undefined, body: unknown): OutboundRefs | null {
  const data = (body ?? {}) as { channel?: unknown; ts?: unknown; id?: unknown };
  if (call?.remember === 'slack_thread' && typeof data.channel === 'string' && typeof data.ts === 'string')
    return { slackThread: { channel: data.channel, ts: data.ts } };
  if (call?.remember === 'statuspage_incident' && typeof data.id === 'string')
    return { statuspageIncidentId: data.id };
  return null;
}

/** The vendor URL with its origin replaced by the configured base (whose path is kept in front). */
export function rewrite(url: string, base: string | undefined): string {
  if (!base) return url;
  const original = new URL(url);
  const target = new URL(base);
  return `${target.origin}${target.pathname.replace(/\/$/, '')}${original.pathname}${original.search}`;
}
