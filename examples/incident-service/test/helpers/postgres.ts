// A throwaway PostgreSQL server from the distribution's packages (Debian `postgresql`): initdb into a temporary
// directory, start it on a loopback port, stop it and delete the directory afterwards. PostgreSQL refuses to run as
// root, so as root the server runs as the `postgres` user the package creates. A missing binary fails the test.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, waitFor } from './processes';

export interface PostgresServer {
  readonly port: number;
  /** A connection string for `database` on this server. */
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  query<R extends Record<string, unknown>>(database: string, text: string, params?: unknown[]): Promise<R[]>;
  stop(): void;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((version) => existsSync(join(base, version, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install them (apt-get install -y postgresql)',
    );
  }
  return join(base, versions[0] as string, 'bin');
}

function runAs(): { user: string | null; uid: number; gid: number } {
  if (process.getuid?.() !== 0) return { user: null, uid: -1, gid: -1 };
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) {
    throw new Error(
      'Running as root, but there is no `postgres` user to run PostgreSQL as (apt-get install postgresql)',
    );
  }
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { user: 'postgres', uid: Number(id.stdout.trim()), gid };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const as = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'incident-service-pg-'));
  if (as.user) chownSync(dir, as.uid, as.gid);
  const data = join(dir, 'data');
  const run = (command: string, args: string[]) => {
    const [file, argv] = as.user
      ? ['runuser', ['-u', as.user, '--', join(bin, command), ...args]]
      : [join(bin, command), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  const port = await freePort();
  const options = [
    `-h 127.0.0.1 -p ${port} -k ${dir}`,
    '-c max_connections=300',
    '-c shared_buffers=128MB',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.on('exit', stop);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const query = async <R extends Record<string, unknown>>(
    database: string,
    text: string,
    params: unknown[] = [],
  ) => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query<R>(text, params)).rows;
    } finally {
      await client.end();
    }
  };
  await waitFor('PostgreSQL to accept connections', () => query('postgres', 'SELECT 1').then(() => true), {
    timeoutMs: 30_000,
  });
  return {
    port,
    url,
    async createDatabase(name) {
      await query('postgres', `CREATE DATABASE ${name}`);
      return url(name);
    },
    query,
    stop,
  };
}
