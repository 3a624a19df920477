// createRenderer and the render options at their edges, case by case: each bound method and its kind, an override
// of a built-in (display values, the title line a payload leaves out), custom messages (what passes through
// unescaped, the heading, the depth and size limits to the unit), the format helpers in custom templates, and the
// exact words, codes and inputs of every refusal. From the mutation run's survivors in src/comms.
import * as kit from 'incident-kit';
import { createRenderer } from 'incident-kit/templates';
import { escapeText } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { nestedArrays, thrown } from './fixtures/assert';
import { messageExamples, RENDER_NAMES } from './fixtures/messages';

const METHODS = RENDER_NAMES;

const nested = nestedArrays;

describe('a renderer without overrides', () => {
  it('renders each kind with the method of that kind, as the package functions do', () => {
    const renderer = createRenderer();
    for (const [kind, method] of Object.entries(METHODS) as [keyof typeof METHODS, string][]) {
      const data = messageExamples[kind];
      for (const format of kit.MESSAGE_FORMATS) {
        const ours = (renderer as unknown as Record<string, (d: unknown, o: object) => unknown>)[method]?.(
          data,
          {
            format,
          },
        );
        const packaged = (kit as unknown as Record<string, (d: unknown, o: object) => unknown>)[method]?.(
          data,
          {
            format,
          },
        );
        expect(ours, `${method} ${format}`).toEqual(packaged);
        expect(renderer.render(kind, data as never, { format })).toEqual(packaged);
      }
    }
  });

  it('refuses a kind it does not know, naming the kinds it does', () => {
    const renderer = createRenderer({ templates: { pager_note: '{{title}}' } });
    const kinds = renderer.kinds().join(', ');
    const error = thrown(() => renderer.render('nope', {}));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`Unknown message kind "nope": expected one of ${kinds}`);
    expect(error.input).toBe('nope');
    expect(error.issues).toEqual([{ path: ['kind'], message: `expected one of ${kinds}` }]);
  });
});

describe('a built-in message overridden', () => {
  it('runs the override on the display values, and checks the data with the kind named', () => {
    const renderer = createRenderer({ templates: { internal_update: { text: 'Next: {{nextUpdate}}' } } });
    expect(renderer.renderInternalUpdate(messageExamples.internal_update, { format: 'text' })).toBe(
      'Next: 15 minutes',
    );
    const error = thrown(() => renderer.renderInternalUpdate({} as never, { format: 'text' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/internal update data/);
  });

  it('leaves the template title line out of a payload body, which its header carries', () => {
    const renderer = createRenderer({ templates: { internal_update: 'Title line\nBody {{status}}' } });
    const slack = renderer.renderInternalUpdate(messageExamples.internal_update, {
      format: 'slack',
      payload: true,
    });
    expect(JSON.stringify(slack)).not.toContain('Title line');
    expect(JSON.stringify(slack)).toContain('Body Investigating');
    expect(JSON.stringify(slack)).toContain(`Incident: ${messageExamples.internal_update.title}`);
  });
});

describe('custom messages', () => {
  it('pass numbers, booleans, null and missing values through unescaped', () => {
    const renderer = createRenderer({ templates: { note: '{{n}}|{{yes}}|{{nothing}}|{{gone}}|{{text}}' } });
    expect(
      renderer.render(
        'note',
        { n: 1.5, yes: true, nothing: null, gone: undefined, text: '*b*' },
        { format: 'slack' },
      ),
    ).toBe(`1.5|true|||${escapeText('*b*', 'slack')}`);
  });

  it('are headed by their title, or by their kind without one', () => {
    const renderer = createRenderer({ templates: { note: 'Body' } });
    const titled = renderer.render('note', { title: 'Heads up' }, { format: 'slack', payload: true });
    expect(JSON.stringify(titled)).toContain('Heads up');
    const untitled = renderer.render('note', { title: 3 }, { format: 'slack', payload: true });
    expect(JSON.stringify(untitled)).toContain('"note"');
    const teams = renderer.render('note', { title: 'Two\nlines' }, { format: 'teams', payload: true });
    expect(JSON.stringify(teams)).toContain(escapeText('Two\nlines', 'teams', { singleLine: true }));
    expect(JSON.stringify(teams)).not.toContain('Two\\nlines');
  });

  it('refuses data that is no object with a template error, not a TypeError', () => {
    const renderer = createRenderer({ templates: { note: '{{title}}' } });
    expect(thrown(() => renderer.render('note', null)).code).toBe('template_error');
  });

  it('render data nested up to the limit and refuse one level more', () => {
    const renderer = createRenderer({ templates: { note: '{{#if items}}ok{{/if}}' } });
    // 32 levels of objects and arrays: the data object and the 31 arrays of `items` (the text inside is no level).
    expect(renderer.render('note', { items: nested(31) })).toBe('ok');
    const error = thrown(() => renderer.render('note', { items: nested(32) }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('Custom message data nests deeper than 32 levels');
    expect(renderer.render('note', { items: { a: { b: { c: nested(28) } } } })).toBe('ok');
    expect(() => renderer.render('note', { items: { a: { b: { c: nested(29) } } } })).toThrow(
      /deeper than 32/,
    );
  });

  it('name what they cannot render', () => {
    const renderer = createRenderer({ templates: { note: '{{title}}' } });
    expect(thrown(() => renderer.render('note', { title: 10n })).message).toBe(
      'Custom message data holds 10n: only strings, numbers, booleans, null, arrays and objects render',
    );
  });

  it('use the format helpers in each format', () => {
    const renderer = createRenderer({
      templates: {
        note: '{{#ifFormat "slack"}}S{{else}}O{{/ifFormat}}|{{bullet}}x|{{#b}}y{{/b}}|{{#h1}}z{{/h1}}',
      },
    });
    expect(renderer.render('note', {}, { format: 'slack' })).toBe('S|• x|*y*|*z*');
    expect(renderer.render('note', {}, { format: 'markdown' })).toBe('O|- x|**y**|# z');
    expect(renderer.render('note', {}, { format: 'text' })).toBe('O|- x|y|z');
  });

  it('write object keys on one line, escaped', () => {
    const renderer = createRenderer({ templates: { note: '{{#each counts}}[{{@key}}]{{/each}}' } });
    expect(renderer.render('note', { counts: { 'a\nb*': 1 } }, { format: 'slack' })).toBe(
      `[${escapeText('a\nb*', 'slack', { singleLine: true })}]`,
    );
  });
});

describe('template limits and refusals', () => {
  it('compiles a template of exactly 20,000 characters and refuses one more, with the source as input', () => {
    const exact = `${'x'.repeat(20_000 - 9)}{{title}}`;
    expect(
      createRenderer({ templates: { note: exact } }).render('note', { title: 'T' }, { format: 'text' }),
    ).toMatch(/xT$/);
    const long = `${exact}x`;
    const error = thrown(() => createRenderer({ templates: { note: long } }));
    expect(error.message).toBe(
      'Template "note" (markdown) is 20001 characters long; at most 20000 are compiled',
    );
    expect(error.input).toBe(long);
  });

  it('counts nesting, not blocks one after another, and sub-expressions to the level', () => {
    const sequential = '{{#if a}}x{{/if}}'.repeat(40);
    expect(() => createRenderer({ templates: { note: sequential } })).not.toThrow();
    const reopened = `${'{{#if a}}'.repeat(20)}{{/if}}${'{{#if a}}'.repeat(20)}x${'{{/if}}'.repeat(39)}`;
    expect(thrown(() => createRenderer({ templates: { note: reopened } })).message).toBe(
      'Template "note" (markdown) nests 39 levels deep; at most 32 are compiled',
    );
    const lookups = (levels: number) =>
      `{{#if ${'(lookup '.repeat(levels)}.${' "a")'.repeat(levels)}}}x{{/if}}`;
    expect(() => createRenderer({ templates: { note: lookups(32) } })).not.toThrow();
    expect(thrown(() => createRenderer({ templates: { note: lookups(33) } })).message).toBe(
      'Template "note" (markdown) nests 33 levels deep; at most 32 are compiled',
    );
  });

  it('counts unclosed blocks, inverse sections and else tags as Handlebars reads them', () => {
    const refusal = (note: string) => thrown(() => createRenderer({ templates: { note } })).message;
    expect(refusal('{{#if a}}'.repeat(40))).toBe(
      'Template "note" (markdown) nests 40 levels deep; at most 32 are compiled',
    );
    expect(refusal(`${'{{^a}}'.repeat(33)}x${'{{/a}}'.repeat(33)}`)).toMatch(/nests 33 levels deep/);
    // `{{^ }}`, with a space, is an else as `{{^}}` is.
    const withElse = `${'{{#if a}}'.repeat(31)}{{#if a}}x{{^ }}y{{/if}}${'{{/if}}'.repeat(31)}`;
    expect(() => createRenderer({ templates: { note: withElse } })).not.toThrow();
  });

  it('counts sub-expressions side by side as one level, and a reopened one from where it was', () => {
    const siblings = `{{lookup${' (lookup . "a")'.repeat(40)}}}`;
    expect(() => createRenderer({ templates: { note: siblings } })).not.toThrow();
    const reopened = `{{lookup ${'(lookup '.repeat(32)}. "a")${' (lookup'.repeat(2)} . "b"))${' "c")'.repeat(31)}}}`;
    expect(thrown(() => createRenderer({ templates: { note: reopened } })).message).toMatch(
      /nests 33 levels deep/,
    );
  });

  it('checks every source before compiling any, and refuses a custom message without one', () => {
    const huge = 'x'.repeat(20_001);
    expect(thrown(() => createRenderer({ templates: { a: '{{#b}}unclosed', b: huge } })).message).toMatch(
      /^Template "b" \(markdown\) is 20001 characters long/,
    );
    const error = thrown(() => createRenderer({ templates: { note: {} } }));
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual([
      { path: ['note'], message: 'A custom message needs a template: a string, or one per format' },
    ]);
    // For a built-in message, an empty object keeps the built-in template.
    expect(
      createRenderer({ templates: { internal_update: {} } }).renderInternalUpdate(
        messageExamples.internal_update,
      ),
    ).toBe(kit.renderInternalUpdate(messageExamples.internal_update));
  });

  it('keeps the source of a template that does not compile as the error input', () => {
    const error = thrown(() => createRenderer({ templates: { note: '{{#b}}unclosed' } }));
    expect(error.code).toBe('template_error');
    expect(error.message).toMatch(/^Template "note" \(markdown\) does not compile: /);
    expect(error.input).toBe('{{#b}}unclosed');
  });

  it('refuses an own __proto__ kind as it refuses any kind that is not lowercase letters, digits and _', () => {
    const templates = JSON.parse('{"__proto__": "{{title}}"}');
    const error = thrown(() => createRenderer({ templates }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Invalid templates:\n✖ Message kinds are lowercase letters, digits and _\n  → at __proto__',
    );
    expect(error.issues).toEqual([
      { path: ['__proto__'], message: 'Message kinds are lowercase letters, digits and _' },
    ]);
    expect(error.input).toBe(templates);
    expect(thrown(() => createRenderer({ templates: { 'Bad-Kind': '{{title}}' } })).message).toMatch(
      /^Invalid templates/,
    );
  });

  it('names the field a template misses with its line and column, and reports any other failure as it is', () => {
    const far = `${'\n'.repeat(11)}${' '.repeat(10)}{{owner}}`;
    const renderer = createRenderer({ templates: { note: far, loop: '{{#each}}x{{/each}}' } });
    const data = { title: 'T' };
    const missing = thrown(() => renderer.render('note', data));
    expect(missing.message).toBe(
      'Template "note" (markdown) uses "owner", which the data does not have (line 12, column 12)',
    );
    expect(missing.input).toEqual(data);
    // `{{#each}}` without a list gets Handlebars' own words (the format's each used to fail on its missing options).
    const other = thrown(() => renderer.render('loop', data, { format: 'text' }));
    expect(other.code).toBe('template_error');
    expect(other.message).toBe('Template "loop" (text) failed: Must pass iterator to #each');
  });
});

describe('render options', () => {
  it('refuse unknown keys, formats and a payload that is not a boolean, naming the render options', () => {
    const data = messageExamples.internal_update;
    for (const options of [
      { format: 'slack', extra: 1 },
      { format: 'html' },
      { payload: 'yes' },
      { timeZone: 'Mars/Base' },
    ]) {
      const error = thrown(() => kit.renderInternalUpdate(data, options as never));
      expect(error.code, JSON.stringify(options)).toBe('invalid_input');
      expect(error.message).toMatch(/render options/);
    }
    expect(thrown(() => kit.renderInternalUpdate(data, { timeZone: 'Mars/Base' })).message).toMatch(
      /Unknown time zone: use an IANA name such as Europe\/Oslo/,
    );
  });

  it('take the defaults and a time zone', () => {
    const data = messageExamples.internal_update;
    expect(kit.renderInternalUpdate(data, {})).toBe(
      kit.renderInternalUpdate(data, { format: 'markdown', payload: false }),
    );
    expect(typeof kit.renderInternalUpdate(data, { format: 'text', timeZone: 'Europe/Oslo' })).toBe('string');
  });

  it('refuse payload: true for Markdown and text, keeping the options as input', () => {
    for (const format of ['markdown', 'text'] as const) {
      const options = { format, payload: true };
      const error = thrown(() => kit.renderInternalUpdate(messageExamples.internal_update, options as never));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe(`payload: true is for the slack and teams formats, not ${format}`);
      expect(error.input).toBe(options);
    }
  });
});

describe('the resolution notice', () => {
  it('lowers the first letter of a root cause that starts a sentence, and leaves acronyms and lower case alone', () => {
    const base = { ...messageExamples.resolution_update, fix: undefined };
    const cause = (rootCause: string) =>
      (kit.renderResolutionUpdate({ ...base, rootCause }, { format: 'text' }) as string)
        .split('\n')
        .find((line) => line.startsWith('Root cause was')) ?? '';
    expect(cause('Database connection exhaustion')).toMatch(/^Root cause was database connection exhaustion/);
    expect(cause('DNS resolver Down')).toMatch(/^Root cause was DNS resolver Down/);
    expect(cause('a bad Deploy')).toMatch(/^Root cause was a bad Deploy/);
  });
});
