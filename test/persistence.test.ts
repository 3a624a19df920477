import {
  INCIDENT_ENVELOPE_VERSION,
  restoreIncident,
  serializeIncident,
  validateIncidentState,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { seedAfter, seedEvents } from './fixtures/incident';

const state = seedAfter(seedEvents.length);

describe('serializeIncident and restoreIncident', () => {
  it('round-trips through JSON', () => {
    const text = JSON.stringify(serializeIncident(state));
    const restored = restoreIncident(text);
    expect(restored).toEqual({ ok: true, value: state });
    expect(restoreIncident(JSON.parse(text))).toEqual({ ok: true, value: state });
  });

  it('writes a versioned envelope with a digest', () => {
    const envelope = serializeIncident(state);
    expect(envelope).toMatchObject({ format: 'incident-kit/incident', version: INCIDENT_ENVELOPE_VERSION });
    expect(envelope.digest).toMatch(/^fnv1a:[0-9a-f]{16}$/);
  });

  it('refuses an edited envelope as tampered', () => {
    const text = JSON.stringify(serializeIncident(state)).replace('"severity":"SEV2"', '"severity":"SEV4"');
    const restored = restoreIncident(text);
    expect(restored.ok || restored.error.code).toBe('tampered');
  });

  it('refuses a newer version, and an older one without a migration', () => {
    const newer = { ...serializeIncident(state), version: INCIDENT_ENVELOPE_VERSION + 1 };
    const result = restoreIncident(newer);
    expect(result.ok || [result.error.code, result.error.message]).toEqual([
      'unsupported_version',
      'Envelope version 2 is newer than this release reads (1)',
    ]);
    const older = { ...serializeIncident(state), version: 0 };
    expect(restoreIncident(older).ok || 'refused').toBe('refused');
  });

  it('runs migrations for older versions and validates what they return', () => {
    const older = { ...serializeIncident(state), version: 0 };
    expect(restoreIncident(older, { migrations: { 0: (old) => old } })).toEqual({ ok: true, value: state });
    const broken = restoreIncident(older, { migrations: { 0: () => ({ id: 'x' }) } });
    expect(broken.ok || broken.error.code).toBe('invalid_input');
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
    expect(result.ok || result.error.code).toBe('tampered');
    expect(result.ok || result.error.details.problems).toEqual([
      'severity differs from the last severityHistory entry',
    ]);
  });
});
