// The signature check compares digests only through `constantTimeEqual` (whose own test shows it reads every
// position whatever differs): here it is wrapped to record each comparison, so a check that compared with `===`,
// or stopped at the first signature that matched, fails.
import { verifyPagerDutySignature } from 'incident-kit/integrations';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtureJson, fixtureText } from './helpers';

const comparisons = vi.hoisted(() => [] as { expected: number; actual: number; equal: boolean }[]);

vi.mock('../../src/integrations/internal/timing', async (original) => {
  const actual = await original<typeof import('../../src/integrations/internal/timing')>();
  return {
    constantTimeEqual: (expected: ArrayLike<number>, given: ArrayLike<number>) => {
      const equal = actual.constantTimeEqual(expected, given);
      comparisons.push({ expected: expected.length, actual: given.length, equal });
      return equal;
    },
  };
});

const vector = fixtureJson<{ secret: string; body_file: string; expected_hmac_hex: string }>(
  'pagerduty-webhook-v3-signature-vector.json',
);
const body = fixtureText(vector.body_file);
const valid = `v1=${vector.expected_hmac_hex}`;
const wrong = `v1=${'0'.repeat(64)}`;

describe('verifyPagerDutySignature compares in constant time', () => {
  beforeEach(() => {
    comparisons.length = 0;
  });

  it('compares the whole 64-digit digest, once per signature and secret', async () => {
    expect(await verifyPagerDutySignature(body, valid, vector.secret)).toBe(true);
    expect(comparisons).toEqual([{ expected: 64, actual: 64, equal: true }]);
  });

  it('goes on comparing after a match: every signature against every secret (key rotation)', async () => {
    expect(await verifyPagerDutySignature(body, `${valid},${wrong}`, [vector.secret, 'old-secret'])).toBe(
      true,
    );
    expect(comparisons.map((comparison) => comparison.equal)).toEqual([true, false, false, false]);
  });

  it('refuses a wrong signature through the same comparison', async () => {
    expect(await verifyPagerDutySignature(body, wrong, vector.secret)).toBe(false);
    expect(comparisons).toEqual([{ expected: 64, actual: 64, equal: false }]);
  });
});
