// The real Prometheus Alertmanager (Debian `prometheus-alertmanager`) on loopback, routing every alert to the
// service's webhook with the intake token (`http_config.authorization`), with short timers so a test takes seconds.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, freePort, waitFor } from './processes';

export interface Alertmanager {
  readonly url: string;
  readonly version: string;
  /** Posts alerts to Alertmanager's API v2, as Prometheus does. */
  post(alerts: readonly Record<string, unknown>[]): Promise<void>;
  stop(): Promise<void>;
}

function binary(): string {
  for (const candidate of ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('Alertmanager not found: install it (apt-get install -y prometheus-alertmanager)');
}

export async function startAlertmanager(webhook: { url: string; token: string }): Promise<Alertmanager> {
  const file = binary();
  const version = spawnSync(file, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? 'unknown';
  const dir = mkdtempSync(join(tmpdir(), 'incident-service-am-'));
  const config = `global:
  resolve_timeout: 5s
route:
  receiver: incident-service
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: incident-service
    webhook_configs:
      - url: ${webhook.url}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${webhook.token}
`;
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  mkdirSync(`${ARTIFACTS}/logs`, { recursive: true });
  const log = createWriteStream(`${ARTIFACTS}/logs/alertmanager.log`);
  const child: ChildProcess = spawn(
    file,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No cluster: a single instance, nothing listening beyond loopback.
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stopNow = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', stopNow);
  await waitFor('Alertmanager to be ready', async () => {
    if (child.exitCode !== null) throw new Error(`Alertmanager exited with ${child.exitCode}`);
    return (await fetch(`${url}/-/ready`)).ok;
  });
  return {
    url,
    version,
    async post(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!response.ok)
        throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
