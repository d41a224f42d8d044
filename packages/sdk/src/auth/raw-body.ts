import { WebhookError } from '../errors.js';

/** The exact bytes a signature covers: a string (hashed as UTF-8) or the raw bytes themselves. */
export type RawBody = string | Uint8Array;

/**
 * Checks at run time that `body` really is raw bytes. A plain object means a framework (e.g. `express.json()`)
 * parsed the body first, so the signed bytes are gone and cannot be re-created by re-serialising.
 *
 * @throws {WebhookError} `body_already_parsed` for an object, `malformed_body` for anything else that is not raw.
 */
export function assertRawBody(body: unknown): asserts body is RawBody {
  if (typeof body === 'string' || body instanceof Uint8Array) return;
  if (body !== null && typeof body === 'object') {
    throw new WebhookError(
      'body_already_parsed',
      'the body is an already-parsed object; pass the raw request body (string or bytes) that was signed',
    );
  }
  throw new WebhookError('malformed_body', `the body must be a string or bytes, got ${describe(body)}`);
}

/**
 * Throws `body_too_large` when `body` is larger than `maxBytes` UTF-8 bytes. Strings are only measured when
 * their length alone cannot decide (one UTF-16 unit encodes to 1–3 bytes), so small bodies cost nothing.
 */
export function assertBodySize(body: RawBody, maxBytes: number): void {
  let size: number;
  if (typeof body === 'string') {
    if (body.length * 3 <= maxBytes) return;
    size = body.length > maxBytes ? body.length : Buffer.byteLength(body, 'utf8');
  } else {
    size = body.byteLength;
  }
  if (size > maxBytes) {
    throw new WebhookError(
      'body_too_large',
      `the body is ${size} bytes or more, above the limit of ${maxBytes}`,
    );
  }
}

/** Validates a `maxBodyBytes` option: a positive safe integer. */
export function checkMaxBodyBytes(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new WebhookError('invalid_key', `maxBodyBytes must be a positive integer, got ${describe(value)}`);
  }
  return value;
}

/** A short, secret-free description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value;
}
