import { readFileSync } from 'node:fs';
import {
  applyEvent,
  getDeadlines,
  INCIDENT_ENVELOPE_VERSION,
  type IncidentState,
  restoreIncident,
  serializeIncident,
  validateIncidentState,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../src/lifecycle/digest';
import { checkIncidentInvariants } from '../src/lifecycle/invariants';
import { STORED_SETTINGS_DEFAULTS } from '../src/lifecycle/persistence';
import { at, declare, seedAfter, seedEvents, T0 } from './fixtures/incident';

const v1 = JSON.parse(readFileSync('test/fixtures/incident-envelopes-v1.json', 'utf8'));

const state = seedAfter(seedEvents.length);

describe('serializeIncident and restoreIncident', () => {
  it('round-trips through JSON', () => {
    const text = JSON.stringify(serializeIncident(state));
    const restored = restoreIncident(text);
    expect(restored).toEqual({ ok: true, value: state });
    expect(restoreIncident(JSON.parse(text))).toEqual({ ok: true, value: state });
  });

  it('leaves the settings equal to the defaults out of the envelope, and puts them back', () => {
    const envelope = serializeIncident(state);
    expect((envelope.state as IncidentState).settings).toEqual({});
    const full = JSON.stringify({ ...envelope, state }).length;
    const stored = JSON.stringify(envelope).length;
    // The example incident's envelope was 16.4 kB, 5.4 kB of it copied default settings.
    expect(full - stored).toBeGreaterThan(5_000);
    expect(restoreIncident(JSON.stringify(envelope))).toEqual({ ok: true, value: state });
  });

  it('keeps the settings an incident changed, and only those', () => {
    const custom = declare({
      id: 'INC-C',
      title: 'Custom',
      at: T0,
      severity: 'SEV3',
      settings: { reopenWindowMinutes: 60, policies: { ...state.settings.policies } },
    });
    const settings = (serializeIncident(custom).state as IncidentState).settings;
    // The policies were copied, not changed: equal to the defaults, they are left out too.
    expect(settings).toEqual({ reopenWindowMinutes: 60 });
    expect(restoreIncident(JSON.stringify(serializeIncident(custom)))).toEqual({ ok: true, value: custom });
  });

  it('reads a version-2 envelope, which wrote every setting', () => {
    const v2 = { format: 'incident-kit/incident', version: 2, digest: digestOf(state), state };
    expect(restoreIncident(JSON.stringify(v2))).toEqual({ ok: true, value: state });
  });

  it('leaves out exactly the defaults of envelope version 3, which must never change', () => {
    // If this fails, a default changed: version-3 envelopes written before would restore with the new default.
    // Bump INCIDENT_ENVELOPE_VERSION and add a migration from 3 that writes the old values into the settings.
    expect(INCIDENT_ENVELOPE_VERSION).toBe(3);
    expect(digestOf(STORED_SETTINGS_DEFAULTS)).toBe('fnv1a:702a06595f1c1899');
  });

  it('writes a versioned envelope with a digest', () => {
    const envelope = serializeIncident(state);
    expect(envelope).toMatchObject({ format: 'incident-kit/incident', version: INCIDENT_ENVELOPE_VERSION });
    expect(envelope.digest).toMatch(/^fnv1a:[0-9a-f]{16}$/);
  });

  it('refuses an envelope edited after it was written as digest_mismatch', () => {
    const text = JSON.stringify(serializeIncident(state)).replace('"severity":"SEV2"', '"severity":"SEV4"');
    const restored = restoreIncident(text);
    expect(restored.ok || restored.error.code).toBe('digest_mismatch');
  });

  it('reads an envelope written with a byte-order mark', () => {
    const restored = restoreIncident(`\ufeff${JSON.stringify(serializeIncident(state))}`);
    expect(restored).toEqual({ ok: true, value: state });
  });

  it('checks the schema before the digest, so a 20,000-level state is refused without overflowing the stack', () => {
    let deep: unknown = 'bottom';
    for (let depth = 0; depth < 20_000; depth++) deep = { a: deep };
    for (const version of [INCIDENT_ENVELOPE_VERSION, 1]) {
      const result = restoreIncident({ ...serializeIncident(state), version, state: { ...state, deep } });
      expect(result.ok || result.error.code).toBe('invalid_input');
      expect(JSON.stringify(result).length).toBeLessThan(20_000);
    }
  });

  it('refuses a migration that throws, or one that is not a function, without throwing', () => {
    const older = { ...v1.closed, version: 0 };
    const thrown = new Error('bad row');
    const failed = restoreIncident(older, {
      migrations: {
        0: () => {
          throw thrown;
        },
      },
    });
    expect(failed.ok || [failed.error.code, failed.error.cause]).toEqual(['unsupported_version', thrown]);
    for (const options of [null, { migrations: 'none' }, { migrations: { 0: 'x' } }]) {
      const refused = restoreIncident(older, options as never);
      expect(refused.ok || refused.error.code).toBe('invalid_input');
    }
  });

  it('refuses a newer version, and an older one without a migration', () => {
    const newer = { ...serializeIncident(state), version: INCIDENT_ENVELOPE_VERSION + 1 };
    const result = restoreIncident(newer);
    expect(result.ok || [result.error.code, result.error.message]).toEqual([
      'unsupported_version',
      'Envelope version 4 is newer than this release reads (3)',
    ]);
    const older = { ...serializeIncident(state), version: 0 };
    const refused = restoreIncident(older);
    expect(refused.ok || [refused.error.code, refused.error.message]).toEqual([
      'unsupported_version',
      'No migration from envelope version 0 to 1',
    ]);
  });

  it('runs migrations for older versions and validates what they return', () => {
    // A version-0 envelope whose migration yields the version-1 form of the seed incident.
    const older = { ...v1.closed, version: 0 };
    const migrated = restoreIncident(older, { migrations: { 0: (old) => old } });
    expect(migrated.ok && migrated.value.status).toBe('closed');
    const broken = restoreIncident(older, { migrations: { 0: () => ({ id: 'x' }) } });
    expect(broken.ok || broken.error.code).toBe('invalid_input');
  });
});

describe('restoreIncident from version 1', () => {
  // Written by the version-1 release (commit f6160f0) with serializeIncident, as a store would hold them.
  it('upgrades a closed incident: ids move to the timeline, the resolution is fixed, reminders count 1', () => {
    const restored = restoreIncident(JSON.stringify(v1.closed));
    if (!restored.ok) throw restored.error;
    const incident = restored.value;
    expect(incident).not.toHaveProperty('appliedEventIds');
    expect(incident.resolution).toMatchObject({
      kind: 'fixed',
      summary: 'The authentication issues have been resolved.',
    });
    expect(incident.alert).toBeNull();
    expect(incident.escalation).toEqual({ level: 1, loop: 0, lastEscalatedAt: T0, paging: false });
    expect(incident.settings.policies.SEV2).toMatchObject({
      renotifyEveryMinutes: 5,
      updateReminders: { everyMinutes: 10, max: 3 },
    });
    expect(incident.timeline.filter((entry) => entry.eventId).map((entry) => entry.eventId)).toEqual(
      v1.closed.state.appliedEventIds,
    );
    expect(checkIncidentInvariants(incident)).toEqual([]);
    // Re-serialised as version 2, it round-trips.
    expect(restoreIncident(JSON.stringify(serializeIncident(incident)))).toEqual({
      ok: true,
      value: incident,
    });
  });

  it('treats any event reusing a version-1 id as a duplicate, since no digest of it was kept', () => {
    const restored = restoreIncident(v1.open);
    if (!restored.ok) throw restored.error;
    const again = applyEvent(restored.value, { type: 'add_note', at: at(61), text: 'other', id: 'slack-1' });
    expect(again).toEqual({ ok: true, state: restored.value, effects: [], duplicate: true });
  });

  it('moves a triage recorded before the acknowledgement to the acknowledgement', () => {
    // Version 1 set triagedAt on an assessment while detected (+1), before the acknowledgement (+7).
    expect(v1.open.state.milestones).toMatchObject({ triagedAt: at(1), acknowledgedAt: at(7) });
    const restored = restoreIncident(v1.open);
    expect(restored.ok && restored.value.milestones).toMatchObject({
      triagedAt: at(7),
      acknowledgedAt: at(7),
    });
    expect(restored.ok && restored.value.reminders.map((reminder) => reminder.count)).toEqual(
      v1.open.state.reminders.map(() => 1),
    );
  });

  it('keeps a page that was live while detected live, so its escalation goes on', () => {
    const restored = restoreIncident(v1.paging);
    if (!restored.ok) throw restored.error;
    expect(restored.value.escalation).toEqual({ level: 2, loop: 0, lastEscalatedAt: at(5), paging: true });
    expect(getDeadlines(restored.value).acknowledge).toBe(at(10));
    const acked = applyEvent(restored.value, { type: 'acknowledge', at: at(6) });
    expect(acked.ok && acked.effects[0]).toEqual({ type: 'stop_paging', reason: 'acknowledged' });
  });

  it('refuses text that is not JSON or not an envelope, saying why', () => {
    const notJson = restoreIncident('{"format":');
    expect(notJson.ok || notJson.error.message).toMatch(/^Not JSON:/);
    const notEnvelope = restoreIncident({ hello: 'world' });
    expect(notEnvelope.ok || notEnvelope.error.issues.map((issue) => issue.path.join('.'))).toContain(
      'format',
    );
  });
});

describe('validateIncidentState', () => {
  it('refuses a state whose digest is fine but whose invariants are broken', () => {
    const broken = { ...state, severity: 'SEV1' as const };
    const result = validateIncidentState(broken);
    expect(result.ok || result.error.code).toBe('inconsistent_state');
    expect(result.ok || result.error.details.problems).toEqual([
      'severity differs from the last severityHistory entry',
    ]);
  });
});

/** A stored incident edited by hand, with its digest recomputed: only the invariants can refuse it. */
function edited(base: IncidentState, edit: (state: IncidentState) => IncidentState): unknown {
  const next = edit(structuredClone(base));
  return { ...serializeIncident(base), digest: digestOf(next), state: next };
}

function problemsOf(envelope: unknown): string[] {
  const result = restoreIncident(envelope);
  if (result.ok) throw new Error('expected the edited incident to be refused');
  expect(result.error.code).toBe('inconsistent_state');
  return result.error.details.problems as string[];
}

describe('restoreIncident invariants against the timeline and settings', () => {
  const mitigating = seedAfter(9); // start_mitigation was the last status change
  const detected = seedAfter(0);

  it('refuses a status the timeline does not lead to', () => {
    const closed = edited(mitigating, (s) => ({
      ...s,
      status: 'closed',
      milestones: { ...s.milestones, closedAt: at(40) },
    }));
    expect(problemsOf(closed)).toContain('status is closed, but the timeline leads to mitigating');
  });

  it('refuses detected with an acknowledgement on the timeline', () => {
    const acked = seedAfter(1);
    const back = edited(acked, (s) => {
      const { acknowledgedAt: _ack, ...milestones } = s.milestones;
      return { ...s, status: 'detected', milestones };
    });
    expect(problemsOf(back)).toEqual(
      expect.arrayContaining([
        'status is detected, but the timeline leads to acknowledged',
        'milestones.acknowledgedAt is unset, but the timeline says 2024-01-15T14:22:00.000Z',
      ]),
    );
  });

  it('refuses a closed SEV2 whose required postmortem was deleted', () => {
    const deleted = edited(state, (s) => {
      const { postmortemStartedAt: _s, postmortemCompletedAt: _c, ...milestones } = s.milestones;
      return {
        ...s,
        postmortem: null,
        milestones,
        timeline: s.timeline
          .filter((entry) => !entry.type.endsWith('postmortem'))
          .map((entry, index) => ({ ...entry, seq: index + 1 })),
      };
    });
    expect(problemsOf(deleted)).toEqual([
      'closed, but the postmortem its SEV2 policy requires is not complete',
    ]);
    const unrequired = edited(state, (s) => ({
      ...s,
      resolution: s.resolution && { ...s.resolution, postmortemRequired: false },
    }));
    expect(problemsOf(unrequired)).toEqual([
      'resolution.postmortemRequired is false, but the SEV2 policy says true',
    ]);
  });

  it('refuses an escalation level beyond the maximum, and a live page at level 0', () => {
    const high = edited(detected, (s) => ({ ...s, escalation: { ...s.escalation, level: 99 } }));
    expect(problemsOf(high)).toEqual(['escalation level 99 is beyond maxEscalationLevel 3']);
    const zero = edited(detected, (s) => ({ ...s, escalation: { ...s.escalation, level: 0 } }));
    expect(problemsOf(zero)).toEqual(['a page is live at escalation level 0']);
  });

  it('refuses a policy that requires a role missing from the role catalog', () => {
    const missing = edited(detected, (s) => ({
      ...s,
      settings: {
        ...s.settings,
        roleCatalog: s.settings.roleCatalog.filter((role) => role.id !== 'communications_lead'),
      },
    }));
    expect(problemsOf(missing)).toEqual([
      'the SEV1 policy requires role "communications_lead", which the role catalog lacks',
      'the SEV2 policy requires role "communications_lead", which the role catalog lacks',
    ]);
  });

  it('refuses records that do not match the timeline: updates, mitigations, reopens', () => {
    const dropped = edited(mitigating, (s) => ({
      ...s,
      updates: s.updates.slice(1),
      mitigations: [],
      reopenCount: 2,
    }));
    expect(problemsOf(dropped)).toEqual([
      'reopenCount is 2, but the timeline has 0 reopen(s)',
      '1 update(s) are recorded, but the timeline has 2 post_update(s)',
      '0 mitigation(s) are recorded, but the timeline started 1',
    ]);
  });

  it('accepts every state the lifecycle makes on the way', () => {
    for (let count = 0; count <= seedEvents.length; count++) {
      expect(checkIncidentInvariants(seedAfter(count))).toEqual([]);
    }
  });
});
