import { readHeader, type HeaderSource } from '../receiver/types.js';

/**
 * The default dedupe key, in order of preference:
 * 1. the `webhook-id` header (Standard Webhooks: stable across every retry of one message, and re-signing
 *    changes the timestamp and signature but never the id);
 * 2. the event's own string `id` (LiveKit: `EV_…`, set once when the event is created, so it is the same on
 *    every retry and on every URL the server fans out to);
 * 3. otherwise `undefined`, so the event is not deduplicated. VideoSDK payloads carry no delivery id; pass your
 *    own `key`, e.g. built from `webhookType` and `data.sessionId`, if you need it there.
 *
 * @example
 * ```ts
 * import { dedupeKey } from '@roomhooks/sdk';
 *
 * dedupeKey({ event: 'room_started', id: 'EV_wNaSGtBdpsMJ' }, {}); // 'EV_wNaSGtBdpsMJ'
 * dedupeKey({ type: 'room.started' }, { 'webhook-id': 'msg_2b7Q' }); // 'msg_2b7Q'
 * ```
 */
export function dedupeKey(event: unknown, headers: HeaderSource): string | undefined {
  const webhookId = readHeader(headers, 'webhook-id');
  if (webhookId) return webhookId;
  if (typeof event === 'object' && event !== null) {
    const id = (event as { id?: unknown }).id;
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}
