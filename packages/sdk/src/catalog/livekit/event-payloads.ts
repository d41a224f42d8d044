import type { AnyWebhookEventName } from './extended-events.js';
import type { WebhookEventFields } from './webhook-event.js';

/** A payload field of `livekit.WebhookEvent` that holds an object. */
export type WebhookPayloadField =
  | 'room'
  | 'participant'
  | 'track'
  | 'egressInfo'
  | 'ingressInfo'
  | 'job'
  // roomhooks extension fields
  | 'connectionQuality'
  | 'data'
  | 'streamState'
  | 'subscriptionAllowed';

/**
 * The payload objects LiveKit always fills in for each event (livekit `pkg/telemetry/events.go`); strict
 * decoding requires them. Egress and ingress events usually carry a room stub too, but not always, so it is
 * not required. The roomhooks extension events also require the extension field that says what changed
 * (`speakers` is not required: an empty list is how "nobody speaks" looks on the wire).
 */
export const REQUIRED_PAYLOAD: Readonly<Record<AnyWebhookEventName, readonly WebhookPayloadField[]>> = {
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
  // roomhooks extensions
  track_muted: ['room', 'participant', 'track'],
  track_unmuted: ['room', 'participant', 'track'],
  participant_metadata_changed: ['room', 'participant'],
  participant_attributes_changed: ['room', 'participant'],
  participant_permissions_changed: ['room', 'participant'],
  room_metadata_changed: ['room'],
  active_speakers_changed: ['room'],
  connection_quality_changed: ['room', 'participant', 'connectionQuality'],
  data_received: ['room', 'data'],
  track_stream_state_changed: ['room', 'participant', 'track', 'streamState'],
  track_subscription_permission_changed: ['room', 'participant', 'track', 'subscriptionAllowed'],
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
  name: AnyWebhookEventName,
  event: WebhookEventFields,
): WebhookPayloadField | undefined {
  for (const field of REQUIRED_PAYLOAD[name]) if (event[field] === undefined) return field;
  return undefined;
}
