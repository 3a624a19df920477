// docs/bot-host.md and docs/testing.md state what a bot host does with each effect and how to drive time in tests;
// these checks keep them true as effects are added and the actor changes.
import { readFileSync } from 'node:fs';
import { createIncidentActor, type IncidentDeclaration, IncidentEffectSchema } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';

/** The first column of each row of the Markdown table under `heading`, without backticks. */
function tableKeys(doc: string, heading: string): string[] {
  const section = doc.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.slice(2, line.indexOf(' |', 2)).replaceAll('`', ''));
}

describe('docs/bot-host.md', () => {
  const doc = readFileSync('docs/bot-host.md', 'utf8');

  it('says what to do with every effect type, and with nothing else', () => {
    const types = IncidentEffectSchema.options.map((option) => option.shape.type.value);
    expect(tableKeys(doc, 'What to do with each effect').sort()).toEqual([...types].sort());
  });

  it('links the runnable example that npm run examples runs', () => {
    expect(doc).toContain('](../examples/bot-host.ts)');
    expect(readFileSync('examples/bot-host.ts', 'utf8')).toContain('applyEvent');
  });
});

describe('docs/testing.md', () => {
  it("sets XState's SimulatedClock to the declaration, and the first ack deadline then fires after 5 minutes", () => {
    const doc = readFileSync('docs/testing.md', 'utf8');
    expect(doc).toContain('clock.set(Date.parse(declaration.at));');
    expect(doc).toContain('clock.increment(5 * 60_000); // the SEV2 ack deadline passes');
    const declaration: IncidentDeclaration = {
      id: 'INC-1',
      title: 'Auth down',
      at: '2024-01-15T14:20:00Z',
      severity: 'SEV2',
    };
    const clock = new SimulatedClock();
    clock.set(Date.parse(declaration.at));
    const actor = createIncidentActor({ declaration }, { clock }).start();
    const pages: number[] = [];
    actor.on('page', (effect) => pages.push(effect.level));
    clock.increment(5 * 60_000);
    expect(pages).toEqual([2]);
    actor.stop();
  });
});
