import { signLiveKitWebhook } from '@roomhooks/sdk';
import type { EncodedRequest, SigningContext, StoredEventView } from './types.js';

/**
 * LiveKit's own wire format: the stored body is already Go-protojson canonical, so every retry and every
 * endpoint gets identical bytes, with a fresh JWT (LiveKit's tokens last 5 minutes; our retries last hours).
 */
export function encodeLiveKit(
  event: StoredEventView,
  signing: SigningContext,
  nowMs: number,
): EncodedRequest {
  return {
    body: event.body,
    headers: {
      'content-type': 'application/webhook+json',
      authorization: signLiveKitWebhook({
        apiKey: signing.apiKey,
        apiSecret: signing.apiSecret,
        body: event.body,
        now: () => nowMs,
      }),
    },
  };
}
