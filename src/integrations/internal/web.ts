// The Web platform APIs the integrations use (Web Crypto, TextEncoder/TextDecoder), reached through `globalThis` with
// minimal local types: the core compiles without DOM or Node types and runs in Node 20 and browsers alike.

interface Utf8Encoder {
  encode(text: string): Uint8Array;
}

interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}

/** The part of Web Crypto's `SubtleCrypto` the signature check needs. */
export interface HmacSubtle {
  importKey(
    format: 'raw',
    key: Uint8Array,
    algorithm: { name: 'HMAC'; hash: 'SHA-256' },
    extractable: false,
    usages: ['sign'],
  ): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

interface WebGlobals {
  TextEncoder?: new () => Utf8Encoder;
  TextDecoder?: new (label: 'utf-8', options: { fatal: true }) => Utf8Decoder;
  crypto?: { subtle?: HmacSubtle };
}

const web = globalThis as unknown as WebGlobals;

/** UTF-8 bytes of a string. */
export function utf8Encode(text: string): Uint8Array {
  if (!web.TextEncoder) throw new Error('TextEncoder is not available in this runtime');
  return new web.TextEncoder().encode(text);
}

/** Decodes UTF-8 bytes; throws on malformed sequences (fatal mode). A leading byte-order mark is dropped. */
export function utf8Decode(bytes: Uint8Array): string {
  if (!web.TextDecoder) throw new Error('TextDecoder is not available in this runtime');
  return new web.TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** How many bytes a string takes in UTF-8, counted without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Web Crypto's `subtle`, or `undefined` where the runtime has none (an insecure browser context). */
export function webSubtle(): HmacSubtle | undefined {
  return web.crypto?.subtle;
}
