export { IncidentChannelNameInputSchema, incidentChannelName, slugify } from './incident-channel-name';
