import * as z from 'zod';
import { describeValue, IncidentKitError, type Result, safeParseInput } from '../errors';
import { invalidArgument, isPlainObjectLike, ownValue } from '../internal/arguments';
import { DEFAULT_ROLE_CATALOG } from '../roles/role-catalog';
import { DEFAULT_SEVERITY_RULES } from '../severity/classify-severity';
import { DEFAULT_SEVERITY_POLICIES } from '../severity/severity-policy';
import { boundedDigestOf, canonicalJson, digestOf } from './digest';
import {
  type IncidentSettings,
  IncidentSettingsSchema,
  type IncidentState,
  IncidentStateSchema,
} from './incident-state';
import { checkIncidentState, requireIncidentState } from './state-guard';

const FORMAT = 'incident-kit/incident';

/**
 * The envelope version this release writes. Version 3 leaves out the settings an incident shares with the defaults
 * (the severity policies and rules, the role catalog, the reopen window, the escalation limit and the ack deadline's
 * base, each when equal to the version's defaults), so an envelope grows with what happened, not with copied
 * configuration. Version 2 kept the opening alert, paging and reminder counts, the resolution kind, and per event id
 * a digest of the event (version 1 kept a list of ids). `restoreIncident` reads versions 1 and 2 and migrates them
 * itself.
 *
 * @example
 * INCIDENT_ENVELOPE_VERSION;
 * //=> 3
 */
export const INCIDENT_ENVELOPE_VERSION = 3;

/**
 * The settings a version-3 envelope leaves out when an incident has them: the defaults of this release. They are
 * part of the envelope format: if a default changes, the envelope version goes up and the migration from version 3
 * writes these values into the states it upgrades (a test pins their digest, so the change cannot go unnoticed).
 */
export const STORED_SETTINGS_DEFAULTS: Readonly<Record<string, unknown>> = {
  policies: DEFAULT_SEVERITY_POLICIES,
  rules: DEFAULT_SEVERITY_RULES,
  roleCatalog: DEFAULT_ROLE_CATALOG,
  reopenWindowMinutes: 1440,
  maxEscalationLevel: 3,
  ackDeadlineFrom: 'declared',
};

/**
 * A state as a version-3 envelope stores it: the settings equal to the defaults left out. Internal (the JSON Schema
 * contract's `envelope.json` is built from it).
 */
export const StoredStateSchema = IncidentStateSchema.extend({ settings: IncidentSettingsSchema.partial() });

/**
 * A persisted incident: format tag, version, a digest of the state (to detect edits and corruption; not a
 * cryptographic signature), and the state.
 *
 * @example
 * IncidentEnvelopeSchema.shape.format.value;
 * //=> 'incident-kit/incident'
 */
export const IncidentEnvelopeSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.number().int().min(0),
  digest: z.string(),
  state: z.unknown(),
});

/**
 * A persisted incident envelope.
 *
 * @example
 * const envelope: IncidentEnvelope = serializeIncident(incident);
 * envelope.version;
 * //=> 3
 */
export type IncidentEnvelope = z.infer<typeof IncidentEnvelopeSchema>;

/**
 * Options for {@link restoreIncident}.
 *
 * @example
 * const options: RestoreOptions = { migrations: { 0: (state) => state } };
 * typeof options.migrations?.[0];
 * //=> 'function'
 */
export interface RestoreOptions {
  /**
   * Upgrades for older envelopes: `migrations[n]` turns a version-`n` state into a version-`n + 1` state. They run
   * in sequence after the digest check; the result is validated like any other state, with every setting written
   * out (the version-2 form). The upgrades from versions 1 and 2 are built in (yours replaces one if you give
   * `migrations[1]` or `migrations[2]`).
   */
  readonly migrations?: Readonly<Record<number, (state: unknown) => unknown>>;
}

/**
 * Wraps an incident in a versioned, JSON-safe envelope. `JSON.stringify` it to store it; `restoreIncident` reads it
 * back.
 *
 * @param state - the incident
 * @returns the envelope
 * @throws {IncidentKitError} `invalid_input` or `inconsistent_state` for something that is not a sound state
 * @example
 * JSON.parse(JSON.stringify(serializeIncident(incident))).format;
 * //=> 'incident-kit/incident'
 */
export function serializeIncident(state: IncidentState): IncidentEnvelope {
  const checked = requireIncidentState(state, 'state');
  const stored = { ...checked, settings: storedSettings(checked.settings) };
  return { format: FORMAT, version: INCIDENT_ENVELOPE_VERSION, digest: digestOf(stored), state: stored };
}

/** An incident's settings without those equal to the defaults an envelope leaves out. */
function storedSettings(settings: IncidentSettings): Partial<IncidentSettings> {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    const fallback = ownValue(STORED_SETTINGS_DEFAULTS, key);
    if (fallback === undefined || !sameJson(value, fallback)) stored[key] = value;
  }
  return stored as Partial<IncidentSettings>;
}

function sameJson(a: unknown, b: unknown): boolean {
  return (
    a === b ||
    (typeof a === 'object' && typeof b === 'object' && canonicalJson(a, 256) === canonicalJson(b, 256))
  );
}

/** A stored state with the settings it left out put back. */
function withDefaultSettings(state: unknown): unknown {
  if (!isPlainObjectLike(state) || !isPlainObjectLike(state.settings)) return state;
  return { ...state, settings: { ...STORED_SETTINGS_DEFAULTS, ...state.settings } };
}

/**
 * Reads a persisted incident back: checks the format, the version (running the built-in upgrade from version 1 and
 * your `migrations` for older ones), the state's schema, the digest, and the state's invariants against its own
 * timeline and settings. Refuses with `invalid_input` (not JSON, not an envelope, a field wrong),
 * `unsupported_version` (a newer version, no migration, or a migration that threw), `digest_mismatch` (the state
 * is not the one the digest was computed from: edited or corrupted since) or `inconsistent_state` (the state
 * contradicts itself), and never returns a half-valid state. The digest is a checksum, not a signature: anyone
 * can recompute it, so keep envelopes where only your service writes them.
 *
 * @param json - the envelope, as a JSON string (a leading byte-order mark is ignored) or as parsed data
 * @param options - migrations for older versions
 * @returns `{ ok: true, value: state }` or `{ ok: false, error }`
 * @example
 * const restored = restoreIncident(JSON.stringify(serializeIncident(incident)));
 * restored.ok && restored.value.id;
 * //=> 'INC-1'
 */
export function restoreIncident(json: unknown, options: RestoreOptions = {}): Result<IncidentState> {
  const migrations = readMigrations(options);
  if (!migrations.ok) return migrations;
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
    } catch (error) {
      const reason = error instanceof Error ? error.message : describeValue(error);
      return {
        ok: false,
        error: new IncidentKitError('invalid_input', `Not JSON: ${reason}`, { input: json }),
      };
    }
  }
  const envelope = safeParseInput(IncidentEnvelopeSchema, data, 'incident envelope');
  if (!envelope.ok) return envelope;
  const { version, digest } = envelope.value;
  let state = envelope.value.state;
  if (version > INCIDENT_ENVELOPE_VERSION) {
    return unsupported(
      `Envelope version ${version} is newer than this release reads (${INCIDENT_ENVELOPE_VERSION})`,
      json,
    );
  }
  // The schema first (a state of this version must match it before anything walks it), then the digest of the state
  // as stored, then the invariants. An older state is checked after its migration; the digest bounds its depth.
  if (version === INCIDENT_ENVELOPE_VERSION) {
    const shape = safeParseInput(StoredStateSchema, state, 'incident state');
    if (!shape.ok) return shape;
  }
  const stored = boundedDigestOf(state, MAX_STATE_DEPTH);
  if (stored === null) {
    return {
      ok: false,
      error: new IncidentKitError(
        'invalid_input',
        `Invalid incident state: nested deeper than ${MAX_STATE_DEPTH} levels`,
        {
          input: json,
        },
      ),
    };
  }
  if (stored !== digest) {
    return {
      ok: false,
      error: new IncidentKitError(
        'digest_mismatch',
        'The incident does not match its digest: it was edited or corrupted after it was written',
        { input: json, details: { digest, computed: stored } },
      ),
    };
  }
  for (let from = version; from < INCIDENT_ENVELOPE_VERSION; from++) {
    const migrate = ownValue(migrations.value, String(from)) ?? ownValue(BUILT_IN_MIGRATIONS, String(from));
    if (!migrate) return unsupported(`No migration from envelope version ${from} to ${from + 1}`, json);
    try {
      state = migrate(state);
    } catch (error) {
      return {
        ok: false,
        error: new IncidentKitError(
          'unsupported_version',
          `The migration from envelope version ${from} to ${from + 1} failed: ${error instanceof Error ? error.message : describeValue(error)}`,
          { input: json, cause: error },
        ),
      };
    }
  }
  // Only a state stored in this version's form leaves settings out; an upgraded one has them all (or is refused).
  return checkIncidentState(version === INCIDENT_ENVELOPE_VERSION ? withDefaultSettings(state) : state);
}

/**
 * Checks that some data is a sound incident state: its schema (`invalid_input`, naming the field) and its
 * invariants against its own timeline and settings (`inconsistent_state`, listing each contradiction). For states
 * kept outside an envelope. A state this library made or already checked passes at once (states are never
 * modified; a state changed by hand is not a state this library made).
 *
 * @param data - a candidate state
 * @returns the validated state, or the error
 * @example
 * validateIncidentState(JSON.parse(JSON.stringify(incident))).ok;
 * //=> true
 */
export function validateIncidentState(data: unknown): Result<IncidentState> {
  return checkIncidentState(data);
}

/** Deeper than any incident state (about 8 levels), shallow enough for any stack. */
const MAX_STATE_DEPTH = 64;

function readMigrations(options: unknown): Result<Readonly<Record<string, (state: unknown) => unknown>>> {
  if (options === undefined) return { ok: true, value: {} };
  if (!isPlainObjectLike(options))
    return { ok: false, error: invalidArgument('options', 'an object', options) };
  const migrations = options.migrations;
  if (migrations === undefined) return { ok: true, value: {} };
  if (!isPlainObjectLike(migrations))
    return { ok: false, error: invalidArgument('options.migrations', 'an object of functions', migrations) };
  for (const key of Object.keys(migrations)) {
    if (typeof migrations[key] !== 'function')
      return {
        ok: false,
        error: invalidArgument(`options.migrations.${key}`, 'a function', migrations[key]),
      };
  }
  return { ok: true, value: migrations as Readonly<Record<string, (state: unknown) => unknown>> };
}

// Version 3 stores settings equal to the defaults by leaving them out; a version-2 state (all settings written) is
// already a valid version-3 state, with nothing left out.
const BUILT_IN_MIGRATIONS: Readonly<Record<number, (state: unknown) => unknown>> = {
  1: migrateFromV1,
  2: (state) => state,
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Version 1 → 2: event ids move from `appliedEventIds` to the timeline (entries of version 1 keep their id without
 * a digest, so any later event with such an id counts as a duplicate, as it did); paging gets its `loop` and `paging`
 * flag (a version-1 page was live while detected); reminders get `count: 1` (version 1 reminded once); a
 * resolution is `fixed`; no alert was kept; policies get the re-notify and reminder cadences (re-notify at the ack
 * cadence, reminders as the default policy of that severity); a `triagedAt` recorded before acknowledgement
 * (version 1 set it on any assessment) moves to the acknowledgement. Anything that is not shaped like a version-1
 * state is passed through for validation to refuse.
 */
function migrateFromV1(data: unknown): unknown {
  if (!isObject(data) || !isObject(data.escalation) || !isObject(data.milestones)) return data;
  const { appliedEventIds: _ids, ...state } = data;
  const milestones: Json = { ...data.milestones };
  if (typeof milestones.triagedAt === 'string') {
    const acknowledged = milestones.acknowledgedAt;
    if (typeof acknowledged !== 'string') delete milestones.triagedAt;
    else if (milestones.triagedAt < acknowledged) milestones.triagedAt = acknowledged;
  }
  const level = data.escalation.level;
  const settings = isObject(data.settings) ? data.settings : {};
  const policies = isObject(settings.policies) ? settings.policies : {};
  return {
    ...state,
    milestones,
    escalation: {
      ...data.escalation,
      loop: 0,
      paging: data.status === 'detected' && typeof level === 'number' && level >= 1,
    },
    reminders: Array.isArray(data.reminders)
      ? data.reminders.map((reminder) => (isObject(reminder) ? { ...reminder, count: 1 } : reminder))
      : data.reminders,
    resolution: isObject(data.resolution) ? { kind: 'fixed', ...data.resolution } : data.resolution,
    alert: null,
    settings: {
      ...settings,
      policies: Object.fromEntries(
        Object.entries(policies).map(([severity, policy]) => [
          severity,
          isObject(policy)
            ? {
                renotifyEveryMinutes: policy.ackWithinMinutes ?? null,
                updateReminders:
                  ownValue(DEFAULT_SEVERITY_POLICIES, severity)?.updateReminders ??
                  DEFAULT_SEVERITY_POLICIES.SEV3.updateReminders,
                ...policy,
              }
            : policy,
        ]),
      ),
    },
  };
}

function unsupported(message: string, input: unknown): Result<never> {
  return { ok: false, error: new IncidentKitError('unsupported_version', message, { input }) };
}
