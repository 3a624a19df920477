import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiSurface } from '../scripts/api-surface';
import { ENTRIES } from '../tsup.config';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, unknown>;
  typesVersions: Record<string, Record<string, unknown>>;
};

describe('the public API', () => {
  it('builds one entry per subpath in package.json "exports"', () => {
    const subpaths = Object.keys(pkg.exports)
      .filter((key) => key !== './package.json' && !key.includes('*'))
      .map((key) => (key === '.' ? 'index' : key.slice(2)))
      .sort();
    expect(Object.keys(ENTRIES).sort()).toEqual(subpaths);
    // Types resolve for every subpath under TypeScript's old node10 resolution too.
    expect(Object.keys(pkg.typesVersions['*'] ?? {}).sort()).toEqual(
      subpaths.filter((name) => name !== 'index'),
    );
  });

  it('is written down in docs/api-surface.md, exactly as the sources export it', () => {
    expect(readFileSync('docs/api-surface.md', 'utf8')).toBe(renderApiSurface());
  });

  it('keeps the root to a curated set of about 90 values', () => {
    const root = renderApiSurface().split('## `incident-kit/')[0] ?? '';
    const values = [...root.matchAll(/^\| `\w+` \| (\w+) \|/gm)].filter((match) => match[1] !== 'type');
    expect(values.length).toBeGreaterThan(50);
    expect(values.length).toBeLessThanOrEqual(90);
  });
});
