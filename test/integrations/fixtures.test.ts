// Every vendor fixture in test/fixtures/integrations, accounted for: each request body parses with the parser or
// schema it is for (and an alert opens or is routed to an incident), or is refused for the reason its README gives;
// each reference file (a schema, a limits list, a field list) does the job the tests rely on. A fixture added without
// a line here fails the first test, so none is silently left out.
import { readdirSync } from 'node:fs';
import Ajv from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { applyEvent, createIncident, type IncidentState } from 'incident-kit';
import {
  AlertmanagerAlertSchema,
  AlertmanagerWebhookSchema,
  DEFAULT_MAX_BODY_BYTES,
  OpsgenieCreateAlertSchema,
  PagerDutyEventSchema,
  parseAlertmanagerWebhook,
  parseGenericAlert,
  parseGrafanaWebhook,
  parsePagerDutyWebhook,
  parseVerifiedPagerDutyWebhook,
  routeAlertIntake,
  StatuspageIncidentSchema,
  verifyPagerDutySignature,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SlackPayloadSchema } from '../../src/comms/payloads';
import { fixtureJson, fixtureText } from './helpers';

const RECEIVED = '2026-11-27T17:48:37Z';
const INTAKE_PARSERS = {
  parseAlertmanagerWebhook,
  parseGrafanaWebhook,
  parsePagerDutyWebhook,
  parseGenericAlert,
} as const;

/** What the lifecycle does with a parsed intake when no incident is open: `declare` (opened) or `ignore`. */
function routed(intake: Parameters<typeof routeAlertIntake>[0]): string {
  const route = routeAlertIntake(intake, null, { at: RECEIVED });
  if (!route.ok) throw route.error;
  if (route.value.action !== 'declare') return route.value.action;
  const opened = createIncident(route.value.declaration);
  if (!opened.ok) throw opened.error;
  let state: IncidentState = opened.state;
  for (const event of route.value.events) {
    const step = applyEvent(state, event);
    if (!step.ok) throw step.error;
    state = step.state;
  }
  return `declare (${state.timeline.length - 1} notes)`;
}

function intake(parser: keyof typeof INTAKE_PARSERS) {
  return (name: string): string => {
    const result = INTAKE_PARSERS[parser](fixtureText(name));
    if (!result.ok) return `refused by ${parser}: ${result.error.details.reason}`;
    const { signals, ignored } = result.value;
    const changes = signals.map((signal) => signal.change).join(', ');
    return `parsed by ${parser}: [${changes}]${ignored ? ' ignored' : ''} → ${routed(result.value)}`;
  };
}

/** Parsed by a schema, or refused: at `field` when an issue names it (the documented reason), else where it was. */
function schema(zod: z.ZodType, label: string, field?: string) {
  return (file: string): string => {
    const result = zod.safeParse(fixtureJson(file));
    if (result.success) return `parsed by ${label}`;
    const paths = result.error.issues.map((issue) => issue.path.join('.'));
    return `refused by ${label} at ${field !== undefined && paths.includes(field) ? field : paths.join(', ')}`;
  };
}

/** A vendor's response, not a request: every intake parser and the outbound schema refuse it. */
function response(zod: z.ZodType, label: string) {
  return (file: string): string => {
    const reasons = Object.values(INTAKE_PARSERS).map((parse) => {
      const result = parse(fixtureText(file));
      return result.ok ? 'parsed' : String(result.error.details.reason);
    });
    const outbound = zod.safeParse(fixtureJson(file)).success ? 'parsed' : 'refused';
    return `response: intake ${[...new Set(reasons)].sort().join('/')}, ${label} ${outbound}`;
  };
}

function cardSchema(file: string) {
  const { id: _id, ...definition } = fixtureJson<Record<string, unknown>>(file);
  return new Ajv({ strict: false, validateSchema: false, allErrors: true })
    .addMetaSchema(draft06)
    .compile(definition);
}
const webhookCard = () =>
  fixtureJson<{ attachments: { content: unknown }[] }>('teams-incoming-webhook-adaptive-card.doc.json')
    .attachments[0]?.content;

const vector = fixtureJson<{
  secret: string;
  body_file: string;
  expected_hmac_hex: string;
  cases: { name: string; header: string; body: string; expect: string }[];
}>('pagerduty-webhook-v3-signature-vector.json');

type Check = (file: string) => string | Promise<string>;

const INVENTORY: Record<string, readonly [expected: string, check: Check]> = {
  'alertmanager-webhook-format.doc.txt': [
    'refused by parseAlertmanagerWebhook: not_json; documents 17 fields, not in the schema: notification_reason',
    (file) => {
      const text = fixtureText(file);
      const parsed = parseAlertmanagerWebhook(text);
      const fields = [...new Set([...text.matchAll(/"(\w+)":/g)].map((match) => match[1] as string))];
      const known = new Set([
        ...Object.keys(AlertmanagerWebhookSchema.shape),
        ...Object.keys(AlertmanagerAlertSchema.shape),
      ]);
      const unknown = fields.filter((field) => !known.has(field));
      return `refused by parseAlertmanagerWebhook: ${parsed.ok ? 'parsed' : parsed.error.details.reason}; documents ${fields.length} fields, not in the schema: ${unknown.join(', ')}`;
    },
  ],
  'alertmanager-webhook-v4-firing.captured.json': [
    'parsed by parseAlertmanagerWebhook: [firing, firing] → declare (2 notes)',
    intake('parseAlertmanagerWebhook'),
  ],
  'alertmanager-webhook-v4-mixed-firing-resolved.captured.json': [
    'parsed by parseAlertmanagerWebhook: [firing, resolved] → declare (1 notes)',
    intake('parseAlertmanagerWebhook'),
  ],
  'alertmanager-webhook-v4-resolved.captured.json': [
    'parsed by parseAlertmanagerWebhook: [resolved] → ignore',
    intake('parseAlertmanagerWebhook'),
  ],
  'alertmanager-webhook-v4-truncated.captured.json': [
    'parsed by parseAlertmanagerWebhook: [firing, firing] → declare (2 notes)',
    intake('parseAlertmanagerWebhook'),
  ],
  'grafana-webhook-v1-firing.alerting-test.json': [
    'parsed by parseGrafanaWebhook: [firing] → declare (1 notes)',
    intake('parseGrafanaWebhook'),
  ],
  'grafana-webhook-v1-firing.doc.json': [
    'parsed by parseGrafanaWebhook: [firing, firing] → declare (2 notes)',
    intake('parseGrafanaWebhook'),
  ],
  'opsgenie-create-alert.doc-sample.transcribed.json': [
    'parsed by OpsgenieCreateAlertSchema',
    schema(OpsgenieCreateAlertSchema, 'OpsgenieCreateAlertSchema'),
  ],
  'opsgenie-request-status-failure.doc.json': [
    'response: intake wrong_shape/wrong_version, OpsgenieCreateAlertSchema refused',
    response(OpsgenieCreateAlertSchema, 'OpsgenieCreateAlertSchema'),
  ],
  'opsgenie-request-status-success.doc.json': [
    'response: intake wrong_shape/wrong_version, OpsgenieCreateAlertSchema refused',
    response(OpsgenieCreateAlertSchema, 'OpsgenieCreateAlertSchema'),
  ],
  'pagerduty-events-v2-acknowledge.doc.json': [
    'parsed by PagerDutyEventSchema',
    schema(PagerDutyEventSchema, 'PagerDutyEventSchema'),
  ],
  'pagerduty-events-v2-change-event.openapi-example.json': [
    'refused by PagerDutyEventSchema at event_action',
    schema(PagerDutyEventSchema, 'PagerDutyEventSchema', 'event_action'),
  ],
  'pagerduty-events-v2-resolve.doc.json': [
    'parsed by PagerDutyEventSchema',
    schema(PagerDutyEventSchema, 'PagerDutyEventSchema'),
  ],
  'pagerduty-events-v2-response-202.openapi-example.json': [
    'response: intake wrong_shape/wrong_version, PagerDutyEventSchema refused',
    response(PagerDutyEventSchema, 'PagerDutyEventSchema'),
  ],
  'pagerduty-events-v2-response-400.openapi-example.json': [
    'response: intake wrong_shape/wrong_version, PagerDutyEventSchema refused',
    response(PagerDutyEventSchema, 'PagerDutyEventSchema'),
  ],
  'pagerduty-events-v2-trigger.doc.json': [
    'parsed by PagerDutyEventSchema',
    schema(PagerDutyEventSchema, 'PagerDutyEventSchema'),
  ],
  'pagerduty-events-v2-trigger.openapi-example.json': [
    'parsed by PagerDutyEventSchema',
    schema(PagerDutyEventSchema, 'PagerDutyEventSchema'),
  ],
  'pagerduty-webhook-v3-incident.acknowledged.assembled.json': [
    'parsed by parsePagerDutyWebhook: [acknowledged] → ignore',
    intake('parsePagerDutyWebhook'),
  ],
  'pagerduty-webhook-v3-incident.priority_updated.doc.json': [
    'parsed by parsePagerDutyWebhook: [updated] → ignore',
    intake('parsePagerDutyWebhook'),
  ],
  'pagerduty-webhook-v3-incident.resolved.assembled.json': [
    'parsed by parsePagerDutyWebhook: [resolved] → ignore',
    intake('parsePagerDutyWebhook'),
  ],
  'pagerduty-webhook-v3-incident.triggered.assembled.json': [
    'parsed by parsePagerDutyWebhook: [firing] → declare (1 notes)',
    intake('parsePagerDutyWebhook'),
  ],
  'pagerduty-webhook-v3-service.updated.doc.json': [
    'parsed by parsePagerDutyWebhook: [] ignored → ignore',
    intake('parsePagerDutyWebhook'),
  ],
  'pagerduty-webhook-v3-signature-vector.body.txt': [
    'parsed by parseVerifiedPagerDutyWebhook: [updated]; wrong secret: bad_signature',
    async (file) => {
      const header = `v1=${vector.expected_hmac_hex}`;
      const good = await parseVerifiedPagerDutyWebhook(fixtureText(file), header, vector.secret);
      const bad = await parseVerifiedPagerDutyWebhook(fixtureText(file), header, `${vector.secret}x`);
      const changes = good.ok ? good.value.signals.map((signal) => signal.change).join(', ') : 'refused';
      return `parsed by parseVerifiedPagerDutyWebhook: [${changes}]; wrong secret: ${bad.ok ? 'parsed' : bad.error.details.reason}`;
    },
  ],
  'pagerduty-webhook-v3-signature-vector.json': [
    'verifyPagerDutySignature: valid true, mismatch false, malformed_header false, malformed_body false',
    async () => {
      const body = fixtureText(vector.body_file);
      const results = await Promise.all(
        vector.cases.map(
          async (testCase) =>
            `${testCase.name} ${await verifyPagerDutySignature(testCase.body === 'body_file' ? body : testCase.body, testCase.header, vector.secret)}`,
        ),
      );
      return `verifyPagerDutySignature: ${results.join(', ')}`;
    },
  ],
  'slack-block-kit-limits.assembled.json': [
    'reference: 16 limits, each a positive number with its source',
    (file) => {
      const limits = Object.entries(fixtureJson<Record<string, unknown>>(file)).filter(
        ([key]) => !key.startsWith('_'),
      );
      const sound = limits.every(([, entry]) => {
        const { value, source } = entry as { value: unknown; source: unknown };
        return typeof value === 'number' && value > 0 && typeof source === 'string' && source.length > 0;
      });
      return `reference: ${limits.length} limits, ${sound ? 'each a positive number with its source' : 'some malformed'}`;
    },
  ],
  'slack-chat-postMessage-blocks.assembled.json': [
    // incident-kit's Slack payloads are headers and sections only; Slack's sample also has a divider (block 2)
    // and a context block.
    'refused by SlackPayloadSchema at blocks.2.type',
    schema(SlackPayloadSchema, 'SlackPayloadSchema', 'blocks.2.type'),
  ],
  'statuspage-api-description-example.doc.json': [
    'refused by StatuspageIncidentSchema at incident.components',
    schema(StatuspageIncidentSchema, 'StatuspageIncidentSchema', 'incident.components'),
  ],
  'statuspage-create-incident.assembled.json': [
    'parsed by StatuspageIncidentSchema',
    schema(StatuspageIncidentSchema, 'StatuspageIncidentSchema'),
  ],
  'statuspage-incident-schemas.openapi.json': [
    'reference: create and update schemas compile; the assembled create and update bodies pass, a bad status fails',
    (file) => {
      const openapi = fixtureJson<{ schemas: Record<string, object> }>(file);
      const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': true } });
      ajv.addSchema({ $id: 'statuspage', components: { schemas: openapi.schemas } });
      const create = ajv.compile({ $ref: 'statuspage#/components/schemas/postPagesPageIdIncidents' });
      const update = ajv.compile({ $ref: 'statuspage#/components/schemas/patchPagesPageIdIncidents' });
      const pass =
        create(fixtureJson('statuspage-create-incident.assembled.json')) &&
        update(fixtureJson('statuspage-update-incident.assembled.json'));
      const fail = !create({ incident: { name: 'x', status: 'exploded' } });
      return `reference: create and update schemas compile; the assembled create and update bodies ${pass ? 'pass' : 'fail'}, a bad status ${fail ? 'fails' : 'passes'}`;
    },
  ],
  'statuspage-update-incident.assembled.json': [
    'parsed by StatuspageIncidentSchema',
    schema(StatuspageIncidentSchema, 'StatuspageIncidentSchema'),
  ],
  'teams-adaptive-card-1.5-ActivityUpdate.sample.json': [
    'accepted by the Adaptive Card 1.5 schema',
    (file) =>
      `${cardSchema('teams-adaptive-card-schema-1.5.json')(fixtureJson(file)) ? 'accepted' : 'refused'} by the Adaptive Card 1.5 schema`,
  ],
  'teams-adaptive-card-schema-1.2.json': [
    'reference: compiles; accepts the webhook sample card, refuses an unknown element',
    (file) => cardReference(file),
  ],
  'teams-adaptive-card-schema-1.5.json': [
    'reference: compiles; accepts the webhook sample card, refuses an unknown element',
    (file) => cardReference(file),
  ],
  'teams-incoming-webhook-adaptive-card.doc.json': [
    'envelope message/application/vnd.microsoft.card.adaptive; card accepted by 1.2 and 1.5',
    (file) => {
      const envelope = fixtureJson<{ type: string; attachments: { contentType: string }[] }>(file);
      const card = webhookCard();
      const both =
        cardSchema('teams-adaptive-card-schema-1.2.json')(card) &&
        cardSchema('teams-adaptive-card-schema-1.5.json')(card);
      return `envelope ${envelope.type}/${envelope.attachments[0]?.contentType}; card ${both ? 'accepted' : 'refused'} by 1.2 and 1.5`;
    },
  ],
};

function cardReference(file: string): string {
  const validate = cardSchema(file);
  const accepts = validate(webhookCard());
  const refuses = !validate({ type: 'AdaptiveCard', version: '1.2', body: [{ type: 'Marquee' }] });
  return `reference: compiles; ${accepts ? 'accepts' : 'refuses'} the webhook sample card, ${refuses ? 'refuses' : 'accepts'} an unknown element`;
}

const files = readdirSync(new URL('../fixtures/integrations/', import.meta.url))
  .filter((name) => name !== 'README.md')
  .sort();

describe('the vendor fixtures', () => {
  it('are each accounted for below, and the README lists each one', () => {
    expect(Object.keys(INVENTORY).sort()).toEqual(files);
    const readme = fixtureText('README.md');
    const unlisted = files.filter((name) => !readme.includes(name) && !listedByPattern(readme, name));
    expect(unlisted).toEqual([]);
  });

  it.each(files)('%s', async (file) => {
    const [expected, check] = INVENTORY[file] ?? ['(no line for it)', () => 'unchecked'];
    expect(await check(file)).toBe(expected);
  });

  it('count: request bodies parsed or refused, responses refused, references used', async () => {
    const outcomes = await Promise.all(files.map(async (file) => (INVENTORY[file]?.[1] ?? String)(file)));
    const count = (prefix: RegExp) => outcomes.filter((outcome) => prefix.test(outcome)).length;
    const tally = {
      parsed: count(/^(parsed|accepted|envelope|verifyPagerDutySignature)/),
      refused: count(/^refused/),
      responses: count(/^response/),
      references: count(/^reference/),
    };
    expect(tally.parsed + tally.refused + tally.responses + tally.references).toBe(files.length);
    console.log(
      `fixtures: ${files.length} — ${tally.parsed} parsed, ${tally.refused} refused for their documented reason, ` +
        `${tally.responses} vendor responses refused by every intake parser, ${tally.references} references`,
    );
  });
});

/** The README names some fixtures as a group, e.g. `pagerduty-events-v2-{trigger,acknowledge,resolve}.doc.json`. */
function listedByPattern(readme: string, name: string): boolean {
  for (const match of readme.matchAll(/`([\w.-]*)\{([\w.,-]+)\}([\w.-]*)`/g)) {
    const [, before, alternatives, after] = match;
    if ((alternatives ?? '').split(',').some((middle) => `${before}${middle}${after}` === name)) return true;
  }
  return false;
}

describe('every intake parser', () => {
  it.each(Object.entries(INTAKE_PARSERS))('%s refuses a 5 MB body before parsing it', (_, parse) => {
    const huge = `{"version":"4","pad":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    for (const body of [huge, new TextEncoder().encode(huge)]) {
      const result = parse(body);
      expect(result.ok || result.error.details).toEqual({
        reason: 'too_large',
        limit: DEFAULT_MAX_BODY_BYTES,
      });
    }
  });

  it('parseVerifiedPagerDutyWebhook refuses a 5 MB body as too large, not as badly signed', async () => {
    const huge = `{"event":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const result = await parseVerifiedPagerDutyWebhook(huge, `v1=${'0'.repeat(64)}`, vector.secret);
    expect(result.ok || result.error.details.reason).toBe('too_large');
  });
});
