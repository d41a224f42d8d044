/**
 * Wire formats: how one stored event becomes the bytes and headers one endpoint receives. Pure functions of the
 * stored event, the endpoint's signing material and a time passed in.
 */
import type { LooseWebhookEvent } from '@roomhooks/sdk';
import type { EndpointFormat } from '../engine/endpoint-spec.js';
import { encodeLiveKit } from './livekit.js';
import { encodeStandard } from './standard.js';
import type { EncodedRequest, SigningContext, StoredEventView } from './types.js';
import { encodeVideoSdk, hasVideoSdkForm } from './videosdk.js';

export type { EncodedRequest, SigningContext, StoredEventView } from './types.js';

/** True when an endpoint of `format` has something to receive for this event (VideoSDK lacks some events). */
export function isApplicable(format: EndpointFormat, event: LooseWebhookEvent): boolean {
  return format !== 'videosdk' || hasVideoSdkForm(event);
}

/** Encodes and signs one stored event for one endpoint; `undefined` when the format has no equivalent. */
export function encodeFor(
  format: EndpointFormat,
  event: StoredEventView,
  signing: SigningContext,
  nowMs: number,
): EncodedRequest | undefined {
  switch (format) {
    case 'livekit':
      return encodeLiveKit(event, signing, nowMs);
    case 'standard':
      return encodeStandard(event, signing, nowMs);
    case 'videosdk':
      return encodeVideoSdk(event, signing);
  }
}
