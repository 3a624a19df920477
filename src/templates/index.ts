/**
 * Custom message templates: replace a built-in message's template, or add messages of your own, as Handlebars
 * sources compiled in isolated environments (strict, only the library's helpers, no HTML escaping, no prototype
 * access). The root's `render*` functions need none of this: their templates are compiled ahead of time, so a
 * bundle that only renders the built-in messages ships no template compiler.
 *
 * @packageDocumentation
 */
export { createRenderer, type Renderer, type TemplateOverrides } from '../comms/renderer';
export { BUILT_IN_TEMPLATES } from '../comms/templates';
