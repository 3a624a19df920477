// The runtime the precompiled built-in templates call (src/comms/template-runtime.ts) against Handlebars itself,
// compiled with the options incident-kit compiles templates with (strict, no HTML escaping): the same text for every
// kind of value a field, an `{{#if}}` or an `{{#each}}` can meet, and the same refusal for a missing field.
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { each, field, text, truthy } from '../src/comms/template-runtime';
import { propertyRuns } from './support/property-runs';

const compile = (template: string) =>
  Handlebars.create().compile(template, { noEscape: true, strict: true, knownHelpersOnly: false });

const VALUES: readonly unknown[] = [
  undefined,
  null,
  0,
  -0,
  1,
  Number.NaN,
  '',
  'text',
  false,
  true,
  [],
  [0],
  ['a', 'b'],
  // biome-ignore lint/suspicious/noSparseArray: holes are what is tested
  [, 'after a hole'],
  {},
  { a: 'x', b: 'y' },
  new Set(['s1', 's2']),
  new Set(),
  new Map([['k', 'v']]),
];

const label = (value: unknown) =>
  value instanceof Set || value instanceof Map
    ? `${value.constructor.name}(${value.size})`
    : (JSON.stringify(value) ?? String(value));

describe('the built-in templates runtime, against Handlebars', () => {
  it('writes a field as {{value}} does', () => {
    const handlebars = compile('{{value}}');
    for (const value of VALUES) {
      if (typeof value === 'object' && value !== null) continue; // objects write as Handlebars' toString; unused
      expect(text(value), label(value)).toBe(handlebars({ value }));
    }
  });

  it('takes the branch {{#if}} takes', () => {
    const handlebars = compile('{{#if value}}yes{{else}}no{{/if}}');
    for (const value of VALUES)
      expect(truthy(value) ? 'yes' : 'no', label(value)).toBe(handlebars({ value }));
  });

  it('iterates as {{#each}} does, with its else branch', () => {
    const handlebars = compile('{{#each value}}[{{this}}]{{else}}none{{/each}}');
    for (const value of VALUES) {
      const ours = each(
        value,
        (item) => `[${text(Array.isArray(item) ? item.join(',') : item)}]`,
        () => 'none',
      );
      expect(ours, label(value)).toBe(handlebars({ value }));
    }
  });

  it('iterates as {{#each}} does over any array of text', () => {
    const handlebars = compile('{{#each value}}<{{this}}>{{else}}none{{/each}}');
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 5 }), { maxLength: 6 }), (value) => {
        expect(
          each(
            value,
            (item) => `<${text(item)}>`,
            () => 'none',
          ),
        ).toBe(handlebars({ value }));
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('reads a field as strict mode does: missing throws with its name, inherited reads as missing a value', () => {
    const handlebars = compile('{{name}}');
    expect(() => handlebars({})).toThrow('"name" not defined in [object Object]');
    expect(() => field({}, 'name')).toThrow('"name" not defined in [object Object]');
    expect(field({ name: 'Auth' }, 'name')).toBe('Auth');
    expect(field({ name: undefined }, 'name')).toBeUndefined();
    expect(field(Object.create({ name: 'inherited' }), 'name')).toBeUndefined();
    for (const context of [null, undefined, 'text', 1]) {
      expect(() => field(context, 'name'), String(context)).toThrow(
        `"name" not defined in ${String(context)}`,
      );
    }
  });
});
