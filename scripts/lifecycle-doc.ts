// Regenerates the generated sections of docs/lifecycle.md from the machine and the transition table:
//   npx tsx scripts/lifecycle-doc.ts
// test/lifecycle-graph.test.ts fails when the document and the machine disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { EVENT_TYPES, getLifecycleDiagram, INCIDENT_STATUSES, TRANSITIONS } from 'incident-kit';

export const DOC = 'docs/lifecycle.md';

/** The Markdown transition table: a row per event, a column per status; the cell is the target (· = stays). */
export function renderTransitionTable(): string {
  const header = `| event | ${INCIDENT_STATUSES.join(' | ')} |`;
  const rule = `| --- | ${INCIDENT_STATUSES.map(() => '---').join(' | ')} |`;
  const rows = EVENT_TYPES.map((type) => {
    const cells = INCIDENT_STATUSES.map((status) => {
      const targets = TRANSITIONS[status] as Record<string, string | null>;
      if (!(type in targets)) return '';
      return targets[type] ?? '·';
    });
    return `| \`${type}\` | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}

/** The generated sections, keyed by their marker name. */
export function generatedSections(): Record<string, string> {
  return {
    diagram: `\`\`\`mermaid\n${getLifecycleDiagram()}\n\`\`\``,
    table: renderTransitionTable(),
  };
}

/** The document with every `<!-- generated:NAME -->…<!-- /generated:NAME -->` block filled in. */
export function withGeneratedSections(text: string): string {
  let result = text;
  for (const [name, body] of Object.entries(generatedSections())) {
    const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(\\n<!-- /generated:${name} -->)`);
    result = result.replace(pattern, `$1${body}$2`);
  }
  return result;
}

if (process.argv[1]?.endsWith('lifecycle-doc.ts')) {
  writeFileSync(DOC, withGeneratedSections(readFileSync(DOC, 'utf8')));
  console.log(`updated ${DOC}`);
}
