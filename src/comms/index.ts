export {
  type CommunicationIssue,
  type CommunicationSubject,
  checkCommunication,
} from './check-communication';
export {
  deriveExecutiveSummary,
  deriveHandoffBrief,
  deriveInternalUpdate,
  derivePostmortem,
  deriveResolutionUpdate,
  deriveStatusPageUpdate,
  deriveTacticalUpdate,
  PUBLIC_STATUS_OF,
  PUBLIC_STATUS_PAGE_DEFAULTS,
  STATUS_WORDS,
} from './derive-messages';
export {
  type EscapeTextOptions,
  escapeText,
  MESSAGE_FORMATS,
  type MessageFormat,
  MessageFormatSchema,
  mention,
  truncateText,
} from './format';
export { IncidentChannelNameInputSchema, incidentChannelName, slugify } from './incident-channel-name';
export {
  DEFAULT_STATUS_PAGE_CLOSINGS,
  ExecutiveSummarySchema,
  HandoffBriefSchema,
  InternalUpdateSchema,
  MESSAGE_SCHEMAS,
  type MessageData,
  type MessageInputs,
  PostmortemSchema,
  ResolutionUpdateSchema,
  StatusPageUpdateSchema,
  TacticalUpdateSchema,
} from './messages';
export {
  SLACK_LIMITS,
  type SlackPayload,
  TEAMS_LIMITS,
  type TeamsPayload,
  toSlackPayload,
  toTeamsPayload,
} from './payloads';
export {
  renderExecutiveSummary,
  renderHandoffBrief,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  renderStatusPageUpdate,
  renderTacticalUpdate,
} from './render-messages';
export {
  createRenderer,
  type Renderer,
  type RenderFunction,
  type RenderOptions,
  type TemplateOverrides,
} from './renderer';
export { BUILT_IN_TEMPLATES, type BuiltInMessageKind, MESSAGE_KINDS } from './templates';
export { formatDuration, formatDurationBetween, formatTimestamp } from './time-format';
