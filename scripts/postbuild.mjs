// After `tsup`, two fixes to what it writes:
// 1. A source map must be real or absent. tsup writes a map for every ESM module, and modules that only re-export a
//    shared chunk get maps with no sources at all; this removes those maps and the comments that point at them.
//    Every map that stays carries `sourcesContent`, so stack traces and debuggers show the original TypeScript
//    without `src/` being shipped; the check fails the build if one does not.
// 2. esbuild's code splitting adds bare `import "./chunk-X.js";` lines to keep the order of side effects. The
//    package has none ("sideEffects": false), and every bundler that honours that flag warns about each such line
//    ("Ignoring this import because … was marked as having no side effects"), so they are blanked (the line stays,
//    empty, so source maps keep their lines).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

const problems = [];
let removed = 0;
let kept = 0;
for (const entry of readdirSync('dist', { recursive: true })) {
  const file = join('dist', String(entry));
  if (!file.endsWith('.map')) continue;
  const map = JSON.parse(readFileSync(file, 'utf8'));
  // tsup's CommonJS splitting maps part of each file to the intermediate file itself, by absolute path and
  // without content: point those at the shipped file, relative, with its content.
  let changed = false;
  map.sourcesContent ??= [];
  map.sources.forEach((source, index) => {
    if (map.sourcesContent[index] || !isAbsolute(source)) return;
    const target = resolve(source);
    if (!target.startsWith(resolve('dist'))) return;
    map.sources[index] = relative(dirname(file), target);
    map.sourcesContent[index] = readFileSync(target, 'utf8');
    changed = true;
  });
  if (changed) writeFileSync(file, JSON.stringify(map));
  if (map.sources.length === 0) {
    rmSync(file);
    const code = file.slice(0, -'.map'.length);
    // A module with no code at all (a chunk of types only) is nothing but the comment, with no line before it.
    writeFileSync(code, readFileSync(code, 'utf8').replace(/(^|\n)\/\/# sourceMappingURL=\S+\s*$/, '$1'));
    removed += 1;
  } else if (map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((s) => !s)) {
    problems.push(`${file} has sources without sourcesContent`);
  } else kept += 1;
}
// Every map a module still points at must be there: a dangling `sourceMappingURL` sends debuggers and bundlers
// (source-map-loader, Vite) looking for a file the package does not have.
for (const entry of readdirSync('dist', { recursive: true })) {
  const file = join('dist', String(entry));
  if (!/\.c?js$/.test(file)) continue;
  const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(file, 'utf8'))?.[1];
  if (url && !existsSync(join(dirname(file), url)))
    problems.push(`${file} points at ${url}, which is missing`);
}
let bare = 0;
for (const entry of readdirSync('dist', { recursive: true })) {
  const file = join('dist', String(entry));
  if (!file.endsWith('.js')) continue;
  const code = readFileSync(file, 'utf8');
  const cleaned = code.replace(/^import "(?:\.\.?\/)+chunk-[\w-]+\.js";$/gm, () => {
    bare += 1;
    return '';
  });
  if (cleaned !== code) writeFileSync(file, cleaned);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `source maps: ${kept} kept (with sourcesContent), ${removed} empty ones removed; ${bare} bare chunk imports blanked`,
);
