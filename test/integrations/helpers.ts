import { readFileSync } from 'node:fs';
import {
  applyEvent,
  createIncident,
  type IncidentDeclaration,
  type IncidentEventInput,
  IncidentKitError,
} from 'incident-kit';
import {
  ContractAlertSchema,
  type ContractDeclaration,
  type ContractEffect,
  type ContractEventInput,
  type ContractIncidentState,
} from 'incident-kit/integrations';

/** A fixture file's text, byte for byte. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/integrations/${name}`, import.meta.url), 'utf8');
}

/** A fixture file's bytes. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/integrations/${name}`, import.meta.url)));
}

/** A JSON fixture, parsed. */
export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

// CONTRACT(issue-10): after the merge `createIncident` accepts the extended alert and keeps it as `state.alert`;
// then this becomes `createIncident(declaration)` and the fallback below goes.
/** Opens an incident from a declaration the intake built, keeping its alert on the state as the lifecycle will. */
export function declare(declaration: ContractDeclaration): ContractIncidentState {
  const full = createIncident(declaration as IncidentDeclaration);
  if (full.ok) return full.state;
  const { alert, ackDeadlineFrom: _, ...rest } = declaration;
  const narrowed = alert
    ? {
        name: alert.name,
        severity: alert.severity,
        ...(alert.summary ? { summary: alert.summary } : {}),
        ...(alert.source ? { source: alert.source } : {}),
        ...(alert.labels ? { labels: alert.labels } : {}),
      }
    : undefined;
  const result = createIncident({ ...rest, ...(narrowed ? { alert: narrowed } : {}) });
  if (!result.ok) throw result.error;
  return { ...result.state, alert: alert ? ContractAlertSchema.parse(alert) : null };
}

// CONTRACT(issue-10): after the merge `applyEvent` takes `resolve` with `kind`; then this is `applyEvent`.
/** Applies an event the intake suggested, keeping the state's alert. */
export function apply(
  state: ContractIncidentState,
  event: ContractEventInput,
): {
  state: ContractIncidentState;
  effects: readonly ContractEffect[] | readonly unknown[];
  duplicate: boolean;
} {
  let input = event as IncidentEventInput;
  if (event.type === 'resolve' && 'kind' in event) {
    const { kind: _, ...rest } = event;
    input = { ...rest, summary: rest.summary ?? 'Resolved at the source' } as IncidentEventInput;
  }
  const step = applyEvent(state, input);
  if (!step.ok) throw step.error;
  return {
    state: { ...step.state, alert: state.alert ?? null },
    effects: step.effects,
    duplicate: step.duplicate === true,
  };
}

/** Asserts a value is an `IncidentKitError` with `invalid_input` and returns it. */
export function invalidInput(error: unknown): IncidentKitError {
  if (!(error instanceof IncidentKitError))
    throw new Error(`Expected an IncidentKitError, got ${String(error)}`);
  if (error.code !== 'invalid_input') throw new Error(`Expected invalid_input, got ${error.code}`);
  return error;
}
