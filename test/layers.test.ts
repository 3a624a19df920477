import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

// The folders of src/ from the bottom up: a module imports from its own folder or from folders below it, never
// from above. Before issue 11 the lifecycle took its channel name from comms (the messages, one layer up); that
// name now lives in the lifecycle. The subpaths (text, integrations, oncall, templates) sit on the domain and never import
// each other, and only the CLI may use Node's modules.
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts'],
  ['internal', 'time'],
  ['roles'],
  ['severity', 'escalation'],
  ['lifecycle'],
  ['comms'],
  ['index.ts'],
  ['text', 'integrations', 'oncall', 'templates'],
  ['cli'],
];

const layerOf = (part: string) => LAYERS.findIndex((layer) => layer.includes(part));

/** The src/ folder (or top-level file) a path under src/ belongs to. */
const partOf = (path: string) => {
  const [head, ...rest] = path.split('/');
  return rest.length === 0 && head?.endsWith('.ts') ? head : (head ?? '');
};

function importsOf(file: string): string[] {
  const code = readFileSync(join('src', file), 'utf8');
  return [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom '([^']+)'/gms)].map(
    (match) => match[1] as string,
  );
}

const files = readdirSync('src', { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));

describe('the layers of src/', () => {
  it('puts every folder in a layer', () => {
    expect(files.map(partOf).filter((part) => layerOf(part) === -1)).toEqual([]);
  });

  it('imports only sideways within a folder or down, never up, and subpaths never import each other', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = partOf(file);
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const target = normalize(join(dirname(file), specifier));
        const to = partOf(target.endsWith('.ts') ? target : `${target}.ts`);
        if (to === from) continue;
        if (layerOf(to) >= layerOf(from)) upward.push(`src/${file} imports ${specifier} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps Node modules to the CLI, so the core runs in a browser', () => {
    const node = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('node:') && partOf(file) !== 'cli')
        .map((specifier) => `src/${file} imports ${specifier}`),
    );
    expect(node).toEqual([]);
  });
});
