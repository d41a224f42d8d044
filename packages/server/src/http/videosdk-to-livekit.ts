/**
 * VideoSDK → LiveKit, for `POST /ingest/videosdk`. The store keeps LiveKit-shaped events, so a VideoSDK webhook
 * is stored as the LiveKit event our own LiveKit → VideoSDK translation (the SDK's `livekitToVideoSdk`) would
 * turn back into it — exactly the inverse, so a `videosdk`-format endpoint receives the same `data` that came in.
 *
 * Only the session and participant types have such an exact inverse. Recording, livestream, HLS and
 * transcription webhooks lack what a LiveKit egress event needs (egress id, request, status history), so they
 * are refused rather than stored as a guess. The inverse belongs next to its forward twin in the SDK's
 * `catalog/translate.ts`; it lives here until the SDK takes it.
 */
import type { VideoSdkWebhook } from '@roomhooks/sdk';
import type { PublishableEvent } from '../engine/notifier.js';
import { ApiError } from './errors.js';

/** The webhook types {@link videosdkToLivekit} maps. */
export const MAPPED_VIDEOSDK_TYPES = [
  'session-started',
  'session-ended',
  'participant-joined',
  'participant-left',
] as const;

function ms(iso: string, field: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new ApiError(400, 'invalid_event', `data.${field}: not an ISO-8601 time`);
  return value;
}

const seconds = (msValue: number): string => String(Math.floor(msValue / 1000));

/**
 * The LiveKit event a VideoSDK webhook stands for. VideoSDK webhooks carry no event id, so none is set: a new
 * one is generated (VideoSDK's own retries may then be delivered twice — at least once, as everywhere).
 *
 * @throws {ApiError} 501 `not_supported` for types without an exact LiveKit equivalent; 400 for bad times.
 */
export function videosdkToLivekit(webhook: VideoSdkWebhook, now: number): PublishableEvent {
  switch (webhook.webhookType) {
    case 'session-started': {
      const { meetingId, sessionId, start } = webhook.data;
      const startMs = ms(start, 'start');
      return {
        event: 'room_started',
        room: {
          sid: sessionId,
          name: meetingId,
          creationTime: seconds(startMs),
          creationTimeMs: String(startMs),
        },
        createdAt: seconds(startMs),
      };
    }
    case 'session-ended': {
      const { meetingId, sessionId, start, end } = webhook.data;
      const startMs = ms(start, 'start');
      return {
        event: 'room_finished',
        room: {
          sid: sessionId,
          name: meetingId,
          creationTime: seconds(startMs),
          creationTimeMs: String(startMs),
        },
        createdAt: seconds(ms(end, 'end')),
      };
    }
    case 'participant-joined':
    case 'participant-left': {
      const { meetingId, sessionId, participantId, participantName } = webhook.data;
      return {
        event: webhook.webhookType === 'participant-joined' ? 'participant_joined' : 'participant_left',
        room: { sid: sessionId, name: meetingId },
        participant: { identity: participantId, name: participantName },
        createdAt: seconds(now),
      };
    }
    default:
      throw new ApiError(
        501,
        'not_supported',
        `VideoSDK "${webhook.webhookType}" webhooks cannot be ingested yet: only ${MAPPED_VIDEOSDK_TYPES.join(', ')} ` +
          'map exactly onto LiveKit events; nothing was stored',
      );
  }
}
