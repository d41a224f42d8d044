import { WebhookError } from './errors.js';

// `fatal` makes malformed UTF-8 an error instead of silently becoming U+FFFD (which would change the event).
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a raw webhook body (a string, or the exact bytes received) as JSON. Bad UTF-8 or bad JSON is
 * `malformed_body`, the message starting with `where` (e.g. `body`). Never re-serialises: verify signatures on `body`.
 */
export function parseJsonBody(body: string | Uint8Array, where: string): unknown {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    try {
      text = UTF8.decode(body);
    } catch (cause) {
      throw new WebhookError('malformed_body', `${where}: not valid UTF-8`, { cause });
    }
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? ` (${cause.message})` : '';
    throw new WebhookError('malformed_body', `${where}: not valid JSON${reason}`, { cause });
  }
}
