// Every message kind, on every data set, as a Slack Block Kit payload within the limits Slack documents (read from the
// vendor limits file), with sections that Slack will not auto-link and a plain_text header shown as typed. That
// the payload type is what `@slack/types` and `@slack/web-api` accept is checked at compile time, in
// test/types/slack-payload.test-d.ts.
import { readFileSync } from 'node:fs';
import { MESSAGE_KINDS, type MessageInputs, type SlackPayload } from 'incident-kit';
import { createRenderer } from 'incident-kit/templates';
import { escapeText } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { DATASETS, type DatasetName } from './fixtures/message-corpus';

const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/integrations/${file}`, import.meta.url), 'utf8'));
const limits = read('slack-block-kit-limits.assembled.json') as Record<string, { value: number }>;
const documented = read('slack-chat-postMessage-blocks.assembled.json') as {
  channel: string;
  blocks: { type: string; text?: { type: string } }[];
};
const limit = (name: string) => {
  const entry = limits[name];
  if (!entry) throw new Error(`no limit ${name}`);
  return entry.value;
};

const renderer = createRenderer();
const slackPayload = (kind: keyof MessageInputs, data: unknown) =>
  renderer.render(kind, data, { format: 'slack', payload: true }) as SlackPayload;

for (const kind of MESSAGE_KINDS) {
  describe(`render ${kind} as a Slack payload`, () => {
    for (const dataset of Object.keys(DATASETS) as DatasetName[]) {
      it(`stays within Slack's documented Block Kit limits (${dataset})`, () => {
        const payload = slackPayload(kind, DATASETS[dataset][kind]);
        expect(payload.blocks.length).toBeLessThanOrEqual(limit('message_blocks_max'));
        const [header, ...sections] = payload.blocks;
        expect(header?.type).toBe('header');
        expect(header?.text.type).toBe(
          documented.blocks.find((block) => block.type === 'header')?.text?.type,
        );
        expect(header?.text.text.length).toBeLessThanOrEqual(limit('header_text_max_chars'));
        for (const section of sections) {
          expect(section).toMatchObject({ type: 'section', text: { type: 'mrkdwn', verbatim: true } });
          expect(section.text.text.trim().length).toBeGreaterThan(0);
          expect(section.text.text.length).toBeLessThanOrEqual(limit('section_text_max_chars'));
        }
        const envelope = { channel: documented.channel, ...payload };
        expect(Object.keys(envelope).sort()).toEqual(Object.keys(documented).sort());
        if (dataset === 'long') expect(JSON.stringify(payload)).toMatch(/…/);
      });
    }

    it('shows the title in the plain_text header as typed, on one line, and escapes it in mrkdwn', () => {
      const data = DATASETS.hostile[kind];
      const payload = slackPayload(kind, data);
      const title = escapeText((data as { title: string }).title.trim(), 'text', { singleLine: true });
      const header = payload.blocks[0]?.text.text ?? '';
      expect(header).toContain(title.slice(0, 100));
      expect(header).not.toMatch(/&(?:amp|lt|gt);|[\n\r\u2028\u2029]/);
      expect(payload.text.split('\n')[0]).toContain(escapeText(title, 'slack').slice(0, 100));
      expect(payload.text).not.toContain('<!channel>');
    });
  });
}

describe('toSlackPayload', () => {
  it('lets no hostile single-line field forge a line of its own', () => {
    const data = {
      ...DATASETS.seed.internal_update,
      title: 'Auth\n*Severity:* SEV1',
      status: 'Fine\r\n*Severity:* SEV1',
      impact: ['Fine\n*Severity:* SEV1', 'Also\u2028*Severity:* SEV1'],
      actions: ['Roll back\u2029*Status:* Resolved'],
      commander: { id: 'eve', name: 'Eve\n*IC:* someone else' },
    };
    for (const format of ['slack', 'markdown', 'teams', 'text'] as const) {
      const text = renderer.render('internal_update', data, { format }) as string;
      const lines = text.split(/\n+/);
      expect(
        lines.filter((line) => /^\W*Severity:/.test(line)),
        format,
      ).toHaveLength(1);
      expect(
        lines.filter((line) => /^\W*Status:/.test(line)),
        format,
      ).toHaveLength(1);
      expect(
        lines.filter((line) => /^\W*IC:/.test(line)),
        format,
      ).toHaveLength(1);
    }
    const payload = slackPayload('internal_update', data);
    expect(payload.blocks[0]?.text.text).toBe('Incident: Auth *Severity:* SEV1');
    expect(payload.blocks[1]?.text.text.split('\n')[0]).toBe('*Severity:* SEV2');
  });

  it('cuts a long message within 50 blocks and says it was shortened', () => {
    const data = {
      ...DATASETS.long.internal_update,
      impact: Array.from({ length: 80 }, (_, i) => `${i} ${'x'.repeat(2000)}`),
    };
    const payload = slackPayload('internal_update', data);
    expect(payload.blocks).toHaveLength(limit('message_blocks_max'));
    expect(payload.blocks.at(-1)?.text.text).toMatch(/… \(message shortened\)$/);
  });
});
