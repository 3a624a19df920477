// Runs once before the test files: checks the build is there, and initialises one embedded (PGlite) database that
// the tests copy, since creating a PostgreSQL cluster in WASM takes seconds each time.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

const template = join(tmpdir(), `incident-service-pglite-${process.pid}`);

export async function setup(project: TestProject): Promise<void> {
  if (!existsSync('dist/main.js') || !existsSync('dist/public/dashboard.js')) {
    throw new Error('Build the service first (npm run build; npm test does it)');
  }
  mkdirSync(template, { recursive: true });
  const started = Date.now();
  const db = await PGlite.create(template);
  await db.close();
  console.log(`PGlite data directory initialised in ${Date.now() - started} ms`);
  project.provide('pgliteTemplate', template);
}

export function teardown(): void {
  rmSync(template, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
