// The built-in templates are compiled ahead of time (scripts/generate-renderers.ts) into plain functions. They must
// render exactly what Handlebars renders from the same template, with the options and helpers incident-kit compiles
// custom templates with, for every message, format and data: random data, hostile text, long lists.
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { MESSAGE_FORMATS, MESSAGE_KINDS, type MessageFormat } from 'incident-kit';
import { BUILT_IN_TEMPLATES } from 'incident-kit/templates';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_RENDERERS } from '../src/comms/built-in-renderers';
import { MESSAGE_DEFINITIONS } from '../src/comms/messages';
import { b, bullet, h1, h2 } from '../src/comms/template-runtime';
import { messageDataArbs } from './arbitraries/messages';
import { DATASETS } from './fixtures/message-corpus';
import { propertyRuns } from './support/property-runs';

function handlebars(format: MessageFormat) {
  const env = Handlebars.create();
  const wrap = (helper: (format: MessageFormat, content: string) => string) =>
    function (this: unknown, options: Handlebars.HelperOptions) {
      return helper(format, options.fn(this));
    };
  env.registerHelper({
    b: wrap(b),
    h1: wrap(h1),
    h2: wrap(h2),
    bullet: () => bullet(format),
    ifFormat(this: unknown, wanted: unknown, options: Handlebars.HelperOptions) {
      return wanted === format ? options.fn(this) : options.inverse(this);
    },
  });
  const options = {
    noEscape: true,
    strict: true,
    knownHelpersOnly: true,
    knownHelpers: { b: true, h1: true, h2: true, bullet: true, ifFormat: true },
  };
  return Object.fromEntries(
    MESSAGE_KINDS.map((kind) => [kind, env.compile(BUILT_IN_TEMPLATES[kind], options)]),
  ) as Record<(typeof MESSAGE_KINDS)[number], (values: unknown) => string>;
}

const compiled = Object.fromEntries(MESSAGE_FORMATS.map((format) => [format, handlebars(format)])) as Record<
  MessageFormat,
  ReturnType<typeof handlebars>
>;

/** The display values a message's data gives in a format, as the renderers compute them. */
function valuesOf(kind: (typeof MESSAGE_KINDS)[number], data: unknown, format: MessageFormat): unknown {
  const definition = MESSAGE_DEFINITIONS[kind];
  const parsed = definition.schema.parse(data);
  return (definition.display as (d: unknown, f: MessageFormat, o: object) => { values: unknown })(
    parsed,
    format,
    {},
  ).values;
}

describe('BUILT_IN_RENDERERS', () => {
  for (const kind of MESSAGE_KINDS) {
    it(`renders ${kind} as Handlebars does, in every format, for random data`, () => {
      let compared = 0;
      fc.assert(
        fc.property(messageDataArbs[kind], fc.constantFrom(...MESSAGE_FORMATS), (data, format) => {
          const values = valuesOf(kind, data, format);
          expect(BUILT_IN_RENDERERS[kind](values, format)).toBe(compiled[format][kind](values));
          compared += 1;
        }),
        { numRuns: propertyRuns(300) },
      );
      expect(compared).toBe(propertyRuns(300));
    });

    it(`renders ${kind} as Handlebars does for the seed, long, hostile and world data sets`, () => {
      for (const [name, dataset] of Object.entries(DATASETS)) {
        for (const format of MESSAGE_FORMATS) {
          const values = valuesOf(kind, dataset[kind], format);
          expect(BUILT_IN_RENDERERS[kind](values, format), `${name}, ${format}`).toBe(
            compiled[format][kind](values),
          );
        }
      }
    });
  }

  it('follows Handlebars where data is missing, empty or odd: a missing field throws, empty lists take else', () => {
    const values = {
      title: 'T',
      severity: 'SEV2',
      status: 'S',
      commander: 0,
      impact: [],
      actions: {},
      nextUpdate: null,
    };
    expect(BUILT_IN_RENDERERS.internal_update(values, 'markdown')).toBe(
      compiled.markdown.internal_update(values),
    );
    // biome-ignore lint/suspicious/noSparseArray: a hole, as Handlebars' each skips it
    const sparse = { ...values, impact: [, 'second'], actions: { a: 'x', b: 'y' } };
    expect(BUILT_IN_RENDERERS.internal_update(sparse, 'slack')).toBe(compiled.slack.internal_update(sparse));
    const falsy = { title: 'T', reporter: 0, conditions: [''], actions: null, needs: [0] };
    expect(BUILT_IN_RENDERERS.tactical_update(falsy, 'text')).toBe(compiled.text.tactical_update(falsy));
    const { title: _title, ...untitled } = values;
    expect(() => BUILT_IN_RENDERERS.internal_update(untitled, 'markdown')).toThrow('"title" not defined');
    expect(() => compiled.markdown.internal_update(untitled)).toThrow('"title" not defined');
  });
});
