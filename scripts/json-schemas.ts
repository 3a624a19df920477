// The JSON Schema contract for hosts in other languages: the public zod schemas converted with `z.toJSONSchema`,
// plus the JSON Schema form of each zod refinement that JSON Schema can express. Run `npm run schemas` to write
// schemas/*.json; test/integrations/json-schemas.test.ts checks the committed files equal this output and that
// ajv and zod agree on samples.
import { z } from 'zod';
import { EscalationPolicySchema } from '../src/escalation/escalation-policy';
import {
  IncidentDeclarationSchema,
  IncidentEffectSchema,
  IncidentEnvelopeSchema,
  IncidentEventSchema,
  IncidentStateSchema,
  SeverityRulesSchema,
  TimestampSchema,
} from '../src/index';
import { StoredStateSchema } from '../src/lifecycle/persistence';
import { RoleCatalogSchema } from '../src/roles/role-catalog';
import { SeverityFactConditionSchema } from '../src/severity/classify-severity';

// What TimestampSchema accepts, as one regular expression: a real calendar date (leap years included) in years
// 0001–9999, hours 00–23, optional seconds and fraction, and `Z` or an offset with or without a colon. One thing a
// pattern cannot see: an offset that moves the first hours of 0001-01-01 or the last of 9999-12-31 out of those
// years in UTC; TimestampSchema refuses those, the pattern does not.
const YEAR = '(?:000[1-9]|00[1-9]\\d|0[1-9]\\d\\d|[1-9]\\d{3})';
const MONTH_DAY =
  '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
const LEAP_YEAR = '(?:(?:\\d\\d)(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)';
const TIME = 'T(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?';
const ZONE = '(?:Z|[+-](?:[01]\\d|2[0-3]):?[0-5]\\d)';
export const TIMESTAMP_PATTERN = `^(?:${YEAR}-${MONTH_DAY}|${LEAP_YEAR}-02-29)${TIME}${ZONE}$`;

const eitherBound = { anyOf: [{ required: ['atLeast'] }, { required: ['atMost'] }] };
const postUpdate = IncidentEventSchema.options.find((option) => option.shape.type.value === 'post_update');
const resolve = IncidentEventSchema.options.find((option) => option.shape.type.value === 'resolve');

/**
 * Each refined schema (by identity) and the JSON Schema it gets for its refinement; `null` marks a refinement
 * JSON Schema cannot express, documented in the schema's description instead.
 */
const REFINEMENTS = new Map<z.ZodType, Record<string, unknown> | string>([
  [TimestampSchema, { pattern: TIMESTAMP_PATTERN }],
  [
    IncidentDeclarationSchema,
    {
      allOf: [
        { anyOf: [{ required: ['impact'] }, { required: ['severity'] }, { required: ['alert'] }] },
        { anyOf: [{ required: ['title'] }, { required: ['alert'] }] },
      ],
    },
  ],
  [
    postUpdate as z.ZodType,
    // `if`/`then` is JSON Schema's conditional, not a promise.
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema keyword
    { if: { properties: { audience: { const: 'external' } } }, then: { required: ['publicStatus'] } },
  ],
  [
    resolve as z.ZodType,
    // A summary, unless the kind is given and is not `fixed` (the default).
    {
      anyOf: [
        { required: ['summary'] },
        { required: ['kind'], properties: { kind: { not: { const: 'fixed' } } } },
      ],
    },
  ],
  [SeverityFactConditionSchema.options[1], eitherBound],
  [SeverityFactConditionSchema.options[2], eitherBound],
  [SeverityRulesSchema, 'Rule and adjustment ids must be unique (not checked by this JSON Schema).'],
  [RoleCatalogSchema, 'Role ids must be unique (not checked by this JSON Schema).'],
  [
    EscalationPolicySchema,
    'With afterLastLoop "repeat_last_level" the last level\'s delayMinutes must be at least 1 (not checked by this JSON Schema).',
  ],
]);

interface Check {
  _zod: { def: { check: string; tx?: (value: string) => string; minimum?: number } };
}

function checksOf(schema: z.ZodType): Check[] {
  return ((schema as unknown as { _zod: { def: { checks?: Check[] } } })._zod.def.checks ?? []) as Check[];
}

// A refined or annotated zod schema is a clone of the one it came from (its `parent`); toJSONSchema visits the
// whole chain, so the ancestors of a schema with a known refinement are covered by it.
function parentOf(schema: z.ZodType): z.ZodType | undefined {
  return (schema as unknown as { _zod: { parent?: z.ZodType } })._zod.parent;
}
const COVERED = new Set<z.ZodType>();
for (const schema of REFINEMENTS.keys()) {
  for (let parent = parentOf(schema); parent; parent = parentOf(parent)) COVERED.add(parent);
}

function build(schema: z.ZodType, io: 'input' | 'output', name: string): Record<string, unknown> {
  const problems: string[] = [];
  const json = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    override: (context) => {
      const zod = context.zodSchema as unknown as z.ZodType;
      const target = context.jsonSchema as Record<string, unknown>;
      const refinement = REFINEMENTS.get(zod);
      if (typeof refinement === 'string') {
        target.description = [target.description, refinement].filter(Boolean).join(' ');
      } else if (refinement) {
        Object.assign(target, refinement);
      }
      if (refinement !== undefined || COVERED.has(zod)) return;
      const checks = checksOf(zod);
      for (const check of checks) {
        const kind = check._zod.def.check;
        if (kind === 'custom')
          problems.push(`${name}: a refinement at ${context.path.join('.') || '(root)'}`);
        if (kind === 'overwrite') {
          const trims = check._zod.def.tx?.(' a ') === 'a';
          const minimum =
            checks.find((other) => other._zod.def.check === 'min_length')?._zod.def.minimum ?? 0;
          if (!trims || minimum > 1) problems.push(`${name}: an overwrite at ${context.path.join('.')}`);
          // Trimmed, then at least one character: the text must hold a non-whitespace character.
          else if (minimum === 1) target.pattern = '\\S';
        }
      }
      if (target.format === 'uri') target.pattern = '^[A-Za-z][A-Za-z0-9+.-]*:';
    },
  }) as Record<string, unknown>;
  if (problems.length > 0) {
    throw new Error(
      `No JSON Schema form for: ${problems.join('; ')}. Add it to REFINEMENTS in scripts/json-schemas.ts`,
    );
  }
  return json;
}

/**
 * The contract's schemas by file name, each in zod's input form: what incident-kit accepts (defaults may be left
 * out), which everything incident-kit writes also satisfies.
 */
export function buildContractSchemas(): Record<string, Record<string, unknown>> {
  const entries: [string, z.ZodType, string][] = [
    ['declaration', IncidentDeclarationSchema, 'How an incident starts (what createIncident accepts).'],
    ['event', IncidentEventSchema, 'An event (what applyEvent accepts).'],
    ['effect', IncidentEffectSchema, 'An effect a step returns.'],
    ['state', IncidentStateSchema, 'The complete state of one incident.'],
    [
      'envelope',
      IncidentEnvelopeSchema.extend({ state: StoredStateSchema }),
      'A persisted incident (serializeIncident): its state, with the settings equal to the defaults of the envelope version left out. The digest is not checked by this JSON Schema.',
    ],
  ];
  return Object.fromEntries(
    entries.map(([name, schema, description]) => [
      name,
      {
        ...build(schema, 'input', name),
        $id: `https://unpkg.com/incident-kit/schemas/${name}.json`,
        title: `incident-kit ${name}`,
        description,
      },
    ]),
  );
}
