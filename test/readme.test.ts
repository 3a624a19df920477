import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  it('shows examples/quick-start.ts verbatim as its quick start, so the quick start is what CI runs', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /## Quick start\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync('examples/quick-start.ts', 'utf8'));
  });

  it('names the demo and test commands at the top', () => {
    const top = readFileSync('README.md', 'utf8').split('\n').slice(0, 12).join('\n');
    expect(top).toContain('npm run demo');
    expect(top).toContain('npm test');
  });
});
