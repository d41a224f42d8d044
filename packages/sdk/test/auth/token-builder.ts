import { createHash, createHmac } from 'node:crypto';

/** Test helper: builds a JWT with any header and claims, HMAC-signed (SHA-256 unless `hash` says otherwise). */
export function buildToken(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  secret: string,
  hash: 'sha256' | 'sha512' = 'sha256',
): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/** Standard padded base64 SHA-256, computed independently of the code under test. */
export function digestOf(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64');
}

export function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

export const HS256 = { alg: 'HS256', typ: 'JWT' } as const;
