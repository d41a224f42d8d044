import { createHmac } from 'node:crypto';

// LiveKit's Go server writes exactly this header; tokens we sign carry it too.
export const HS256_HEADER_PART = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');

/** Signs `claims` (serialised in their insertion order) as a compact HS256 JWT keyed with the UTF-8 secret. */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const signingInput = `${HS256_HEADER_PART}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
