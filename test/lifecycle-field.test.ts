// The lifecycle as a bot host meets it: pages that must stop, year-0001 and year-9999 timestamps, reused event ids,
// errors written as JSON, the steps people skip in chat, alerts that heal by themselves, and the alert kept on the
// incident.
import { readFileSync } from 'node:fs';
import {
  applyEvent,
  createIncident,
  defineSeverityPolicies,
  getDeadlines,
  getIncidentMetrics,
  getIncidentPolicy,
  getPendingDeadlines,
  type IncidentAlert,
  type IncidentDeclaration,
  IncidentEffectSchema,
  type IncidentState,
  restoreIncident,
  serializeIncident,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { at, declare, refusal, seedAfter, seedAt, seedDeclaration, step, T0 } from './fixtures/incident';
import { jane, sam } from './fixtures/seed';

const sev3 = (id = 'INC-F3'): IncidentState =>
  declare({ id, title: 'Search slow', at: T0, severity: 'SEV3' });

describe('stop_paging', () => {
  it('tells the pager to stop when a false alarm is cancelled before anyone acknowledged', () => {
    const cancelled = step(declare(), { type: 'cancel', at: at(2), reason: 'false_alarm' });
    expect(cancelled.effects).toEqual([
      { type: 'stop_paging', reason: 'cancelled' },
      { type: 'announce_status', from: 'detected', to: 'cancelled' },
    ]);
    expect(cancelled.state.escalation.paging).toBe(false);
  });

  it('stops paging when an unacknowledged incident is merged or resolved', () => {
    expect(step(declare(), { type: 'merge', at: at(2), into: 'INC-0' }).effects[0]).toEqual({
      type: 'stop_paging',
      reason: 'merged',
    });
    const resolved = step(declare(), { type: 'resolve', at: at(2), kind: 'resolved_at_source' });
    expect(resolved.effects[0]).toEqual({ type: 'stop_paging', reason: 'resolved' });
  });

  it('says nothing when no page is live: a SEV5 ticket, or a page already acknowledged', () => {
    const ticket = declare({ id: 'INC-T', title: 'Typo', at: T0, severity: 'SEV5' });
    expect(step(ticket, { type: 'cancel', at: at(1), reason: 'declined' }).effects).toEqual([
      { type: 'announce_status', from: 'detected', to: 'cancelled' },
    ]);
    const cancelled = step(seedAfter(2), { type: 'cancel', at: at(4), reason: 'duplicate' });
    expect(cancelled.effects.map((effect) => effect.type)).toEqual(['announce_status']);
  });

  it('stops a page sent after acknowledgement (escalated by hand) when it is acknowledged or the incident ends', () => {
    const escalated = step(seedAfter(2), { type: 'escalate', at: at(4), reason: 'manual' });
    expect(escalated.effects).toEqual([
      { type: 'page', level: 2, urgency: 'high_urgency', reason: 'manual', loop: 0 },
    ]);
    expect(getDeadlines(escalated.state).acknowledge).toBe(at(9));
    const acked = step(escalated.state, { type: 'acknowledge', at: at(5), by: sam });
    expect(acked.effects).toEqual([{ type: 'stop_paging', reason: 'acknowledged' }]);
    expect(acked.state.status).toBe('triaging');
    expect(acked.state.timeline.at(-1)?.summary).toBe('Sam Lee acknowledged the page (level 2)');
    expect(acked.state.milestones.acknowledgedAt).toBe(at(2)); // still the first acknowledgement
    const resolved = step(escalated.state, { type: 'resolve', at: at(6), summary: 'Rolled back' });
    expect(resolved.effects[0]).toEqual({ type: 'stop_paging', reason: 'resolved' });
  });

  it('treats another acknowledgement with nothing paging as a quiet no-op', () => {
    const state = seedAfter(2);
    expect(applyEvent(state, { type: 'acknowledge', at: at(4), by: jane })).toEqual({
      ok: true,
      state,
      effects: [],
    });
  });

  it('stops the page of a reopened incident when it is acknowledged', () => {
    const reopened = step(seedAt('resolve'), { type: 'reopen', at: at(50), reason: 'Errors are back' });
    expect(reopened.state.escalation.paging).toBe(true);
    expect(step(reopened.state, { type: 'acknowledge', at: at(51) }).effects).toEqual([
      { type: 'stop_paging', reason: 'acknowledged' },
    ]);
  });

  it('pages when a not-yet-acknowledged ticket is raised to a level that pages', () => {
    const ticket = declare({ id: 'INC-T', title: 'Typo', at: T0, severity: 'SEV5' });
    const raised = step(ticket, { type: 'set_severity', at: at(1), severity: 'SEV3' });
    expect(raised.effects).toEqual([
      { type: 'announce_severity_change', from: 'SEV5', to: 'SEV3', reason: 'Set by hand' },
      { type: 'page', level: 1, urgency: 'high_urgency', reason: 'declared', loop: 0 },
    ]);
    expect(getDeadlines(raised.state).acknowledge).toBe(at(6));
  });
});

describe('timestamps at the ends of the range', () => {
  const sev1 = (when: string): IncidentDeclaration => ({
    id: 'INC-9999',
    title: 'End of time',
    at: when,
    severity: 'SEV1',
  });

  it('restores a SEV1 resolved on 9999-12-31, its postmortem due date dropped', () => {
    let state = declare(sev1('9999-12-31T10:00:00Z'));
    state = step(state, { type: 'acknowledge', at: '9999-12-31T10:01:00Z' }).state;
    const resolved = step(state, { type: 'resolve', at: '9999-12-31T23:00:00Z', summary: 'Fixed' });
    expect(resolved.state.resolution?.postmortemDueAt).toBeNull();
    expect(resolved.effects).toContainEqual({ type: 'schedule_postmortem', dueAt: null });
    expect(restoreIncident(JSON.stringify(serializeIncident(resolved.state)))).toEqual({
      ok: true,
      value: resolved.state,
    });
    for (const effect of resolved.effects) expect(IncidentEffectSchema.safeParse(effect).success).toBe(true);
  });

  it('does not escalate on 9999-12-31 for an ack deadline that would fall in year 10000', () => {
    const state = declare(sev1('9999-12-31T23:58:00Z'));
    expect(getDeadlines(state).acknowledge).toBeNull();
    expect(getPendingDeadlines(state)).toEqual([]);
    expect(applyEvent(state, { type: 'tick', at: '9999-12-31T23:59:59.999Z' })).toEqual({
      ok: true,
      state,
      effects: [],
    });
  });

  it('drops an update promise past year 9999 and keeps every deadline a four-digit timestamp', () => {
    let state = declare(sev1('9999-12-31T22:00:00Z'));
    state = step(state, { type: 'acknowledge', at: '9999-12-31T22:01:00Z' }).state;
    state = step(state, {
      type: 'post_update',
      at: '9999-12-31T23:00:00Z',
      audience: 'internal',
      nextUpdateInMinutes: 120,
    }).state;
    expect(state.updates.at(-1)?.nextUpdateAt).toBeUndefined();
    for (const due of Object.values(getDeadlines(state))) {
      if (due !== null) expect(due).toMatch(/^\d{4}-/);
    }
  });

  it('opens an incident at Go zero time, the earliest instant Alertmanager writes', () => {
    const state = declare({ id: 'INC-0001', title: 'Zero', at: '0001-01-01T00:00:00Z', severity: 'SEV2' });
    expect(getDeadlines(state).acknowledge).toBe('0001-01-01T00:05:00.000Z');
    expect(step(state, { type: 'tick', at: '0001-01-01T00:05:00Z' }).state.escalation.level).toBe(2);
  });
});

describe('event ids', () => {
  const note = { type: 'add_note', at: at(4), text: 'DB pool at 100%', id: 'slack-123' } as const;

  it('accepts the same id with the same content as a duplicate, even stamped later', () => {
    const first = step(seedAfter(2), note).state;
    expect(applyEvent(first, { ...note, at: at(9) })).toEqual({
      ok: true,
      state: first,
      effects: [],
      duplicate: true,
    });
  });

  it('refuses the same id with other content as a conflict, and changes nothing', () => {
    const first = step(seedAfter(2), note).state;
    const error = refusal(first, { ...note, text: 'Different text' });
    expect(error.code).toBe('event_id_conflict');
    expect(error.message).toBe(
      'Event id "slack-123" was already used for a different event (add_note at 2024-01-15T14:24:00.000Z, timeline entry 4); give each event its own id',
    );
    expect(error.details).toEqual({ eventId: 'slack-123', seq: 4, type: 'add_note', at: at(4) });
    expect(refusal(first, { type: 'acknowledge', at: at(5), id: 'slack-123' }).code).toBe(
      'event_id_conflict',
    );
  });

  it('compares validated content: defaults and offsets do not make a different event', () => {
    const first = step(seedAfter(2), { type: 'escalate', at: at(4), id: 'esc-1' }).state;
    const again = applyEvent(first, {
      type: 'escalate',
      at: '2024-01-15T16:24:00+02:00',
      reason: 'manual',
      id: 'esc-1',
    });
    expect(again.ok && again.duplicate).toBe(true);
  });

  it('keeps the id and a digest of the content on the timeline', () => {
    const entry = step(seedAfter(2), note).state.timeline.at(-1);
    expect(entry).toMatchObject({
      eventId: 'slack-123',
      eventDigest: expect.stringMatching(/^fnv1a:[0-9a-f]{16}$/),
    });
  });

  it('answers the same from a state it branched from earlier', () => {
    const base = step(seedAfter(2), note).state;
    const left = step(base, { type: 'add_note', at: at(5), text: 'left', id: 'n-left' }).state;
    const right = step(base, { type: 'add_note', at: at(5), text: 'right', id: 'n-right' }).state;
    expect(applyEvent(left, { type: 'add_note', at: at(6), text: 'right', id: 'n-right' }).ok).toBe(true);
    expect(applyEvent(right, { type: 'add_note', at: at(6), text: 'left', id: 'n-left' }).ok).toBe(true);
    expect(refusal(left, { type: 'add_note', at: at(6), text: 'other', id: 'n-left' }).code).toBe(
      'event_id_conflict',
    );
    expect(applyEvent(base, { type: 'add_note', at: at(6), text: 'left', id: 'n-left' })).toMatchObject({
      ok: true,
    });
  });
});

describe('IncidentKitError#toJSON', () => {
  it('keeps the message, code, issues and details when written as JSON, and leaves the input out', () => {
    const result = applyEvent(seedAfter(2), { type: 'set_severity', at: at(4), severity: 'SEV9' } as never);
    if (result.ok) throw new Error('expected a refusal');
    const logged = JSON.parse(JSON.stringify({ type: 'rejected', error: result.error }));
    expect(logged.error).toEqual({
      name: 'IncidentKitError',
      code: 'invalid_input',
      message: result.error.message,
      issues: result.error.issues,
      details: {},
    });
    expect(logged.error.message).toMatch(/^Invalid set_severity event:/);
  });
});

describe('chat-shaped lifecycle', () => {
  it('starts a mitigation right after the acknowledgement, recording triage at the same time', () => {
    const acked = seedAfter(1); // acknowledged at +2
    const mitigating = step(acked, {
      type: 'start_mitigation',
      at: at(4),
      by: jane,
      kind: 'rollback',
      description: 'Roll back 1.42',
    });
    expect(mitigating.state.status).toBe('mitigating');
    expect(mitigating.state.milestones).toMatchObject({ acknowledgedAt: at(2), triagedAt: at(4) });
    expect(mitigating.state.timeline.at(-1)).toMatchObject({
      type: 'start_mitigation',
      at: at(4),
      implied: ['start_triage'],
      summary: 'Mitigation m1 started (rollback): Roll back 1.42; triage implied',
    });
    expect(mitigating.effects).toContainEqual({
      type: 'announce_status',
      from: 'acknowledged',
      to: 'mitigating',
    });
  });

  it('starts triage when impact is assessed or a severity set right after the acknowledgement', () => {
    const assessed = step(seedAfter(1), {
      type: 'assess_impact',
      at: at(4),
      impact: { usersAffectedPercent: 30, degradation: 'partial_outage', coreFeatureAffected: true },
    });
    expect(assessed.state).toMatchObject({ status: 'triaging', milestones: { triagedAt: at(4) } });
    expect(assessed.state.timeline.at(-1)?.implied).toEqual(['start_triage']);
    const set = step(seedAfter(1), { type: 'set_severity', at: at(4), severity: 'SEV2' });
    expect(set.state.status).toBe('triaging');
    expect(set.state.timeline.at(-1)?.summary).toBe('Severity confirmed: SEV2; triage started');
  });

  it('marks an incident mitigated from triage without inventing a mitigation', () => {
    const mitigated = step(seedAfter(2), { type: 'mark_mitigated', at: at(8), summary: 'Traffic shifted' });
    expect(mitigated.state).toMatchObject({ status: 'monitoring', mitigations: [] });
    expect(mitigated.state.milestones).toMatchObject({ triagedAt: at(8), mitigatedAt: at(8) });
    expect(getIncidentMetrics(mitigated.state).timeToMitigateMs).toBe(8 * 60_000);
  });

  it('does not record triage for an assessment made before anyone acknowledged', () => {
    const assessed = step(declare(), {
      type: 'assess_impact',
      at: at(1),
      impact: { usersAffectedPercent: 30, degradation: 'partial_outage', coreFeatureAffected: true },
    });
    expect(assessed.state.status).toBe('detected');
    expect(assessed.state.milestones.triagedAt).toBeUndefined();
  });
});

describe('resolve', () => {
  it('resolves a self-healed alert from acknowledged with no summary and no mitigation', () => {
    const resolved = step(seedAfter(1), { type: 'resolve', at: at(6), kind: 'self_healed' });
    expect(resolved.state.status).toBe('resolved');
    expect(resolved.state.resolution).toMatchObject({
      kind: 'self_healed',
      summary: 'The issue recovered without intervention.',
    });
    expect(resolved.state.milestones.mitigatedAt).toBeUndefined();
    expect(resolved.state.mitigations).toEqual([]);
    expect(resolved.state.timeline.at(-1)?.summary).toBe('Resolved (self healed)');
    const metrics = getIncidentMetrics(resolved.state);
    expect([metrics.timeToMitigateMs, metrics.timeToResolveMs]).toEqual([null, 6 * 60_000]);
  });

  it('resolves at the source before anyone acknowledged; time to acknowledge stays unmeasured', () => {
    const resolved = step(declare(), {
      type: 'resolve',
      at: at(3),
      kind: 'resolved_at_source',
      summary: 'Alertmanager sent resolved',
    });
    expect(resolved.state.resolution).toMatchObject({
      kind: 'resolved_at_source',
      summary: 'Alertmanager sent resolved',
    });
    expect(getIncidentMetrics(resolved.state)).toMatchObject({
      timeToAcknowledgeMs: null,
      ackDeadlineMet: null,
    });
    // Nobody acknowledged, nothing was posted: no status-page post is owed.
    expect(resolved.effects.map((effect) => effect.type)).toEqual([
      'stop_paging',
      'schedule_postmortem',
      'announce_status',
    ]);
  });

  it('needs a summary for a fixed incident only', () => {
    const error = refusal(seedAfter(2), { type: 'resolve', at: at(8) });
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual([
      {
        path: ['summary'],
        message: 'A fixed incident needs a summary (or give kind self_healed or resolved_at_source)',
      },
    ]);
  });

  it('counts a fix from triage as its mitigation', () => {
    const fixed = step(seedAfter(2), { type: 'resolve', at: at(9), summary: 'Config reverted' });
    expect(fixed.state.milestones).toMatchObject({ mitigatedAt: at(9), resolvedAt: at(9) });
  });
});

describe('status effects', () => {
  it('says whether the initial status is public, for whom, and when the first public post is due', () => {
    const acked = step(sev3(), { type: 'acknowledge', at: at(1) });
    expect(acked.effects).toContainEqual({
      type: 'post_initial_status',
      publicPostRequired: false,
      audiences: ['internal'],
      dueAt: null,
    });
  });

  it('asks for the resolved status-page post when a public incident resolves, unless one was posted', () => {
    const resolved = step(seedAfter(2), { type: 'resolve', at: at(9), summary: 'Config reverted' });
    // Public since the acknowledgement at +2 (a SEV2), nothing posted: the first post (due +7) is owed and overdue.
    expect(resolved.effects).toContainEqual({ type: 'post_resolved_status', dueAt: at(7) });
    let state = seedAfter(2);
    state = step(state, {
      type: 'post_update',
      at: at(8),
      audience: 'external',
      publicStatus: 'resolved',
    }).state;
    const after = step(state, { type: 'resolve', at: at(9), summary: 'Config reverted' });
    expect(after.effects.map((effect) => effect.type)).not.toContain('post_resolved_status');
    const minor = step(step(sev3(), { type: 'acknowledge', at: at(1) }).state, {
      type: 'resolve',
      at: at(5),
      kind: 'self_healed',
    });
    expect(minor.effects.map((effect) => effect.type)).not.toContain('post_resolved_status');
  });
});

describe('the alert on the incident', () => {
  const webhook = JSON.parse(
    readFileSync('test/fixtures/integrations/alertmanager-webhook-v4-firing.captured.json', 'utf8'),
  );
  const [first] = webhook.alerts;
  // What an Alertmanager intake would keep of the first alert of the real webhook.
  const alert: IncidentAlert = {
    name: first.labels.alertname,
    severity: first.labels.severity,
    summary: first.annotations.summary,
    description: first.annotations.description,
    source: 'alertmanager',
    labels: first.labels,
    annotations: first.annotations,
    fingerprint: first.fingerprint,
    groupKey: webhook.groupKey,
    startsAt: first.startsAt,
    links: [
      { href: first.generatorURL, text: 'Prometheus' },
      { href: webhook.externalURL, text: 'Alertmanager' },
    ],
  };

  it('keeps the alert that opened the incident and takes the title from its summary', () => {
    const state = declare({ id: 'INC-AM', at: '2026-11-27T17:50:00Z', alert });
    expect(state.title).toBe('Instance host-a:9100 down');
    expect(state.alert).toEqual({ ...alert, startsAt: '2026-11-27T17:48:36.738Z' });
    expect(state.alert?.groupKey).toBe('{}:{alertname="InstanceDown"}');
    expect(restoreIncident(serializeIncident(state))).toEqual({ ok: true, value: state });
  });

  it('counts the first ack deadline from the declaration by default, or from the alert start when asked', () => {
    const declared = declare({ id: 'INC-AM', at: '2026-11-27T17:50:00Z', alert });
    expect(getDeadlines(declared).acknowledge).toBe('2026-11-27T17:55:00.000Z');
    const started = declare({
      id: 'INC-AM',
      at: '2026-11-27T17:50:00Z',
      alert,
      ackDeadlineFrom: 'alert_started',
    });
    expect(getDeadlines(started).acknowledge).toBe('2026-11-27T17:53:36.738Z');
    const acked = step(started, { type: 'acknowledge', at: '2026-11-27T17:54:00Z' }).state;
    expect(getIncidentMetrics(acked).ackDeadlineMet).toBe(false);
  });

  it("ignores Grafana's zero-time startsAt (unknown) as the ack deadline's base", () => {
    const grafana = JSON.parse(
      readFileSync('test/fixtures/integrations/grafana-webhook-v1-firing.alerting-test.json', 'utf8'),
    );
    const zero = grafana.alerts[0].startsAt;
    expect(zero).toBe('0001-01-01T00:00:00Z');
    const state = declare({
      id: 'INC-GF',
      at: T0,
      alert: { name: 'alert1', severity: 'warning', startsAt: zero },
      ackDeadlineFrom: 'alert_started',
    });
    expect(getDeadlines(state).acknowledge).toBe(at(30)); // SEV4: 30 minutes from the declaration
  });

  it('refuses a link that is not http(s)', () => {
    const result = createIncident({
      id: 'INC-X',
      at: T0,
      alert: { name: 'X', severity: 'info', links: [{ href: 'javascript:alert(1)' }] },
    });
    expect(result.ok || result.error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'alert.links.0.href',
    ]);
  });
});

describe('IncidentDeclaration', () => {
  it('needs a title unless an alert is given, in the type and at run time', () => {
    // @ts-expect-error: neither a title nor an alert
    const untitled: IncidentDeclaration = { id: 'INC-N', at: T0, severity: 'SEV3' };
    const withAlert: IncidentDeclaration = {
      id: 'INC-A',
      at: T0,
      alert: { name: 'DiskFull', severity: 'warning' },
    };
    const withTitle: IncidentDeclaration = { id: 'INC-T', at: T0, title: 'Disk full', severity: 'SEV4' };
    const result = createIncident(untitled);
    expect(result.ok || result.error.message).toContain('Give a title (or an alert to take it from)');
    expect([createIncident(withAlert).ok, createIncident(withTitle).ok]).toEqual([true, true]);
  });
});

describe('getIncidentPolicy', () => {
  it("returns the incident's own policy for its current severity, not the default", () => {
    const policies = defineSeverityPolicies({
      SEV2: { internalUpdateEveryMinutes: 20, updateReminders: { max: 1 } },
    });
    const state = declare({ ...seedDeclaration, settings: { policies } });
    expect(getIncidentPolicy(state)).toEqual(policies.SEV2);
    expect(getIncidentPolicy(state).internalUpdateEveryMinutes).toBe(20);
    const raised = step(step(state, { type: 'acknowledge', at: at(1) }).state, {
      type: 'set_severity',
      at: at(2),
      severity: 'SEV1',
    }).state;
    expect(getIncidentPolicy(raised)).toEqual(policies.SEV1);
  });
});
