import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WebhookError } from '../errors.js';
import { requestHeader } from '../receiver/request-header.js';
import type { HeaderSource } from '../receiver/types.js';
import { checkSeconds, readClock, type Clock } from './clock.js';
import { assertRawBody, describe, type RawBody } from './raw-body.js';

/**
 * The three headers of a Standard Webhooks request. A type alias, not an interface, so that it can be passed
 * wherever a plain header record is expected.
 */
export type StandardWebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** Input of {@link signStandardWebhook}. */
export interface SignStandardWebhookOptions {
  /** The message id (`webhook-id`); receivers dedupe on it. Must not contain `.`. */
  id: string;
  /** Send time in whole seconds since the epoch (`webhook-timestamp`). */
  timestamp: number;
  /** The exact body that will be sent. */
  body: RawBody;
  /** One or more `whsec_…` secrets; several give one signature each, so receivers can rotate. */
  secrets: readonly string[];
}

/** Options of {@link verifyStandardWebhook}. */
export interface VerifyStandardWebhookOptions {
  /** How far `webhook-timestamp` may be from now, either way, in seconds; default 300 (the spec's libraries). */
  toleranceSeconds?: number;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: Clock;
}

/** What {@link verifyStandardWebhook} vouches for besides the body. */
export interface VerifiedStandardWebhook {
  /** `webhook-id`: dedupe on it. */
  id: string;
  /** `webhook-timestamp`, seconds since the epoch. */
  timestamp: number;
}

/** A secret decoded once; pass these instead of strings to skip the decode on every request. */
export interface StandardWebhookKey {
  readonly bytes: Buffer;
}

/** Options of {@link generateStandardWebhookSecret}. */
export interface GenerateSecretOptions {
  /** Secret length in bytes, 24–64; default 32. */
  bytes?: number;
  /** Source of randomness; default node:crypto `randomBytes`. */
  random?: (size: number) => Uint8Array;
}

const PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const TIMESTAMP = /^\d{1,15}$/;

/**
 * Decodes a `whsec_`+base64 secret (the prefix is optional, as in the spec's reference libraries).
 *
 * @throws {WebhookError} `invalid_key` unless it is valid base64 of 24–64 bytes.
 */
export function parseStandardWebhookSecret(secret: string): StandardWebhookKey {
  if (typeof secret !== 'string') {
    throw new WebhookError(
      'invalid_key',
      `a Standard Webhooks secret must be a string, got ${describe(secret)}`,
    );
  }
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (encoded === '' || !BASE64.test(encoded)) {
    throw new WebhookError(
      'invalid_key',
      'a Standard Webhooks secret must be "whsec_" followed by padded base64',
    );
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < MIN_SECRET_BYTES || bytes.length > MAX_SECRET_BYTES) {
    throw new WebhookError(
      'invalid_key',
      `a Standard Webhooks secret must decode to ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} bytes, got ${bytes.length}`,
    );
  }
  return { bytes };
}

/**
 * Creates a new random `whsec_` secret (32 bytes unless told otherwise).
 *
 * @example
 * ```ts
 * const secret = generateStandardWebhookSecret(); // 'whsec_…'
 * ```
 */
export function generateStandardWebhookSecret(options: GenerateSecretOptions = {}): string {
  const size = options.bytes ?? 32;
  if (!Number.isSafeInteger(size) || size < MIN_SECRET_BYTES || size > MAX_SECRET_BYTES) {
    throw new WebhookError(
      'invalid_key',
      `secret length must be ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} bytes, got ${describe(size)}`,
    );
  }
  const bytes = (options.random ?? randomBytes)(size);
  if (!(bytes instanceof Uint8Array) || bytes.length !== size) {
    throw new WebhookError('invalid_key', `the random source did not return ${size} bytes`);
  }
  return PREFIX + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Signs a body per Standard Webhooks v1: HMAC-SHA256 over `id.timestamp.body`, one `v1,<base64>` per secret,
 * space-separated.
 *
 * @throws {WebhookError} `invalid_key` for a bad secret, `invalid_event` for an id or timestamp the spec forbids.
 * @example
 * ```ts
 * const body = JSON.stringify({ type: 'room.started', timestamp: new Date().toISOString(), data: {} });
 * const headers = signStandardWebhook({ id: 'msg_1', timestamp: Math.floor(Date.now() / 1000), body, secrets });
 * await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
 * ```
 */
export function signStandardWebhook(options: SignStandardWebhookOptions): StandardWebhookHeaders {
  const { id, timestamp, body, secrets } = options;
  if (typeof id !== 'string' || id === '' || id.includes('.')) {
    throw new WebhookError('invalid_event', 'webhook-id must be a non-empty string without "."');
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new WebhookError(
      'invalid_event',
      `webhook-timestamp must be whole seconds since the epoch, got ${describe(timestamp)}`,
    );
  }
  assertRawBody(body);
  const keys = toKeys(secrets);
  const prefix = `${id}.${timestamp}.`;
  const signatures = keys.map((key) => `v1,${sign(key, prefix, body).toString('base64')}`);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * Verifies a Standard Webhooks request: any `v1` signature in `webhook-signature` matching any of `secrets`
 * (constant-time), then `webhook-timestamp` within the tolerance. Ignores other versions such as `v1a`.
 *
 * @throws {WebhookError} `missing_authorization` (no signature header), `missing_claim` (no id or timestamp
 * header), `malformed_token` (header shape), `invalid_signature`, `token_expired`, `token_not_yet_valid`,
 * `invalid_key`.
 * @example
 * ```ts
 * const { id } = verifyStandardWebhook(rawBody, req.headers, ['whsec_…']);
 * ```
 */
export function verifyStandardWebhook(
  body: RawBody,
  headers: HeaderSource,
  secrets: string | readonly (string | StandardWebhookKey)[],
  options: VerifyStandardWebhookOptions = {},
): VerifiedStandardWebhook {
  assertRawBody(body);
  const toleranceMs = checkSeconds('toleranceSeconds', options.toleranceSeconds ?? 300) * 1000;
  const keys = toKeys(typeof secrets === 'string' ? [secrets] : secrets);
  const signatureHeader = headerValue(headers, 'webhook-signature');
  if (signatureHeader === undefined) {
    throw new WebhookError('missing_authorization', 'the webhook-signature header is missing');
  }
  const id = headerValue(headers, 'webhook-id');
  if (id === undefined) throw new WebhookError('missing_claim', 'the webhook-id header is missing');
  const timestampHeader = headerValue(headers, 'webhook-timestamp');
  if (timestampHeader === undefined) {
    throw new WebhookError('missing_claim', 'the webhook-timestamp header is missing');
  }
  if (!TIMESTAMP.test(timestampHeader)) {
    throw new WebhookError(
      'malformed_token',
      'the webhook-timestamp header is not whole seconds since the epoch',
    );
  }
  if (id.includes('.')) throw new WebhookError('malformed_token', 'the webhook-id header contains "."');

  const given = parseSignatures(signatureHeader);
  const prefix = `${id}.${timestampHeader}.`;
  let matched = false;
  for (const key of keys) {
    const expected = sign(key, prefix, body);
    // Check every pair without stopping early: the time taken then depends only on the counts, not the bytes.
    for (const signature of given) {
      if (signature.length === expected.length && timingSafeEqual(signature, expected)) matched = true;
    }
  }
  if (!matched) throw new WebhookError('invalid_signature', 'no v1 signature matches the body and secrets');

  const timestamp = Number(timestampHeader);
  const nowMs = readClock(options.now);
  if (nowMs - timestamp * 1000 > toleranceMs) {
    throw new WebhookError('token_expired', `webhook-timestamp ${timestamp} is older than the tolerance`);
  }
  if (timestamp * 1000 - nowMs > toleranceMs) {
    throw new WebhookError('token_not_yet_valid', `webhook-timestamp ${timestamp} is in the future`);
  }
  return { id, timestamp };
}

/** A header as a non-empty string, or undefined when absent or empty; other types are malformed. */
function headerValue(headers: HeaderSource, name: string): string | undefined {
  const value = requestHeader(headers, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new WebhookError('malformed_token', `the ${name} header is not a string`);
  return value;
}

function toKeys(secrets: readonly (string | StandardWebhookKey)[]): StandardWebhookKey[] {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new WebhookError('invalid_key', 'at least one Standard Webhooks secret is required');
  }
  return secrets.map((secret: unknown) =>
    secret !== null && typeof secret === 'object' && (secret as StandardWebhookKey).bytes instanceof Buffer
      ? (secret as StandardWebhookKey)
      : parseStandardWebhookSecret(secret as string),
  );
}

function sign(key: StandardWebhookKey, prefix: string, body: RawBody): Buffer {
  return createHmac('sha256', key.bytes).update(prefix).update(body).digest();
}

function parseSignatures(header: string): Buffer[] {
  const signatures: Buffer[] = [];
  let entries = 0;
  for (const entry of header.split(' ')) {
    if (entry === '') continue;
    const comma = entry.indexOf(',');
    if (comma <= 0) continue;
    entries++;
    // Only v1 (HMAC-SHA256) is defined for symmetric secrets; v1a (Ed25519) and future versions are skipped.
    if (entry.slice(0, comma) !== 'v1') continue;
    const encoded = entry.slice(comma + 1);
    if (!BASE64.test(encoded)) continue;
    const bytes = Buffer.from(encoded, 'base64');
    // Only the canonical spelling counts (unused trailing bits zero), as the reference libraries compare text.
    if (bytes.toString('base64') === encoded) signatures.push(bytes);
  }
  if (entries === 0) {
    throw new WebhookError(
      'malformed_token',
      'the webhook-signature header has no "<version>,<signature>" entry',
    );
  }
  return signatures;
}
