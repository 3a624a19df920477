// What the compiled built-in templates (built-in-renderers.ts) call: Handlebars' semantics for the constructs they
// use, as incident-kit compiles templates (strict, no HTML escaping, the format helpers), without Handlebars.
// Internal.
import type { MessageFormat } from './format';

/**
 * A field of the context, as Handlebars' strict mode looks it up: a missing field throws (naming it, as
 * Handlebars does), an inherited one reads as missing a value.
 *
 * @param context - the current context
 * @param name - the field
 * @returns its value
 */
export function field(context: unknown, name: string): unknown {
  if (typeof context !== 'object' || context === null || !(name in context))
    throw new Error(`"${name}" not defined in ${String(context)}`);
  return Object.hasOwn(context, name) ? (context as Record<string, unknown>)[name] : undefined;
}

/**
 * A value as `{{value}}` writes it without HTML escaping: nothing for `null` and `undefined`.
 *
 * @param value - any value
 * @returns its text
 */
export function text(value: unknown): string {
  return value === null || value === undefined ? '' : `${value}`;
}

/**
 * Whether `{{#if value}}` takes its first branch: not for a falsy value (0 included) or an empty array.
 *
 * @param value - any value
 * @returns `true` for the first branch
 */
export function truthy(value: unknown): boolean {
  return Boolean(value) && !(Array.isArray(value) && value.length === 0);
}

/**
 * `{{#each list}}…{{else}}…{{/each}}`, as Handlebars' `each` does it: the first branch for each item of an array
 * (holes skipped), of an iterable, or each own value of an object; the `else` branch when there is none (for an
 * array: when it is empty).
 *
 * @param list - the value iterated
 * @param item - the first branch, given each item
 * @param none - the `else` branch
 * @returns the text
 */
export function each(list: unknown, item: (value: unknown) => string, none: () => string): string {
  if (typeof list !== 'object' || list === null) return none();
  let result = '';
  let count = 0;
  if (Array.isArray(list)) {
    for (; count < list.length; count++) if (count in list) result += item(list[count]);
  } else if (typeof (list as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') {
    for (const value of list as Iterable<unknown>) {
      result += item(value);
      count++;
    }
  } else {
    for (const key of Object.keys(list)) {
      result += item((list as Record<string, unknown>)[key]);
      count++;
    }
  }
  return count === 0 ? none() : result;
}

/**
 * `{{#b}}…{{/b}}`: bold in the format.
 *
 * @param format - the format
 * @param content - what is bold
 * @returns the text
 */
export function b(format: MessageFormat, content: string): string {
  if (format === 'slack') return `*${content}*`;
  return format === 'text' ? content : `**${content}**`;
}

/**
 * `{{#h1}}…{{/h1}}`: a Markdown heading, bold elsewhere.
 *
 * @param format - the format
 * @param content - the heading
 * @returns the text
 */
export function h1(format: MessageFormat, content: string): string {
  return format === 'markdown' ? `# ${content}` : b(format, content);
}

/**
 * `{{#h2}}…{{/h2}}`: a Markdown subheading, bold elsewhere.
 *
 * @param format - the format
 * @param content - the heading
 * @returns the text
 */
export function h2(format: MessageFormat, content: string): string {
  return format === 'markdown' ? `## ${content}` : b(format, content);
}

/**
 * `{{bullet}}`: a list item's marker in the format.
 *
 * @param format - the format
 * @returns the marker
 */
export function bullet(format: MessageFormat): string {
  return format === 'slack' ? '• ' : '- ';
}
