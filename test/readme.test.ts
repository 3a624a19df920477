import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  it('names the demo and test commands at the top', () => {
    const top = readFileSync('README.md', 'utf8').split('\n').slice(0, 12).join('\n');
    expect(top).toContain('npm run demo');
    expect(top).toContain('npm test');
  });

  it('marks its quick start and worked incident runnable, so scripts/run-examples.mjs runs them', () => {
    const runnable = readFileSync('README.md', 'utf8').match(/```ts runnable\n/g) ?? [];
    expect(runnable).toHaveLength(2);
  });
});
