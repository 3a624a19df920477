import * as z from 'zod';

/**
 * Someone who takes part in an incident. `handle` is their chat handle as people write it (`'@jane-smith'` or
 * `'jane-smith'`); `slackUserId` (e.g. `'U024BE7LH'`) lets Slack messages mention them properly.
 *
 * @example
 * PersonSchema.parse({ id: 'jane', name: 'Jane Smith', handle: '@jane-smith' }).handle;
 * //=> '@jane-smith'
 */
export const PersonSchema = z.strictObject({
  /** Stable identifier in your system (user id, e-mail); compared to tell people apart. */
  id: z.string().trim().min(1, 'Person id must not be empty'),
  /** Display name. */
  name: z.string().trim().min(1, 'Person name must not be empty'),
  /** Chat handle, e.g. `@jane-smith`. */
  handle: z.string().trim().min(1).optional(),
  /** Slack member id, for real mentions in Slack messages. */
  slackUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids look like U024BE7LH')
    .optional(),
});

/**
 * A validated person.
 *
 * @example
 * const person: Person = { id: 'jane', name: 'Jane Smith' };
 * person.name;
 * //=> 'Jane Smith'
 */
export type Person = z.infer<typeof PersonSchema>;
