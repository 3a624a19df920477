// HTTP: webhooks in (Alertmanager, Grafana, a generic shape, PagerDuty v3 signed), commands and lifecycle events from
// a bot or the dashboard, incident reads, and the dashboard itself. Nothing that changes state answers without a
// bearer token or a valid vendor signature.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  getAllowedEvents,
  getDeadlines,
  getPendingDeadlines,
  type IncidentEventInput,
  type IncidentKitError,
  isIncidentKitError,
} from 'incident-kit';
import {
  type AlertIntake,
  parseAlertmanagerWebhook,
  parseGenericAlert,
  parseGrafanaWebhook,
  parseVerifiedPagerDutyWebhook,
} from 'incident-kit/integrations';
import type { z } from 'zod';
import { CommandSchema, commandEvents, DeclareSchema, EventRequestSchema } from './commands';
import type { ServiceConfig } from './config';
import { ConflictError, type Engine, type StepOutcome } from './engine';
import { handleIntake } from './intake';
import type { Logger } from './log';
import type { Store, StoredIncident } from './store';

export interface Assets {
  readonly html: string;
  readonly script: string;
  readonly css: string;
}

const MAX_BODY = 1024 * 1024;

/** An incident as lists show it. */
export function summarize(incident: StoredIncident) {
  const { state } = incident;
  return {
    id: state.id,
    title: state.title,
    status: state.status,
    severity: state.severity,
    version: incident.version,
    declaredAt: state.milestones.detectedAt,
    lastEventAt: state.lastEventAt,
    roles: state.roles
      .filter((stint) => stint.until === undefined)
      .map((stint) => ({ role: stint.role, person: stint.person })),
    deadlines: getDeadlines(state),
    /** The next deadline a tick will act on (its due time, and when the tick comes). */
    nextDeadline: getPendingDeadlines(state)[0] ?? null,
    dedupKey: incident.dedupKey,
  };
}

export function createApp(deps: {
  config: ServiceConfig;
  engine: Engine;
  store: Store;
  log: Logger;
  assets: Assets;
}): Hono {
  const { config, engine, store, log, assets } = deps;
  const app = new Hono();
  const serviceAuth = bearer(config.serviceToken);
  const intakeAuth = bearer(config.intakeToken);
  const limit = bodyLimit({
    maxSize: MAX_BODY,
    onError: (c) => c.json({ error: `The body is larger than ${MAX_BODY} bytes` }, 413),
  });

  app.onError((error, c) => {
    if (isIncidentKitError(error))
      return c.json(errorBody(error), error.code === 'invalid_input' ? 400 : 409);
    if (error instanceof ConflictError) {
      c.header('retry-after', '1');
      return c.json({ error: error.message }, 503);
    }
    log.error(`${c.req.method} ${c.req.path}: ${(error as Error).stack ?? error}`);
    return c.json({ error: 'Internal error' }, 500);
  });

  app.get('/healthz', (c) => c.json({ ok: true, worker: config.workerId, database: config.database.kind }));

  // Webhooks. Each parser takes the raw bytes, so a body is read once and checked before any JSON parsing.
  const intake =
    (parse: (body: Uint8Array) => ReturnType<typeof parseGenericAlert>) => async (c: Context) => {
      const parsed = parse(new Uint8Array(await c.req.arrayBuffer()));
      if (!parsed.ok) return c.json(errorBody(parsed.error), 400);
      return answerIntake(c, parsed.value);
    };
  const answerIntake = async (c: Context, parsed: AlertIntake) => {
    const result = await handleIntake(parsed, { engine, store, onResolved: config.onResolved });
    log.info(
      `intake ${parsed.source} ${parsed.dedupKey}: ${result.action} ${result.incidentId ?? ''}` +
        ` (${result.applied} applied, ${result.duplicates.length} duplicates, ${result.refused.length} refused)`,
    );
    return c.json(
      {
        ...result,
        refused: result.refused.map(({ type, error }) => ({ type, ...errorBody(error) })),
      },
      result.action === 'declared' ? 201 : 200,
    );
  };
  app.post('/intake/alertmanager', intakeAuth, limit, intake(parseAlertmanagerWebhook));
  app.post('/intake/grafana', intakeAuth, limit, intake(parseGrafanaWebhook));
  app.post('/intake/generic', intakeAuth, limit, intake(parseGenericAlert));
  app.post('/intake/pagerduty', limit, async (c) => {
    if (!config.pagerdutySecrets) return c.json({ error: 'PagerDuty webhooks are not configured' }, 404);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const parsed = await parseVerifiedPagerDutyWebhook(
      raw,
      c.req.header('x-pagerduty-signature'),
      config.pagerdutySecrets,
    );
    if (!parsed.ok) {
      const unsigned = parsed.error.details.reason === 'bad_signature';
      return c.json(errorBody(parsed.error), unsigned ? 401 : 400);
    }
    return answerIntake(c, parsed.value);
  });

  // The API: reads, declarations, chat commands, lifecycle events.
  app.use('/api/*', serviceAuth);
  app.get('/api/incidents', async (c) => {
    const all = c.req.query('all') === 'true';
    const incidents = await store.list({
      activeOnly: !all,
      limit: Number(c.req.query('limit') ?? 200) || 200,
    });
    return c.json({ worker: config.workerId, now: engine.now(), incidents: incidents.map(summarize) });
  });
  app.post('/api/incidents', limit, async (c) => {
    const body = await readJson(c, DeclareSchema);
    if (!body.ok) return body.response;
    const { id, title, severity, impact, by } = body.value;
    const declaration = {
      id: id ?? `INC-${engine.now().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`,
      title,
      at: engine.now(),
      ...(severity === undefined ? {} : { severity }),
      ...(impact === undefined ? {} : { impact }),
      ...(by === undefined ? {} : { by }),
      ...(engine.settings() ? { settings: engine.settings() } : {}),
    } as Parameters<Engine['declare']>[0];
    const declared = await engine.declare(declaration, { dedupKey: null, events: [] });
    if (!declared.created) return c.json({ error: `Incident ${declaration.id} exists already` }, 409);
    return c.json(stepBody(declared.outcome), 201);
  });
  app.get('/api/incidents/:id', async (c) => {
    const incident = await store.get(c.req.param('id'));
    if (!incident) return c.json({ error: 'No such incident' }, 404);
    return c.json({
      worker: config.workerId,
      now: engine.now(),
      incident: summarize(incident),
      state: incident.state,
      allowedEvents: getAllowedEvents(incident.state),
      outbox: await store.outbox(incident.id),
    });
  });
  app.get('/api/incidents/:id/events', async (c) => {
    const incident = await store.get(c.req.param('id'));
    if (!incident) return c.json({ error: 'No such incident' }, 404);
    return c.json({ version: incident.version, events: await store.events(incident.id) });
  });
  app.post('/api/incidents/:id/commands', limit, async (c) => {
    const body = await readJson(c, CommandSchema);
    if (!body.ok) return body.response;
    const outcome = await engine.step(c.req.param('id'), (incident) => ({
      events: commandEvents(body.value, incident.state, engine.eventTime(incident.state)),
      atomic: true,
    }));
    if (!outcome) return c.json({ error: 'No such incident' }, 404);
    return c.json(stepBody(outcome));
  });
  app.post('/api/incidents/:id/events', limit, async (c) => {
    const body = await readJson(c, EventRequestSchema);
    if (!body.ok) return body.response;
    const id = body.value.event.id ?? `ui:${randomUUID()}`;
    const outcome = await engine.step(c.req.param('id'), (incident) => ({
      events: [{ ...body.value.event, id, at: engine.eventTime(incident.state) } as IncidentEventInput],
      atomic: true,
    }));
    if (!outcome) return c.json({ error: 'No such incident' }, 404);
    return c.json(stepBody(outcome));
  });

  // The dashboard: static files, read once at start-up. It asks for the token and keeps it in the tab.
  app.get('/', (c) => c.html(assets.html));
  app.get('/dashboard.js', (c) =>
    c.body(assets.script, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/dashboard.css', (c) => c.body(assets.css, 200, { 'content-type': 'text/css; charset=utf-8' }));
  return app;
}

function stepBody(outcome: StepOutcome) {
  return {
    incident: summarize(outcome.incident),
    applied: outcome.applied,
    duplicates: outcome.duplicates,
    refused: outcome.refused.map(({ type, error }) => ({ type, ...errorBody(error) })),
  };
}

function errorBody(error: IncidentKitError) {
  return { error: error.message, code: error.code, issues: error.issues, details: error.details };
}

async function readJson<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<{ ok: true; value: z.output<T> } | { ok: false; response: Response }> {
  let data: unknown;
  try {
    data = await c.req.json();
  } catch {
    return { ok: false, response: c.json({ error: 'The body is not JSON', code: 'invalid_input' }, 400) };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  const where = issues[0]?.path.join('.') || 'body';
  return {
    ok: false,
    response: c.json(
      { error: `Invalid ${where}: ${issues[0]?.message}`, code: 'invalid_input', issues },
      400,
    ),
  };
}

/** Checks `Authorization: Bearer <token>`, comparing digests in constant time. */
function bearer(token: string): MiddlewareHandler {
  const expected = createHash('sha256').update(token).digest();
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const digest = createHash('sha256').update(given).digest();
    if (!given || !timingSafeEqual(digest, expected)) {
      c.header('www-authenticate', 'Bearer');
      return c.json({ error: 'A valid bearer token is required' }, 401 as ContentfulStatusCode);
    }
    await next();
  };
}
