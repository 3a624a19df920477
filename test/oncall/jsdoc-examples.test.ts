// Runs every @example of src/oncall and checks that its last expression equals its `//=>` line, so the examples in
// the API docs are true.
import { readdirSync, readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import * as root from 'incident-kit';
import * as oncall from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';

interface Example {
  readonly file: string;
  readonly code: string;
  readonly expected: string;
}

function examplesOf(file: string): Example[] {
  const text = readFileSync(`src/${file}`, 'utf8');
  const examples: Example[] = [];
  for (const [block] of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const lines = block
      .split('\n')
      .map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''));
    const start = lines.findIndex((line) => line.startsWith('@example'));
    if (start === -1) continue;
    const body: string[] = [];
    for (const line of lines.slice(start + 1)) {
      if (line.startsWith('@')) break;
      body.push(line);
    }
    while (body.length > 0 && body[body.length - 1]?.trim() === '') body.pop();
    const last = body.pop() ?? '';
    expect(last, `${file}: an example ends with //=>`).toMatch(/^\/\/=> /);
    examples.push({ file, code: body.join('\n'), expected: last.slice(4) });
  }
  return examples;
}

function run(code: string): unknown {
  const lines = code.split('\n');
  // The last statement starts on the last line that is neither indented nor a closing bracket.
  let finalStart = lines.length - 1;
  while (finalStart > 0 && !/^[^\s)\]}]/.test(lines[finalStart] ?? '')) finalStart -= 1;
  const statement = lines.slice(finalStart).join('\n').replace(/;\s*$/, '');
  const source = `function example() {\n${lines.slice(0, finalStart).join('\n')}\nreturn (${statement});\n}`;
  const js = transformSync(source, { loader: 'ts' }).code;
  // Examples may use the root's domain functions (e.g. createIncident) beside the subpath's own.
  const scope = Object.entries({ ...root, ...oncall });
  return new Function(...scope.map(([name]) => name), `${js}\nreturn example();`)(
    ...scope.map(([, value]) => value),
  );
}

// The subpath's own modules and the escalation-policy modules it re-exports (the lifecycle shares those).
const files = ['oncall', 'escalation'].flatMap((folder) =>
  readdirSync(`src/${folder}`)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${folder}/${name}`),
);
const examples = files.flatMap(examplesOf);

describe('incident-kit/oncall', () => {
  it('has an example on every exported value of its barrel', () => {
    const documented = examples.map((example) => example.code).join('\n');
    for (const name of Object.keys(oncall)) expect(documented, name).toContain(name);
  });

  it.each(examples.map((example, index) => [`${example.file} #${index + 1}`, example] as const))(
    'keeps the example %s true',
    (_name, example) => {
      expect(run(example.code)).toEqual(new Function(`return (${example.expected});`)());
    },
  );
});
