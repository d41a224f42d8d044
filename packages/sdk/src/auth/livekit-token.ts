import { createHmac, createSecretKey, timingSafeEqual, hash, type KeyObject } from 'node:crypto';
import { WebhookError } from '../errors.js';
import { checkSeconds, readClock, type Clock } from './clock.js';
import { HS256_HEADER_PART, signHs256 } from './hs256.js';
import type { KeyProvider } from './key-provider.js';
import { assertRawBody, describe, type RawBody } from './raw-body.js';

/** The claims of a LiveKit webhook token once verified. Other claims a sender adds are kept as they came. */
export interface LiveKitWebhookClaims {
  /** The API key that signed the token. */
  iss: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Not-before, seconds since the epoch (LiveKit always sets it). */
  nbf?: number;
  /** Issued-at, seconds since the epoch (LiveKit ≥ 1.13 only). */
  iat?: number;
  /** Standard base64 (padded) SHA-256 of the exact body bytes. */
  sha256: string;
  [claim: string]: unknown;
}

/** Input of {@link signLiveKitWebhook}. */
export interface SignLiveKitWebhookOptions {
  apiKey: string;
  apiSecret: string;
  /** The exact body that will be sent; strings are hashed as UTF-8. */
  body: RawBody;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: Clock;
  /** Token lifetime in whole seconds; default 300, as LiveKit's server. */
  validForSeconds?: number;
}

/** Options of {@link verifyLiveKitWebhook}. */
export interface VerifyLiveKitWebhookOptions {
  /** Allowed clock skew for `exp` and `nbf`, in seconds; default 60 (LiveKit's Go and Python receivers). */
  clockToleranceSeconds?: number;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: Clock;
}

// LiveKit's Go server writes exactly this header; livekit-server-sdk (jose) omits `typ`. Matching the encoded
// forms verbatim skips a base64 decode and a JSON.parse on nearly every request.
const KNOWN_HEADER_PARTS = new Set([HS256_HEADER_PART, Buffer.from('{"alg":"HS256"}').toString('base64url')]);
// The signature part may be empty so that an unsigned `alg: none` token reports `unsupported_algorithm`.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BEARER = /^bearer(?:\s+|$)/i;
const MAX_TOKEN_LENGTH = 8192;
// 32 signature bytes take 43 base64url characters; the last one carries 4 data bits and 2 zero bits, so only
// these 16 characters are canonical. Rejecting the rest keeps exactly one accepted spelling per signature.
const CANONICAL_LAST = /[AEIMQUYcgkosw048]$/;
// An HMAC keyed with a ready KeyObject skips re-encoding the secret on every request (~20% faster). Bounded,
// because a custom KeyProvider may hand out ever-new secrets.
const MAX_CACHED_KEYS = 64;
const hmacKeys = new Map<string, KeyObject>();

/**
 * The standard (padded) base64 SHA-256 of a body, as LiveKit puts it in the token's `sha256` claim. Strings are
 * hashed as UTF-8.
 *
 * @example
 * ```ts
 * sha256Base64('{}'); // 'RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o='
 * ```
 */
export function sha256Base64(body: RawBody): string {
  assertRawBody(body);
  // One-shot crypto.hash (Node ≥ 20.12) skips the Hash object: measurably faster on webhook-sized bodies.
  return hash('sha256', body, 'base64');
}

/**
 * Signs a webhook body the way LiveKit's server does: an HS256 JWT keyed with the UTF-8 secret, with claims in
 * Go's order `{"iss","exp","nbf","iat","sha256"}` (integer seconds), valid for 5 minutes by default. Send it as
 * the raw `Authorization` header value (LiveKit adds no `Bearer `).
 *
 * @throws {WebhookError} `invalid_key` for an empty key or secret or a bad option; `malformed_body` for a body
 * that is not a string or bytes.
 * @example
 * ```ts
 * const body = JSON.stringify({ event: 'room_started', room: { name: 'demo' } });
 * const token = signLiveKitWebhook({ apiKey: 'APIkey', apiSecret: 'secret', body });
 * await fetch(url, { method: 'POST', body, headers: { Authorization: token } });
 * ```
 */
export function signLiveKitWebhook(options: SignLiveKitWebhookOptions): string {
  const { apiKey, apiSecret, body, now, validForSeconds = 300 } = options;
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new WebhookError('invalid_key', 'apiKey must be a non-empty string');
  }
  if (typeof apiSecret !== 'string' || apiSecret === '') {
    throw new WebhookError('invalid_key', `the secret for API key "${apiKey}" must be a non-empty string`);
  }
  if (!Number.isSafeInteger(validForSeconds) || validForSeconds <= 0) {
    throw new WebhookError(
      'invalid_key',
      `validForSeconds must be a positive whole number of seconds, got ${describe(validForSeconds)}`,
    );
  }
  const iat = Math.floor(readClock(now) / 1000);
  // JSON.stringify keeps insertion order, which is Go's struct order.
  const claims = { iss: apiKey, exp: iat + validForSeconds, nbf: iat, iat, sha256: sha256Base64(body) };
  return signHs256(claims, apiSecret);
}

/**
 * Verifies a LiveKit webhook's `Authorization` token against the exact body bytes, as LiveKit's Go receiver
 * does: HS256 only, secret looked up by `iss`, `exp` required, `exp`/`nbf` checked with a tolerance, and the
 * body's SHA-256 compared in constant time with the `sha256` claim. A `Bearer ` prefix is accepted.
 *
 * @returns the verified claims.
 * @throws {WebhookError} `missing_authorization`, `malformed_token`, `unsupported_algorithm`, `missing_claim`,
 * `unknown_api_key`, `invalid_signature`, `token_expired`, `token_not_yet_valid`, `body_hash_mismatch`,
 * `malformed_body`/`body_already_parsed` (body not raw) or `invalid_key` (bad option or key provider).
 * @example
 * ```ts
 * const keys = createKeyProvider({ APIkey: process.env.LIVEKIT_API_SECRET! });
 * const claims = verifyLiveKitWebhook(rawBody, req.headers.authorization, keys);
 * console.log(`signed by ${claims.iss}`);
 * ```
 */
export function verifyLiveKitWebhook(
  body: RawBody,
  authorization: string | null | undefined,
  keys: KeyProvider,
  options: VerifyLiveKitWebhookOptions = {},
): LiveKitWebhookClaims {
  assertRawBody(body);
  const toleranceMs = checkSeconds('clockToleranceSeconds', options.clockToleranceSeconds ?? 60) * 1000;
  const token = extractToken(authorization);

  if (token.length > MAX_TOKEN_LENGTH) {
    throw new WebhookError('malformed_token', `the token is longer than ${MAX_TOKEN_LENGTH} characters`);
  }
  if (!TOKEN_SHAPE.test(token)) {
    throw new WebhookError('malformed_token', 'the token is not three dot-separated base64url parts');
  }
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);

  const headerPart = token.slice(0, dot1);
  if (!KNOWN_HEADER_PARTS.has(headerPart)) checkHeader(decodeJsonPart(headerPart, 'header'));
  const claims = decodeJsonPart(token.slice(dot1 + 1, dot2), 'payload');

  const iss = claims['iss'];
  if (typeof iss !== 'string' || iss === '') {
    throw new WebhookError('missing_claim', 'the token has no "iss" claim naming the API key');
  }
  const secret = lookupSecret(keys, iss);
  checkSignature(token, dot2, secret);

  const exp = claims['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw new WebhookError('missing_claim', 'the token has no numeric "exp" claim');
  }
  const nowMs = readClock(options.now);
  if (nowMs - toleranceMs > exp * 1000) {
    throw new WebhookError('token_expired', `the token expired at ${exp} (now ${Math.floor(nowMs / 1000)})`);
  }
  const nbf = claims['nbf'];
  if (nbf !== undefined) {
    if (typeof nbf !== 'number' || !Number.isFinite(nbf)) {
      throw new WebhookError('missing_claim', 'the token\'s "nbf" claim is not a number');
    }
    if (nowMs + toleranceMs < nbf * 1000) {
      throw new WebhookError(
        'token_not_yet_valid',
        `the token is not valid before ${nbf} (now ${Math.floor(nowMs / 1000)})`,
      );
    }
  }

  const claimed = claims['sha256'];
  if (typeof claimed !== 'string' || claimed === '') {
    throw new WebhookError('missing_claim', 'the token has no "sha256" claim for the body');
  }
  // Decoding (instead of comparing strings) accepts padded or unpadded spellings, as Python's receiver does.
  const expected = Buffer.from(claimed, 'base64');
  const actual = hash('sha256', body, 'buffer');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new WebhookError(
      'body_hash_mismatch',
      'the body\'s SHA-256 differs from the token\'s "sha256" claim (was the body altered or re-serialised?)',
    );
  }
  return claims as LiveKitWebhookClaims;
}

function extractToken(authorization: unknown): string {
  if (authorization === undefined || authorization === null || authorization === '') {
    throw new WebhookError('missing_authorization', 'the Authorization header is missing or empty');
  }
  if (typeof authorization !== 'string') {
    throw new WebhookError(
      'malformed_token',
      `the Authorization header must be a string, got ${describe(authorization)}`,
    );
  }
  let token = authorization.trim();
  // LiveKit sends the bare JWT; proxies and hand-written clients often add the RFC 6750 scheme.
  const scheme = BEARER.exec(token);
  if (scheme !== null) token = token.slice(scheme[0].length);
  if (token === '')
    throw new WebhookError('missing_authorization', 'the Authorization header holds no token');
  return token;
}

function decodeJsonPart(part: string, which: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new WebhookError('malformed_token', `the token's ${which} is not base64url-encoded JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WebhookError('malformed_token', `the token's ${which} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function checkHeader(header: Record<string, unknown>): void {
  const alg = header['alg'];
  if (alg !== 'HS256') {
    throw new WebhookError(
      'unsupported_algorithm',
      typeof alg === 'string'
        ? `the token is signed with "${alg.slice(0, 32)}"; only HS256 is accepted`
        : 'the token header has no "alg"; only HS256 is accepted',
    );
  }
}

function lookupSecret(keys: KeyProvider, iss: string): string {
  if (keys === null || typeof keys !== 'object' || typeof keys.getSecret !== 'function') {
    throw new WebhookError('invalid_key', 'keys must be a KeyProvider; build one with createKeyProvider()');
  }
  const name = iss.length > 64 ? `${iss.slice(0, 64)}…` : iss;
  let secret: unknown;
  try {
    secret = keys.getSecret(iss);
  } catch (cause) {
    throw new WebhookError('invalid_key', `the key provider threw while looking up API key "${name}"`, {
      cause,
    });
  }
  if (secret === undefined || secret === null) {
    throw new WebhookError('unknown_api_key', `the token is signed by unknown API key "${name}"`);
  }
  if (typeof secret !== 'string' || secret === '') {
    throw new WebhookError(
      'invalid_key',
      `the key provider's secret for API key "${name}" is empty or not a string`,
    );
  }
  return secret;
}

function checkSignature(token: string, dot2: number, secret: string): void {
  const signaturePart = token.slice(dot2 + 1);
  if (signaturePart.length !== 43 || !CANONICAL_LAST.test(signaturePart)) {
    throw new WebhookError('invalid_signature', 'the token signature is not a 32-byte HS256 signature');
  }
  const expected = createHmac('sha256', hmacKey(secret)).update(token.slice(0, dot2), 'latin1').digest();
  if (!timingSafeEqual(expected, Buffer.from(signaturePart, 'base64url'))) {
    throw new WebhookError('invalid_signature', 'the token signature does not match the API secret');
  }
}

function hmacKey(secret: string): KeyObject {
  let key = hmacKeys.get(secret);
  if (key === undefined) {
    if (hmacKeys.size >= MAX_CACHED_KEYS) hmacKeys.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    hmacKeys.set(secret, key);
  }
  return key;
}
