/**
 * The event names LiveKit puts in a webhook's `event` field (livekit/protocol `webhook/consts.go`), plus the
 * agent job events LiveKit Cloud sends (protocol #1711).
 *
 * @example
 * ```ts
 * if (event.event === WebhookEvents.PARTICIPANT_JOINED) greet(event.participant.identity);
 * ```
 */
export const WebhookEvents = {
  /** Event fired when a room is created and becomes active. */
  ROOM_STARTED: 'room_started',
  /** Event fired when a room is closed and all participants have left. */
  ROOM_FINISHED: 'room_finished',
  /** Event fired when a participant joins a room (sent once it is ACTIVE; not sent on migration). */
  PARTICIPANT_JOINED: 'participant_joined',
  /** Event fired when a participant leaves a room. */
  PARTICIPANT_LEFT: 'participant_left',
  /**
   * Event fired when a participant's connection is aborted unexpectedly (sent instead of `participant_left`
   * when the participant never fully connected).
   */
  PARTICIPANT_CONNECTION_ABORTED: 'participant_connection_aborted',
  /** Event fired when a participant publishes a new track to the room. */
  TRACK_PUBLISHED: 'track_published',
  /** Event fired when a participant unpublishes a track from the room. */
  TRACK_UNPUBLISHED: 'track_unpublished',
  /** Event fired when an egress (recording or streaming) session starts. */
  EGRESS_STARTED: 'egress_started',
  /** Event fired when an egress session is updated (e.g., layout changes). */
  EGRESS_UPDATED: 'egress_updated',
  /** Event fired when an egress session completes. */
  EGRESS_ENDED: 'egress_ended',
  /** Event fired when an ingress (RTMP, WHIP, or URL pull) session starts. */
  INGRESS_STARTED: 'ingress_started',
  /** Event fired when an ingress session ends. */
  INGRESS_ENDED: 'ingress_ended',
  /** Event fired when an agent job starts (LiveKit Cloud; carries `job`). */
  AGENT_JOB_STARTED: 'agent_job_started',
  /** Event fired when an agent job ends (LiveKit Cloud; carries `job`). */
  AGENT_JOB_ENDED: 'agent_job_ended',
} as const;

/** One of the event names in {@link WebhookEvents}. */
export type WebhookEventName = (typeof WebhookEvents)[keyof typeof WebhookEvents];

/** Every known event name, in the order of {@link WebhookEvents}. */
export const WEBHOOK_EVENT_NAMES: readonly WebhookEventName[] = Object.freeze(Object.values(WebhookEvents));

const known: ReadonlySet<string> = new Set(WEBHOOK_EVENT_NAMES);

/**
 * True when `name` is an event name this SDK knows. LiveKit adds names over time, so receivers should tolerate
 * names for which this returns false.
 *
 * @example
 * ```ts
 * isWebhookEventName('room_started'); // true
 * isWebhookEventName('room_metadata_updated'); // false (not sent by LiveKit today)
 * ```
 */
export function isWebhookEventName(name: unknown): name is WebhookEventName {
  return typeof name === 'string' && known.has(name);
}
