import { z } from 'zod';

/**
 * Every way an incident-kit operation can fail, as a literal union you can `switch` on.
 *
 * - `invalid_input`: the input did not match its schema; `issues` says which field and why.
 * - `unknown_role`: a role id that is not in the role catalog in use.
 * - `role_taken`: a single-holder role is already held by someone else (hand it off instead).
 * - `already_role_holder`: the person already holds that role.
 * - `not_role_holder`: the person named does not hold that role.
 * - `out_of_order`: a timestamp earlier than one already recorded.
 * - `transition_not_allowed`: the event is not accepted in the incident's current status (`details` has the status,
 *   the event type and the allowed events).
 * - `downgrade_needs_reason`: lowering the severity without saying why.
 * - `postmortem_incomplete`: closing while a required postmortem is not complete.
 * - `reopen_window_passed`: reopening too long after mitigation or resolution.
 * - `merge_into_self`: merging an incident into itself.
 * - `unknown_mitigation`: an outcome for a mitigation that was never started.
 * - `unsupported_version`: a persisted envelope of a version this release cannot read (and no migration given).
 * - `tampered`: a persisted envelope whose content does not match its digest or breaks the incident's invariants.
 * - `template_error`: a message template that does not compile, or uses a field the data does not have.
 *
 * @example
 * const code: ErrorCode = 'invalid_input';
 * code;
 * //=> 'invalid_input'
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_role'
  | 'role_taken'
  | 'already_role_holder'
  | 'not_role_holder'
  | 'out_of_order'
  | 'transition_not_allowed'
  | 'downgrade_needs_reason'
  | 'postmortem_incomplete'
  | 'reopen_window_passed'
  | 'merge_into_self'
  | 'unknown_mitigation'
  | 'unsupported_version'
  | 'tampered'
  | 'template_error';

/**
 * One problem with an input: where it is (`path`, e.g. `['impact', 'usersAffectedPercent']`) and what is wrong.
 *
 * @example
 * const issue: InputIssue = { path: ['usersAffectedPercent'], message: 'Too big: expected number to be <=100' };
 * issue.path.join('.');
 * //=> 'usersAffectedPercent'
 */
export interface InputIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

// Registered in the global symbol registry, so every copy of the package brands its errors with the same symbol.
const ERROR_BRAND: unique symbol = Symbol.for('incident-kit.error') as never;

/**
 * The single error type of incident-kit. Expected failures are returned as `{ ok: false, error }` values holding
 * one of these; functions without a failure mode of their own throw it for invalid arguments.
 *
 * @example
 * const error = new IncidentKitError('role_taken', 'incident_commander is held by jane');
 * [error.code, error.name];
 * //=> ['role_taken', 'IncidentKitError']
 */
export class IncidentKitError extends Error {
  override readonly name = 'IncidentKitError';
  /** The brand {@link isIncidentKitError} checks: the same symbol in every copy of the package. */
  readonly [ERROR_BRAND] = true;
  /** What kind of failure this is. */
  readonly code: ErrorCode;
  /** For `invalid_input`: every field that was wrong, with the reason. */
  readonly issues: readonly InputIssue[];
  /** The offending input, kept so a caller can log or retry it. */
  readonly input: unknown;
  /** Facts about the failure, e.g. `{ status, event, allowed }` for `transition_not_allowed`. */
  readonly details: Readonly<Record<string, unknown>>;

  /**
   * @param code - the failure kind
   * @param message - a sentence a person can act on
   * @param options - the offending `input`, for invalid input its `issues`, and any `details`
   */
  constructor(
    code: ErrorCode,
    message: string,
    options: {
      input?: unknown;
      issues?: readonly InputIssue[];
      details?: Readonly<Record<string, unknown>>;
    } = {},
  ) {
    super(message);
    this.code = code;
    this.issues = options.issues ?? [];
    this.input = options.input;
    this.details = options.details ?? {};
  }

  /**
   * `instanceof` holds for an error from any copy of incident-kit (its ESM and CommonJS builds, or two installed
   * versions), by checking the brand rather than the prototype chain.
   *
   * @param value - anything
   * @returns whether it is an incident-kit error
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isIncidentKitError(value);
  }
}

/**
 * Whether a value is an {@link IncidentKitError}, from this copy of incident-kit or any other: a `require()` and an
 * `import` of the package load two copies of the class, so a plain prototype check can fail across them. The check
 * looks for a brand registered with `Symbol.for('incident-kit.error')`.
 *
 * @param value - anything, e.g. what a `catch` caught
 * @returns `true` for an incident-kit error
 * @example
 * isIncidentKitError(new IncidentKitError('invalid_input', 'Bad severity'));
 * //=> true
 */
export function isIncidentKitError(value: unknown): value is IncidentKitError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { readonly [ERROR_BRAND]?: unknown })[ERROR_BRAND] === true
  );
}

/**
 * A result that is either the new value or the reason it could not be produced.
 *
 * @example
 * const result: Result<number> = { ok: true, value: 2 };
 * result.ok;
 * //=> true
 */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: IncidentKitError };

/**
 * Validates `input` against `schema` and returns the parsed value, or an `invalid_input` error whose message names
 * every wrong field and why (zod's `prettifyError` text, prefixed with `what`).
 *
 * @param schema - the zod schema to check against
 * @param input - untrusted data
 * @param what - a short noun for the message, e.g. `'impact assessment'`
 * @returns the parsed (and normalised) value, or the error
 * @example
 * const result = safeParseInput(z.number().min(0), -1, 'count');
 * result.ok ? result.value : result.error.message;
 * //=> 'Invalid count:\n✖ Too small: expected number to be >=0'
 */
export function safeParseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: toInputError(parsed.error, input, what) };
}

/**
 * Like {@link safeParseInput} but throws the `invalid_input` {@link IncidentKitError}. For functions whose only
 * failure is a caller passing the wrong shape.
 *
 * @param schema - the zod schema to check against
 * @param input - untrusted data
 * @param what - a short noun for the message
 * @returns the parsed value
 * @example
 * parseInput(z.string().min(1), 'SEV2', 'severity');
 * //=> 'SEV2'
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = safeParseInput(schema, input, what);
  if (!result.ok) throw result.error;
  return result.value;
}

function toInputError(error: z.ZodError, input: unknown, what: string): IncidentKitError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
  return new IncidentKitError('invalid_input', `Invalid ${what}:\n${z.prettifyError(error)}`, {
    input,
    issues,
  });
}
