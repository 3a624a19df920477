// Entry point: `node dist/main.js`. Reads the configuration from the environment, starts one worker, prints where
// it listens (and the dashboard link), and stops cleanly on SIGTERM or SIGINT.
import { readConfig } from './config';
import { loadAssets, startService } from './service';

async function main(): Promise<void> {
  const config = readConfig();
  const service = await startService(config, await loadAssets(new URL('./public/', import.meta.url)));
  const where =
    config.database.kind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `PGlite at ${config.database.dataDir}`;
  console.log(`incident-service ${config.workerId} listening on ${service.url} with ${where}`);
  if (config.generatedTokens) {
    console.log(`  generated tokens (set SERVICE_TOKEN and INTAKE_TOKEN to choose them):`);
    console.log(`  SERVICE_TOKEN=${config.serviceToken}`);
    console.log(`  INTAKE_TOKEN=${config.intakeToken}`);
    console.log(`  dashboard: ${service.url}/#token=${encodeURIComponent(config.serviceToken)}`);
  } else {
    // A token chosen by the operator is never printed: the dashboard asks for it.
    console.log(`  dashboard: ${service.url}/`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`incident-service ${config.workerId} stopping (${signal})`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
