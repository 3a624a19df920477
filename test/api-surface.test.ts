import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiSurface } from '../scripts/api-surface';
import { ENTRIES } from '../tsup.config';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, unknown>;
  typesVersions: Record<string, Record<string, unknown>>;
};

// Generating it type-checks every entry point: once for all the tests below.
let generated: string | undefined;
const surface = () => {
  generated ??= renderApiSurface();
  return generated;
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
    expect(readFileSync('docs/api-surface.md', 'utf8')).toBe(surface());
  });

  it('keeps the root to a curated set of about 90 values', () => {
    const root = surface().split('## `incident-kit/')[0] ?? '';
    const values = [...root.matchAll(/^\| `\w+` \| (\w+) \|/gm)].filter((match) => match[1] !== 'type');
    expect(values.length).toBeGreaterThan(50);
    expect(values.length).toBeLessThanOrEqual(90);
  });

  it('is the only API the guides name: no internal export appears in README.md or docs/', () => {
    const publicNames = new Set([...surface().matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]));
    // Everything the sources export to each other: what is not in the public API is internal.
    const internal = new Set<string>();
    for (const file of readdirSync('src', { recursive: true }).map(String)) {
      if (!file.endsWith('.ts') || file.startsWith('cli')) continue;
      for (const match of readFileSync(`src/${file}`, 'utf8').matchAll(
        /^export (?:const|function|class) (\w+)/gm,
      )) {
        if (!publicNames.has(match[1] as string)) internal.add(match[1] as string);
      }
    }
    expect(internal.size).toBeGreaterThan(50);
    // Names the way the guides write code: a constant, a schema, a call, or an import. (A field that happens to
    // share a name with an internal function, like `eventDigest`, is written bare and is not matched.)
    const named = /`([A-Z][A-Z0-9_]+|\w+Schema|\w+)\(|`([A-Z][A-Z0-9_]+|\w+Schema)`|import \{([^}]*)\}/g;
    const guides = [
      'README.md',
      ...readdirSync('docs')
        .filter((file) => file.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    const found: string[] = [];
    for (const guide of guides) {
      for (const match of readFileSync(guide, 'utf8').matchAll(named)) {
        const names = match[3]?.split(',').map((name) => name.replace(/^\s*type\s+/, '').trim()) ?? [
          match[1] ?? match[2],
        ];
        for (const name of names) if (name && internal.has(name)) found.push(`${guide}: ${name}`);
      }
    }
    expect(found).toEqual([]);
  });
});
