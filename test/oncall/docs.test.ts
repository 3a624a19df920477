import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC, exampleOutput, renderScheduleSvg, SVG, withGeneratedSections } from '../../scripts/oncall-doc';

describe('docs/oncall.md', () => {
  it('shows the picture the script draws from getFinalSchedule today (npx tsx scripts/oncall-doc.ts)', () => {
    expect(readFileSync(SVG, 'utf8')).toBe(renderScheduleSvg());
    expect(readFileSync(DOC, 'utf8')).toContain('](oncall-schedule.svg)');
  });

  it('shows what examples/oncall-schedule.ts prints today', () => {
    const text = readFileSync(DOC, 'utf8');
    const output = exampleOutput();
    expect(output).toContain('Saturday noon: Ben Okafor');
    expect(text).toBe(withGeneratedSections(text, output));
  });
});
