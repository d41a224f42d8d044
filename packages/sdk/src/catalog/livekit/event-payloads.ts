import type { WebhookEventName } from './event-names.js';
import type { WebhookEventFields } from './webhook-event.js';

/** A payload field of `livekit.WebhookEvent` that holds an object. */
export type WebhookPayloadField = 'room' | 'participant' | 'track' | 'egressInfo' | 'ingressInfo' | 'job';

/**
 * The payload objects LiveKit always fills in for each event (livekit `pkg/telemetry/events.go`); strict
 * decoding requires them. Egress and ingress events usually carry a room stub too, but not always, so it is
 * not required.
 */
export const REQUIRED_PAYLOAD: Readonly<Record<WebhookEventName, readonly WebhookPayloadField[]>> = {
  room_started: ['room'],
  room_finished: ['room'],
  participant_joined: ['room', 'participant'],
  participant_left: ['room', 'participant'],
  participant_connection_aborted: ['room', 'participant'],
  track_published: ['room', 'participant', 'track'],
  track_unpublished: ['room', 'participant', 'track'],
  egress_started: ['egressInfo'],
  egress_updated: ['egressInfo'],
  egress_ended: ['egressInfo'],
  ingress_started: ['ingressInfo'],
  ingress_ended: ['ingressInfo'],
  agent_job_started: ['job'],
  agent_job_ended: ['job'],
};

/**
 * The first payload field `event` must carry but lacks, or `undefined` when it has them all.
 *
 * @example
 * ```ts
 * missingPayloadField('participant_joined', { room: { name: 'demo' } }); // 'participant'
 * ```
 */
export function missingPayloadField(
  name: WebhookEventName,
  event: WebhookEventFields,
): WebhookPayloadField | undefined {
  for (const field of REQUIRED_PAYLOAD[name]) if (event[field] === undefined) return field;
  return undefined;
}
