import type * as z from 'zod';
import { describeValue, IncidentKitError, type Result, safeParseInput } from '../../errors';
import { isPlainObjectLike } from '../../internal/arguments';
import { utf8Decode, utf8Length } from './web';

/**
 * Why an inbound body was refused, kept on the error as `details.reason`.
 */
export type BodyProblem =
  | 'too_large'
  | 'not_utf8'
  | 'not_json'
  | 'wrong_version'
  | 'wrong_shape'
  | 'bad_signature'
  | 'bad_option';

/** 1 MiB: far above any real alert notification, far below what would hurt a server to parse. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** An `invalid_input` error about an inbound body, with the problem kind in `details.reason`. */
export function bodyError(
  reason: BodyProblem,
  message: string,
  input: unknown,
  details: Record<string, unknown> = {},
): { readonly ok: false; readonly error: IncidentKitError } {
  return {
    ok: false,
    error: new IncidentKitError('invalid_input', message, { input, details: { reason, ...details } }),
  };
}

function toBytes(body: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(body);
}

function isBinary(body: unknown): body is ArrayBuffer | ArrayBufferView {
  return body instanceof ArrayBuffer || ArrayBuffer.isView(body);
}

/**
 * Reads a webhook body into JSON data: a raw string or bytes (UTF-8) are size-checked first, then decoded and
 * parsed; anything else is taken as already-parsed JSON and size-checked by its serialisation.
 */
export function readJsonBody(
  body: unknown,
  what: string,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Result<unknown> {
  if (!Number.isFinite(maxBytes) || maxBytes < 0) {
    return bodyError(
      'bad_option',
      `maxBytes must be a non-negative number, got ${describeValue(maxBytes)}`,
      maxBytes,
    );
  }
  const tooLarge = (size: number | string) =>
    bodyError('too_large', `The ${what} is ${size} bytes, over the limit of ${maxBytes}`, body, {
      limit: maxBytes,
    });
  let text: string;
  if (typeof body === 'string') {
    // Every character is at least one byte, so a long string is refused before it is measured.
    if (body.length > maxBytes) return tooLarge(`at least ${body.length}`);
    const size = utf8Length(body);
    if (size > maxBytes) return tooLarge(size);
    text = body;
  } else if (isBinary(body)) {
    const bytes = toBytes(body);
    if (bytes.byteLength > maxBytes) return tooLarge(bytes.byteLength);
    try {
      text = utf8Decode(bytes);
    } catch {
      return bodyError('not_utf8', `The ${what} is not valid UTF-8`, body);
    }
  } else {
    if (body === undefined) return bodyError('wrong_shape', `The ${what} is missing`, body);
    let serialised: string | undefined;
    try {
      serialised = JSON.stringify(body);
    } catch (error) {
      const reason = error instanceof Error ? error.message : describeValue(error);
      return bodyError('not_json', `The ${what} is not JSON data: ${reason}`, body);
    }
    if (serialised === undefined) return bodyError('not_json', `The ${what} is not JSON data`, body);
    const size = utf8Length(serialised);
    if (size > maxBytes) return tooLarge(size);
    return { ok: true, value: body };
  }
  try {
    // A UTF-8 byte-order mark (some senders write one) is not JSON: read past it.
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : describeValue(error);
    return bodyError('not_json', `The ${what} is not JSON: ${reason}`, body);
  }
}

/**
 * The options argument of a parser: `{}` when left out, the object when it is one, else a `bad_option` error; a
 * `maxBytes` that is given must be a number (`readJsonBody` checks its range).
 */
export function readParserOptions<T extends { readonly maxBytes?: number }>(
  options: T | undefined,
): Result<T> {
  if (options === undefined) return { ok: true, value: {} as T };
  if (!isPlainObjectLike(options))
    return bodyError('bad_option', `options must be an object, got ${describeValue(options)}`, options);
  if (options.maxBytes !== undefined && typeof options.maxBytes !== 'number')
    return bodyError(
      'bad_option',
      `maxBytes must be a number, got ${describeValue(options.maxBytes)}`,
      options,
    );
  return { ok: true, value: options };
}

/**
 * Checks parsed JSON against a vendor schema; a failure is an `invalid_input` error naming every wrong field, with
 * `details.reason` `'wrong_shape'`.
 */
export function parseShape<S extends z.ZodType>(schema: S, data: unknown, what: string): Result<z.output<S>> {
  const parsed = safeParseInput(schema, data, what);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    error: new IncidentKitError('invalid_input', parsed.error.message, {
      input: data,
      issues: parsed.error.issues,
      details: { reason: 'wrong_shape' },
    }),
  };
}

/** Reads the body and checks its `version` before its shape, so a wrong version is reported as such. */
export function readVersioned(
  body: unknown,
  what: string,
  version: string,
  maxBytes: number | undefined,
): Result<unknown> {
  const data = readJsonBody(body, what, maxBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (!data.ok) return data;
  const value = data.value;
  const found =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as { version?: unknown }).version
      : undefined;
  if (found !== version) {
    const seen = found === undefined ? 'no version' : `version ${describeValue(found)}`;
    return bodyError('wrong_version', `Unsupported ${what}: ${seen} (expected "${version}")`, body, {
      expected: version,
      found: found ?? null,
    });
  }
  return data;
}
