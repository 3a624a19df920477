import * as z from 'zod';

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
 * - `digest_mismatch`: a persisted envelope whose state does not match its digest: it was edited or corrupted after
 *   it was written. The digest is a checksum, not a signature: anyone can recompute it, so a match proves nothing
 *   about who wrote the state.
 * - `inconsistent_state`: an incident state that contradicts itself (its status, milestones, escalation or roles
 *   disagree with its own timeline and settings); `details.problems` lists each contradiction.
 * - `template_error`: a message template that does not compile, is too large or too deeply nested, or uses a field
 *   the data does not have.
 * - `event_id_conflict`: an event reuses the `id` of an event already applied, with different content (an
 *   idempotency key used for two different requests); `details` names the id and where it was applied.
 * - `actor_not_running`: an event sent to an incident actor that was not started yet, or was stopped.
 * - `listener_failed`: an effect listener of an incident actor threw; the actor delivered the step's other effects
 *   and reports this (`details.emitted` names what the listener was given, `cause` is what it threw).
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
  | 'digest_mismatch'
  | 'inconsistent_state'
  | 'template_error'
  | 'event_id_conflict'
  | 'actor_not_running'
  | 'listener_failed';

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
   * @param options - the offending `input`, for invalid input its `issues`, any `details`, and the `cause` (an
   *   error that led to this one)
   */
  constructor(
    code: ErrorCode,
    message: string,
    options: {
      input?: unknown;
      issues?: readonly InputIssue[];
      details?: Readonly<Record<string, unknown>>;
      cause?: unknown;
    } = {},
  ) {
    // Whatever a caller passes, constructing the error never throws: it is what reports bad input.
    const given: typeof options = typeof options === 'object' && options !== null ? options : {};
    super(
      typeof message === 'string' ? message : describeValue(message),
      'cause' in given ? { cause: given.cause } : {},
    );
    this.code = (typeof code === 'string' ? code : describeValue(code)) as ErrorCode;
    this.issues = Array.isArray(given.issues) ? given.issues : [];
    this.input = given.input;
    this.details = typeof given.details === 'object' && given.details !== null ? given.details : {};
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

  /**
   * What `JSON.stringify(error)` writes: name, code, message, issues and details. (An `Error`'s own `message` is
   * not enumerable, so without this a logged error would lose its sentence.) The offending `input` is left out: it
   * can be arbitrarily large, and the caller already has it.
   *
   * @returns a plain, JSON-safe object
   * @example
   * JSON.parse(JSON.stringify(new IncidentKitError('role_taken', 'incident_commander is held by jane'))).message;
   * //=> 'incident_commander is held by jane'
   */
  toJSON(): {
    name: string;
    code: ErrorCode;
    message: string;
    issues: readonly InputIssue[];
    details: Readonly<Record<string, unknown>>;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      issues: this.issues,
      details: this.details,
    };
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
 * @param what - a short noun for the message, e.g. `'impact assessment'` (or a function making it, called only for a
 *   message)
 * @returns the parsed (and normalised) value, or the error
 * @example
 * const result = safeParseInput(z.number().min(0), -1, 'count');
 * result.ok ? result.value : result.error.message;
 * //=> 'Invalid count:\n✖ Too small: expected number to be >=0'
 */
export function safeParseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string | (() => string),
): Result<z.output<S>> {
  let parsed: z.ZodSafeParseResult<z.output<S>>;
  try {
    parsed = schema.safeParse(input);
  } catch (error) {
    // A recursive schema (severity conditions) walks as deep as its input: 20,000 levels overflow the stack before
    // any depth limit in a refinement can refuse them.
    if (!(error instanceof RangeError)) throw error;
    return {
      ok: false,
      error: new IncidentKitError('invalid_input', `Invalid ${nameOf(what)}: nested too deeply to check`, {
        input,
      }),
    };
  }
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: toInputError(parsed.error, input, nameOf(what)) };
}

/** A name for messages, given as is or made only when a message needs it. */
function nameOf(what: string | (() => string)): string {
  return typeof what === 'string' ? what : what();
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

/**
 * A short description of any value for an error message: a string quoted and cut to `max` characters, a number or
 * other primitive as written, anything else by its kind (`an array of 3 items`, `an object`). It never throws and
 * never walks into the value, so a huge or 20,000-level-deep input cannot make a message huge or overflow the stack.
 * Internal: not exported from the package root.
 *
 * @param value - anything
 * @param max - the longest string shown, in characters
 * @returns the description
 * @example
 * describeValue('SEV 9') + ', ' + describeValue([1, 2, 3]);
 * //=> '"SEV 9", an array of 3 items'
 */
export function describeValue(value: unknown, max = 60): string {
  try {
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
      case 'bigint':
        return `${value}n`;
      case 'symbol':
        return value.toString();
      case 'function':
        return 'a function';
      case 'object':
        if (value === null) return 'null';
        if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
        return 'an object';
      default:
        return String(value);
    }
  } catch {
    return 'a value';
  }
}
