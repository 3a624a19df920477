// Writes docs/api-surface.md: every name each public entry point exports, grouped by area, with its kind and the
// first sentence of its JSDoc. test/api-surface.test.ts regenerates it and fails when the committed file differs,
// so an export cannot appear or vanish unnoticed. Run `npm run docs:surface` after changing an export.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ENTRIES } from '../tsup.config';

const AREAS: Readonly<Record<string, string>> = {
  errors: 'Errors',
  severity: 'Severity and policies',
  roles: 'Roles',
  lifecycle: 'Lifecycle and persistence',
  comms: 'Messages',
  time: 'Time',
  text: 'Text',
  integrations: 'Integrations',
  oncall: 'On-call',
};

interface Row {
  readonly name: string;
  readonly kind: string;
  readonly area: string;
  readonly summary: string;
}

function kindOf(symbol: ts.Symbol, checker: ts.TypeChecker, declaration: ts.Declaration | undefined): string {
  if (declaration && ts.isClassDeclaration(declaration)) return 'class';
  if (declaration && (ts.isFunctionDeclaration(declaration) || ts.isFunctionExpression(declaration)))
    return 'function';
  if (declaration && (ts.isTypeAliasDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)))
    return 'type';
  if (declaration && ts.isVariableDeclaration(declaration)) {
    if (symbol.getName().endsWith('Schema')) return 'schema';
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    return type.getCallSignatures().length > 0 ? 'function' : 'constant';
  }
  return 'value';
}

/** JSDoc text with `{@link X}` as `X` and `{@link X | words}` as the words. */
function plainText(parts: readonly ts.SymbolDisplayPart[]): string {
  let text = '';
  let link: { name: string; words: string } | undefined;
  for (const part of parts) {
    if (part.kind === 'link') {
      if (part.text.startsWith('{@link')) link = { name: '', words: '' };
      else if (link) {
        text += link.words.trim() || `\`${link.name}\``;
        link = undefined;
      }
    } else if (link && part.kind === 'linkName') link.name += part.text;
    else if (link && part.kind === 'linkText') link.words += part.text;
    else text += part.text;
  }
  return text;
}

function rowsOf(file: string, program: ts.Program): Row[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${file} is not a module`);
  return checker.getExportsOfModule(module).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    const path = declaration?.getSourceFile().fileName ?? '';
    const folder = /\/src\/([a-z-]+)\//.exec(path)?.[1] ?? /\/src\/([a-z-]+)\.ts$/.exec(path)?.[1] ?? 'other';
    const text = plainText(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
    const summary = (/^.*?[.](?=\s|$)/.exec(text)?.[0] ?? text).replace(/\|/g, '\\|');
    return { name: exported.getName(), kind: kindOf(symbol, checker, declaration), area: folder, summary };
  });
}

/** The Markdown of docs/api-surface.md for the entries in tsup.config.ts. */
export function renderApiSurface(): string {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = Object.values(ENTRIES).map((file) => `${root}${file}`);
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
  });
  const lines = [
    '# The public API',
    '',
    'Everything incident-kit exports, by entry point. The root (`incident-kit`) is the domain; optional parts live',
    'behind subpaths, which the root never imports, so a bundler keeps only what you use. Anything not listed here',
    'is internal and may change in any release. This page is generated from the sources (`npm run docs:surface`)',
    'and a test fails when it is out of date; the full reference with every signature is the TypeDoc output',
    '(`npm run docs:api`).',
    '',
  ];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const name = entry === 'index' ? 'incident-kit' : `incident-kit/${entry}`;
    const rows = rowsOf(`${root}${file}`, program);
    const values = rows.filter((row) => row.kind !== 'type').length;
    lines.push(`## \`${name}\``, '', `${values} values and ${rows.length - values} types.`, '');
    const areas = [...new Set(rows.map((row) => row.area))].sort(
      (a, b) => Object.keys(AREAS).indexOf(a) - Object.keys(AREAS).indexOf(b),
    );
    for (const area of areas) {
      lines.push(`### ${AREAS[area] ?? area}`, '', '| name | kind | what it is |', '| --- | --- | --- |');
      const inArea = rows
        .filter((row) => row.area === area)
        .sort(
          (a, b) => Number(a.kind === 'type') - Number(b.kind === 'type') || a.name.localeCompare(b.name),
        );
      for (const row of inArea) lines.push(`| \`${row.name}\` | ${row.kind} | ${row.summary} |`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../docs/api-surface.md', import.meta.url));
  const next = renderApiSurface();
  const changed = readFileSync(target, { encoding: 'utf8', flag: 'a+' }) !== next;
  writeFileSync(target, next);
  console.log(`docs/api-surface.md ${changed ? 'updated' : 'unchanged'}`);
}
