import { signStandardWebhook } from '@roomhooks/sdk';
import type { EncodedRequest, SigningContext, StoredEventView } from './types.js';

/**
 * Standard Webhooks: `{type, timestamp, data}` with the LiveKit-shaped event as `data`, signed over
 * `id.timestamp.body`. The `webhook-id` is the event id, so receivers dedupe retries with it.
 */
export function encodeStandard(
  event: StoredEventView,
  signing: SigningContext,
  nowMs: number,
): EncodedRequest {
  if (signing.standardSecret === undefined) throw new Error('standard endpoint without a secret');
  // The stored body is spliced in as it is: it is already JSON, and re-serialising it would only cost time.
  const timestamp = JSON.stringify(new Date(event.eventCreatedAt).toISOString());
  const body = `{"type":${JSON.stringify(event.eventName)},"timestamp":${timestamp},"data":${event.body}}`;
  const headers = signStandardWebhook({
    id: event.eventId,
    timestamp: Math.floor(nowMs / 1000),
    body,
    secrets: [signing.standardSecret],
  });
  return { body, headers: { 'content-type': 'application/json', ...headers } };
}
