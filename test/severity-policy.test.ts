import { tz } from '@date-fns/tz';
import { addBusinessDays, addDays } from 'date-fns';
import fc from 'fast-check';
import {
  compareSeverity,
  DEFAULT_SEVERITY_POLICIES,
  defineSeverityPolicies,
  getExternalUpdateInterval,
  getPostmortemDue,
  getSeverityPolicy,
  IncidentKitError,
  type Severity,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { severityArb } from './arbitraries/impact';
import { prop } from './support/prop';
import { propertyRuns } from './support/property-runs';

const orInfinity = (minutes: number | null) => minutes ?? Number.POSITIVE_INFINITY;

describe('getSeverityPolicy', () => {
  it('obliges a SEV1 to the full process', () => {
    expect(getSeverityPolicy('SEV1')).toEqual({
      page: 'high_urgency',
      ackWithinMinutes: 5,
      pageAdditionalResponders: true,
      requiredRoles: ['incident_commander', 'communications_lead', 'subject_matter_expert'],
      commanderMayActAsSme: false,
      internalUpdateEveryMinutes: 15,
      publicCommunicationRequired: true,
      externalUpdates: {
        firstPostWithinMinutes: 5,
        everyMinutes: 20,
        forFirstMinutes: 120,
        thenEveryMinutes: 60,
      },
      executiveSummaryEveryMinutes: 30,
      postmortem: { required: true, due: { amount: 3, unit: 'calendar_days' } },
      renotifyEveryMinutes: 5,
      updateReminders: { everyMinutes: 5, max: 3 },
    });
  });

  it('gives SEV2 internal updates every 30 minutes and a postmortem in 5 business days', () => {
    const policy = getSeverityPolicy('SEV2');
    expect(policy.internalUpdateEveryMinutes).toBe(30);
    expect(policy.postmortem).toEqual({ required: true, due: { amount: 5, unit: 'business_days' } });
    expect(policy.pageAdditionalResponders).toBe(true);
  });

  it('pages the owning team for SEV3, pages at low urgency for SEV4 and opens a ticket for SEV5', () => {
    expect(getSeverityPolicy('SEV3')).toMatchObject({
      page: 'high_urgency',
      pageAdditionalResponders: false,
    });
    expect(getSeverityPolicy('SEV4')).toMatchObject({ page: 'low_urgency', ackWithinMinutes: 30 });
    expect(getSeverityPolicy('SEV5')).toMatchObject({
      page: 'none',
      ackWithinMinutes: null,
      requiredRoles: [],
    });
  });

  it('rejects an unknown severity', () => {
    expect(() => getSeverityPolicy('SEV0' as Severity)).toThrow(IncidentKitError);
  });

  prop([severityArb, severityArb])(
    'never gives a more severe level a later ack deadline or slower cadence',
    (a, b) => {
      if (compareSeverity(a, b) <= 0) return;
      const [severe, milder] = [getSeverityPolicy(a), getSeverityPolicy(b)];
      expect(orInfinity(severe.ackWithinMinutes)).toBeLessThanOrEqual(orInfinity(milder.ackWithinMinutes));
      expect(orInfinity(severe.internalUpdateEveryMinutes)).toBeLessThanOrEqual(
        orInfinity(milder.internalUpdateEveryMinutes),
      );
      expect(orInfinity(severe.executiveSummaryEveryMinutes)).toBeLessThanOrEqual(
        orInfinity(milder.executiveSummaryEveryMinutes),
      );
      expect(severe.externalUpdates.everyMinutes).toBeLessThanOrEqual(milder.externalUpdates.everyMinutes);
      if (milder.postmortem.required) expect(severe.postmortem.required).toBe(true);
      if (milder.publicCommunicationRequired) expect(severe.publicCommunicationRequired).toBe(true);
      for (const role of milder.requiredRoles) expect(severe.requiredRoles).toContain(role);
    },
  );
});

describe('defineSeverityPolicies', () => {
  it('overrides single fields, nested ones included, and keeps the rest', () => {
    const table = defineSeverityPolicies({
      SEV2: { internalUpdateEveryMinutes: 20, externalUpdates: { everyMinutes: 15 } },
    });
    expect(table.SEV2.internalUpdateEveryMinutes).toBe(20);
    expect(table.SEV2.externalUpdates).toEqual({
      ...DEFAULT_SEVERITY_POLICIES.SEV2.externalUpdates,
      everyMinutes: 15,
    });
    expect(table.SEV1).toEqual(DEFAULT_SEVERITY_POLICIES.SEV1);
    expect(getSeverityPolicy('SEV2', table).internalUpdateEveryMinutes).toBe(20);
  });

  it('overrides the re-notify and reminder cadences, one reminder field at a time', () => {
    const table = defineSeverityPolicies({
      SEV2: { renotifyEveryMinutes: null, updateReminders: { max: 5 } },
    });
    expect(table.SEV2.renotifyEveryMinutes).toBeNull();
    expect(table.SEV2.updateReminders).toEqual({ everyMinutes: 10, max: 5 });
  });

  it('fills the re-notify and reminder cadences with their defaults in a table written without them', () => {
    const { renotifyEveryMinutes: _r, updateReminders: _u, ...older } = DEFAULT_SEVERITY_POLICIES.SEV3;
    const table = defineSeverityPolicies({}, { ...DEFAULT_SEVERITY_POLICIES, SEV3: older as never });
    expect(table.SEV3).toMatchObject({
      renotifyEveryMinutes: 5,
      updateReminders: { everyMinutes: 10, max: 3 },
    });
  });

  it('does not change the default table', () => {
    const before = structuredClone(DEFAULT_SEVERITY_POLICIES);
    defineSeverityPolicies({ SEV1: { ackWithinMinutes: 1, postmortem: { required: false } } });
    expect(DEFAULT_SEVERITY_POLICIES).toEqual(before);
  });

  it('names the field that is wrong', () => {
    try {
      defineSeverityPolicies({ SEV2: { ackWithinMinutes: -1 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IncidentKitError);
      expect((error as IncidentKitError).issues[0]?.path).toEqual(['SEV2', 'ackWithinMinutes']);
      expect((error as IncidentKitError).message).toContain('→ at SEV2.ackWithinMinutes');
    }
  });

  it('rejects overrides for a level that does not exist', () => {
    expect(() => defineSeverityPolicies({ SEV7: {} } as never)).toThrow(/SEV7/);
  });
});

describe('getExternalUpdateInterval', () => {
  it('is 20 minutes for the first two hours, then hourly', () => {
    const policy = getSeverityPolicy('SEV1');
    expect(getExternalUpdateInterval(policy, 0)).toBe(20);
    expect(getExternalUpdateInterval(policy, 119)).toBe(20);
    expect(getExternalUpdateInterval(policy, 120)).toBe(60);
  });
});

describe('getPostmortemDue', () => {
  // The UTC path counts days without date-fns; it must give what date-fns gives in UTC, for every unit and amount.
  prop(
    [
      fc.date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('9000-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.integer({ min: 0, max: 365 }),
      fc.constantFrom('calendar_days' as const, 'business_days' as const),
    ],
    { numRuns: propertyRuns(3000) },
  )('counts UTC days as date-fns does in UTC', (date, amount, unit) => {
    const context = { in: tz('UTC') };
    const expected = (
      unit === 'calendar_days' ? addDays(date, amount, context) : addBusinessDays(date, amount, context)
    ).getTime();
    const policy = { ...getSeverityPolicy('SEV2'), postmortem: { required: true, due: { amount, unit } } };
    expect(getPostmortemDue(policy, date.toISOString())).toBe(new Date(expected).toISOString());
  });

  it('is 3 calendar days after resolution for SEV1', () => {
    expect(getPostmortemDue(getSeverityPolicy('SEV1'), '2024-01-19T15:00:00Z')).toBe(
      '2024-01-22T15:00:00.000Z',
    );
  });

  it('skips the weekend for SEV2 business days', () => {
    // Friday 2024-01-19 + 5 business days = Friday 2024-01-26; Saturday + 1 business day = Monday.
    expect(getPostmortemDue(getSeverityPolicy('SEV2'), '2024-01-19T15:00:00Z')).toBe(
      '2024-01-26T15:00:00.000Z',
    );
    const oneDay = defineSeverityPolicies({
      SEV2: { postmortem: { due: { amount: 1, unit: 'business_days' } } },
    });
    expect(getPostmortemDue(getSeverityPolicy('SEV2', oneDay), '2024-01-20T10:00:00Z')).toBe(
      '2024-01-22T10:00:00.000Z',
    );
  });

  it('counts days in the team time zone when given one, across a DST change', () => {
    const sev1 = getSeverityPolicy('SEV1');
    // 11:00 in Oslo on 29 March; three days later it is still 11:00 in Oslo, now summer time (09:00 UTC).
    expect(getPostmortemDue(sev1, '2024-03-29T10:00:00Z', { timeZone: 'Europe/Oslo' })).toBe(
      '2024-04-01T09:00:00.000Z',
    );
    expect(getPostmortemDue(sev1, '2024-03-29T10:00:00Z')).toBe('2024-04-01T10:00:00.000Z');
    // Friday 23:30 UTC is already Saturday in Oslo, so one business day there lands on Monday 00:30 Oslo time.
    const oneDay = defineSeverityPolicies({
      SEV2: { postmortem: { due: { amount: 1, unit: 'business_days' } } },
    });
    const sev2 = getSeverityPolicy('SEV2', oneDay);
    expect(getPostmortemDue(sev2, '2024-01-19T23:30:00Z', { timeZone: 'Europe/Oslo' })).toBe(
      '2024-01-21T23:30:00.000Z',
    );
    expect(getPostmortemDue(sev2, '2024-01-19T23:30:00Z')).toBe('2024-01-22T23:30:00.000Z');
  });

  it('is null when the level sets no due date', () => {
    expect(getPostmortemDue(getSeverityPolicy('SEV4'), '2024-01-19T15:00:00Z')).toBeNull();
  });

  prop([
    fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 30 }),
  ])('lands on a weekday at least n days later for business days', (resolved, amount) => {
    const table = defineSeverityPolicies({
      SEV2: { postmortem: { due: { amount, unit: 'business_days' } } },
    });
    const resolvedAt = resolved.toISOString();
    const due = getPostmortemDue(getSeverityPolicy('SEV2', table), resolvedAt);
    expect(due).not.toBeNull();
    const days = (Date.parse(due as string) - resolved.getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(amount);
    expect(days).toBeLessThanOrEqual(amount + 2 + 2 * Math.ceil(amount / 5));
    if (amount > 0) expect([0, 6]).not.toContain(new Date(due as string).getUTCDay());
  });
});
