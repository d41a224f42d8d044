import { WebhookError } from '../errors.js';
import { readHeader, type HeaderSource } from './types.js';

/**
 * {@link readHeader} that never throws anything but a {@link WebhookError}: a header source whose `get` throws,
 * or that is not an object at all, reports `malformed_token`.
 */
export function requestHeader(headers: unknown, name: string): unknown {
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers !== 'object') {
    throw new WebhookError('malformed_token', `the request headers must be an object, got ${typeof headers}`);
  }
  try {
    return readHeader(headers as HeaderSource, name);
  } catch (cause) {
    throw new WebhookError('malformed_token', `reading the ${name} header failed`, { cause });
  }
}
