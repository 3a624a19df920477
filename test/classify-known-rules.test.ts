// Classifying with a rule set the library already checked (an incident's, restored from storage) does not check it
// again: the benchmark found a restored incident's rules classified at 0.04x the speed of the defaults when
// every call re-validated them. Counted here as schema checks, not timed.
import { classifySeverity, defineSeverityRules, restoreIncident, serializeIncident } from 'incident-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeverityRulesSchema } from '../src/severity/classify-severity';
import { declare } from './fixtures/incident';

const impact = {
  usersAffectedPercent: 30,
  degradation: 'partial_outage',
  coreFeatureAffected: true,
} as const;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('classifySeverity with known rules', () => {
  it('checks neither a restored incident’s rules nor defined rules again, and checks rules it does not know each time', () => {
    const restored = restoreIncident(JSON.stringify(serializeIncident(declare())));
    if (!restored.ok) throw restored.error;
    const defined = defineSeverityRules(structuredClone(restored.value.settings.rules));
    const foreign = structuredClone(restored.value.settings.rules);
    const checks = vi.spyOn(SeverityRulesSchema, 'safeParse');
    const expected = classifySeverity(impact);
    expect(classifySeverity(impact, restored.value.settings.rules)).toEqual(expected);
    expect(classifySeverity(impact, defined)).toEqual(expected);
    expect(checks).not.toHaveBeenCalled();
    expect(classifySeverity(impact, foreign)).toEqual(expected);
    expect(classifySeverity(impact, foreign)).toEqual(expected);
    expect(checks).toHaveBeenCalledTimes(2);
  });
});
