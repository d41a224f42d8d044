/**
 * The verifiers `roomhooks listen` picks from, by the headers a request carries: `webhook-signature` is
 * Standard Webhooks, `videosdk-signature` is VideoSDK, anything else (an `Authorization` token, or nothing) is
 * LiveKit. Each returns a one-line summary of the verified event.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { StandardWebhookReceiver, VideoSdkWebhookReceiver, WebhookReceiver } from '@roomhooks/sdk';
import { decodeWebhookEvent, WebhookError, type LooseWebhookEvent } from '@roomhooks/sdk';

export type Scheme = 'livekit' | 'standard' | 'videosdk';

/** What `listen` prints about one verified event. */
export interface EventSummary {
  scheme: Scheme;
  event: string;
  room: string | undefined;
  /** The participant identity, track or egress/ingress the event is about. */
  subject: string | undefined;
  id: string | undefined;
}

export interface Verifiers {
  livekit?: WebhookReceiver;
  standard?: StandardWebhookReceiver;
  videosdk?: VideoSdkWebhookReceiver;
}

/** The flag that enables each scheme, for "not configured" messages. */
const ENABLED_BY: Readonly<Record<Scheme, string>> = {
  livekit: '--api-key/--api-secret, ROOMHOOKS_KEYS or ./.roomhooks/dev-keys.json',
  standard: '--standard-secret',
  videosdk: '--videosdk-public-key',
};

export function detectScheme(headers: IncomingHttpHeaders): Scheme {
  if (headers['webhook-signature'] !== undefined) return 'standard';
  if (headers['videosdk-signature'] !== undefined) return 'videosdk';
  return 'livekit';
}

function subjectOf(event: LooseWebhookEvent): string | undefined {
  const identity = event.participant?.identity;
  const track =
    event.track === undefined
      ? undefined
      : `${event.track.source ?? 'track'} ${event.track.sid ?? ''}`.trim();
  if (identity !== undefined && track !== undefined) return `${identity} ${track}`;
  return identity ?? track ?? event.egressInfo?.egressId ?? event.ingressInfo?.ingressId ?? event.job?.id;
}

function summarizeLiveKit(scheme: Scheme, event: LooseWebhookEvent, id: string | undefined): EventSummary {
  return {
    scheme,
    event: event.event ?? '(no event name)',
    room:
      event.room?.name ?? event.egressInfo?.roomName ?? event.ingressInfo?.roomName ?? event.job?.room?.name,
    subject: subjectOf(event),
    id: id ?? event.id,
  };
}

/**
 * Verifies one request with the scheme its headers name.
 *
 * @throws {WebhookError} whatever the receiver reports, or `missing_authorization` naming the flag that would
 * enable a scheme that is not configured.
 */
export async function verifyRequest(
  verifiers: Verifiers,
  body: Buffer,
  headers: IncomingHttpHeaders,
): Promise<EventSummary> {
  const scheme = detectScheme(headers);
  const notConfigured = (): WebhookError =>
    new WebhookError(
      'missing_authorization',
      `a ${scheme} webhook arrived but ${ENABLED_BY[scheme]} is not set`,
    );
  switch (scheme) {
    case 'livekit': {
      if (verifiers.livekit === undefined) throw notConfigured();
      const event = await verifiers.livekit.verify({ body, headers });
      return summarizeLiveKit(scheme, event, undefined);
    }
    case 'standard': {
      if (verifiers.standard === undefined) throw notConfigured();
      const message = await verifiers.standard.verify({ body, headers });
      // roomhooks puts the LiveKit event in `data`; other senders may not, so decoding is best effort.
      let event: LooseWebhookEvent = {};
      try {
        event = decodeWebhookEvent(message.data);
      } catch {
        // Not a LiveKit payload: the type and id still say what it is.
      }
      return { ...summarizeLiveKit(scheme, event, message.id), event: message.type };
    }
    case 'videosdk': {
      if (verifiers.videosdk === undefined) throw notConfigured();
      const webhook = await verifiers.videosdk.verify({ body, headers });
      const data = (webhook.data ?? {}) as Record<string, unknown>;
      const text = (key: string): string | undefined =>
        typeof data[key] === 'string' ? data[key] : undefined;
      return {
        scheme,
        event: webhook.webhookType,
        room: text('meetingId'),
        subject: text('participantName') ?? text('participantId'),
        id: text('sessionId'),
      };
    }
  }
}
