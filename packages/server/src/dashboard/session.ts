/**
 * Dashboard sign-in: `POST /v1/session` trades an API key and secret for a one-hour admin token (HS256, signed
 * with that secret, `iss` = the key — exactly what the admin API's bearer auth accepts). The page keeps only the
 * token; the secret leaves the browser once, to this same origin.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { SignJWT } from 'jose';
import { ApiError } from '../http/errors.js';

export const SESSION_LIFETIME_SECONDS = 60 * 60;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The configured key whose secret matches, or undefined. Every configured pair is compared, each through
 * fixed-length digests, so the time taken tells nothing about which key or how much of a secret matched.
 */
export function matchCredentials(
  keys: Readonly<Record<string, string>>,
  apiKey: string,
  apiSecret: string,
): string | undefined {
  const key = digest(apiKey);
  const secret = digest(apiSecret);
  let found: string | undefined;
  for (const [k, s] of Object.entries(keys)) {
    const keyMatches = timingSafeEqual(digest(k), key);
    const secretMatches = timingSafeEqual(digest(s), secret);
    if (keyMatches && secretMatches) found = k;
  }
  return found;
}

/** A token for `apiKey`, signed with its secret, valid for {@link SESSION_LIFETIME_SECONDS}. */
export async function mintSessionToken(
  apiKey: string,
  apiSecret: string,
  nowMs: number = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const now = Math.floor(nowMs / 1000);
  const exp = now + SESSION_LIFETIME_SECONDS;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(apiKey)
    .setSubject('dashboard')
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(apiSecret));
  return { token, expiresAt: exp * 1000 };
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '' || value.length > 1024) {
    throw new ApiError(400, 'malformed_body', `${name}: expected a non-empty string`);
  }
  return value;
}

export const sessionRoutes: FastifyPluginAsync<{ keys: Readonly<Record<string, string>> }> = async (
  app,
  { keys },
) => {
  // A key and a secret fit in far less than the API's 1 MiB; nothing bigger is read before the check.
  app.post('/v1/session', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError(400, 'malformed_body', 'expected a JSON object { apiKey, apiSecret }');
    }
    const apiKey = field(body as Record<string, unknown>, 'apiKey');
    const apiSecret = field(body as Record<string, unknown>, 'apiSecret');
    const matched = matchCredentials(keys, apiKey, apiSecret);
    if (matched === undefined) {
      throw new ApiError(401, 'invalid_credentials', 'the API key and secret do not match a configured pair');
    }
    reply.header('cache-control', 'no-store');
    return { apiKey: matched, ...(await mintSessionToken(matched, keys[matched]!)) };
  });
};
