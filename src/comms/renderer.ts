import Handlebars from 'handlebars/dist/cjs/handlebars.js';
import * as z from 'zod';
import { describeValue, IncidentKitError, parseInput } from '../errors';
import { expectOptions, isPlainObjectLike } from '../internal/arguments';
import { escapeText, MESSAGE_FORMATS, type MessageFormat, MessageFormatSchema } from './format';
import { type BuiltInMessageKind, MESSAGE_KINDS } from './message-kinds';
import { isDerivedMessage, MESSAGE_DEFINITIONS, type MessageDisplay, type MessageInputs } from './messages';
import type { SlackPayload, TeamsPayload } from './payloads';
import { renderBuiltInMessage } from './render-messages';
import {
  type RenderFunction,
  type RenderOptions,
  readRenderOptions,
  runTemplate,
  shapeOutput,
} from './render-output';
import { b, bullet, h1, h2 } from './template-runtime';

/**
 * Template sources for {@link createRenderer}: per message kind, one source for every format or one per format.
 * Kinds that are not built in are custom messages, rendered with `renderer.render(kind, data)`.
 *
 * @example
 * const templates: TemplateOverrides = { internal_update: { slack: ':rotating_light: {{title}} is {{status}}' } };
 * Object.keys(templates);
 * //=> ['internal_update']
 */
export type TemplateOverrides = Readonly<Record<string, string | Partial<Record<MessageFormat, string>>>>;

const TemplateOverridesSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_]*$/, 'Message kinds are lowercase letters, digits and _'),
  z.union([z.string(), z.partialRecord(MessageFormatSchema, z.string())], {
    error: 'A template must be a string, or an object of strings by format',
  }),
);

/**
 * A set of compiled templates with a render function per built-in message and `render(kind, data)` for any kind.
 *
 * @example
 * createRenderer().kinds().length;
 * //=> 7
 */
export interface Renderer {
  readonly renderInternalUpdate: RenderFunction<MessageInputs['internal_update']>;
  readonly renderTacticalUpdate: RenderFunction<MessageInputs['tactical_update']>;
  readonly renderExecutiveSummary: RenderFunction<MessageInputs['executive_summary']>;
  readonly renderStatusPageUpdate: RenderFunction<MessageInputs['status_page_update']>;
  readonly renderResolutionUpdate: RenderFunction<MessageInputs['resolution_update']>;
  readonly renderHandoffBrief: RenderFunction<MessageInputs['handoff_brief']>;
  readonly renderPostmortem: RenderFunction<MessageInputs['postmortem']>;
  /** Renders any kind: built-in (validated by its schema) or custom (every string in `data` escaped). */
  readonly render: RenderFunction<unknown> &
    ((kind: string, data: unknown, options?: RenderOptions) => string | SlackPayload | TeamsPayload);
  /** The message kinds this renderer knows. */
  kinds(): string[];
}

type Template = (context: unknown) => string;

/** Stands for a built-in template this renderer does not override. */
const BUILT_IN: Template = () => '';
type TemplateSpecification = ReturnType<typeof Handlebars.precompile>;
type TemplateSource = string | Partial<Record<MessageFormat, string>>;

/** The built-in kind named `kind`, by own name only (`constructor` or `toString` is not one). */
function builtInKind(kind: string): BuiltInMessageKind | undefined {
  return (MESSAGE_KINDS as readonly string[]).includes(kind) ? (kind as BuiltInMessageKind) : undefined;
}

/** Each format's helpers render that format's syntax around already-escaped content (as the built-ins do). */
function formatHelpers(format: MessageFormat, builtInEach: Handlebars.HelperDelegate) {
  const wrap = (helper: (format: MessageFormat, content: string) => string) =>
    function (this: unknown, options: Handlebars.HelperOptions) {
      return helper(format, options.fn(this));
    };
  // Short names, so they cannot collide with data fields such as `title`.
  return {
    b: wrap(b),
    h2: wrap(h2),
    h1: wrap(h1),
    bullet: () => bullet(format),
    ifFormat(this: unknown, wanted: unknown, options: Handlebars.HelperOptions) {
      return wanted === format ? options.fn(this) : options.inverse(this);
    },
    // Handlebars' own `each`, with an object's keys (`{{@key}}`, `as |value key|`) escaped like any other text.
    each(this: unknown, context: unknown, options?: Handlebars.HelperOptions) {
      // `{{#each}}` without a list: Handlebars' own refusal ("Must pass iterator to #each").
      if (options === undefined) return builtInEach.call(this, context);
      const fn = options.fn;
      const escapeKeys: Handlebars.TemplateDelegate = (value, frame) => {
        const key: unknown = frame?.data?.key;
        if (frame && typeof key === 'string') {
          const escaped = escapeText(key, format, { singleLine: true });
          frame.data.key = escaped;
          if (frame.blockParams?.[1] === key) frame.blockParams[1] = escaped;
        }
        return fn(value, frame);
      };
      return builtInEach.call(this, context, { ...options, fn: escapeKeys });
    },
  };
}

/**
 * The largest template source accepted, in characters: compiling costs about 10 µs a tag and grows faster than
 * linearly (900 KB of `{{title}}` took a minute), so a cap keeps `createRenderer` well under a second. The built-in
 * templates are under 2,000 characters.
 */
const MAX_TEMPLATE_LENGTH = 20_000;

/** The deepest nesting of block tags (`{{#if}}` in `{{#each}}` …) or of sub-expressions a template may have. */
const MAX_TEMPLATE_DEPTH = 32;

/** The deepest nesting of custom-message data (objects and arrays) that is rendered. */
const MAX_DATA_DEPTH = 32;

// Handlebars' own `log` helper writes to the console: it is not a known helper here, so a template using it does not
// compile. `lookup`, `if`, `unless`, `with` and `each` stay.
const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { b: true, h1: true, h2: true, bullet: true, ifFormat: true, log: false },
} as const;

// Prototype access stays denied, and saying so explicitly keeps Handlebars from printing a warning on the console
// when a template asks for `constructor` or `__proto__`: the core prints nothing.
const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false } as const;

/** Escapes every string in custom-message data for the format (numbers and booleans pass through). */
function escapeDeep(value: unknown, format: MessageFormat, depth = 0): unknown {
  if (typeof value === 'string') return escapeText(value, format);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return value;
  if (depth >= MAX_DATA_DEPTH) {
    throw new IncidentKitError(
      'invalid_input',
      `Custom message data nests deeper than ${MAX_DATA_DEPTH} levels`,
    );
  }
  if (Array.isArray(value)) return value.map((item) => escapeDeep(item, format, depth + 1));
  if (isPlainObjectLike(value) && !(value instanceof Date) && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, escapeDeep(inner, format, depth + 1)]),
    );
  }
  throw new IncidentKitError(
    'invalid_input',
    `Custom message data holds ${describeValue(value)}: only strings, numbers, booleans, null, arrays and objects render`,
  );
}

/**
 * Compiles message templates once (each distinct source once, whatever the formats sharing it), in isolated
 * Handlebars environments (nothing is registered globally), in strict mode with only the library's helpers, without
 * HTML escaping (each format escapes its own way, in the data) and without prototype access. Replace any built-in
 * template or add custom messages with `templates`. A template that is not a string, does not compile, is longer
 * than 20,000 characters or nests blocks or sub-expressions deeper than 32 levels is refused here, before
 * rendering; a template that uses a field the data does not have fails at render with `template_error` naming the
 * field. Custom message data may nest 32 levels.
 *
 * Helpers a template may use: `b` (bold), `h1`, `h2`, `bullet` and `ifFormat` (each format's syntax), `each` (with
 * object keys escaped like any value), and Handlebars' `if`, `unless`, `with` and `lookup`. Handlebars' `log` is
 * not available (it writes to the console), and the renderer never prints anything.
 *
 * @param options - `templates` to replace or add
 * @returns the renderer
 * @throws {IncidentKitError} `invalid_input` for options or a template that is not a string, `template_error` for
 *   one that does not compile or is too large or too deep
 * @example
 * const renderer = createRenderer({ templates: { internal_update: { text: '{{title}} is {{status}}' } } });
 * renderer.renderInternalUpdate({ title: 'Auth down', severity: 'SEV2', status: 'Investigating', nextUpdateInMinutes: 15 }, { format: 'text' });
 * //=> 'Auth down is Investigating'
 */
export function createRenderer(options: { readonly templates?: TemplateOverrides } = {}): Renderer {
  const given: unknown = expectOptions(options).templates ?? {};
  // zod drops an own `__proto__` key (as JSON.parse makes it) without a word; refuse it like any other bad kind.
  if (given !== null && typeof given === 'object' && Object.hasOwn(given, '__proto__')) {
    throw templatesRefusal(given, '__proto__', 'Message kinds are lowercase letters, digits and _');
  }
  const overrides = new Map<string, TemplateSource>(
    Object.entries(parseInput(TemplateOverridesSchema, given, 'templates')),
  );
  // Every given source is checked (a string, not too large or deep) before anything is compiled.
  for (const [kind, override] of overrides) {
    for (const format of MESSAGE_FORMATS) checkSource(sourceFor(override, format), kind, format);
    // A custom message needs a template in some format (an empty object leaves a built-in one as it is).
    if (
      builtInKind(kind) === undefined &&
      typeof override === 'object' &&
      firstSource(override) === undefined
    ) {
      throw templatesRefusal(given, kind, 'A custom message needs a template: a string, or one per format');
    }
  }
  const compiled = new Map<string, Map<MessageFormat, Template>>();
  const kinds = [...new Set([...MESSAGE_KINDS, ...overrides.keys()])];
  // Each distinct source is compiled once, whatever the number of formats sharing it: the compiled program does not
  // depend on the format, only the helpers it runs with do.
  const programs = new Map<string, TemplateSpecification>();
  for (const format of MESSAGE_FORMATS) {
    const env = Handlebars.create();
    env.unregisterHelper('log');
    env.registerHelper(formatHelpers(format, env.helpers.each as Handlebars.HelperDelegate));
    for (const kind of kinds) {
      const override = overrides.get(kind);
      const builtIn = builtInKind(kind);
      const formats = compiled.get(kind) ?? new Map<MessageFormat, Template>();
      compiled.set(kind, formats);
      if (builtIn !== undefined && sourceFor(override, format) === undefined) {
        // Not overridden in this format: the built-in template, compiled ahead of time (built-in-renderers.ts).
        formats.set(format, BUILT_IN);
        continue;
      }
      const source =
        sourceFor(override, format) ?? (typeof override === 'object' ? firstSource(override) : undefined);
      if (source === undefined) continue;
      const program = programs.get(source) ?? compileTemplate(source, kind, format);
      programs.set(source, program);
      const template = env.template(program);
      formats.set(format, (context) => template(context, RUNTIME_OPTIONS));
    }
  }

  const render = (kind: string, data: unknown, renderOptions: RenderOptions = {}) => {
    const settings = readRenderOptions(renderOptions);
    const { format } = settings;
    const template = typeof kind === 'string' ? compiled.get(kind)?.get(format) : undefined;
    if (!template) {
      throw new IncidentKitError(
        'invalid_input',
        `Unknown message kind ${describeValue(kind)}: expected one of ${kinds.join(', ')}`,
        { input: kind, issues: [{ path: ['kind'], message: `expected one of ${kinds.join(', ')}` }] },
      );
    }
    const builtIn = builtInKind(kind);
    // A built-in message this renderer does not override runs its template compiled ahead of time.
    if (builtIn !== undefined && template === BUILT_IN)
      return renderBuiltInMessage(builtIn, data, renderOptions);
    if (builtIn !== undefined) {
      const definition = MESSAGE_DEFINITIONS[builtIn];
      const parsed = isDerivedMessage(builtIn, data)
        ? data
        : parseInput(definition.schema, data, `${kind.replace(/_/g, ' ')} data`);
      const display = (definition.display as (d: unknown, f: MessageFormat, o: object) => MessageDisplay)(
        parsed,
        format,
        settings,
      );
      return shapeOutput(
        runTemplate(template, display.values, kind, format),
        display.heading,
        true,
        settings,
        renderOptions,
      );
    }
    const values = escapeDeep(data, format);
    const title = (data as { title?: unknown } | null)?.title;
    const heading = typeof title === 'string' ? title : kind;
    return shapeOutput(runTemplate(template, values, kind, format), heading, false, settings, renderOptions);
  };

  const bind = <K extends BuiltInMessageKind>(kind: K) =>
    ((data: MessageInputs[K], renderOptions?: RenderOptions) =>
      render(kind, data, renderOptions)) as RenderFunction<MessageInputs[K]>;

  return {
    renderInternalUpdate: bind('internal_update'),
    renderTacticalUpdate: bind('tactical_update'),
    renderExecutiveSummary: bind('executive_summary'),
    renderStatusPageUpdate: bind('status_page_update'),
    renderResolutionUpdate: bind('resolution_update'),
    renderHandoffBrief: bind('handoff_brief'),
    renderPostmortem: bind('postmortem'),
    render: render as Renderer['render'],
    kinds: () => [...kinds],
  };
}

/** A refusal of `templates` at one kind, worded as the schema's own refusals are. */
function templatesRefusal(given: unknown, kind: string, reason: string): IncidentKitError {
  return new IncidentKitError('invalid_input', `Invalid templates:\n✖ ${reason}\n  → at ${kind}`, {
    input: given,
    issues: [{ path: [kind], message: reason }],
  });
}

/** An override's source for one format, read from its own properties only. */
function sourceFor(override: TemplateSource | undefined, format: MessageFormat): string | undefined {
  if (typeof override === 'string') return override;
  return override && Object.hasOwn(override, format) ? override[format] : undefined;
}

function firstSource(sources: Partial<Record<MessageFormat, string>>): string | undefined {
  return MESSAGE_FORMATS.map((format) => sourceFor(sources, format)).find((source) => source !== undefined);
}

/** Refuses a template source that is not a string, or too large or too deep to compile (`undefined`: none given). */
function checkSource(source: unknown, kind: string, format: MessageFormat): void {
  if (source === undefined) return;
  // Only a string may reach Handlebars: a compiled program object is run as code (CVE-2026-33937).
  if (typeof source !== 'string') {
    throw new IncidentKitError('invalid_input', `Template "${kind}" (${format}) is not a string`, {
      input: source,
    });
  }
  const refuse = (reason: string) =>
    new IncidentKitError('template_error', `Template "${kind}" (${format}) ${reason}`, { input: source });
  if (source.length > MAX_TEMPLATE_LENGTH)
    throw refuse(`is ${source.length} characters long; at most ${MAX_TEMPLATE_LENGTH} are compiled`);
  const depth = templateDepth(source);
  if (depth > MAX_TEMPLATE_DEPTH)
    throw refuse(`nests ${depth} levels deep; at most ${MAX_TEMPLATE_DEPTH} are compiled`);
}

/** Compiles a template source to a program the format environments instantiate. */
function compileTemplate(source: unknown, kind: string, format: MessageFormat): TemplateSpecification {
  checkSource(source, kind, format);
  try {
    // What Handlebars.compile does on first use, done now: a broken template (or an unknown helper) fails when the
    // renderer is made, not at the first render, and is compiled once.
    const options = { ...COMPILE_OPTIONS, knownHelpers: { ...COMPILE_OPTIONS.knownHelpers }, data: true };
    const environment = new Handlebars.Compiler().compile(Handlebars.parse(source as string), options);
    return new Handlebars.JavaScriptCompiler().compile(environment, options, undefined, true);
  } catch (error) {
    const reason = error instanceof Error ? error.message : describeValue(error);
    throw new IncidentKitError(
      'template_error',
      `Template "${kind}" (${format}) does not compile: ${reason}`,
      {
        input: source,
      },
    );
  }
}

/**
 * How deep a template nests, read from its text before Handlebars parses it (the parser and compiler recurse, so
 * 5,000 nested blocks overflow the stack): block tags opened and not yet closed, and parentheses inside a tag.
 */
function templateDepth(source: string): number {
  let blocks = 0;
  let deepest = 0;
  for (const [, sign, rest] of source.matchAll(/\{\{~?\s*([#^/])(\s*~?\}\})?/g)) {
    if (sign === '/') blocks = Math.max(0, blocks - 1);
    else if (!(sign === '^' && rest)) blocks += 1; // `{{^}}` alone is an `else`
    deepest = Math.max(deepest, blocks);
  }
  for (const [tag] of source.matchAll(/\{\{[^}]*\}\}/g)) {
    let parentheses = 0;
    for (const char of tag) {
      if (char === '(') deepest = Math.max(deepest, ++parentheses);
      else if (char === ')') parentheses = Math.max(0, parentheses - 1);
    }
  }
  return deepest;
}
