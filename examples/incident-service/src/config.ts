// The service's settings, read once from the environment and validated with zod, so a typo fails at start-up with
// the variable's name instead of at the first webhook.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { defineSeverityPolicies, type SeverityPolicies } from 'incident-kit';
import { type OutboundConfig, OutboundConfigSchema } from 'incident-kit/integrations';
import { z } from 'zod';

/** The vendors the outbox can call; each may be pointed at another base URL (a proxy, a fake in tests). */
export const TARGETS = ['pagerduty', 'opsgenie', 'statuspage', 'slack', 'teams'] as const;
export type Target = (typeof TARGETS)[number];

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'Not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const seconds = z.coerce.number().positive();

const EnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** PostgreSQL connection string; without it the service runs embedded on PGlite. */
  DATABASE_URL: z.string().startsWith('postgres').optional(),
  /** PGlite's data directory (embedded mode); `memory://` keeps nothing on disk. */
  DATA_DIR: z.string().default('./data/pglite'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  /** Bearer token for commands and reads (`Authorization: Bearer …`). */
  SERVICE_TOKEN: z.string().min(16, 'Use at least 16 characters').optional(),
  /** Bearer token for the Alertmanager, Grafana and generic webhooks. */
  INTAKE_TOKEN: z.string().min(16, 'Use at least 16 characters').optional(),
  /** PagerDuty webhook signing secrets, comma-separated (several during a rotation). */
  PAGERDUTY_WEBHOOK_SECRETS: z
    .string()
    .transform((text) => text.split(',').map((secret) => secret.trim()))
    .pipe(z.array(z.string().min(1)))
    .optional(),
  /** Which vendors to call and how: incident-kit/integrations' `OutboundConfig` as JSON (checked below). */
  OUTBOUND: json(z.record(z.string(), z.unknown())).default({}),
  /** Other base URLs per vendor, e.g. `{"pagerduty":"http://127.0.0.1:9000/pagerduty"}`: the path is kept. */
  OUTBOUND_URLS: json(z.partialRecord(z.enum(TARGETS), z.url())).default({}),
  /** Credentials per vendor: a Slack bot token, a Statuspage API key, an Opsgenie API key. */
  OUTBOUND_TOKENS: json(z.partialRecord(z.enum(TARGETS), z.string().min(1))).default({}),
  /** Severity policy overrides (`defineSeverityPolicies`), e.g. `{"SEV2":{"ackWithinMinutes":10}}`. */
  POLICIES: json(z.record(z.string(), z.unknown())).optional(),
  /** When an alert resolves at its source: resolve the incident, or only note it on the timeline. */
  ON_RESOLVED: z.enum(['note', 'resolve']).default('note'),
  WORKER_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  /** How often pg-boss looks for due deadline jobs (PostgreSQL mode). */
  DEADLINE_POLL_SECONDS: seconds.min(0.5).default(2),
  /** pg-boss job expiry: a tick held by a worker that died is retried after this. */
  DEADLINE_EXPIRE_SECONDS: z.coerce.number().int().min(1).default(60),
  /** pg-boss maintenance (expiring jobs of dead workers) interval. */
  DEADLINE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).default(60),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** A claimed call not marked sent within this is claimed again by any worker (the sender died). */
  OUTBOX_LEASE_SECONDS: seconds.default(30),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export interface ServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number }
    | {
        readonly kind: 'pglite';
        readonly dataDir: string;
      };
  readonly serviceToken: string;
  readonly intakeToken: string;
  /** True when the tokens were made up at start-up (embedded mode without tokens): printed once. */
  readonly generatedTokens: boolean;
  readonly pagerdutySecrets: readonly string[] | null;
  /** What `planOutbound` is given (without `refs`, which come from each incident's row). */
  readonly outbound: Omit<OutboundConfig, 'refs'>;
  readonly outboundUrls: Partial<Record<Target, string>>;
  readonly outboundTokens: Partial<Record<Target, string>>;
  readonly policies: SeverityPolicies | undefined;
  readonly onResolved: 'note' | 'resolve';
  readonly workerId: string;
  readonly deadlines: {
    readonly pollSeconds: number;
    readonly expireSeconds: number;
    readonly maintenanceSeconds: number;
  };
  readonly outbox: {
    readonly pollMs: number;
    readonly leaseSeconds: number;
    readonly maxAttempts: number;
    readonly concurrency: number;
  };
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Reads the configuration; throws an Error naming each bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const embedded = e.DATABASE_URL === undefined;
  if (!embedded && (!e.SERVICE_TOKEN || !e.INTAKE_TOKEN)) {
    throw new Error(
      'Invalid configuration:\n  SERVICE_TOKEN and INTAKE_TOKEN are required with DATABASE_URL',
    );
  }
  const generatedTokens = !e.SERVICE_TOKEN || !e.INTAKE_TOKEN;
  const outbound = OutboundConfigSchema.safeParse(e.OUTBOUND);
  if (!outbound.success || 'refs' in e.OUTBOUND) {
    const reason = outbound.success ? 'refs are kept per incident, not configured' : outbound.error.message;
    throw new Error(`Invalid configuration:\n  OUTBOUND: ${reason}`);
  }
  let policies: SeverityPolicies | undefined;
  if (e.POLICIES) {
    try {
      policies = defineSeverityPolicies(e.POLICIES);
    } catch (error) {
      throw new Error(`Invalid configuration:\n  POLICIES: ${(error as Error).message}`);
    }
  }
  return {
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: e.DATA_DIR },
    serviceToken: e.SERVICE_TOKEN ?? randomBytes(18).toString('base64url'),
    intakeToken: e.INTAKE_TOKEN ?? randomBytes(18).toString('base64url'),
    generatedTokens,
    pagerdutySecrets: e.PAGERDUTY_WEBHOOK_SECRETS ?? null,
    outbound: e.OUTBOUND as Omit<OutboundConfig, 'refs'>,
    outboundUrls: e.OUTBOUND_URLS,
    outboundTokens: e.OUTBOUND_TOKENS,
    policies,
    onResolved: e.ON_RESOLVED,
    workerId: e.WORKER_ID,
    deadlines: {
      pollSeconds: e.DEADLINE_POLL_SECONDS,
      expireSeconds: e.DEADLINE_EXPIRE_SECONDS,
      maintenanceSeconds: e.DEADLINE_MAINTENANCE_SECONDS,
    },
    outbox: {
      pollMs: e.OUTBOX_POLL_MS,
      leaseSeconds: e.OUTBOX_LEASE_SECONDS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      concurrency: e.OUTBOX_CONCURRENCY,
    },
    logLevel: e.LOG_LEVEL,
  };
}
