// Regenerates the picture and the example output of docs/oncall.md from the library's own results:
//   npx tsx scripts/oncall-doc.ts
// test/oncall/docs.test.ts fails when the committed files and what this writes disagree.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  type FinalScheduleEntry,
  getFinalSchedule,
  getMemberKey,
  getMemberName,
  type Schedule,
  ScheduleSchema,
} from 'incident-kit/oncall';

export const DOC = 'docs/oncall.md';
export const SVG = 'docs/oncall-schedule.svg';
export const EXAMPLE = 'examples/oncall-schedule.ts';
const WEEK = { from: '2024-03-28T00:00:00+01:00', to: '2024-04-04T00:00:00+02:00' };

/** One bar of the picture: an entry of a final schedule, or an override. */
type Bar = Pick<FinalScheduleEntry, 'from' | 'until' | 'member'>;

const WIDTH = 960;
const LABEL = 180;
const ROW = 44;
const BAR = 28;
const TOP = 36;
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#b07aa1', '#9c755f'];

export function exampleSchedule(): Schedule {
  return ScheduleSchema.parse(JSON.parse(readFileSync('examples/data/oncall-schedule.json', 'utf8')));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The final schedule of the example week as an SVG timeline: one row per layer (that layer rendered alone), one
 * for the overrides, and the final schedule, with day ticks at midnight in the schedule's zone.
 */
export function renderScheduleSvg(schedule: Schedule = exampleSchedule()): string {
  const from = Date.parse(WEEK.from);
  const to = Date.parse(WEEK.to);
  const x = (at: string) =>
    (LABEL + (Date.parse(at) - from) * ((WIDTH - LABEL - 10) / (to - from))).toFixed(1);
  const colours = new Map<string, string>();
  const colour = (entry: Bar) => {
    if (entry.member === null) return '#eeeeee';
    const key = getMemberKey(entry.member);
    if (!colours.has(key)) colours.set(key, PALETTE[colours.size % PALETTE.length] as string);
    return colours.get(key) as string;
  };
  const rows: { label: string; entries: readonly Bar[] }[] = [
    ...schedule.layers.map((layer, index) => ({
      label: `Layer ${index + 1}: ${layer.name ?? ''}`,
      entries: getFinalSchedule({ ...schedule, layers: [layer], overrides: [] }, WEEK),
    })),
    {
      label: 'Overrides',
      entries: schedule.overrides
        .filter((override) => Date.parse(override.until) > from && Date.parse(override.from) < to)
        .map((override) => ({
          member: override.member,
          from: new Date(Math.max(Date.parse(override.from), from)).toISOString(),
          until: new Date(Math.min(Date.parse(override.until), to)).toISOString(),
        })),
    },
    { label: 'Final schedule', entries: getFinalSchedule(schedule, WEEK) },
  ];
  const height = TOP + rows.length * ROW + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(`${schedule.name ?? schedule.id}: final schedule, ${WEEK.from.slice(0, 10)} to ${WEEK.to.slice(0, 10)} (${schedule.timeZone})`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
  ];
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: schedule.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  // Midnights in the schedule's zone: the final schedule of a one-day layer turning at 00:00 gives them exactly.
  const midnights = getFinalSchedule(
    {
      id: 'days',
      timeZone: schedule.timeZone,
      layers: [
        {
          rotationStart: '2024-01-01',
          handoffTime: '00:00',
          turn: { length: 1, unit: 'days' },
          members: [{ ref: 'day' }],
        },
      ],
    },
    WEEK,
  ).map((entry) => entry.from);
  for (const midnight of midnights) {
    parts.push(
      `<line x1="${x(midnight)}" y1="${TOP - 8}" x2="${x(midnight)}" y2="${TOP + rows.length * ROW}" stroke="#cccccc"/>`,
      `<text x="${(Number(x(midnight)) + 4).toFixed(1)}" y="${TOP - 12}" fill="#555555">${escapeXml(day.format(new Date(midnight)))}</text>`,
    );
  }
  rows.forEach((row, index) => {
    const y = TOP + index * ROW + (ROW - BAR) / 2;
    const bold = index === rows.length - 1 ? ' font-weight="bold"' : '';
    parts.push(`<text x="8" y="${(y + BAR / 2 + 4).toFixed(1)}"${bold}>${escapeXml(row.label)}</text>`);
    for (const entry of row.entries) {
      const left = Number(x(entry.from));
      const width = Number(x(entry.until)) - left;
      const name = entry.member === null ? '' : getMemberName(entry.member);
      const title = `${name || 'nobody'}: ${entry.from} to ${entry.until}`;
      parts.push(
        `<rect x="${left.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${BAR}" fill="${colour(entry)}" stroke="#ffffff"><title>${escapeXml(title)}</title></rect>`,
      );
      const first = name.split(' ')[0] ?? '';
      if (first && width > first.length * 7 + 6) {
        parts.push(
          `<text x="${(left + 4).toFixed(1)}" y="${(y + BAR / 2 + 4).toFixed(1)}" fill="#ffffff">${escapeXml(first)}</text>`,
        );
      }
    }
  });
  parts.push(
    `<text x="${LABEL}" y="${height - 10}" fill="#555555">${escapeXml(`Times in ${schedule.timeZone}; clocks went forward on Sunday 31 March (that day is 23 hours long). Grey: nobody in that layer.`)}</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

/** What `examples/oncall-schedule.ts` prints. */
export function exampleOutput(): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', EXAMPLE], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${EXAMPLE} failed: ${run.stderr}`);
  return run.stdout.trimEnd();
}

/** The document with its generated blocks filled in. */
export function withGeneratedSections(text: string, output = exampleOutput()): string {
  return text.replace(
    /(<!-- generated:example-output -->\n)[\s\S]*?(\n<!-- \/generated:example-output -->)/,
    `$1\`\`\`text\n${output}\n\`\`\`$2`,
  );
}

if (process.argv[1]?.endsWith('oncall-doc.ts')) {
  writeFileSync(SVG, renderScheduleSvg());
  writeFileSync(DOC, withGeneratedSections(readFileSync(DOC, 'utf8')));
  console.log(`updated ${SVG} and ${DOC}`);
}
