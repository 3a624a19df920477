import { IncidentKitError, isIncidentKitError } from 'incident-kit';
import { describe, expect, it } from 'vitest';

const BRAND: unique symbol = Symbol.for('incident-kit.error') as never;

/** An error made by another copy of the package: a different class whose instances carry the same brand. */
function errorFromAnotherCopy(): Error {
  class OtherCopy extends Error {
    readonly [BRAND] = true;
    readonly code = 'invalid_input';
  }
  return new OtherCopy('from the CommonJS build');
}

describe('isIncidentKitError', () => {
  it('recognises errors from this copy and from another copy of the package', () => {
    expect(isIncidentKitError(new IncidentKitError('invalid_input', 'x'))).toBe(true);
    expect(isIncidentKitError(errorFromAnotherCopy())).toBe(true);
  });

  it('refuses other errors and non-errors', () => {
    for (const value of [new Error('x'), new TypeError('x'), null, undefined, 'IncidentKitError', {}, 42]) {
      expect(isIncidentKitError(value)).toBe(false);
    }
    expect(isIncidentKitError({ [BRAND]: 'yes' })).toBe(false);
  });
});

describe('IncidentKitError', () => {
  it('answers instanceof for an error from another copy of the package', () => {
    expect(errorFromAnotherCopy() instanceof IncidentKitError).toBe(true);
    expect(new Error('x') instanceof IncidentKitError).toBe(false);
    expect(new IncidentKitError('digest_mismatch', 'x') instanceof Error).toBe(true);
  });
});
