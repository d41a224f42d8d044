import type { WebhookEvents } from './event-names.js';
import type { ExtendedWebhookEvent } from './extended-events.js';
import type { ConnectionQuality, DataMessage, SpeakerInfo, StreamState } from './extended-types.js';
import type {
  EgressInfo,
  IngressInfo,
  Int64String,
  Job,
  OpenEnum,
  ParticipantInfo,
  Room,
  RoomEndReason,
  TrackInfo,
} from './types.js';

/**
 * The fields of `livekit.WebhookEvent` every event may carry, in declaration order. Each event type below
 * narrows `event` and makes required the payload objects LiveKit always fills in for it.
 */
export interface WebhookEventFields {
  /** The event name; see {@link WebhookEvents}. */
  event?: string;
  /** Room events: the full room. Participant events: the full room. Track, egress and ingress: `{sid, name}`-like stub. */
  room?: Room;
  /** Participant events: the full participant. Track events: only `{sid, identity}`. */
  participant?: ParticipantInfo;
  /** Egress events. */
  egressInfo?: EgressInfo;
  /** Ingress events. */
  ingressInfo?: IngressInfo;
  /** Track events: the full track. */
  track?: TrackInfo;
  /** Agent job events (LiveKit Cloud). */
  job?: Job;
  /** `EV_` + 12 base57 chars, unique per event and identical across URLs and retries: deduplicate on it. */
  id?: string;
  /** When the server created the event, Unix **seconds** as an int64 string. */
  createdAt?: Int64String;
  /** Deprecated: events dropped since the last send (legacy notifier only). */
  numDropped?: number;
  /** Why the room ended; set on `room_finished` by servers that know it. Absent means `ROOM_END_UNKNOWN`. */
  roomEndReason?: OpenEnum<RoomEndReason>;

  // roomhooks extensions, after every LiveKit field (see extended-events.ts). LiveKit never sends them and
  // LiveKit receivers ignore them.

  /** roomhooks extension (`active_speakers_changed`): the current speakers, loudest first. */
  speakers?: SpeakerInfo[];
  /** roomhooks extension (`connection_quality_changed`): the participant's new connection quality. */
  connectionQuality?: OpenEnum<ConnectionQuality>;
  /** roomhooks extension (`data_received`): the data message. */
  data?: DataMessage;
  /** roomhooks extension (`track_stream_state_changed`): whether the SFU forwards the track. */
  streamState?: OpenEnum<StreamState>;
  /** roomhooks extension (`track_subscription_permission_changed`): true when every participant may subscribe. */
  subscriptionAllowed?: boolean;
  /** roomhooks extension (`participant_metadata_changed`, `room_metadata_changed`): the metadata before. */
  previousMetadata?: string;
  /** roomhooks extension (`participant_attributes_changed`): changed keys with new values, `""` when deleted. */
  changedAttributes?: Record<string, string>;
}

type Names = typeof WebhookEvents;

/** `room_started`: a room was created. Carries the full room. */
export interface RoomStartedEvent extends WebhookEventFields {
  event: Names['ROOM_STARTED'];
  room: Room;
}

/** `room_finished`: a room closed. Carries the full room and, on newer servers, `roomEndReason`. */
export interface RoomFinishedEvent extends WebhookEventFields {
  event: Names['ROOM_FINISHED'];
  room: Room;
}

/** `participant_joined`: a participant became ACTIVE. Carries the full room and participant. */
export interface ParticipantJoinedEvent extends WebhookEventFields {
  event: Names['PARTICIPANT_JOINED'];
  room: Room;
  participant: ParticipantInfo;
}

/** `participant_left`: a participant left; see `participant.disconnectReason`. */
export interface ParticipantLeftEvent extends WebhookEventFields {
  event: Names['PARTICIPANT_LEFT'];
  room: Room;
  participant: ParticipantInfo;
}

/** `participant_connection_aborted`: a participant never finished connecting. */
export interface ParticipantConnectionAbortedEvent extends WebhookEventFields {
  event: Names['PARTICIPANT_CONNECTION_ABORTED'];
  room: Room;
  participant: ParticipantInfo;
}

/** `track_published`: carries a room stub, the publisher's `{sid, identity}` and the full track. */
export interface TrackPublishedEvent extends WebhookEventFields {
  event: Names['TRACK_PUBLISHED'];
  room: Room;
  participant: ParticipantInfo;
  track: TrackInfo;
}

/** `track_unpublished`: same shape as `track_published`. */
export interface TrackUnpublishedEvent extends WebhookEventFields {
  event: Names['TRACK_UNPUBLISHED'];
  room: Room;
  participant: ParticipantInfo;
  track: TrackInfo;
}

/** `egress_started`: `egressInfo.status` is usually absent here (EGRESS_STARTING is the zero value). */
export interface EgressStartedEvent extends WebhookEventFields {
  event: Names['EGRESS_STARTED'];
  egressInfo: EgressInfo;
}

/** `egress_updated`: the egress changed status or layout. */
export interface EgressUpdatedEvent extends WebhookEventFields {
  event: Names['EGRESS_UPDATED'];
  egressInfo: EgressInfo;
}

/** `egress_ended`: the egress finished; results are in `fileResults`, `streamResults`, `segmentResults`. */
export interface EgressEndedEvent extends WebhookEventFields {
  event: Names['EGRESS_ENDED'];
  egressInfo: EgressInfo;
}

/** `ingress_started`: an ingress began publishing. */
export interface IngressStartedEvent extends WebhookEventFields {
  event: Names['INGRESS_STARTED'];
  ingressInfo: IngressInfo;
}

/** `ingress_ended`: an ingress stopped. */
export interface IngressEndedEvent extends WebhookEventFields {
  event: Names['INGRESS_ENDED'];
  ingressInfo: IngressInfo;
}

/** `agent_job_started` (LiveKit Cloud): carries the job. */
export interface AgentJobStartedEvent extends WebhookEventFields {
  event: Names['AGENT_JOB_STARTED'];
  job: Job;
}

/** `agent_job_ended` (LiveKit Cloud): carries the job, with `job.state` final. */
export interface AgentJobEndedEvent extends WebhookEventFields {
  event: Names['AGENT_JOB_ENDED'];
  job: Job;
}

/** The events a LiveKit server sends (every {@link WebhookEvent} except the roomhooks extensions). */
export type LiveKitWebhookEvent =
  | RoomStartedEvent
  | RoomFinishedEvent
  | ParticipantJoinedEvent
  | ParticipantLeftEvent
  | ParticipantConnectionAbortedEvent
  | TrackPublishedEvent
  | TrackUnpublishedEvent
  | EgressStartedEvent
  | EgressUpdatedEvent
  | EgressEndedEvent
  | IngressStartedEvent
  | IngressEndedEvent
  | AgentJobStartedEvent
  | AgentJobEndedEvent;

/**
 * A decoded `livekit.WebhookEvent`, discriminated on `event`, with the payload objects each event always
 * carries made required, the roomhooks extension events ({@link ExtendedWebhookEvent}) included. This is
 * what strict decoding returns, what the samples build and what the encoder takes.
 *
 * @example
 * ```ts
 * switch (event.event) {
 *   case 'participant_joined':
 *     console.log(event.participant.identity, 'joined', event.room.name);
 *     break;
 *   case 'egress_ended':
 *     console.log(event.egressInfo.fileResults?.[0]?.location);
 *     break;
 * }
 * ```
 */
export type WebhookEvent = LiveKitWebhookEvent | ExtendedWebhookEvent;

/**
 * What non-strict decoding returns: any event name (LiveKit adds names over time, and receivers must tolerate
 * them) and no payload guaranteed. A name-based union member would stop `switch (event.event)` from
 * narrowing, so this is a separate type; decode with `strict: true` to get a {@link WebhookEvent}.
 */
export type LooseWebhookEvent = WebhookEventFields;

/** The event type for one event name. */
export type WebhookEventOf<N extends WebhookEvent['event']> = Extract<WebhookEvent, { event: N }>;
