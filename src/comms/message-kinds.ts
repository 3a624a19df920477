/**
 * The names of the built-in messages.
 *
 * @example
 * MESSAGE_KINDS.includes('postmortem');
 * //=> true
 */
export const MESSAGE_KINDS = [
  'internal_update',
  'tactical_update',
  'executive_summary',
  'status_page_update',
  'resolution_update',
  'handoff_brief',
  'postmortem',
] as const;

/**
 * A built-in message name.
 *
 * @example
 * const kind: BuiltInMessageKind = 'status_page_update';
 * kind;
 * //=> 'status_page_update'
 */
export type BuiltInMessageKind = (typeof MESSAGE_KINDS)[number];
