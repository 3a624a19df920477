// restoreIncident and serializeIncident in detail: each refusal's code, words and input, the order of the checks
// (schema, then digest, then invariants), the settings an envelope leaves out, and the version-1 migration's edge
// cases. Mutation testing showed the broader tests in persistence.test.ts let these change unseen.
import { readFileSync } from 'node:fs';
import { createIncident, type IncidentEnvelope, restoreIncident, serializeIncident } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../src/lifecycle/digest';
import { nestedArrays } from './fixtures/assert';
import { at, declare, seedAfter, seedEvents } from './fixtures/incident';

const v1 = JSON.parse(readFileSync('test/fixtures/incident-envelopes-v1.json', 'utf8'));
const closed = seedAfter(seedEvents.length);

type Json = Record<string, unknown>;

/** An envelope of `version` around `state`, with the digest a writer would have given it. */
function envelopeOf(state: Json, version: number): Json {
  return { format: 'incident-kit/incident', version, digest: digestOf(state), state };
}

/** A version-1 envelope, its state changed by `change` and its digest recomputed. */
function v1With(name: 'closed' | 'open' | 'paging', change: (state: Json) => void): Json {
  const state = structuredClone(v1[name].state) as Json;
  change(state);
  return envelopeOf(state, 1);
}

function failure(result: ReturnType<typeof restoreIncident>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const nested = nestedArrays;

describe('restoreIncident refusals', () => {
  it('says a string is not JSON, keeping the text', () => {
    const error = failure(restoreIncident('{"format":'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Not JSON: \S/);
    expect(error.input).toBe('{"format":');
  });

  it('names the envelope when it is not one', () => {
    const error = failure(restoreIncident({ hello: 'world' }));
    expect(error.message).toMatch(/^Invalid incident envelope:/);
  });

  it('checks a current state against the schema before walking it for the digest', () => {
    const envelope = serializeIncident(closed) as unknown as { state: Json };
    const state = { ...envelope.state, title: nested(100) };
    const error = failure(restoreIncident(envelopeOf(state, 3)));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Invalid incident state:\n/);
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['title']);
  });

  it('refuses an older state nested too deep to digest, before any migration', () => {
    const state = { ...v1.closed.state, title: nested(100) };
    const envelope = envelopeOf({}, 2);
    envelope.state = state;
    const error = failure(restoreIncident(envelope));
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: 'Invalid incident state: nested deeper than 64 levels',
      input: envelope,
    });
  });

  it('says a state does not match its digest, with both digests', () => {
    const envelope = structuredClone(serializeIncident(closed)) as unknown as { digest: string; state: Json };
    envelope.state.title = 'Edited';
    const error = failure(restoreIncident(envelope));
    expect(error).toMatchObject({
      code: 'digest_mismatch',
      message: 'The incident does not match its digest: it was edited or corrupted after it was written',
      input: envelope,
      details: { digest: envelope.digest, computed: digestOf(envelope.state) },
    });
  });

  it('reports a migration that throws, with its versions, message and cause', () => {
    const boom = new Error('boom');
    const envelope = envelopeOf(structuredClone(v1.closed.state), 2);
    const error = failure(
      restoreIncident(envelope, {
        migrations: {
          2: () => {
            throw boom;
          },
        },
      }),
    );
    expect(error).toMatchObject({
      code: 'unsupported_version',
      message: 'The migration from envelope version 2 to 3 failed: boom',
      input: envelope,
      cause: boom,
    });
  });

  it('keeps the input on a version it cannot read', () => {
    const envelope = { ...serializeIncident(closed), version: 9 };
    expect(failure(restoreIncident(envelope))).toMatchObject({
      code: 'unsupported_version',
      message: 'Envelope version 9 is newer than this release reads (3)',
      input: envelope,
    });
  });

  it('fills in left-out settings only for a state stored in the current form', () => {
    const current = serializeIncident(closed) as unknown as { state: Json };
    expect(current.state.settings).toEqual({});
    expect(restoreIncident(current).ok).toBe(true);
    // The same state labelled version 2 (which wrote every setting) is missing its settings.
    const error = failure(restoreIncident(envelopeOf(current.state, 2)));
    expect(error.code).toBe('invalid_input');
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.issues.every((issue) => issue.path[0] === 'settings')).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['options that are not an object', null, 'Invalid options: expected an object, got null'],
    [
      'migrations that are not an object',
      { migrations: 3 },
      'Invalid options.migrations: expected an object of functions, got 3',
    ],
    [
      'a migration that is not a function',
      { migrations: { 2: 'x' } },
      'Invalid options.migrations.2: expected a function, got "x"',
    ],
  ])('refuses %s, naming it', (_, options, message) => {
    const error = failure(restoreIncident(serializeIncident(closed), options as never));
    expect(error).toMatchObject({ code: 'invalid_input', message });
  });

  it('reads without options, and with empty ones', () => {
    const envelope = serializeIncident(closed);
    expect(restoreIncident(envelope)).toEqual({ ok: true, value: closed });
    expect(restoreIncident(envelope, {})).toEqual({ ok: true, value: closed });
    expect(restoreIncident(envelope, { migrations: {} })).toEqual({ ok: true, value: closed });
  });
});

describe('serializeIncident', () => {
  it('leaves out exactly the settings equal to the defaults', () => {
    const created = createIncident({
      id: 'INC-1',
      title: 'Auth down',
      at: '2024-01-15T14:20:00Z',
      severity: 'SEV2',
      settings: { maxEscalationLevel: 5 },
    });
    if (!created.ok) throw created.error;
    const envelope = serializeIncident(created.state) as IncidentEnvelope & { state: Json };
    expect(envelope.state.settings).toEqual({ maxEscalationLevel: 5 });
    expect(restoreIncident(JSON.stringify(envelope))).toEqual({ ok: true, value: created.state });
  });

  it('names the state it refuses', () => {
    expect(() => serializeIncident({} as never)).toThrow(/^Invalid state:\n/);
  });
});

describe('the version-1 migration', () => {
  it('drops a triage recorded while nobody had acknowledged', () => {
    const envelope = v1With('paging', (state) => {
      (state.milestones as Json).triagedAt = at(1);
    });
    const restored = restoreIncident(envelope);
    if (!restored.ok) throw restored.error;
    expect(restored.value.milestones).toEqual({ detectedAt: at(0) });
  });

  it('keeps a triage recorded after the acknowledgement', () => {
    const restored = restoreIncident(v1.closed);
    if (!restored.ok) throw restored.error;
    expect(restored.value.milestones.triagedAt).toBe(v1.closed.state.milestones.triagedAt);
    expect(
      String(restored.value.milestones.triagedAt) > String(restored.value.milestones.acknowledgedAt),
    ).toBe(true);
  });

  it('keeps a page live from the first escalation level, not at level 0', () => {
    const first = restoreIncident(
      v1With('paging', (state) => {
        (state.escalation as Json).level = 1;
      }),
    );
    expect(first.ok && first.value.escalation).toMatchObject({ level: 1, paging: true });
    const none = restoreIncident(
      v1With('paging', (state) => {
        (state.escalation as Json).level = 0;
      }),
    );
    expect(none.ok && none.value.escalation).toMatchObject({ level: 0, paging: false });
  });

  it('passes a state not shaped like version 1 to validation, which refuses it', () => {
    for (const change of [
      (state: Json) => {
        delete state.escalation;
      },
      (state: Json) => {
        state.milestones = 'soon';
      },
    ]) {
      const error = failure(restoreIncident(v1With('open', change)));
      expect(error.code).toBe('invalid_input');
    }
    const unknownLevel = failure(
      restoreIncident(
        v1With('open', (state) => {
          const settings = state.settings as { policies: Json };
          settings.policies.SEV9 = settings.policies.SEV3;
        }),
      ),
    );
    expect(unknownLevel.code).toBe('invalid_input');
    expect(unknownLevel.issues.some((issue) => issue.path.join('.').startsWith('settings.policies'))).toBe(
      true,
    );
  });
});

it('declares with nothing stored but the defaults', () => {
  expect((serializeIncident(declare()) as unknown as { state: Json }).state.settings).toEqual({});
});
