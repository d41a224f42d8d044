/**
 * Wire formats: how one stored event becomes the bytes and headers one endpoint receives. Pure functions of the
 * stored event, the endpoint and the signing material; the clock is passed in.
 */
import {
  decodeWebhookEvent,
  livekitToVideoSdk,
  signLiveKitWebhook,
  signStandardWebhook,
  signVideoSdkWebhook,
  type WebhookEvent,
} from '@roomhooks/sdk';
import type { EndpointFormat } from '../engine/endpoint-spec.js';

/** Signing material the formats need. */
export interface SigningContext {
  /** The API key and secret that sign `livekit` deliveries to this endpoint. */
  apiKey: string;
  apiSecret: string;
  /** The endpoint's `whsec_` secret, for `standard`. */
  standardSecret: string | undefined;
  /** PEM private key for `videosdk`. */
  videosdkPrivateKey: string | undefined;
}

export interface StoredEventView {
  eventId: string;
  eventName: string;
  /** Event time, ms. */
  eventCreatedAt: number;
  /** Canonical protojson. */
  body: string;
}

export interface EncodedRequest {
  body: string;
  headers: Record<string, string>;
}

/** True when an endpoint of `format` has something to receive for this event (VideoSDK lacks some events). */
export function isApplicable(format: EndpointFormat, event: WebhookEvent): boolean {
  return format !== 'videosdk' || livekitToVideoSdk(event) !== undefined;
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
      // The stored body is already Go-protojson canonical: identical bytes on every retry and every endpoint.
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
    case 'standard': {
      if (signing.standardSecret === undefined) throw new Error('standard endpoint without a secret');
      const body = `{"type":${JSON.stringify(event.eventName)},"timestamp":${JSON.stringify(
        new Date(event.eventCreatedAt).toISOString(),
      )},"data":${event.body}}`;
      const headers = signStandardWebhook({
        id: event.eventId,
        timestamp: Math.floor(nowMs / 1000),
        body,
        secrets: [signing.standardSecret],
      });
      return { body, headers: { 'content-type': 'application/json', ...headers } };
    }
    case 'videosdk': {
      if (signing.videosdkPrivateKey === undefined)
        throw new Error('videosdk endpoint without a signing key');
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
  }
}
