// One small interface over the two databases the service runs on: PGlite (Postgres compiled to WASM, in process)
// and a PostgreSQL server through node-postgres. Every statement the service runs is plain PostgreSQL and is the
// same on both.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends Row = Row>(
    text: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique violation, as both drivers report it. */
export const UNIQUE_VIOLATION = '23505';
/** Serialization failure and deadlock: the transaction may simply be retried. */
export const RETRYABLE = new Set(['40001', '40P01']);

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<R extends Row>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<R>(text, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  });
  const root = wrap(db);
  return {
    kind: 'pglite',
    query: root.query,
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client whose server went away emits 'error'; without a listener that would end the process.
  pool.on('error', (error) => console.error(`postgres pool: ${error.message}`));
  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R extends Row>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<R>(text, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  });
  const root = wrap(pool);
  await root.query('SELECT 1');
  return {
    kind: 'postgres',
    query: root.query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
