// Writes schemas/<name>.json from the zod schemas (see scripts/json-schemas.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildContractSchemas } from './json-schemas';

mkdirSync('schemas', { recursive: true });
for (const [name, schema] of Object.entries(buildContractSchemas())) {
  writeFileSync(`schemas/${name}.json`, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`schemas/${name}.json`);
}
