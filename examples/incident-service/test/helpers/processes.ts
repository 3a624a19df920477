// Starts and stops what the tests need on loopback: service workers (`node dist/main.js`), and keeps each one's
// output in artifacts/logs for when a test fails. Every process started here is stopped by its own pid.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = `${ROOT}artifacts`;
const started = new Set<ChildProcess>();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Everything the worker printed so far. */
  output(): string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: the worker dies at once, mid-whatever it was doing. */
  kill(): Promise<void>;
}

export const TOKENS = {
  SERVICE_TOKEN: 'service-token-for-tests-0123456789',
  INTAKE_TOKEN: 'intake-token-for-tests-0123456789',
} as const;

/** Starts one worker and waits until it listens. */
export async function startService(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  mkdirSync(`${ARTIFACTS}/logs`, { recursive: true });
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(port),
      WORKER_ID: name,
      ...TOKENS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  const log = createWriteStream(`${ARTIFACTS}/logs/${name}.log`, { flags: 'a' });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      started.delete(child);
      log.end();
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`worker ${name} ${reason}:\n${output}`));
    };
    const timer = setTimeout(() => fail('did not listen within 120 s'), 120_000);
    const look = () => {
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        child.stdout?.off('data', look);
        resolve(found);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
  return {
    name,
    url,
    pid: child.pid as number,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Kills every worker a test left running (each by its own pid). */
export function killStarted(): void {
  for (const child of started) child.kill('SIGKILL');
}

process.on('exit', killStarted);
