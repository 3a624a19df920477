import Ajv from 'ajv';
import fc from 'fast-check';
import { StatuspageIncidentSchema, toStatuspageIncident } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../support/property-runs';
import { fixtureJson } from './helpers';
import { alertIncident, exampleIncident, hostileIncidentArb } from './outbound-fixtures';

// The vendored OpenAPI fragments, mounted where their `$ref`s point.
const openapi = fixtureJson<{ schemas: Record<string, object> }>('statuspage-incident-schemas.openapi.json');
const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': true } });
ajv.addSchema({ $id: 'statuspage', components: { schemas: openapi.schemas } });
const validateCreate = ajv.compile({ $ref: 'statuspage#/components/schemas/postPagesPageIdIncidents' });
const validateUpdate = ajv.compile({ $ref: 'statuspage#/components/schemas/patchPagesPageIdIncidents' });
const components = { login: '0frwxtbsbr91', 'public API': 'xnkj99tp4jzc' };

/** The example incident after `count` events, its assessment naming the affected features. */
function withFeatures(count?: number) {
  const state = exampleIncident(count);
  if (!state.impact) throw new Error('expected an impact assessment');
  return { ...state, impact: { ...state.impact, affectedFeatures: ['login', 'public API', 'billing'] } };
}

describe('toStatuspageIncident', () => {
  it('validates the assembled fixtures against the spec, so the spec check can fail', () => {
    expect(validateCreate(fixtureJson('statuspage-create-incident.assembled.json'))).toBe(true);
    expect(validateUpdate(fixtureJson('statuspage-update-incident.assembled.json'))).toBe(true);
    expect(validateCreate({ incident: { name: 'x', status: 'exploded' } })).toBe(false);
    expect(
      StatuspageIncidentSchema.safeParse(fixtureJson('statuspage-create-incident.assembled.json')).success,
    ).toBe(true);
  });

  it('refuses the description example, whose components are an array of ids against the spec’s map', () => {
    const result = StatuspageIncidentSchema.safeParse(
      fixtureJson('statuspage-api-description-example.doc.json'),
    );
    // It also lacks fields our bodies always carry; the components are what contradicts the spec.
    expect(result.error?.issues.find((issue) => issue.path.join('.') === 'incident.components')?.code).toBe(
      'invalid_type',
    );
  });

  it('creates a public incident from the example: status from the lifecycle, impact and components from the assessment', () => {
    const body = toStatuspageIncident(withFeatures(3), { components, name: 'Login problems' });
    expect(validateCreate(body)).toBe(true);
    expect(body.incident).toMatchObject({
      name: 'Login problems',
      status: 'investigating',
      impact_override: 'major',
      component_ids: ['0frwxtbsbr91', 'xnkj99tp4jzc'],
      components: { '0frwxtbsbr91': 'partial_outage', xnkj99tp4jzc: 'partial_outage' },
      deliver_notifications: true,
      metadata: { incident_kit: { incident_id: 'INC-1' } },
    });
    expect(body.incident.body).toBe(
      'We are aware of an issue affecting some of our services.\n\nOur team is actively working on resolving this issue.\nWe will provide updates as we learn more.\n\nNext update: in 20 minutes.',
    );
  });

  it('updates to resolved with the components back to operational and states that no data was lost', () => {
    const state = withFeatures();
    expect(state.status).toBe('closed');
    const body = toStatuspageIncident(state, { mode: 'update', components });
    expect(validateUpdate(body)).toBe(true);
    expect(body.incident.name).toBeUndefined();
    expect(body.incident.status).toBe('resolved');
    expect(Object.values(body.incident.components)).toEqual(['operational', 'operational']);
    expect(body.incident.body).toContain('No data was lost.');
  });

  it('follows the lifecycle’s public status: identified while mitigating, monitoring once mitigated', () => {
    const seen = [3, 9, 12, 14].map(
      (count) => toStatuspageIncident(exampleIncident(count), { mode: 'update' }).incident.status,
    );
    expect(seen).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
  });

  it('never posts the incident’s internal title (an alert name) unless given a public name', () => {
    const alerted = alertIncident();
    const resolved = exampleIncident();
    expect(resolved.status).toBe('closed');
    for (const state of [alerted, resolved]) {
      for (const mode of ['create', 'update'] as const) {
        const body = toStatuspageIncident(state, { mode, components });
        expect(JSON.stringify(body.incident)).not.toContain(state.title);
      }
    }
    expect(toStatuspageIncident(alerted).incident.name).toBe('Service disruption');
    expect(toStatuspageIncident(resolved, { mode: 'update' }).incident.body).toBe(
      'Our services are operating normally again.\n\nNo data was lost.\n\nThis incident has been resolved.',
    );
    const named = toStatuspageIncident(resolved, { mode: 'update', name: 'Login problems' });
    expect(named.incident.name).toBe('Login problems');
    expect(named.incident.body.split('\n')[0]).toBe('The issue affecting Login problems has been resolved.');
  });

  it('keeps the spec and the limits (name 255, body 25,000) for long and hostile incidents', () => {
    fc.assert(
      fc.property(
        hostileIncidentArb,
        fc.constantFrom('create' as const, 'update' as const),
        fc.string({ minLength: 1, maxLength: 40_000 }),
        fc.option(fc.string({ minLength: 1, maxLength: 600 }), { nil: undefined }),
        (state, mode, message, name) => {
          const body = toStatuspageIncident(state, {
            mode,
            components,
            ...(message.trim() ? { message } : {}),
            ...(name?.trim() ? { name } : {}),
          });
          expect((mode === 'create' ? validateCreate : validateUpdate)(body)).toBe(true);
          expect(StatuspageIncidentSchema.safeParse(body).success).toBe(true);
          expect(body.incident.body.length).toBeLessThanOrEqual(25_000);
          expect((body.incident.name ?? '').length).toBeLessThanOrEqual(255);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it('refuses bad options', () => {
    expect(() => toStatuspageIncident(exampleIncident(0), { components: { login: '' } })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => toStatuspageIncident(exampleIncident(0), { mode: 'replace' as 'update' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
