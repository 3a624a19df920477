// CONTRACT(issue-10): the lifecycle is gaining the alert on the incident (`state.alert`), `resolve` with `kind`, and
// the extended declaration. Until then these three functions translate between what incident-kit/integrations
// plans with (the agreed shapes) and what the lifecycle accepts today. They are the only place that knows; after the
// merge they become identities and go away.
import type { IncidentDeclaration, IncidentEventInput, IncidentState } from 'incident-kit';
import type {
  ContractAlert,
  ContractDeclaration,
  ContractEventInput,
  ContractIncidentState,
} from 'incident-kit/integrations';

/** The declaration the lifecycle accepts today: the alert's fields it knows, no `ackDeadlineFrom`. */
export function lifecycleDeclaration(declaration: ContractDeclaration): IncidentDeclaration {
  const { alert, ackDeadlineFrom: _, ...rest } = declaration;
  if (!alert) return rest;
  const { name, severity, summary, source, labels } = alert;
  return {
    ...rest,
    alert: {
      name,
      severity,
      ...(summary ? { summary } : {}),
      ...(source ? { source } : {}),
      ...(labels ? { labels } : {}),
    },
  };
}

/** The event the lifecycle accepts today: a `resolve` without `kind`, with a summary. */
export function lifecycleEvent(event: ContractEventInput): IncidentEventInput {
  if (event.type !== 'resolve' || !('kind' in event)) return event as IncidentEventInput;
  const { kind, summary, ...rest } = event;
  return { ...rest, summary: summary ?? (kind === 'fixed' ? 'Fixed' : 'Resolved at the source') };
}

/** The state the planner and the intake router expect: the lifecycle's, with the alert kept beside it. */
export function withAlert(state: IncidentState, alert: ContractAlert | null): ContractIncidentState {
  return { ...state, alert };
}
