import {
  decodeWebhookEvent,
  livekitToVideoSdk,
  signVideoSdkWebhook,
  type LooseWebhookEvent,
} from '@roomhooks/sdk';
import type { EncodedRequest, SigningContext, StoredEventView } from './types.js';

/** True when a VideoSDK endpoint has something to receive for this event. */
export function hasVideoSdkForm(event: LooseWebhookEvent): boolean {
  return livekitToVideoSdk(event) !== undefined;
}

/**
 * VideoSDK's `{webhookType, data}` through the SDK's LiveKit → VideoSDK translation, RSA-signed in
 * `videosdk-signature`. `undefined` when the event has no VideoSDK equivalent. An egress with several kinds of
 * output maps to its first VideoSDK form (recording, then HLS, then livestream).
 */
export function encodeVideoSdk(event: StoredEventView, signing: SigningContext): EncodedRequest | undefined {
  if (signing.videosdkPrivateKey === undefined) throw new Error('videosdk endpoint without a signing key');
  const translated = livekitToVideoSdk(decodeWebhookEvent(JSON.parse(event.body)));
  if (translated === undefined) return undefined;
  const body = JSON.stringify(translated);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'videosdk-signature': signVideoSdkWebhook(body, signing.videosdkPrivateKey),
    },
  };
}
