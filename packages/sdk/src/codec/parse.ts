import type { LooseWebhookEvent, WebhookEvent } from '../catalog/livekit/webhook-event.js';
import { parseJsonBody } from '../json-body.js';
import { decodeWebhookEvent, type DecodeOptions } from './decode.js';

/**
 * Parses a webhook body (the exact bytes or string received) into a decoded event; see
 * {@link decodeWebhookEvent} for the rules. Not-JSON, bad UTF-8 or a non-object body is `malformed_body`.
 * Verify the signature over the same bytes first: this never re-serialises.
 *
 * @example
 * ```ts
 * const event = parseWebhookEvent('{"event":"room_started","room":{"name":"demo"}}', { strict: true });
 * event.event; // 'room_started'
 * ```
 */
export function parseWebhookEvent(
  body: string | Uint8Array,
  options: DecodeOptions & { strict: true },
): WebhookEvent;
export function parseWebhookEvent(body: string | Uint8Array, options?: DecodeOptions): LooseWebhookEvent;
export function parseWebhookEvent(body: string | Uint8Array, options?: DecodeOptions): LooseWebhookEvent {
  return decodeWebhookEvent(parseJsonBody(body, 'body'), options);
}
