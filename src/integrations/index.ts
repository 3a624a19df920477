/**
 * incident-kit/integrations: pure adapters at the edges. Alert intake (Alertmanager, Grafana, PagerDuty webhooks,
 * a generic shape) into declarations and events; outbound request bodies for PagerDuty, Opsgenie, Statuspage, Slack
 * and Teams; and a planner that maps a step's effects to the calls a host configured.
 *
 * @packageDocumentation
 */
export {
  type AlertGroupOptions,
  AlertmanagerAlertSchema,
  type AlertmanagerWebhook,
  AlertmanagerWebhookSchema,
  alertSeverityFromLabel,
  parseAlertmanagerWebhook,
} from './alertmanager';
export {
  type ContractAlert,
  ContractAlertSchema,
  type ContractDeclaration,
  type ContractEffect,
  ContractEffectSchema,
  type ContractEventInput,
  type ContractIncidentState,
} from './contract';
export { incidentDedupKey } from './dedup-key';
export {
  type GenericAlert,
  type GenericAlertOptions,
  GenericAlertSchema,
  parseGenericAlert,
} from './generic';
export {
  GrafanaAlertSchema,
  type GrafanaWebhook,
  GrafanaWebhookSchema,
  parseGrafanaWebhook,
} from './grafana';
export {
  type AlertIntake,
  type AlertRoute,
  type AlertSignal,
  type RouteAlertOptions,
  routeAlertIntake,
} from './intake';
export { DEFAULT_MAX_BODY_BYTES } from './internal/body';
export {
  OPSGENIE_API_URL,
  OPSGENIE_LIMITS,
  type OpsgenieAction,
  type OpsgenieActionOptions,
  OpsgenieActionOptionsSchema,
  type OpsgenieAlertOptions,
  OpsgenieAlertOptionsSchema,
  type OpsgenieCreateAlert,
  OpsgenieCreateAlertSchema,
  OpsgenieResponderSchema,
  toOpsgenieAction,
  toOpsgenieAlert,
} from './opsgenie';
export {
  PAGERDUTY_EVENT_LIMITS,
  PAGERDUTY_EVENTS_URL,
  type PagerDutyEvent,
  type PagerDutyEventOptions,
  PagerDutyEventOptionsSchema,
  PagerDutyEventSchema,
  toPagerDutyEvent,
} from './pagerduty-events';
export {
  PagerDutyIncidentDataSchema,
  type PagerDutyWebhook,
  type PagerDutyWebhookOptions,
  PagerDutyWebhookSchema,
  parsePagerDutyWebhook,
  parseVerifiedPagerDutyWebhook,
  type VerifySignatureOptions,
  verifyPagerDutySignature,
} from './pagerduty-webhook';
export {
  fillOutboundCall,
  type OutboundCall,
  type OutboundCallBase,
  type OutboundConfig,
  OutboundConfigSchema,
  type OutboundEffect,
  type OutboundPlan,
  type OutboundRefs,
  PostUpdateEffectSchema,
  planOutbound,
} from './plan-outbound';
export {
  SLACK_API_URL,
  type SlackBlock,
  type SlackPostMessage,
  type SlackUpdateMessage,
  toSlackPostMessage,
  toSlackUpdate,
} from './slack';
export {
  STATUSPAGE_LIMITS,
  StatuspageComponentStatusSchema,
  type StatuspageIncident,
  StatuspageIncidentSchema,
  type StatuspageOptions,
  StatuspageOptionsSchema,
  toStatuspageIncident,
} from './statuspage';
export { TEAMS_WEBHOOK_MAX_BYTES, toTeamsWebhookMessage } from './teams';
