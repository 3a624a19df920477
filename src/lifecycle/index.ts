export {
  applyEvent,
  getAllowedEvents,
  type ReplayResult,
  replayIncident,
} from './apply-event';
export {
  createIncident,
  DEFAULT_ALERT_SEVERITY_MAP,
  type IncidentDeclaration,
  IncidentDeclarationSchema,
} from './create-incident';
export { type Deadlines, getDeadlines, getPendingDeadlines, type OverdueDeadline } from './deadlines';
export {
  createIncidentActor,
  type IncidentActor,
  type IncidentActorSource,
  type IncidentClock,
} from './incident-actor';
export { type IncidentAlert, IncidentAlertSchema } from './incident-alert';
export { incidentChannelName } from './incident-channel-name';
export { type DeadlineKind, type IncidentEffect, IncidentEffectSchema } from './incident-effect';
export {
  EVENT_TYPES,
  type IncidentEvent,
  type IncidentEventInput,
  IncidentEventSchema,
  type IncidentEventType,
  type PublicStatus,
  type ResolutionKind,
  type UpdateAudience,
} from './incident-event';
export { type IncidentEmitted, incidentMachine, incidentSnapshot } from './incident-machine';
export { getIncidentPolicy } from './incident-policy';
export {
  type IncidentSettings,
  type IncidentState,
  IncidentStateSchema,
  type Mitigation,
  type PostedUpdate,
  type SeverityChange,
  type TimelineEntry,
} from './incident-state';
export {
  ACTIVE_STATUSES,
  INCIDENT_STATUSES,
  type IncidentStatus,
  TRANSITIONS,
  type TransitionTargets,
} from './incident-status';
export { getLifecycleDiagram } from './lifecycle-diagram';
export {
  type DurationStats,
  getIncidentMetrics,
  type IncidentGroupSummary,
  type IncidentMetrics,
  type IncidentsSummary,
  summarizeIncidents,
  type UpdateCounts,
} from './metrics';
export { MITIGATION_KINDS, type MitigationKind } from './mitigation';
export {
  INCIDENT_ENVELOPE_VERSION,
  type IncidentEnvelope,
  IncidentEnvelopeSchema,
  type RestoreOptions,
  restoreIncident,
  serializeIncident,
  validateIncidentState,
} from './persistence';
export type { StepResult } from './step-result';
