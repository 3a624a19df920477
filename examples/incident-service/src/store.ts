// The incident store: an append-only event log, one snapshot per incident (the library's persisted envelope) with a
// version column for optimistic concurrency, and the outbox of planned calls. A step writes its events, the new
// snapshot and its outbound calls in one transaction, so a crash keeps all of them or none.
import {
  ACTIVE_STATUSES,
  getPendingDeadlines,
  type IncidentState,
  type IncidentStatus,
  restoreIncident,
  serializeIncident,
} from 'incident-kit';
import type { OutboundCall, OutboundRefs } from 'incident-kit/integrations';
import type { Database, Queryable, Row } from './db';

const MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS incidents (
     id text PRIMARY KEY,
     dedup_key text,
     active boolean NOT NULL,
     status text NOT NULL,
     severity text NOT NULL,
     title text NOT NULL,
     version integer NOT NULL,
     envelope json NOT NULL,
     refs jsonb NOT NULL DEFAULT '{}'::jsonb,
     next_tick_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  // One open incident per alert source key: two workers receiving the same webhook cannot open two.
  `CREATE UNIQUE INDEX IF NOT EXISTS incidents_open_dedup ON incidents (dedup_key)
     WHERE active AND dedup_key IS NOT NULL`,
  'CREATE INDEX IF NOT EXISTS incidents_by_dedup ON incidents (dedup_key, created_at DESC)',
  `CREATE INDEX IF NOT EXISTS incidents_by_tick ON incidents (next_tick_at)
     WHERE next_tick_at IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS incident_events (
     incident_id text NOT NULL REFERENCES incidents (id),
     seq integer NOT NULL,
     event_id text,
     type text NOT NULL,
     at timestamptz NOT NULL,
     body jsonb NOT NULL,
     worker text NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (incident_id, seq)
   )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS incident_events_by_id ON incident_events (incident_id, event_id)
     WHERE event_id IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS outbox (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     incident_id text NOT NULL REFERENCES incidents (id),
     seq integer NOT NULL,
     idempotency_key text NOT NULL UNIQUE,
     target text NOT NULL,
     operation text NOT NULL,
     effect text NOT NULL,
     call jsonb NOT NULL,
     state text NOT NULL DEFAULT 'pending',
     attempts integer NOT NULL DEFAULT 0,
     available_at timestamptz NOT NULL DEFAULT now(),
     claim text,
     claimed_by text,
     sent_by text,
     response_status integer,
     last_error text,
     created_at timestamptz NOT NULL DEFAULT now(),
     sent_at timestamptz
   )`,
  `CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (incident_id, id) WHERE state = 'pending'`,
];

/** An incident as stored: its state, the version it is at, and what the service keeps beside it. */
export interface StoredIncident {
  readonly id: string;
  readonly state: IncidentState;
  /** How many entries its event log has (1: just declared); it equals `state.timeline.length`. */
  readonly version: number;
  /** What earlier outbound calls answered (the Slack thread, the Statuspage incident). */
  readonly refs: OutboundRefs;
  readonly dedupKey: string | null;
  readonly nextTickAt: string | null;
}

/** One entry of the event log: the declaration (seq 1) or an event exactly as it was applied. */
export interface LoggedEvent {
  readonly seq: number;
  readonly eventId: string | null;
  readonly type: string;
  readonly at: string;
  readonly body: unknown;
}

/** One outbox row, as the dashboard and the tests see it. */
export interface OutboxRow {
  readonly id: number;
  readonly incidentId: string;
  readonly seq: number;
  readonly idempotencyKey: string;
  readonly target: string;
  readonly operation: string;
  readonly effect: string;
  readonly state: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly sentBy: string | null;
  readonly responseStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

/** What a step writes: the new state, the events it applied, the calls it planned. */
export interface StepWrite {
  readonly state: IncidentState;
  readonly events: readonly LoggedEvent[];
  /** Each planned call with the event-log position of the step that planned it. */
  readonly calls: readonly { readonly seq: number; readonly call: OutboundCall }[];
}

/**
 * Whether an incident is still open: one of the lifecycle's `ACTIVE_STATUSES` (detected to monitoring), as
 * `routeAlertIntake` treats it, since one open incident per alert key is what the index enforces.
 */
export function isOpen(status: IncidentStatus): boolean {
  return OPEN.has(status);
}
const OPEN = new Set<IncidentStatus>(ACTIVE_STATUSES);

const META = 'id, dedup_key, version, refs, next_tick_at';

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string | Date).toISOString();

/** When the next tick is due (the earliest pending deadline's `tickAt`), or `null`. */
export function nextTick(state: IncidentState): string | null {
  return getPendingDeadlines(state)[0]?.tickAt ?? null;
}

export class Store {
  // Each (incident, version) is immutable once written, so a restored state can be reused until the row moves on.
  private readonly restored = new Map<string, IncidentState>();

  constructor(
    readonly db: Database,
    private readonly workerId: string,
  ) {}

  async migrate(): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Workers may start together: one of them creates the tables, the others wait for it.
      await tx.query('SELECT pg_advisory_xact_lock(7419021)');
      for (const statement of MIGRATIONS) await tx.query(statement);
    });
  }

  async get(id: string, db: Queryable = this.db): Promise<StoredIncident | null> {
    // The envelope is the largest column: read it only when this worker has not restored that version already.
    const { rows } = await db.query(`SELECT ${META} FROM incidents WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row) return null;
    if (this.restored.has(`${id}@${Number(row.version)}`)) return this.toIncident(row);
    const full = await db.query('SELECT * FROM incidents WHERE id = $1', [id]);
    return full.rows[0] ? this.toIncident(full.rows[0]) : null;
  }

  /** The latest incident opened under an alert source key (open or not). */
  async latestByDedupKey(dedupKey: string): Promise<StoredIncident | null> {
    const { rows } = await this.db.query(
      'SELECT * FROM incidents WHERE dedup_key = $1 ORDER BY active DESC, created_at DESC LIMIT 1',
      [dedupKey],
    );
    return rows[0] ? this.toIncident(rows[0]) : null;
  }

  async list(options: { activeOnly: boolean; limit: number }): Promise<StoredIncident[]> {
    const { rows } = await this.db.query(
      `SELECT * FROM incidents ${options.activeOnly ? 'WHERE active' : ''}
       ORDER BY active DESC, created_at DESC LIMIT $1`,
      [options.limit],
    );
    return rows.map((row) => this.toIncident(row));
  }

  async events(id: string): Promise<LoggedEvent[]> {
    const { rows } = await this.db.query(
      'SELECT seq, event_id, type, at, body FROM incident_events WHERE incident_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      eventId: (row.event_id as string | null) ?? null,
      type: String(row.type),
      at: iso(row.at) as string,
      body: row.body,
    }));
  }

  async outbox(id: string): Promise<OutboxRow[]> {
    const { rows } = await this.db.query('SELECT * FROM outbox WHERE incident_id = $1 ORDER BY id', [id]);
    return rows.map(toOutboxRow);
  }

  /** Every incident with a tick to come, earliest first, for re-arming timers. */
  async armedTicks(): Promise<{ id: string; tickAt: string }[]> {
    const { rows } = await this.db.query(
      'SELECT id, next_tick_at FROM incidents WHERE next_tick_at IS NOT NULL ORDER BY next_tick_at',
    );
    return rows.map((row) => ({ id: String(row.id), tickAt: iso(row.next_tick_at) as string }));
  }

  /** Inserts a new incident; `false` when one with its id, or an open one with its dedup key, exists already. */
  async insert(tx: Queryable, incident: { dedupKey: string | null } & StepWrite): Promise<boolean> {
    const { state } = incident;
    const inserted = await tx.query(
      `INSERT INTO incidents (id, dedup_key, active, status, severity, title, version, envelope, next_tick_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9)
       ON CONFLICT DO NOTHING`,
      [
        state.id,
        incident.dedupKey,
        isOpen(state.status),
        state.status,
        state.severity,
        state.title,
        incident.events.length,
        JSON.stringify(serializeIncident(state)),
        nextTick(state),
      ],
    );
    if (inserted.rowCount === 0) return false;
    await this.append(tx, state.id, incident);
    return true;
  }

  /** Moves an incident from `fromVersion` on; `false` when another writer moved it first (nothing is written). */
  async update(tx: Queryable, fromVersion: number, step: StepWrite): Promise<boolean> {
    const { state } = step;
    const updated = await tx.query(
      `UPDATE incidents SET active = $3, status = $4, severity = $5, title = $6, version = $7,
         envelope = $8::json, next_tick_at = $9, updated_at = now()
       WHERE id = $1 AND version = $2`,
      [
        state.id,
        fromVersion,
        isOpen(state.status),
        state.status,
        state.severity,
        state.title,
        fromVersion + step.events.length,
        JSON.stringify(serializeIncident(state)),
        nextTick(state),
      ],
    );
    if (updated.rowCount === 0) return false;
    await this.append(tx, state.id, step);
    return true;
  }

  private async append(tx: Queryable, id: string, step: StepWrite): Promise<void> {
    for (const event of step.events) {
      await tx.query(
        `INSERT INTO incident_events (incident_id, seq, event_id, type, at, body, worker)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
        [id, event.seq, event.eventId, event.type, event.at, JSON.stringify(event.body), this.workerId],
      );
    }
    for (const { seq, call } of step.calls) {
      await tx.query(
        `INSERT INTO outbox (incident_id, seq, idempotency_key, target, operation, effect, call)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [id, seq, call.idempotencyKey, call.target, call.operation, call.effect, JSON.stringify(call)],
      );
    }
  }

  /** Keeps a state this worker just wrote, so reading it back skips restoring the envelope. */
  remember(id: string, version: number, state: IncidentState): void {
    if (this.restored.size >= 1000) this.restored.delete(this.restored.keys().next().value as string);
    this.restored.set(`${id}@${version}`, state);
  }

  private toIncident(row: Row): StoredIncident {
    const id = String(row.id);
    const version = Number(row.version);
    let state = this.restored.get(`${id}@${version}`);
    if (!state) {
      const restored = restoreIncident(row.envelope);
      if (!restored.ok) throw new Error(`Incident ${id} cannot be restored: ${restored.error.message}`);
      state = restored.value;
      this.remember(id, version, state);
    }
    return {
      id,
      state,
      version,
      refs: (row.refs as OutboundRefs | null) ?? {},
      dedupKey: (row.dedup_key as string | null) ?? null,
      nextTickAt: iso(row.next_tick_at),
    };
  }
}

export function toOutboxRow(row: Row): OutboxRow {
  return {
    id: Number(row.id),
    incidentId: String(row.incident_id),
    seq: Number(row.seq),
    idempotencyKey: String(row.idempotency_key),
    target: String(row.target),
    operation: String(row.operation),
    effect: String(row.effect),
    state: row.state as OutboxRow['state'],
    attempts: Number(row.attempts),
    sentBy: (row.sent_by as string | null) ?? null,
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    lastError: (row.last_error as string | null) ?? null,
    createdAt: iso(row.created_at) as string,
    sentAt: iso(row.sent_at),
  };
}
