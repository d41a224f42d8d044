import type { RawBody } from '../auth/raw-body.js';
import { WebhookError } from '../errors.js';

// `fatal` makes invalid UTF-8 an error rather than silently becoming U+FFFD.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a raw body as JSON, reporting bad UTF-8 or bad JSON as `malformed_body`. */
export function parseJsonBody(body: RawBody, what: string): unknown {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    try {
      text = UTF8.decode(body);
    } catch (cause) {
      throw new WebhookError('malformed_body', `the ${what} body is not valid UTF-8`, { cause });
    }
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new WebhookError('malformed_body', `the ${what} body is not valid JSON`, { cause });
  }
}
