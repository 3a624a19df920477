import fc from 'fast-check';
import { type MessageInputs, type Person, SEVERITIES } from 'incident-kit';
import { PUBLIC_STATUS_OF } from '../../src/comms/derive-messages';

/** Text people or alerts might type, hostile bits included, never empty after trimming. */
const hostile = fc.constantFrom(
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0123ABCD>',
  '<#C024BE7LR|general>',
  '<http://evil.example|click me>',
  '[click](http://evil.example)',
  '![img](http://evil.example/x.png)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '\n# Heading',
  '\n## Heading',
  '\n> quote',
  '\n- item',
  '**bold**',
  '_it_',
  '~~gone~~',
  '`code`',
  '&amp;',
  '&',
  '|',
  '🔥',
  '👩🏽‍💻',
  'é',
  '<https://evil.example/reset>',
  '<mailto:a@evil.example>',
  '\r\n**Severity:** SEV1',
  '\u2028- item',
  '\u2029# Heading',
  '\u0085> quote',
  '\u202eevil\u202c',
  '\u200b',
  '\ufeff',
);
export const textArb = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }) },
      { weight: 2, arbitrary: hostile },
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((parts) => `x ${parts.join(' ')}`);
export const longTextArb = fc
  .array(fc.oneof(textArb, fc.constantFrom('🔥'.repeat(700), '&'.repeat(1200), 'a'.repeat(3100))), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(' '));
const linesArb = fc.array(textArb, { maxLength: 5 });
const timeArb = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
  .map((date) => date.toISOString());
export const personArb: fc.Arbitrary<Person> = fc.record({
  id: fc.constantFrom('a', 'b'),
  name: textArb,
  handle: textArb,
});
const severityArb = fc.constantFrom(...SEVERITIES);
const publicStatusArb = fc.constantFrom(...new Set(Object.values(PUBLIC_STATUS_OF)));

export const messageDataArbs: { [K in keyof MessageInputs]: fc.Arbitrary<MessageInputs[K]> } = {
  internal_update: fc.record({
    title: textArb,
    severity: severityArb,
    status: textArb,
    commander: fc.option(personArb, { nil: null }),
    impact: linesArb,
    actions: linesArb,
    nextUpdateInMinutes: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }),
  }),
  tactical_update: fc.record({ title: textArb, conditions: linesArb, actions: linesArb, needs: linesArb }),
  executive_summary: fc.record({
    title: textArb,
    severity: severityArb,
    status: textArb,
    startedAt: timeArb,
    now: timeArb,
    currentStatus: textArb,
    overview: longTextArb,
    nextSteps: linesArb,
  }),
  status_page_update: fc.record(
    {
      title: textArb,
      status: publicStatusArb,
      message: longTextArb,
      closing: fc.string(),
      postedAt: timeArb,
    },
    { requiredKeys: ['title', 'status', 'message', 'postedAt'] },
  ),
  resolution_update: fc.record(
    {
      title: textArb,
      summary: longTextArb,
      rootCause: textArb,
      fix: textArb,
      startedAt: timeArb,
      resolvedAt: timeArb,
      affected: textArb,
      dataLoss: fc.constantFrom('none', 'some', 'unknown'),
    },
    { requiredKeys: ['title', 'summary', 'startedAt', 'resolvedAt'] },
  ),
  handoff_brief: fc.record({
    title: textArb,
    severity: severityArb,
    status: textArb,
    from: personArb,
    to: personArb,
    at: timeArb,
    conditions: linesArb,
    actions: linesArb,
    needs: linesArb,
  }),
  postmortem: fc.record(
    {
      title: textArb,
      severity: severityArb,
      owner: fc.option(personArb, { nil: null }),
      overview: longTextArb,
      whatHappened: textArb,
      contributingFactors: linesArb,
      timeline: fc.array(fc.record({ at: timeArb, event: textArb }), { maxLength: 60 }),
      actionItems: fc.array(fc.record({ title: textArb, owner: personArb }), { maxLength: 5 }),
      responders: fc.array(fc.record({ person: personArb, roles: linesArb }), { maxLength: 4 }),
    },
    { requiredKeys: ['title', 'severity'] },
  ),
};
