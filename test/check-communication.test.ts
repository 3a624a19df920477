// checkCommunication rule by rule, each on its own and at its edges (the due time itself, each status that counts
// as worked, the last internal update rather than any), with the exact words of every issue and refusal. From the
// mutation run's survivors: the earlier tests met the rules only through the seed incident.
import {
  type CommunicationSubject,
  checkCommunication,
  type IncidentEventInput,
  type IncidentState,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';
import { at, declare, seedAfter, step } from './fixtures/incident';
import { jane, sam } from './fixtures/seed';

const codes = (subject: CommunicationSubject) =>
  checkCommunication(subject).issues.map((issue) => issue.code);
const applied = (state: IncidentState, events: IncidentEventInput[]) =>
  events.reduce((current, event) => step(current, event).state, state);
const refusalOf = (subject: unknown) => thrown(() => checkCommunication(subject as CommunicationSubject));
/** A SEV4 (no public communication, no internal cadence), declared at 0 and, unless `worked` is false, acknowledged at 1. */
const sev4 = (worked = true) => {
  const declared = declare({ id: 'INC-4', title: 'Slow reports', at: at(0), severity: 'SEV4' });
  return worked ? applied(declared, [{ type: 'acknowledge', at: at(1) }]) : declared;
};

describe('one message', () => {
  const internal = { title: 'Auth', severity: 'SEV2', status: 'Investigating' } as const;

  it('accepts an internal update that says when the next one comes, and names the one that does not', () => {
    expect(
      checkCommunication({ message: 'internal_update', data: { ...internal, nextUpdateInMinutes: 30 } }),
    ).toEqual({ ok: true, issues: [] });
    expect(
      checkCommunication({ message: 'internal_update', data: { ...internal, nextUpdateInMinutes: null } })
        .issues,
    ).toEqual([
      { code: 'no_next_update', message: 'The internal update does not say when the next one comes' },
    ]);
  });

  it('accepts a status page post with a next update, and a resolved one without', () => {
    const post = { title: 'Auth', status: 'identified', message: 'We found it', postedAt: at(0) } as const;
    expect(
      checkCommunication({ message: 'status_page_update', data: { ...post, nextUpdateInMinutes: 30 } }),
    ).toEqual({ ok: true, issues: [] });
    expect(
      checkCommunication({ message: 'status_page_update', data: { ...post, nextUpdateInMinutes: null } }),
    ).toEqual({
      ok: false,
      issues: [
        { code: 'no_next_update', message: 'The status page post does not say when the next one comes' },
      ],
    });
    expect(
      codes({
        message: 'status_page_update',
        data: { ...post, status: 'resolved', nextUpdateInMinutes: null },
      }),
    ).toEqual([]);
  });

  it('names the data it could not read, and the message kinds it knows', () => {
    const cases: [unknown, RegExp][] = [
      [{ message: 'internal_update', data: {} }, /internal update data/],
      [{ message: 'status_page_update', data: {} }, /status page update data/],
      [{ message: 'resolution_update', data: {} }, /resolution update data/],
      [
        { message: 'postmortem', data: {} },
        /subject\.message.*internal_update, status_page_update or resolution_update \(or give \{ incident, now \}\)/,
      ],
      [null, /subject.*an object: \{ incident, now \} or \{ message, data \}/],
      ['internal_update', /subject.*an object: \{ incident, now \} or \{ message, data \}/],
    ];
    for (const [subject, words] of cases) {
      const error = refusalOf(subject);
      expect(error.code, String(words)).toBe('invalid_input');
      expect(error.message).toMatch(words);
    }
  });
});

describe('an incident at a time', () => {
  it('names the incident and the time it could not read', () => {
    expect(refusalOf({ incident: { id: 'x' }, now: at(0) }).message).toMatch(/subject\.incident/);
    const error = refusalOf({ incident: declare(), now: 'soon' });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/subject\.now/);
  });

  it('counts a deadline as overdue only after its due time', () => {
    const state = seedAfter(6); // SEV2, roles assigned, nothing posted: the status page post was due at 14:27
    const due = checkCommunication({ incident: state, now: at(7) }).issues;
    expect(due.map((issue) => issue.code)).toEqual(['no_public_post']);
    const late = checkCommunication({ incident: state, now: '2024-01-15T14:27:00.001Z' }).issues;
    expect(late[0]).toEqual({
      code: 'external_update_overdue',
      dueAt: at(7),
      message: `A status page update was due at ${at(7)}`,
    });
    const all = checkCommunication({ incident: state, now: at(40) }).issues;
    expect(all.slice(0, 3).map((issue) => issue.message)).toEqual([
      `An internal update was due at ${at(32)}`,
      `A status page update was due at ${at(7)}`,
      `An executive summary was due at ${at(32)}`,
    ]);
  });

  it('asks for a status page post once a public severity is worked on, until one is made', () => {
    const detected = declare(); // a provisional SEV2 from a critical alert, not acknowledged yet
    expect(codes({ incident: detected, now: at(1) })).not.toContain('no_public_post');
    const worked = applied(detected, [{ type: 'acknowledge', at: at(1), by: jane }]);
    expect(checkCommunication({ incident: worked, now: at(1) }).issues).toContainEqual({
      code: 'no_public_post',
      message: 'A SEV2 needs a status page post; none was made',
    });
    for (const [type, status] of [
      ['start_triage', 'triaging'],
      ['start_mitigation', 'mitigating'],
    ] as const) {
      const event =
        type === 'start_mitigation'
          ? ({ type, at: at(2), kind: 'rollback', description: 'Roll back' } as const)
          : ({ type, at: at(2) } as const);
      const state = applied(worked, [event]);
      expect(state.status).toBe(status);
      expect(codes({ incident: state, now: at(2) })).toContain('no_public_post');
    }
    const monitoring = applied(worked, [
      { type: 'start_mitigation', at: at(2), kind: 'rollback', description: 'Roll back' },
      { type: 'mark_mitigated', at: at(3) },
    ]);
    expect(monitoring.status).toBe('monitoring');
    expect(codes({ incident: monitoring, now: at(3) })).toContain('no_public_post');
    const resolved = applied(monitoring, [
      { type: 'resolve', at: at(4), summary: 'Rolled back', dataLoss: 'none' },
    ]);
    expect(resolved.status).toBe('resolved');
    expect(codes({ incident: resolved, now: at(4) })).toContain('no_public_post');
    const posted = applied(worked, [
      { type: 'post_update', at: at(2), by: sam, audience: 'external', publicStatus: 'investigating' },
    ]);
    expect(codes({ incident: posted, now: at(2) })).not.toContain('no_public_post');
    const internalOnly = applied(worked, [
      { type: 'post_update', at: at(2), by: sam, audience: 'internal', nextUpdateInMinutes: 15 },
    ]);
    expect(codes({ incident: internalOnly, now: at(2) })).toContain('no_public_post');
  });

  it('does not ask a level without public communication for a status page post', () => {
    expect(codes({ incident: sev4(), now: at(1) })).not.toContain('no_public_post');
  });

  it('asks the last internal update for a next-update time, while the incident is worked and not resolved', () => {
    const bare = applied(sev4(), [{ type: 'post_update', at: at(2), audience: 'internal' }]);
    expect(checkCommunication({ incident: bare, now: at(3) }).issues).toContainEqual({
      code: 'no_next_update',
      message: `The internal update at ${at(2)} gave no next-update time`,
    });
    // The last internal update counts, not the first one, and not a later update for another audience.
    const promised = applied(bare, [
      { type: 'post_update', at: at(3), audience: 'internal', nextUpdateInMinutes: 30 },
      { type: 'post_update', at: at(4), audience: 'executive' },
    ]);
    expect(codes({ incident: promised, now: at(4) })).not.toContain('no_next_update');
    const promisedThenBare = applied(sev4(), [
      { type: 'post_update', at: at(2), audience: 'internal', nextUpdateInMinutes: 30 },
      { type: 'post_update', at: at(3), audience: 'internal' },
    ]);
    expect(codes({ incident: promisedThenBare, now: at(3) })).toContain('no_next_update');
    // Nothing is owed before anyone works on it, or once it is resolved.
    const unworked = applied(sev4(false), [{ type: 'post_update', at: at(2), audience: 'internal' }]);
    expect(codes({ incident: unworked, now: at(3) })).not.toContain('no_next_update');
    const resolved = applied(bare, [{ type: 'resolve', at: at(5), summary: 'Fixed', dataLoss: 'none' }]);
    expect(codes({ incident: resolved, now: at(5) })).not.toContain('no_next_update');
  });

  it('asks a resolution for a data-loss statement', () => {
    const silent = applied(sev4(), [{ type: 'resolve', at: at(5), summary: 'Fixed' }]);
    expect(checkCommunication({ incident: silent, now: at(5) }).issues).toContainEqual({
      code: 'no_data_loss_statement',
      message: 'The resolution does not say whether any data was lost; state it plainly',
    });
    const stated = applied(sev4(), [{ type: 'resolve', at: at(5), summary: 'Fixed', dataLoss: 'none' }]);
    expect(codes({ incident: stated, now: at(5) })).not.toContain('no_data_loss_statement');
  });
});
