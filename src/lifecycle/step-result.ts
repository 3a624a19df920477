import type { IncidentKitError } from '../errors';
import type { IncidentEffect } from './incident-effect';
import type { IncidentState } from './incident-state';

/**
 * The outcome of one step: the new state and what the host should do, or why the event was refused (the
 * incident is then exactly as it was). `duplicate` is `true` when the event's `id` had already been applied.
 *
 * @example
 * const refused: StepResult = { ok: false, error: new IncidentKitError('out_of_order', 'Too early') };
 * refused.ok;
 * //=> false
 */
export type StepResult =
  | {
      readonly ok: true;
      readonly state: IncidentState;
      readonly effects: readonly IncidentEffect[];
      readonly duplicate?: boolean;
    }
  | { readonly ok: false; readonly error: IncidentKitError };
