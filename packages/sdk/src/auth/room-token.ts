import { WebhookError } from '../errors.js';
import { readClock, type Clock } from './clock.js';
import { signHs256 } from './hs256.js';

/** Input of {@link createRoomToken}. */
export interface CreateRoomTokenOptions {
  apiKey: string;
  apiSecret: string;
  /** The one room the token may follow. */
  room: string;
  /** Who holds the token (`sub`), for the server's logs. */
  identity?: string;
  /** Lifetime in whole seconds; default 600. Clients reconnect with the same token, so not too short. */
  ttlSeconds?: number;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: Clock;
}

/**
 * Mints a short-lived token for one room's realtime stream (`GET /v1/rooms/{room}/stream`). It has the shape of
 * a LiveKit access token with a room grant (`video: { room, roomJoin: true }`), so a token minted by
 * livekit-server-sdk's `AccessToken` with the same grant works too. The roomhooks server refuses such
 * room-limited tokens on its admin API.
 *
 * @example
 * ```ts
 * const token = createRoomToken({ apiKey: 'APIkey', apiSecret: 'secret', room: 'standup', identity: 'web-ui' });
 * const room = await connectRoom(`https://hooks.example.com/v1/rooms/standup/stream`, token);
 * ```
 */
export function createRoomToken(options: CreateRoomTokenOptions): string {
  const { apiKey, apiSecret, room, identity, ttlSeconds = 600 } = options;
  if (typeof apiKey !== 'string' || apiKey === '' || typeof apiSecret !== 'string' || apiSecret === '') {
    throw new WebhookError('invalid_key', 'createRoomToken needs a non-empty apiKey and apiSecret');
  }
  if (typeof room !== 'string' || room === '') {
    throw new WebhookError('invalid_key', 'createRoomToken needs the room name');
  }
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > 86_400) {
    throw new WebhookError('invalid_key', 'ttlSeconds must be a whole number of seconds from 1 to 86400');
  }
  const iat = Math.floor(readClock(options.now) / 1000);
  const claims: Record<string, unknown> = { iss: apiKey, exp: iat + ttlSeconds, nbf: iat, iat };
  if (identity !== undefined) claims['sub'] = identity;
  claims['video'] = { room, roomJoin: true };
  return signHs256(claims, apiSecret);
}
