import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { WebhookError } from '../errors.js';
import { assertRawBody, describe, type RawBody } from './raw-body.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Importing a PEM costs far more than verifying, so keys are parsed once per PEM string. The bound keeps a
// caller that passes ever-new strings from growing the cache without limit.
const MAX_CACHED_KEYS = 32;
const publicKeys = new Map<string, KeyObject>();
const privateKeys = new Map<string, KeyObject>();

/**
 * Signs a body as VideoSDK does: base64 of an RSA-SHA256 (PKCS#1 v1.5) signature over the raw body bytes, sent
 * as the `videosdk-signature` header.
 *
 * @throws {WebhookError} `invalid_key` when `privateKeyPem` is not an RSA private key.
 * @example
 * ```ts
 * const signature = signVideoSdkWebhook(body, privateKeyPem);
 * await fetch(url, { method: 'POST', body, headers: { 'videosdk-signature': signature } });
 * ```
 */
export function signVideoSdkWebhook(body: RawBody, privateKeyPem: string): string {
  assertRawBody(body);
  const key = importKey(privateKeys, privateKeyPem, 'private');
  return sign('sha256', toBytes(body), key).toString('base64');
}

/**
 * Verifies a `videosdk-signature` header (base64 RSA-SHA256) against the raw body with VideoSDK's public key.
 *
 * @throws {WebhookError} `missing_authorization` (no signature), `malformed_token` (not base64),
 * `invalid_signature`, `invalid_key` (not an RSA public key PEM).
 * @example
 * ```ts
 * verifyVideoSdkSignature(rawBody, req.headers['videosdk-signature'], VIDEOSDK_PUBLIC_KEY_PEM);
 * ```
 */
export function verifyVideoSdkSignature(
  body: RawBody,
  signature: string | null | undefined,
  publicKeyPem: string,
): void {
  assertRawBody(body);
  const key = importKey(publicKeys, publicKeyPem, 'public');
  if (signature === undefined || signature === null || signature === '') {
    throw new WebhookError('missing_authorization', 'the videosdk-signature header is missing or empty');
  }
  if (typeof signature !== 'string') {
    throw new WebhookError('malformed_token', `the signature must be a string, got ${describe(signature)}`);
  }
  const encoded = signature.trim();
  if (!BASE64.test(encoded)) {
    throw new WebhookError('malformed_token', 'the videosdk-signature header is not base64');
  }
  const bytes = Buffer.from(encoded, 'base64');
  // Base64 lets the last character carry unused bits; insisting on the canonical spelling means one signature
  // has exactly one accepted header value (the signature itself is public, so comparing openly is fine).
  if (bytes.toString('base64') !== encoded) {
    throw new WebhookError('malformed_token', 'the videosdk-signature header is not canonical base64');
  }
  let valid: boolean;
  try {
    valid = verify('sha256', toBytes(body), key, bytes);
  } catch {
    valid = false;
  }
  if (!valid) throw new WebhookError('invalid_signature', 'the VideoSDK signature does not match the body');
}

/** Parses (or reuses) an RSA key from PEM, so a bad key fails loudly at first use with `invalid_key`. */
export function importVideoSdkPublicKey(publicKeyPem: string): KeyObject {
  return importKey(publicKeys, publicKeyPem, 'public');
}

function importKey(cache: Map<string, KeyObject>, pem: unknown, kind: 'public' | 'private'): KeyObject {
  if (typeof pem !== 'string' || pem === '') {
    throw new WebhookError(
      'invalid_key',
      `the VideoSDK ${kind} key must be a PEM string, got ${describe(pem)}`,
    );
  }
  const cached = cache.get(pem);
  if (cached !== undefined) return cached;
  let key: KeyObject;
  try {
    key = kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
  } catch (cause) {
    throw new WebhookError('invalid_key', `the VideoSDK ${kind} key is not a valid PEM key`, { cause });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new WebhookError(
      'invalid_key',
      `the VideoSDK ${kind} key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA`,
    );
  }
  if (cache.size >= MAX_CACHED_KEYS) cache.clear();
  cache.set(pem, key);
  return key;
}

function toBytes(body: RawBody): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
