import {
  applyEvent,
  createIncident,
  getAllowedEvents,
  INCIDENT_STATUSES,
  replayIncident,
  TRANSITIONS,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import {
  at,
  declare,
  refusal,
  seedAfter,
  seedAt,
  seedDeclaration,
  seedEvents,
  step,
  T0,
} from './fixtures/incident';
import { jane, ola, sam } from './fixtures/seed';

describe('createIncident', () => {
  it('opens an alert as a provisional SEV2 in detected and pages the on-call and additional responders', () => {
    const result = createIncident(seedDeclaration);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state).toMatchObject({
      status: 'detected',
      severity: 'SEV2',
      title: 'Auth Service Degraded',
      channel: 'incident-2024-01-15-auth-service-degraded',
      milestones: { detectedAt: T0 },
      escalation: { level: 1, lastEscalatedAt: T0 },
    });
    expect(result.state.severityHistory).toEqual([
      {
        severity: 'SEV2',
        at: T0,
        change: 'initial',
        reason: 'Provisional, from critical alert AuthLoginErrorRate',
      },
    ]);
    expect(result.effects).toEqual([
      { type: 'page', level: 1, urgency: 'high_urgency', reason: 'declared', loop: 0 },
      { type: 'page_additional_responders', severity: 'SEV2' },
    ]);
  });

  it('classifies an impact assessment and records the reporter', () => {
    const result = createIncident({
      id: 'INC-2',
      title: 'Checkout slow',
      at: '2024-01-15T16:20:00+02:00',
      by: sam,
      impact: { usersAffectedPercent: 5, degradation: 'degraded' },
    });
    if (!result.ok) throw result.error;
    expect(result.state.severity).toBe('SEV3');
    expect(result.state.milestones.detectedAt).toBe(T0);
    expect(result.state.roles).toEqual([{ role: 'reporter', person: sam, from: T0 }]);
    expect(result.effects).toEqual([
      { type: 'page', level: 1, urgency: 'high_urgency', reason: 'declared', loop: 0 },
    ]);
  });

  it('takes the title from the alert and maps alert severities with overrides', () => {
    const result = createIncident({
      id: 'INC-3',
      at: T0,
      alert: { name: 'DiskFull', severity: 'warning' },
      alertSeverityMap: { warning: 'SEV3' },
    });
    if (!result.ok) throw result.error;
    expect([result.state.title, result.state.severity]).toEqual(['DiskFull', 'SEV3']);
  });

  it('does not page for a SEV5', () => {
    const result = createIncident({ id: 'INC-4', title: 'Typo on pricing page', at: T0, severity: 'SEV5' });
    if (!result.ok) throw result.error;
    expect(result.effects).toEqual([]);
    expect(result.state.escalation.level).toBe(0);
  });

  it('refuses a declaration without a severity source, naming the fields', () => {
    const result = createIncident({ id: 'INC-5', title: 'x', at: 'yesterday' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    // Both problems are reported at once: the bad time, and that nothing gives the incident a severity.
    expect(result.error.issues.map((issue) => issue.path.join('.'))).toEqual(['at', 'severity']);
    const noSeverity = createIncident({ id: 'INC-5', title: 'x', at: T0 });
    expect(noSeverity.ok || noSeverity.error.message).toContain('Give impact, severity or alert');
  });

  it('refuses policies that require a role the catalog does not have', () => {
    const result = createIncident({
      id: 'INC-6',
      title: 'x',
      at: T0,
      severity: 'SEV3',
      settings: { roleCatalog: [{ id: 'scribe', name: 'Scribe', cardinality: 'one', description: '' }] },
    });
    expect(result.ok || result.error.code).toBe('unknown_role');
  });
});

describe('applyEvent', () => {
  it('walks the seed incident from alert to close', () => {
    const statuses = [];
    let state = declare();
    for (const event of seedEvents) {
      state = step(state, event).state;
      statuses.push(state.status);
    }
    expect(statuses).toEqual([
      'acknowledged',
      'triaging',
      'triaging',
      'triaging',
      'triaging',
      'triaging',
      'triaging',
      'triaging',
      'mitigating',
      'mitigating',
      'mitigating',
      'monitoring',
      'monitoring',
      'resolved',
      'resolved',
      'postmortem',
      'postmortem',
      'closed',
    ]);
    expect(state.timeline).toHaveLength(seedEvents.length + 1);
    expect(state.milestones).toEqual({
      detectedAt: T0,
      acknowledgedAt: at(2),
      triagedAt: at(5),
      mitigatedAt: at(30),
      resolvedAt: at(45),
      postmortemStartedAt: at(24 * 60),
      postmortemCompletedAt: at(3 * 24 * 60),
      closedAt: at(3 * 24 * 60 + 5),
    });
  });

  it('returns the effects of acknowledging: stop paging, open the channel, post the initial status, ask for roles', () => {
    expect(step(declare(), seedEvents[0] as never).effects).toEqual([
      { type: 'stop_paging', reason: 'acknowledged' },
      { type: 'open_channel', name: 'incident-2024-01-15-auth-service-degraded' },
      // A SEV2 is public: the first status-page post is due 5 minutes after the acknowledgement.
      {
        type: 'post_initial_status',
        publicPostRequired: true,
        audiences: ['internal', 'external', 'executive'],
        dueAt: at(7),
      },
      { type: 'announce_status', from: 'detected', to: 'acknowledged' },
      {
        type: 'request_roles',
        roles: ['incident_commander', 'communications_lead', 'subject_matter_expert'],
      },
    ]);
  });

  it('never modifies the state it is given', () => {
    const state = seedAfter(3);
    const copy = structuredClone(state);
    step(state, seedEvents[3] as never);
    expect(state).toEqual(copy);
  });

  it('refuses an event the status does not accept, naming the status, the event and what is allowed', () => {
    const error = refusal(declare(), {
      type: 'start_mitigation',
      at: at(1),
      kind: 'rollback',
      description: 'Roll back',
    });
    expect(error.code).toBe('transition_not_allowed');
    expect(error.message).toBe(
      'Cannot start_mitigation while detected; allowed: acknowledge, escalate, assess_impact, set_severity, assign_role, release_role, hand_off_role, post_update, resolve, cancel, merge, add_note, tick',
    );
    expect(error.details).toMatchObject({ status: 'detected', event: 'start_mitigation' });
  });

  it('refuses an event earlier than the last accepted one', () => {
    const error = refusal(seedAfter(2), { type: 'add_note', at: at(1), text: 'late note' });
    expect(error.code).toBe('out_of_order');
  });

  it('refuses an invalid event, naming the field', () => {
    const error = refusal(seedAfter(2), {
      type: 'assess_impact',
      at: at(4),
      impact: { usersAffectedPercent: 300 },
    } as never);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Invalid assess_impact event:/);
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'impact.usersAffectedPercent',
      'impact.degradation',
    ]);
    expect(refusal(seedAfter(2), { type: 'explode', at: at(4) } as never).message).toMatch(
      /^Invalid incident event/,
    );
    expect(refusal(seedAfter(2), null as never).code).toBe('invalid_input');
  });

  it('treats an event whose id was already applied as a duplicate that changes nothing', () => {
    const first = step(seedAfter(2), {
      type: 'add_note',
      at: at(4),
      text: 'DB pool at 100%',
      id: 'slack-123',
    });
    const again = applyEvent(first.state, {
      type: 'add_note',
      at: at(5),
      text: 'DB pool at 100%',
      id: 'slack-123',
    });
    expect(again).toEqual({ ok: true, state: first.state, effects: [], duplicate: true });
  });

  it('records severity changes with their reasons and announces them', () => {
    const triaging = seedAfter(2);
    const raised = step(triaging, {
      type: 'set_severity',
      at: at(4),
      by: jane,
      severity: 'SEV1',
      reason: 'Data exposed',
    });
    expect(raised.effects).toEqual([
      { type: 'announce_severity_change', from: 'SEV2', to: 'SEV1', reason: 'Data exposed' },
    ]);
    const lowered = step(raised.state, {
      type: 'set_severity',
      at: at(6),
      severity: 'SEV3',
      reason: 'Only 2% affected',
    });
    expect(lowered.state.severityHistory.map((entry) => [entry.severity, entry.change])).toEqual([
      ['SEV2', 'initial'],
      ['SEV1', 'upgrade'],
      ['SEV3', 'downgrade'],
    ]);
  });

  it('refuses a downgrade without a reason but not an upgrade', () => {
    expect(refusal(seedAfter(2), { type: 'set_severity', at: at(4), severity: 'SEV4' }).code).toBe(
      'downgrade_needs_reason',
    );
    expect(step(seedAfter(2), { type: 'set_severity', at: at(4), severity: 'SEV1' }).state.severity).toBe(
      'SEV1',
    );
  });

  it('pages additional responders when an upgrade makes it a major incident', () => {
    const minor = declare({ id: 'INC-7', title: 'Slow search', at: T0, severity: 'SEV3' });
    const acked = step(minor, { type: 'acknowledge', at: at(1) }).state;
    // From acknowledged, setting the severity starts triage.
    expect(step(acked, { type: 'set_severity', at: at(2), severity: 'SEV2' }).effects).toEqual([
      { type: 'announce_severity_change', from: 'SEV3', to: 'SEV2', reason: 'Set by hand' },
      { type: 'page_additional_responders', severity: 'SEV2' },
      { type: 'announce_status', from: 'acknowledged', to: 'triaging' },
      {
        type: 'request_roles',
        roles: ['incident_commander', 'communications_lead', 'subject_matter_expert'],
      },
    ]);
  });

  it('hands off command with an announcement and keeps the role history', () => {
    const handed = step(seedAfter(6), {
      type: 'hand_off_role',
      at: at(20),
      by: jane,
      role: 'incident_commander',
      to: sam,
      note: 'Handing over command to Sam',
    });
    expect(handed.effects).toEqual([
      { type: 'announce_handoff', role: 'incident_commander', from: jane, to: sam },
    ]);
    expect(handed.state.timeline.at(-1)?.summary).toBe('Jane Smith handed Incident Commander to Sam Lee');
  });

  it('refuses role changes the role rules refuse', () => {
    const error = refusal(seedAfter(6), {
      type: 'assign_role',
      at: at(20),
      role: 'incident_commander',
      person: ola,
    });
    expect(error.code).toBe('role_taken');
    expect(refusal(seedAfter(6), { type: 'assign_role', at: at(20), role: 'wizard', person: ola }).code).toBe(
      'unknown_role',
    );
  });

  it('asks for roles again when a required role is released', () => {
    const released = step(seedAfter(6), {
      type: 'release_role',
      at: at(20),
      role: 'communications_lead',
      personId: 'sam',
    });
    expect(released.effects).toEqual([{ type: 'request_roles', roles: ['communications_lead'] }]);
  });

  it('refuses closing before a required postmortem is complete', () => {
    const resolved = seedAt('resolve');
    expect(refusal(resolved, { type: 'close', at: at(50) }).code).toBe('postmortem_incomplete');
    const started = step(resolved, { type: 'start_postmortem', at: at(60), owner: jane }).state;
    expect(refusal(started, { type: 'close', at: at(61) }).code).toBe('postmortem_incomplete');
  });

  it('closes a SEV3 straight from resolved, since its postmortem is optional', () => {
    let state = declare({ id: 'INC-8', title: 'Slow search', at: T0, severity: 'SEV3' });
    for (const event of [
      { type: 'acknowledge', at: at(1) },
      { type: 'start_triage', at: at(2) },
      { type: 'start_mitigation', at: at(3), kind: 'rollback', description: 'Roll back 1.42' },
      { type: 'resolve', at: at(10), summary: 'Rolled back' },
      { type: 'close', at: at(11) },
    ] as const) {
      state = step(state, event).state;
    }
    expect(state.status).toBe('closed');
    expect(state.resolution).toMatchObject({ postmortemRequired: false, postmortemDueAt: null });
  });

  it('schedules the postmortem when a SEV2 is resolved', () => {
    expect(step(seedAfter(13), seedEvents[13] as never).effects).toEqual([
      // Public since the 14:30 post, last said "monitoring" at 14:50: the resolved post is due 20 minutes later.
      { type: 'post_resolved_status', dueAt: at(50) },
      { type: 'schedule_postmortem', dueAt: '2024-01-22T15:05:00.000Z' },
      { type: 'announce_status', from: 'monitoring', to: 'resolved' },
    ]);
  });

  it('reopens from resolved or monitoring within the window, back to mitigating', () => {
    const resolved = seedAt('resolve');
    const reopened = step(resolved, {
      type: 'reopen',
      at: at(60),
      by: jane,
      reason: 'Login errors are back',
    });
    expect(reopened.state).toMatchObject({ status: 'mitigating', reopenCount: 1, resolution: null });
    expect(reopened.state.milestones.resolvedAt).toBeUndefined();
    expect(reopened.effects[0]).toEqual({
      type: 'page',
      level: 1,
      urgency: 'high_urgency',
      reason: 'reopened',
      loop: 0,
    });
    expect(reopened.state.escalation).toMatchObject({ paging: true, lastEscalatedAt: at(60) });
    const monitoring = seedAt('mark_mitigated');
    expect(step(monitoring, { type: 'reopen', at: at(40), reason: 'Regressed' }).state.status).toBe(
      'mitigating',
    );
  });

  it('refuses reopening after the window', () => {
    const error = refusal(seedAt('resolve'), { type: 'reopen', at: at(45 + 24 * 60 + 1), reason: 'Again' });
    expect(error.code).toBe('reopen_window_passed');
    expect(error.message).toContain('declare a new incident');
  });

  it('cancels a false alarm and merges into another incident but not into itself', () => {
    const cancelled = step(declare(), {
      type: 'cancel',
      at: at(3),
      reason: 'false_alarm',
      note: 'Synthetic check bug',
    });
    expect(cancelled.state).toMatchObject({ status: 'cancelled', cancellation: { reason: 'false_alarm' } });
    const merged = step(seedAfter(2), { type: 'merge', at: at(4), into: 'INC-0' });
    expect(merged.state.cancellation).toEqual({ at: at(4), reason: 'merged', mergedInto: 'INC-0' });
    expect(refusal(seedAfter(2), { type: 'merge', at: at(4), into: seedDeclaration.id }).code).toBe(
      'merge_into_self',
    );
    expect(refusal(cancelled.state, { type: 'add_note', at: at(5), text: 'x' }).code).toBe(
      'transition_not_allowed',
    );
  });

  it('refuses an outcome for a mitigation that was never started', () => {
    const error = refusal(seedAt('start_mitigation'), {
      type: 'record_mitigation_outcome',
      at: at(20),
      mitigationId: 'm9',
      outcome: 'failed',
    });
    expect(error.code).toBe('unknown_mitigation');
    expect(error.details).toEqual({ mitigationId: 'm9', known: ['m1'] });
  });

  it('puts every accepted event on the timeline with who and when', () => {
    const state = seedAfter(seedEvents.length);
    expect(state.timeline.slice(0, 4)).toEqual([
      {
        seq: 1,
        at: T0,
        type: 'declared',
        summary: 'Declared SEV2: Auth Service Degraded (alert AuthLoginErrorRate)',
      },
      { seq: 2, at: at(2), type: 'acknowledge', by: jane, summary: 'Jane Smith acknowledged' },
      { seq: 3, at: at(3), type: 'start_triage', by: jane, summary: 'Jane Smith started triage' },
      {
        seq: 4,
        at: at(5),
        type: 'assess_impact',
        by: jane,
        summary:
          'Impact assessed: SEV2 (A core feature is unavailable or badly degraded for many customers; customer-facing; a core feature is affected; degradation is partial outage (at least degraded); 30% of users affected (at least 10%))',
      },
    ]);
  });
});

describe('getAllowedEvents', () => {
  it('lists what each status accepts, and nothing once the incident is over', () => {
    expect(getAllowedEvents({ status: 'resolved' })).toEqual([
      'post_update',
      'reopen',
      'start_postmortem',
      'close',
      'add_note',
      'tick',
    ]);
    expect(getAllowedEvents({ status: 'closed' })).toEqual([]);
    for (const status of INCIDENT_STATUSES) {
      expect(getAllowedEvents({ status }).sort()).toEqual(Object.keys(TRANSITIONS[status]).sort());
    }
  });
});

describe('replayIncident', () => {
  it('rebuilds the seed incident and gathers every effect in order', () => {
    const replay = replayIncident(seedDeclaration, seedEvents);
    expect(replay.ok).toBe(true);
    if (!replay.ok) return;
    expect(replay.state).toEqual(seedAfter(seedEvents.length));
    expect(replay.effects[0]).toEqual({
      type: 'page',
      level: 1,
      urgency: 'high_urgency',
      reason: 'declared',
      loop: 0,
    });
    expect(replay.effects.at(-1)).toEqual({ type: 'announce_status', from: 'postmortem', to: 'closed' });
  });

  it('stops at the first refused event and says which', () => {
    const events = [...seedEvents.slice(0, 3), { type: 'close', at: at(9) } as const, ...seedEvents.slice(3)];
    const replay = replayIncident(seedDeclaration, events);
    expect(replay.ok).toBe(false);
    if (replay.ok) return;
    expect(replay.index).toBe(3);
    expect(replay.error.code).toBe('transition_not_allowed');
    expect(replay.state).toEqual(seedAfter(3));
  });

  it('reports a refused declaration with index -1', () => {
    const replay = replayIncident({ ...seedDeclaration, at: 'noon' }, []);
    expect(replay.ok || [replay.index, replay.error.code]).toEqual([-1, 'invalid_input']);
  });
});
