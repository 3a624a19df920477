import { z } from 'zod';
import { IncidentKitError, type Result, safeParseInput } from '../errors';
import { type IncidentState, IncidentStateSchema } from './incident-state';
import { checkIncidentInvariants } from './invariants';

const FORMAT = 'incident-kit/incident';

/**
 * The envelope version this release writes.
 *
 * @example
 * INCIDENT_ENVELOPE_VERSION;
 * //=> 1
 */
export const INCIDENT_ENVELOPE_VERSION = 1;

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
 * //=> 1
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
   * in sequence after the digest check; the result is validated like any other state.
   */
  readonly migrations?: Readonly<Record<number, (state: unknown) => unknown>>;
}

/**
 * Wraps an incident in a versioned, JSON-safe envelope. `JSON.stringify` it to store it; `restoreIncident` reads it
 * back.
 *
 * @param state - the incident
 * @returns the envelope
 * @example
 * JSON.parse(JSON.stringify(serializeIncident(incident))).format;
 * //=> 'incident-kit/incident'
 */
export function serializeIncident(state: IncidentState): IncidentEnvelope {
  return { format: FORMAT, version: INCIDENT_ENVELOPE_VERSION, digest: digestOf(state), state };
}

/**
 * Reads a persisted incident back: checks the format, the version (running `migrations` for older ones), the digest,
 * the state's schema and its invariants. Refuses with `invalid_input` (not JSON, not an envelope, a field wrong),
 * `unsupported_version` or `tampered`, and never returns a half-valid state.
 *
 * @param json - the envelope, as a JSON string or as parsed data
 * @param options - migrations for older versions
 * @returns `{ ok: true, value: state }` or `{ ok: false, error }`
 * @example
 * const restored = restoreIncident(JSON.stringify(serializeIncident(incident)));
 * restored.ok && restored.value.id;
 * //=> 'INC-1'
 */
export function restoreIncident(json: unknown, options: RestoreOptions = {}): Result<IncidentState> {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
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
  if (digestOf(state) !== digest) {
    return {
      ok: false,
      error: new IncidentKitError(
        'tampered',
        'The incident does not match its digest: it was edited or corrupted',
        {
          input: json,
        },
      ),
    };
  }
  for (let from = version; from < INCIDENT_ENVELOPE_VERSION; from++) {
    const migrate = options.migrations?.[from];
    if (!migrate) return unsupported(`No migration from envelope version ${from} to ${from + 1}`, json);
    state = migrate(state);
  }
  return validateIncidentState(state);
}

/**
 * Checks that some data is a sound incident state: its schema (`invalid_input`, naming the field) and its
 * invariants (`tampered`, listing each violation). For states kept outside an envelope.
 *
 * @param data - a candidate state
 * @returns the validated state, or the error
 * @example
 * validateIncidentState(JSON.parse(JSON.stringify(incident))).ok;
 * //=> true
 */
export function validateIncidentState(data: unknown): Result<IncidentState> {
  const parsed = safeParseInput(IncidentStateSchema, data, 'incident state');
  if (!parsed.ok) return parsed;
  const problems = checkIncidentInvariants(parsed.value);
  if (problems.length > 0) {
    return {
      ok: false,
      error: new IncidentKitError('tampered', `The incident breaks its invariants: ${problems.join('; ')}`, {
        input: data,
        details: { problems },
      }),
    };
  }
  return { ok: true, value: parsed.value };
}

function unsupported(message: string, input: unknown): Result<never> {
  return { ok: false, error: new IncidentKitError('unsupported_version', message, { input }) };
}

/** FNV-1a over canonical JSON (sorted keys), in two 32-bit lanes: a cheap check against edits and corruption. */
function digestOf(value: unknown): string {
  const text = canonicalJson(value);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return `fnv1a:${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
