// Wires the service together: database, store, outbox dispatcher, deadline scheduler, engine and HTTP server.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Assets, createApp } from './app';
import type { ServiceConfig } from './config';
import { type Database, openPglite, openPostgres } from './db';
import { PgBossScheduler, TimerScheduler } from './deadlines';
import { Dispatcher } from './dispatcher';
import { Engine } from './engine';
import { createLogger } from './log';
import { Store } from './store';

export interface RunningService {
  readonly url: string;
  readonly engine: Engine;
  readonly store: Store;
  stop(): Promise<void>;
}

export async function loadAssets(dir: URL): Promise<Assets> {
  const [html, script, css] = await Promise.all(
    ['index.html', 'dashboard.js', 'dashboard.css'].map((name) => readFile(new URL(name, dir), 'utf8')),
  );
  return { html: html as string, script: script as string, css: css as string };
}

export async function startService(config: ServiceConfig, assets: Assets): Promise<RunningService> {
  const log = createLogger(config.workerId, config.logLevel);
  const db: Database =
    config.database.kind === 'postgres'
      ? await openPostgres(config.database.url, config.database.poolSize)
      : await openPglite(config.database.dataDir);
  const store = new Store(db, config.workerId);
  await store.migrate();
  const dispatcher = new Dispatcher(db, config, log);
  const boss =
    config.database.kind === 'postgres' ? new PgBossScheduler(config.database.url, config, log) : null;
  const timer = boss ? null : new TimerScheduler(store, log);
  const scheduler = boss ?? (timer as TimerScheduler);
  const engine = new Engine(db, store, config, scheduler, () => dispatcher.wake());
  const onDue = (id: string) => engine.tick(id);
  if (boss) await boss.start(onDue, store);
  else await timer?.start(onDue);
  dispatcher.start();
  const app = createApp({ config, engine, store, log, assets });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
      resolve(started),
    );
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    engine,
    store,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await dispatcher.stop();
      await db.close();
    },
  };
}
