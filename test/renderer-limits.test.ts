import Handlebars from 'handlebars/dist/cjs/handlebars.js';
import { renderInternalUpdate } from 'incident-kit';
import { createRenderer } from 'incident-kit/templates';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { thrown } from './fixtures/assert';
import { messageExamples } from './fixtures/messages';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createRenderer', () => {
  it('compiles only the templates it is given, each distinct source once, whatever the formats sharing it', () => {
    const parse = vi.spyOn(Handlebars, 'parse');
    createRenderer();
    expect(parse).toHaveBeenCalledTimes(0); // the built-in templates are compiled ahead of time
    createRenderer({
      templates: {
        note: '{{title}}',
        internal_update: { slack: '{{title}} (Slack)', teams: '{{title}} (Slack)' },
      },
    });
    expect(parse).toHaveBeenCalledTimes(2); // the custom one, and the override Slack and Teams share
  });

  it('refuses a template over 20,000 characters before compiling it', () => {
    const parse = vi.spyOn(Handlebars, 'parse');
    const huge = '{{title}}'.repeat(100_000); // 900 KB: compiling it took a minute, eight times
    const error = thrown(() => createRenderer({ templates: { note: huge } }));
    expect(error.code).toBe('template_error');
    expect(error.message).toBe(
      'Template "note" (markdown) is 900000 characters long; at most 20000 are compiled',
    );
    expect(parse).toHaveBeenCalledTimes(0);
  });

  it('refuses blocks or sub-expressions nested deeper than 32 levels, without overflowing the stack', () => {
    // 1,000 nested blocks took 4.5 s to compile, 5,000 overflowed the stack; 5,000 is now refused for its size.
    for (const depth of [33, 1000, 5000]) {
      const nested = `${'{{#if a}}'.repeat(depth)}x${'{{/if}}'.repeat(depth)}`;
      const error = thrown(() => createRenderer({ templates: { note: nested } }));
      expect(error.code).toBe('template_error');
      expect(error.message).toContain(depth < 5000 ? `nests ${depth} levels deep` : 'characters long');
    }
    const parentheses = `{{#if ${'(not '.repeat(40)}title${')'.repeat(40)}}}x{{/if}}`;
    expect(thrown(() => createRenderer({ templates: { note: parentheses } })).code).toBe('template_error');
    // `{{^}}` inside a block is its else, not one more level.
    const fine = `${'{{#if a}}'.repeat(31)}{{#if a}}x{{^}}y{{/if}}${'{{/if}}'.repeat(31)}`;
    expect(() => createRenderer({ templates: { note: fine } })).not.toThrow();
  });

  it('has no log helper, and never writes to the console, even when a template reaches for a prototype', () => {
    const console_ = ['log', 'info', 'warn', 'error', 'debug'].map((method) =>
      vi.spyOn(console, method as 'log').mockImplementation(() => undefined),
    );
    expect(thrown(() => createRenderer({ templates: { note: '{{log title}}' } })).message).toContain(
      'unknown helper log',
    );
    const renderer = createRenderer({
      templates: {
        note: '{{title}}|{{lookup . "constructor"}}|{{#with nested}}{{constructor}}{{__proto__}}{{/with}}',
      },
    });
    expect(renderer.render('note', { title: 'Auth', nested: { a: 1 } }, { format: 'text' })).toBe('Auth||');
    for (const spy of console_) expect(spy).not.toHaveBeenCalled();
  });

  it('escapes custom data up to 32 levels deep and refuses deeper or non-JSON data', () => {
    const renderer = createRenderer({ templates: { note: '{{#each items}}{{this}}{{/each}}' } });
    expect(renderer.render('note', { items: ['<b>'] }, { format: 'slack' })).toBe('&lt;b&gt;');
    let deep: unknown = 'x';
    for (let level = 0; level < 20_000; level++) deep = [deep];
    expect(thrown(() => renderer.render('note', { items: deep })).message).toBe(
      'Custom message data nests deeper than 32 levels',
    );
    expect(thrown(() => renderer.render('note', { items: [10n] })).code).toBe('invalid_input');
  });

  it('refuses a kind or options of the wrong type with invalid_input', () => {
    const renderer = createRenderer();
    expect(thrown(() => renderer.render(42 as never, {})).message).toMatch(/^Unknown message kind 42:/);
    expect(thrown(() => renderInternalUpdate(messageExamples.internal_update, null as never)).message).toBe(
      'Invalid options: expected an object, got null',
    );
    expect(thrown(() => createRenderer(null as never)).code).toBe('invalid_input');
  });
});
