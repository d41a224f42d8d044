/**
 * Admin and publish authentication: `Authorization: Bearer <JWT>`, HS256, signed with one of the configured
 * API secrets and naming its key in `iss` — the same kind of token LiveKit's server SDKs mint, so existing
 * tooling can call the API. The token must expire (`exp`) and live at most 24 h.
 */
import type { FastifyRequest } from 'fastify';
import { decodeJwt, errors, jwtVerify } from 'jose';
import { ApiError } from './errors.js';

const MAX_LIFETIME_SECONDS = 24 * 60 * 60;
/** Same leeway as LiveKit's Go receiver: servers' clocks drift. */
const CLOCK_TOLERANCE_SECONDS = 60;

function unauthorized(code: string, message: string): ApiError {
  return new ApiError(401, code, message);
}

/**
 * Builds the check for one request; it throws an {@link ApiError} (401, or 403 for a room-limited token where
 * none is allowed) or resolves with the token's subject. Runs in `onRequest`, so unauthenticated bodies are never even parsed.
 */
export function createAuthenticator(
  keys: Readonly<Record<string, string>>,
  options: { allowRoomTokens?: boolean } = {},
): (request: FastifyRequest) => Promise<TokenSubject> {
  // A Map, so an `iss` such as "__proto__" can never reach Object.prototype.
  const secrets = new Map(Object.entries(keys).map(([k, s]) => [k, new TextEncoder().encode(s)]));
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw unauthorized('missing_authorization', 'send Authorization: Bearer <JWT signed by an API key>');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('invalid_token', 'expected Authorization: Bearer <JWT>');
    const token = match[1]!;
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw unauthorized('invalid_token', 'the token is not a JWT');
    }
    if (typeof iss !== 'string') throw unauthorized('invalid_token', 'the token has no iss (API key) claim');
    const secret = secrets.get(iss);
    if (!secret) throw unauthorized('unknown_api_key', `API key ${JSON.stringify(iss)} is not configured`);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, secret, {
        algorithms: ['HS256'],
        issuer: iss,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthorized('token_expired', 'the token has expired');
      if (err instanceof errors.JWTClaimValidationFailed) {
        throw unauthorized('invalid_token', `token claim ${err.claim}: ${err.reason}`);
      }
      throw unauthorized('invalid_token', 'the token signature or algorithm is not valid');
    }
    // A webhook's Authorization token (LiveKit's, or ours in `livekit` format) is signed with the same keys and
    // reaches every receiving endpoint: it vouches for one body, never for API access.
    if (payload['sha256'] !== undefined) {
      throw unauthorized(
        'webhook_token',
        'a webhook signature (it has a sha256 claim) is not an access token',
      );
    }
    // A long-lived token is a leaked credential waiting to happen; LiveKit's own default is 6 h. Measured from
    // now as well as from iat, so a future-dated iat cannot stretch it.
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = Math.min(payload.iat ?? payload.nbf ?? now, now);
    if (payload.exp! - issuedAt > MAX_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
      throw unauthorized('invalid_token', 'the token lives longer than 24 h; mint a shorter one');
    }
    const room = roomGrant(payload);
    // A room token (LiveKit-style `video.room` grant) follows one room's stream and must not open the admin API.
    if (room !== undefined && !options.allowRoomTokens) {
      throw new ApiError(403, 'room_token', `this token is limited to room ${JSON.stringify(room)}'s stream`);
    }
    return { apiKey: iss, room };
  };
}

/** Who a verified token speaks for: its API key, and the one room it is limited to, if any. */
export interface TokenSubject {
  apiKey: string;
  room: string | undefined;
}

function roomGrant(payload: Record<string, unknown>): string | undefined {
  const video = payload['video'];
  if (typeof video !== 'object' || video === null) return undefined;
  const room = (video as Record<string, unknown>)['room'];
  return typeof room === 'string' && room !== '' ? room : undefined;
}
