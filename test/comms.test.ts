import {
  checkCommunication,
  deriveExecutiveSummary,
  deriveHandoffBrief,
  deriveInternalUpdate,
  derivePostmortem,
  deriveResolutionUpdate,
  deriveStatusPageUpdate,
  deriveTacticalUpdate,
  IncidentKitError,
  incidentChannelName,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  renderStatusPageUpdate,
} from 'incident-kit';
import { formatDuration, formatDurationBetween, formatTimestamp, slugify } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { at, seedAfter, seedAt, seedEvents, step } from './fixtures/incident';
import { seedResolutionUpdate } from './fixtures/messages';
import { jane, sam } from './fixtures/seed';

describe('formatDuration', () => {
  it.each([
    [0, 'less than a minute'],
    [1_000, 'less than a minute'],
    [45_000, 'less than a minute'],
    [59_999, 'less than a minute'],
    [60_000, '1 minute'],
    [45 * 60_000, '45 minutes'],
    [65 * 60_000, '1 hour 5 minutes'],
    [120 * 60_000, '2 hours'],
    [(26 * 60 + 1) * 60_000, '1 day 2 hours 1 minute'],
    [89_999, '1 minute'],
    [-5, 'less than a minute'],
  ])('formats %i ms as %s', (ms, words) => {
    expect(formatDuration(ms)).toBe(words);
  });

  it('computes across month ends from milliseconds', () => {
    expect(formatDurationBetween('2024-01-31T23:30:00Z', '2024-03-01T00:15:00+01:00')).toBe(
      '28 days 23 hours 45 minutes',
    );
  });
});

describe('formatTimestamp', () => {
  it('shows UTC by default and a named zone on request, across DST', () => {
    expect(formatTimestamp('2024-01-15T14:30:00Z')).toBe('2024-01-15 14:30 UTC');
    expect(formatTimestamp('2024-07-15T14:30:00Z', { timeZone: 'America/New_York' })).toBe(
      '2024-07-15 10:30 America/New_York',
    );
  });
});

describe('incidentChannelName', () => {
  it('builds the seed channel name', () => {
    expect(incidentChannelName({ date: '2024-01-15T14:20:00Z', title: 'Auth down' })).toBe(
      'incident-2024-01-15-auth-down',
    );
  });

  it('folds accents, drops emoji and punctuation, and cuts long titles at a word', () => {
    expect(slugify('Zürich Søk: Ärger mit „Anmeldung“ 🔥!!')).toBe('zurich-sok-arger-mit-anmeldung');
    const long = incidentChannelName({ date: '2024-01-15T14:20:00Z', title: 'payment service '.repeat(12) });
    expect(long).toBe('incident-2024-01-15-payment-service-payment-service-payment-service-payment');
    expect(incidentChannelName({ date: '2024-01-15T14:20:00Z', title: '🔥🔥 !!! 🔥' })).toBe(
      'incident-2024-01-15',
    );
    expect(incidentChannelName({ date: '2024-01-15T23:20:00-05:00', slug: 'db' })).toBe(
      'incident-2024-01-16-db',
    );
  });

  it('needs a title or a slug', () => {
    expect(() => incidentChannelName({ date: '2024-01-15T14:20:00Z' })).toThrow(/Give a title or a slug/);
  });
});

describe('deriving messages from an incident', () => {
  const mitigating = seedAfter(11); // mitigation m1 succeeded, internal update at +25 promising 15 minutes

  it('derives the internal update at a given time', () => {
    expect(deriveInternalUpdate(seedAfter(9), { now: at(15) })).toEqual({
      title: 'Auth Service Degraded',
      severity: 'SEV2',
      status: 'Mitigating',
      commander: jane,
      impact: ['Login failures for ~30% of users', 'API returning 503 errors'],
      actions: ['DBA scaling up connection limits'],
      nextUpdateInMinutes: 10,
    });
    expect(
      renderInternalUpdate(deriveInternalUpdate(mitigating, { now: at(30) }), { format: 'text' }),
    ).toContain('Next Update: 10 minutes');
  });

  it('derives the CAN update and names the roles still needed', () => {
    const early = seedAfter(4); // IC assigned, Communications Lead and SME not yet
    expect(deriveTacticalUpdate(early).needs).toEqual(['A Communications Lead', 'A Subject Matter Expert']);
  });

  it('derives the executive summary and the status page post', () => {
    expect(deriveExecutiveSummary(mitigating, { now: at(30) })).toMatchObject({
      startedAt: at(0),
      now: at(30),
      status: 'Mitigating',
    });
    expect(deriveStatusPageUpdate(mitigating, { now: at(31) })).toMatchObject({
      status: 'identified',
      postedAt: at(31),
      nextUpdateInMinutes: 20,
    });
  });

  it('never puts the internal title or alert text in a status-page post by default', () => {
    const alertTitled = { ...mitigating, title: 'Login error rate above 5% on auth-service' };
    const post = deriveStatusPageUpdate(alertTitled, { now: at(31), status: 'investigating' });
    expect(post).toMatchObject({
      title: 'Service disruption',
      message: 'We are aware of an issue affecting some of our services.',
    });
    const rendered = renderStatusPageUpdate(post, { format: 'text' });
    expect(rendered).not.toContain('auth-service');
    expect(rendered).not.toContain('Login error rate');
    const resolved = deriveStatusPageUpdate(
      { ...seedAt('resolve'), title: 'Login error rate above 5% on auth-service' },
      { now: at(46) },
    );
    expect(resolved).toMatchObject({
      title: 'Service disruption',
      status: 'resolved',
      message: 'Our services are operating normally again.',
    });
    expect(deriveStatusPageUpdate(mitigating, { now: at(31), title: 'Authentication Issues' }).title).toBe(
      'Authentication Issues',
    );
  });

  it('lists no finished work as current actions once the incident is resolved', () => {
    // Resolved while the scale-up (m1) never got an outcome recorded.
    const resolved = step(seedAfter(9), {
      type: 'resolve',
      at: at(45),
      by: jane,
      summary: 'Recovered',
      dataLoss: 'none',
    }).state;
    expect(resolved.mitigations.some((mitigation) => mitigation.outcome === undefined)).toBe(true);
    const update = deriveInternalUpdate(resolved, { now: at(46) });
    expect(update.actions).toEqual(['None, the incident is resolved']);
    const text = renderInternalUpdate(update, { format: 'text' });
    expect(text).toContain('Current Actions:\n- None, the incident is resolved\nNext Update:');
    for (const mitigation of resolved.mitigations) expect(text).not.toContain(mitigation.description);
    expect(deriveTacticalUpdate(resolved).actions).toEqual([]);
    expect(deriveExecutiveSummary(resolved, { now: at(46) }).nextSteps).toEqual([]);
  });

  it('derives the resolution, which renders like the seed', () => {
    const resolved = seedAt('resolve');
    const data = deriveResolutionUpdate(resolved, { affected: '~30% of login attempts' });
    expect(data).toMatchObject({ startedAt: at(0), resolvedAt: at(45), dataLoss: 'none' });
    expect(renderResolutionUpdate(data, { format: 'text' })).toContain(
      'No data was lost.\nDuration: 45 minutes',
    );
    expect(() => deriveResolutionUpdate(mitigating)).toThrow(IncidentKitError);
  });

  it('derives the handoff brief from the current holder', () => {
    expect(deriveHandoffBrief(mitigating, { to: sam, now: at(40) })).toMatchObject({
      from: jane,
      to: sam,
      role: 'Incident Commander',
    });
  });

  it('fills the postmortem timeline and time in severity from the incident', () => {
    const data = derivePostmortem(seedAfter(seedEvents.length), { wentWell: ['Fast acknowledgement'] });
    expect(data.timeInSeverity).toEqual([{ severity: 'SEV2', ms: 45 * 60_000 }]);
    expect(data.timeline?.[1]).toEqual({ at: at(2), event: 'Jane Smith acknowledged' });
    expect(data.actionItems).toEqual([
      { title: 'Alert on connection pool saturation', owner: expect.objectContaining({ id: 'ola' }) },
    ]);
    const doc = renderPostmortem(data);
    expect(doc).toContain('- Time in SEV2: 45 minutes');
    expect(doc).toContain('| 2024-01-15 14:22 | Jane Smith acknowledged |');
    expect(doc).toContain('- Fast acknowledgement');
  });
});

describe('checkCommunication', () => {
  it('flags an internal update without a next update and a resolution without a data-loss statement', () => {
    expect(
      checkCommunication({
        message: 'internal_update',
        data: { title: 'x', severity: 'SEV2', status: 'Investigating', nextUpdateInMinutes: null },
      }).issues.map((issue) => issue.code),
    ).toEqual(['no_next_update']);
    expect(checkCommunication({ message: 'resolution_update', data: seedResolutionUpdate }).issues).toEqual([
      {
        code: 'no_data_loss_statement',
        message: 'The resolution does not say whether any data was lost; state it plainly',
      },
    ]);
    expect(
      checkCommunication({
        message: 'resolution_update',
        data: { ...seedResolutionUpdate, dataLoss: 'none' },
      }),
    ).toEqual({
      ok: true,
      issues: [],
    });
  });

  it('flags a public post without a next update unless it is the resolution', () => {
    const post = { title: 'x', status: 'identified', message: 'm', postedAt: at(0) } as const;
    expect(checkCommunication({ message: 'status_page_update', data: post }).ok).toBe(false);
    expect(
      checkCommunication({ message: 'status_page_update', data: { ...post, status: 'resolved' } }).ok,
    ).toBe(true);
  });

  it('flags a SEV2 with no public post and overdue updates', () => {
    const noPublicPost = seedAfter(6); // SEV2, roles assigned, nothing posted yet
    expect(
      checkCommunication({ incident: noPublicPost, now: at(40) }).issues.map((issue) => [
        issue.code,
        issue.dueAt,
      ]),
    ).toEqual([
      ['internal_update_overdue', at(32)],
      ['external_update_overdue', at(7)],
      ['executive_summary_overdue', at(32)],
      ['no_public_post', undefined],
    ]);
  });

  it('is satisfied by the seed incident while it keeps its promises', () => {
    expect(checkCommunication({ incident: seedAfter(8), now: at(11) })).toEqual({ ok: true, issues: [] });
  });
});
