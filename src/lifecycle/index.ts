export {
  applyEvent,
  applyParsedEvent,
  checkEvent,
  getAllowedEvents,
  type ReplayResult,
  replayIncident,
} from './apply-event';
export {
  AlertSeveritySchema,
  createIncident,
  DEFAULT_ALERT_SEVERITY_MAP,
  declarationEffects,
  type IncidentDeclaration,
  IncidentDeclarationSchema,
} from './create-incident';
export {
  type Deadlines,
  deadlineFor,
  getDeadlines,
  getPendingDeadlines,
  type OverdueDeadline,
} from './deadlines';
export {
  createIncidentActor,
  type IncidentActor,
  type IncidentActorSource,
  type IncidentClock,
  systemClock,
} from './incident-actor';
export { AlertLinkSchema, type IncidentAlert, IncidentAlertSchema } from './incident-alert';
export {
  type DeadlineKind,
  DeadlineKindSchema,
  type IncidentEffect,
  IncidentEffectSchema,
} from './incident-effect';
export {
  ActionItemSchema,
  DataLossSchema,
  EVENT_TYPES,
  type IncidentEvent,
  type IncidentEventInput,
  IncidentEventSchema,
  type IncidentEventType,
  type PublicStatus,
  PublicStatusSchema,
  type ResolutionKind,
  ResolutionKindSchema,
  type UpdateAudience,
  UpdateAudienceSchema,
} from './incident-event';
export { type IncidentEmitted, incidentMachine, incidentSnapshot, withDecidedStep } from './incident-machine';
export { getIncidentPolicy } from './incident-policy';
export {
  type IncidentSettings,
  IncidentSettingsSchema,
  type IncidentState,
  IncidentStateSchema,
  type Mitigation,
  MitigationSchema,
  type PostedUpdate,
  PostedUpdateSchema,
  type SeverityChange,
  SeverityChangeSchema,
  type TimelineEntry,
  TimelineEntrySchema,
} from './incident-state';
export {
  ACTIVE_STATUSES,
  INCIDENT_STATUSES,
  type IncidentStatus,
  IncidentStatusSchema,
  TRANSITIONS,
  type TransitionTargets,
} from './incident-status';
export { checkIncidentInvariants } from './invariants';
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
export { MITIGATION_KINDS, type MitigationKind, MitigationKindSchema } from './mitigation';
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
