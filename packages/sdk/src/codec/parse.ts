import type { LooseWebhookEvent, WebhookEvent } from '../catalog/livekit/webhook-event.js';
import { WebhookError } from '../errors.js';
import { decodeWebhookEvent, type DecodeOptions } from './decode.js';

// One shared decoder: `fatal` makes malformed UTF-8 an error instead of silent U+FFFD replacement.
const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    try {
      text = utf8.decode(body);
    } catch (err) {
      throw new WebhookError('malformed_body', 'body: not valid UTF-8', { cause: err });
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new WebhookError('malformed_body', `body: not valid JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
  return decodeWebhookEvent(value, options);
}
