import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import {
  applyEvent,
  EVENT_TYPES,
  IncidentDeclarationSchema,
  type IncidentEffect,
  IncidentEffectSchema,
  IncidentEnvelopeSchema,
  IncidentEventSchema,
  IncidentStateSchema,
  serializeIncident,
  TimestampSchema,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildContractSchemas, TIMESTAMP_PATTERN } from '../../scripts/json-schemas';
import { StoredStateSchema } from '../../src/lifecycle/persistence';
import { edit } from '../arbitraries/edit';
import { sampleEvent } from '../arbitraries/events';
import { pad, wallClockParts } from '../arbitraries/timestamps';
import { declare, seedDeclaration, seedEvents } from '../fixtures/incident';
import { propertyRuns } from '../support/property-runs';

const generated = buildContractSchemas();
const ajv = new Ajv2020({ allErrors: true, strictTypes: false, formats: { uri: true } });

const zodOf: Record<string, z.ZodType> = {
  declaration: IncidentDeclarationSchema,
  event: IncidentEventSchema,
  effect: IncidentEffectSchema,
  state: IncidentStateSchema,
  envelope: IncidentEnvelopeSchema.extend({ state: StoredStateSchema }),
};
const validators = Object.fromEntries(
  Object.entries(generated).map(([name, schema]) => [name, ajv.compile(schema)]),
);

// Samples from the example incident: every declaration, event, effect and state of its whole life, plus a sample of
// every event type from the status that accepts it.
const states = [declare()];
const events: unknown[] = [];
const effects: IncidentEffect[] = [];
for (const event of seedEvents) {
  const step = applyEvent(states.at(-1) ?? declare(), event);
  if (!step.ok) throw step.error;
  events.push(event);
  effects.push(...step.effects);
  states.push(step.state);
}
for (const type of EVENT_TYPES) events.push(sampleEvent(type, states[0] ?? declare()));
const samples: Record<string, unknown[]> = {
  declaration: [
    seedDeclaration,
    { id: 'INC-2', title: 'Checkout slow', at: '2024-01-15T14:20:00+0200', severity: 'SEV3' },
  ],
  event: events,
  effect: effects,
  state: states,
  envelope: states.map((state) => serializeIncident(state)),
};

function agree(name: string, value: unknown): void {
  const byZod = (zodOf[name] as z.ZodType).safeParse(value).success;
  const byAjv = validators[name]?.(value) === true;
  if (byZod !== byAjv) {
    const errors = JSON.stringify(validators[name]?.errors).slice(0, 600);
    throw new Error(
      `${name}: zod says ${byZod}, ajv says ${byAjv} (${errors}) for ${JSON.stringify(value).slice(0, 300)}`,
    );
  }
}

describe('buildContractSchemas', () => {
  it.each(Object.keys(generated))('matches the committed schemas/%s.json', (name) => {
    const committed = JSON.parse(
      readFileSync(new URL(`../../schemas/${name}.json`, import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(generated[name]);
  });

  it.each(Object.keys(generated))('is what `incident-kit/schemas/%s.json` resolves to for a host', (name) => {
    // Node's own resolution through package.json "exports" (the package resolves its own name), as a host's
    // `require.resolve` or a bundler would find the file.
    const file = createRequire(import.meta.url).resolve(`incident-kit/schemas/${name}.json`);
    expect(file).toBe(fileURLToPath(new URL(`../../schemas/${name}.json`, import.meta.url)));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(generated[name]);
  });

  it.each(Object.keys(samples))('accepts every %s of the example incident, as zod does', (name) => {
    for (const sample of samples[name] ?? []) {
      expect(validators[name]?.(sample)).toBe(true);
      agree(name, sample);
    }
  });

  it.each(Object.keys(samples))('agrees with zod on mutated %s samples', (name) => {
    const pool = samples[name] ?? [];
    fc.assert(
      fc.property(fc.constantFrom(...pool), mutationArb, (sample, mutate) => agree(name, mutate(sample))),
      { numRuns: propertyRuns(300) },
    );
  });

  it('refuses what zod refuses only through a refinement: no severity, an external update without a status', () => {
    const noSeverity = { id: 'INC-3', title: 'x', at: '2024-01-15T14:20:00Z' };
    expect([
      IncidentDeclarationSchema.safeParse(noSeverity).success,
      validators.declaration?.(noSeverity),
    ]).toEqual([false, false]);
    const external = { type: 'post_update', at: '2024-01-15T14:20:00Z', audience: 'external', message: 'x' };
    expect([IncidentEventSchema.safeParse(external).success, validators.event?.(external)]).toEqual([
      false,
      false,
    ]);
  });
});

describe('TimestampSchema', () => {
  const pattern = new RegExp(TIMESTAMP_PATTERN, 'u');
  it('accepts exactly the timestamps its JSON Schema pattern accepts', () => {
    fc.assert(
      fc.property(timestampTextArb, (text) => {
        expect(pattern.test(text)).toBe(TimestampSchema.safeParse(text).success);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });
});

const timestampTextArb = fc.oneof(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc
    .tuple(
      ...wallClockParts(),
      fc.option(fc.integer({ min: 0, max: 61 })),
      fc.constantFrom('', '.1', '.123', '.123456789'),
      fc.constantFrom('Z', 'z', '+02:00', '-0130', '+2400', '+01:60', '+0000', '', '+02'),
      fc.constantFrom('T', 't', ' '),
    )
    .map(([y, mo, d, h, mi, s, fraction, zone, sep]) => {
      const seconds = s === null ? '' : `:${pad(s, 2)}${fraction}`;
      return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}${seconds}${zone}`;
    }),
  fc.string({ maxLength: 30 }),
);

/** A change to a sample: drop a key, set a key to another value, or replace a nested string. */
const mutationArb: fc.Arbitrary<(value: unknown) => unknown> = fc.oneof(
  fc.constant((value: unknown) => value),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([pick, depth]) =>
      (value: unknown) =>
        edit(value, pick, depth % 4, () => undefined),
  ),
  fc
    .tuple(
      fc.nat(),
      fc.nat(),
      fc.oneof(fc.jsonValue(), timestampTextArb, fc.constantFrom('', ' ', 'SEV9', 'external', null)),
    )
    .map(
      ([pick, depth, replacement]) =>
        (value: unknown) =>
          edit(value, pick, depth % 4, () => replacement),
    ),
);
