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
} from './derive-messages';
export { MESSAGE_FORMATS, type MessageFormat } from './format';
export { type BuiltInMessageKind, MESSAGE_KINDS } from './message-kinds';
export { MESSAGE_SCHEMAS, type MessageData, type MessageInputs } from './messages';
export type { SlackPayload, TeamsPayload } from './payloads';
export {
  renderExecutiveSummary,
  renderHandoffBrief,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  renderStatusPageUpdate,
  renderTacticalUpdate,
} from './render-messages';
export type { RenderFunction, RenderOptions } from './render-output';
