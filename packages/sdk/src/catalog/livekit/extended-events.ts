import { WEBHOOK_EVENT_NAMES, type WebhookEventName } from './event-names.js';
import type { ConnectionQuality, DataMessage, SpeakerInfo, StreamState } from './extended-types.js';
import type { ParticipantInfo, Room, TrackInfo } from './types.js';
import type { WebhookEventFields } from './webhook-event.js';

/**
 * **roomhooks extensions**: event names LiveKit's webhooks do not have, for the room changes LiveKit's client
 * SDKs report as events (the "SDK events" table of LiveKit's docs). They are shaped like LiveKit events (`room`,
 * `participant`, `track` as LiveKit fills them in) and add a few extension fields where the change needs data
 * LiveKit's `WebhookEvent` has no field for (`speakers`, `connectionQuality`, `data`, `streamState`,
 * `subscriptionAllowed`, `previousMetadata`, `changedAttributes`). A LiveKit server never sends these; a
 * roomhooks publisher does, and LiveKit receivers decode them (they ignore unknown fields).
 *
 * Every extended event carries `room`, so it is ordered with its room's LiveKit events (ordering key = room
 * name).
 *
 * @example
 * ```ts
 * if (event.event === ExtendedWebhookEvents.TRACK_MUTED) showMuted(event.participant.identity, event.track.sid);
 * ```
 */
export const ExtendedWebhookEvents = {
  /**
   * roomhooks extension. A published track was muted. Carries a room stub, the publisher's `{sid, identity}`
   * and the full track (`track.muted: true`).
   */
  TRACK_MUTED: 'track_muted',
  /** roomhooks extension. A muted track was unmuted. Same shape as `track_muted` (`track.muted` absent). */
  TRACK_UNMUTED: 'track_unmuted',
  /**
   * roomhooks extension. A participant's metadata changed. Carries the full participant (new `metadata`) and,
   * when known, `previousMetadata`.
   */
  PARTICIPANT_METADATA_CHANGED: 'participant_metadata_changed',
  /**
   * roomhooks extension. A participant's attributes changed. Carries the full participant (all attributes,
   * after the change) and `changedAttributes`: the keys that changed with their new values, `""` for a
   * deleted key (as LiveKit's client SDKs report it).
   */
  PARTICIPANT_ATTRIBUTES_CHANGED: 'participant_attributes_changed',
  /** roomhooks extension. A participant's permissions changed. Carries the full participant (new `permission`). */
  PARTICIPANT_PERMISSIONS_CHANGED: 'participant_permissions_changed',
  /** roomhooks extension. The room's metadata changed. Carries the full room (new `metadata`) and `previousMetadata`. */
  ROOM_METADATA_CHANGED: 'room_metadata_changed',
  /**
   * roomhooks extension. The set of active speakers changed. Carries a room stub and `speakers`, the current
   * speakers loudest first (absent or empty when nobody speaks).
   */
  ACTIVE_SPEAKERS_CHANGED: 'active_speakers_changed',
  /**
   * roomhooks extension. A participant's connection quality changed. Carries a room stub, the participant's
   * `{sid, identity}` and `connectionQuality`.
   */
  CONNECTION_QUALITY_CHANGED: 'connection_quality_changed',
  /**
   * roomhooks extension. A data message was sent to the room. Carries a room stub, the sender's `{sid,
   * identity}` (absent when the server sent it) and `data` (base64 payload, topic, kind).
   */
  DATA_RECEIVED: 'data_received',
  /**
   * roomhooks extension. The SFU paused or resumed forwarding a track (bandwidth). Carries a room stub, the
   * publisher's `{sid, identity}`, the track and `streamState`.
   */
  TRACK_STREAM_STATE_CHANGED: 'track_stream_state_changed',
  /**
   * roomhooks extension. A publisher changed who may subscribe to a track. Carries a room stub, the publisher's
   * `{sid, identity}`, the track and `subscriptionAllowed`: true when every participant may subscribe, false
   * when the publisher restricted the track.
   */
  TRACK_SUBSCRIPTION_PERMISSION_CHANGED: 'track_subscription_permission_changed',
} as const;

/** One of the roomhooks extension event names in {@link ExtendedWebhookEvents}. */
export type ExtendedWebhookEventName = (typeof ExtendedWebhookEvents)[keyof typeof ExtendedWebhookEvents];

/** Any event name this SDK knows: LiveKit's ({@link WebhookEventName}) or a roomhooks extension. */
export type AnyWebhookEventName = WebhookEventName | ExtendedWebhookEventName;

/** The roomhooks extension names, in the order of {@link ExtendedWebhookEvents}. */
export const EXTENDED_WEBHOOK_EVENT_NAMES: readonly ExtendedWebhookEventName[] = Object.freeze(
  Object.values(ExtendedWebhookEvents),
);

/** Every name this SDK knows: LiveKit's names first, then the roomhooks extensions. */
export const ALL_WEBHOOK_EVENT_NAMES: readonly AnyWebhookEventName[] = Object.freeze([
  ...WEBHOOK_EVENT_NAMES,
  ...EXTENDED_WEBHOOK_EVENT_NAMES,
]);

const extended: ReadonlySet<string> = new Set(EXTENDED_WEBHOOK_EVENT_NAMES);
const all: ReadonlySet<string> = new Set(ALL_WEBHOOK_EVENT_NAMES);

/**
 * True when `name` is a roomhooks extension name.
 *
 * @example
 * ```ts
 * isExtendedWebhookEventName('track_muted'); // true
 * isExtendedWebhookEventName('track_published'); // false (a LiveKit name)
 * ```
 */
export function isExtendedWebhookEventName(name: unknown): name is ExtendedWebhookEventName {
  return typeof name === 'string' && extended.has(name);
}

/**
 * True when `name` is a LiveKit name or a roomhooks extension name; what strict decoding accepts.
 *
 * @example
 * ```ts
 * isAnyWebhookEventName('room_started'); // true
 * isAnyWebhookEventName('active_speakers_changed'); // true
 * isAnyWebhookEventName('room_metadata_updated'); // false
 * ```
 */
export function isAnyWebhookEventName(name: unknown): name is AnyWebhookEventName {
  return typeof name === 'string' && all.has(name);
}

type Names = typeof ExtendedWebhookEvents;

/** `track_muted` (roomhooks extension): room stub, publisher `{sid, identity}`, full track with `muted: true`. */
export interface TrackMutedEvent extends WebhookEventFields {
  event: Names['TRACK_MUTED'];
  room: Room;
  participant: ParticipantInfo;
  track: TrackInfo;
}

/** `track_unmuted` (roomhooks extension): same shape as `track_muted`. */
export interface TrackUnmutedEvent extends WebhookEventFields {
  event: Names['TRACK_UNMUTED'];
  room: Room;
  participant: ParticipantInfo;
  track: TrackInfo;
}

/** `participant_metadata_changed` (roomhooks extension): full room and participant, `previousMetadata`. */
export interface ParticipantMetadataChangedEvent extends WebhookEventFields {
  event: Names['PARTICIPANT_METADATA_CHANGED'];
  room: Room;
  participant: ParticipantInfo;
}

/** `participant_attributes_changed` (roomhooks extension): full room and participant, `changedAttributes`. */
export interface ParticipantAttributesChangedEvent extends WebhookEventFields {
  event: Names['PARTICIPANT_ATTRIBUTES_CHANGED'];
  room: Room;
  participant: ParticipantInfo;
}

/** `participant_permissions_changed` (roomhooks extension): full room and participant (new `permission`). */
export interface ParticipantPermissionsChangedEvent extends WebhookEventFields {
  event: Names['PARTICIPANT_PERMISSIONS_CHANGED'];
  room: Room;
  participant: ParticipantInfo;
}

/** `room_metadata_changed` (roomhooks extension): full room (new `metadata`), `previousMetadata`. */
export interface RoomMetadataChangedEvent extends WebhookEventFields {
  event: Names['ROOM_METADATA_CHANGED'];
  room: Room;
}

/** `active_speakers_changed` (roomhooks extension): room stub and `speakers` (absent when nobody speaks). */
export interface ActiveSpeakersChangedEvent extends WebhookEventFields {
  event: Names['ACTIVE_SPEAKERS_CHANGED'];
  room: Room;
  speakers?: SpeakerInfo[];
}

/** `connection_quality_changed` (roomhooks extension): room stub, participant `{sid, identity}`, quality. */
export interface ConnectionQualityChangedEvent extends WebhookEventFields {
  event: Names['CONNECTION_QUALITY_CHANGED'];
  room: Room;
  participant: ParticipantInfo;
  connectionQuality: ConnectionQuality | number;
}

/** `data_received` (roomhooks extension): room stub, sender `{sid, identity}` unless server-sent, `data`. */
export interface DataReceivedEvent extends WebhookEventFields {
  event: Names['DATA_RECEIVED'];
  room: Room;
  data: DataMessage;
}

/** `track_stream_state_changed` (roomhooks extension): room stub, publisher, track, `streamState`. */
export interface TrackStreamStateChangedEvent extends WebhookEventFields {
  event: Names['TRACK_STREAM_STATE_CHANGED'];
  room: Room;
  participant: ParticipantInfo;
  track: TrackInfo;
  streamState: StreamState | number;
}

/** `track_subscription_permission_changed` (roomhooks extension): room stub, publisher, track, `subscriptionAllowed`. */
export interface TrackSubscriptionPermissionChangedEvent extends WebhookEventFields {
  event: Names['TRACK_SUBSCRIPTION_PERMISSION_CHANGED'];
  room: Room;
  participant: ParticipantInfo;
  track: TrackInfo;
  subscriptionAllowed: boolean;
}

/**
 * The roomhooks extension events, discriminated on `event`; part of {@link WebhookEvent}, so
 * `switch (event.event)` narrows to them as it does to LiveKit's.
 */
export type ExtendedWebhookEvent =
  | TrackMutedEvent
  | TrackUnmutedEvent
  | ParticipantMetadataChangedEvent
  | ParticipantAttributesChangedEvent
  | ParticipantPermissionsChangedEvent
  | RoomMetadataChangedEvent
  | ActiveSpeakersChangedEvent
  | ConnectionQualityChangedEvent
  | DataReceivedEvent
  | TrackStreamStateChangedEvent
  | TrackSubscriptionPermissionChangedEvent;
