import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

/** A fresh embedded (PGlite) data directory: a copy of the one initialised in the global setup. */
export function embeddedDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'incident-service-data-'));
  cpSync(inject('pgliteTemplate'), dir, { recursive: true });
  return dir;
}
