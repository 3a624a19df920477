import { readFileSync } from 'node:fs';
import {
  applyEvent,
  createIncident,
  type IncidentDeclaration,
  type IncidentEffect,
  type IncidentEventInput,
  IncidentKitError,
  type IncidentState,
} from 'incident-kit';

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

/** Opens an incident from a declaration the intake built (the alert is kept as `state.alert`). */
export function declare(declaration: IncidentDeclaration): IncidentState {
  const result = createIncident(declaration);
  if (!result.ok) throw result.error;
  return result.state;
}

/** Applies an event the intake suggested, throwing if the lifecycle refuses it. */
export function apply(
  state: IncidentState,
  event: IncidentEventInput,
): { state: IncidentState; effects: readonly IncidentEffect[]; duplicate: boolean } {
  const step = applyEvent(state, event);
  if (!step.ok) throw step.error;
  return { state: step.state, effects: step.effects, duplicate: step.duplicate === true };
}

/** Asserts a value is an `IncidentKitError` with `invalid_input` and returns it. */
export function invalidInput(error: unknown): IncidentKitError {
  if (!(error instanceof IncidentKitError))
    throw new Error(`Expected an IncidentKitError, got ${String(error)}`);
  if (error.code !== 'invalid_input') throw new Error(`Expected invalid_input, got ${error.code}`);
  return error;
}

/** An Alertmanager notification (version 4) of the `DiskFull` group holding `alerts`, firing when one of them is. */
export function alertGroup(
  alerts: readonly { readonly status?: unknown }[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status: alerts.some((one) => (one.status ?? 'firing') === 'firing') ? 'firing' : 'resolved',
    receiver: 'incident-kit',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    alerts,
    ...overrides,
  };
}
