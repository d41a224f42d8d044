/**
 * The wire protocol of roomhooks' realtime room stream: what a server sends and a client reads. This module
 * is the contract: the server's room-state reducer produces exactly these snapshot and change objects, and
 * `connectRoom` consumes them. It has no runtime dependencies and runs in browsers and Node.
 *
 * ## Transport
 *
 * One HTTP `GET` per room returns `text/event-stream` (Server-Sent Events), authorised by
 * `Authorization: Bearer <token>`. Every message has an `event:` name, an `id:` (the room's sequence number,
 * see below) and one `data:` line of JSON:
 *
 * ```text
 * event: snapshot
 * id: 41
 * data: {"seq":41,"room":{…RoomSnapshot…}}
 *
 * event: change
 * id: 42
 * data: {"seq":42,"change":{"type":"TrackMuted","identity":"alice","trackSid":"TR_…"}}
 * ```
 *
 * - `snapshot` ({@link SnapshotMessage}): the whole room as of `seq`; the first message of a fresh stream.
 * - `change` ({@link ChangeMessage}): one change, `seq` = previous seq + 1. Applying it to the state at
 *   `seq - 1` with {@link applyRoomChange} gives the state at `seq`.
 * - `reset` ({@link ResetMessage}): sent instead of the missed changes when a resuming client is too far
 *   behind (the server no longer holds them); carries a fresh snapshot, which the client diffs against what
 *   it has (see `diffRoomSnapshots`) so listeners still see individual events.
 * - SSE comments (`: ping`) are keep-alives and carry nothing.
 *
 * ## Sequence numbers and resuming
 *
 * `seq` counts the changes of one room name, from 1, across its sessions; it never goes back. To resume, a
 * client reconnects with the last seq it applied, both as `Last-Event-ID: <seq>` (the SSE convention) and as
 * `?since=<seq>` (for proxies that drop the header); the server then sends every change with a greater seq,
 * or a `reset`. A client ignores messages whose seq it has already applied, so a change is never applied
 * twice, and reconnects when it sees a gap, so none is missed.
 *
 * @module
 */

import type { ParticipantPermission } from '../catalog/livekit/types.js';

export type { ParticipantPermission };

/** Protocol version; bumped on an incompatible change to the messages below. */
export const ROOM_STREAM_PROTOCOL_VERSION = 1;

/** The SSE `event:` names of the stream. */
export const RoomStreamMessageType = {
  SNAPSHOT: 'snapshot',
  CHANGE: 'change',
  RESET: 'reset',
} as const;

/**
 * The path the roomhooks server serves a room's stream at (`roomhooks serve`: `GET /v1/rooms/:name/stream`).
 *
 * @example
 * ```ts
 * roomStreamPath('demo room'); // '/v1/rooms/demo%20room/stream'
 * ```
 */
export function roomStreamPath(roomName: string): string {
  return `/v1/rooms/${encodeURIComponent(roomName)}/stream`;
}

/** A participant's connection quality; `UNKNOWN` until a `connection_quality_changed` event says otherwise. */
export type ConnectionQualityState = 'EXCELLENT' | 'GOOD' | 'POOR' | 'LOST' | 'UNKNOWN';

/** Whether the SFU forwards a track. */
export type TrackStreamState = 'ACTIVE' | 'PAUSED';

/** One published track. Plain JSON; strings are LiveKit enum names (`'VIDEO'`, `'CAMERA'`). */
export interface TrackSnapshot {
  sid: string;
  name: string;
  /** `AUDIO`, `VIDEO` or `DATA`. */
  type: string;
  /** `CAMERA`, `MICROPHONE`, `SCREEN_SHARE`, `SCREEN_SHARE_AUDIO` or `UNKNOWN`. */
  source: string;
  mimeType: string;
  muted: boolean;
  /** Video only; 0 when unknown. */
  width: number;
  height: number;
  simulcast: boolean;
  streamState: TrackStreamState;
  /** False when the publisher restricted who may subscribe. */
  subscriptionAllowed: boolean;
}

/** A participant's own fields, without its tracks. */
export interface ParticipantInfoSnapshot {
  sid: string;
  identity: string;
  name: string;
  /** LiveKit's `ParticipantInfo.State` name (`ACTIVE`, `JOINED`, …); `JOINING` when only seen in a track event. */
  state: string;
  metadata: string;
  attributes: Record<string, string>;
  /** `null` until an event carries the participant's permissions. */
  permission: ParticipantPermission | null;
  /** `STANDARD`, `AGENT`, `SIP`, `INGRESS`, `EGRESS`, … */
  kind: string;
  isSpeaking: boolean;
  connectionQuality: ConnectionQualityState;
  /** Unix milliseconds; 0 when unknown. */
  joinedAt: number;
}

/** A participant and its tracks, keyed by track sid. */
export interface ParticipantSnapshot extends ParticipantInfoSnapshot {
  tracks: Record<string, TrackSnapshot>;
}

/** An egress (recording or stream) of the room. Ended egresses stay, with their final status. */
export interface EgressSnapshot {
  egressId: string;
  /** `EGRESS_STARTING`, `EGRESS_ACTIVE`, `EGRESS_ENDING`, `EGRESS_COMPLETE`, `EGRESS_FAILED`, … */
  status: string;
  /** Unix milliseconds; 0 when unknown. */
  startedAt: number;
  endedAt: number;
  error: string;
  /** Where the results are (first file, playlist or stream URL); '' until known. */
  location: string;
}

/** An ingress publishing into the room. */
export interface IngressSnapshot {
  ingressId: string;
  name: string;
  /** `ENDPOINT_INACTIVE`, `ENDPOINT_BUFFERING`, `ENDPOINT_PUBLISHING`, `ENDPOINT_ERROR`, `ENDPOINT_COMPLETE`. */
  status: string;
  participantIdentity: string;
}

/** The room's own fields. */
export interface RoomInfoSnapshot {
  name: string;
  /** `RM_…`; '' until an event carries it. */
  sid: string;
  metadata: string;
  /** Seconds LiveKit keeps an empty room that nobody joined (default 300). */
  emptyTimeout: number;
  /** Seconds LiveKit keeps a room after its last participant left (default 20). */
  departureTimeout: number;
  /** Unix milliseconds; 0 when unknown. */
  createdAt: number;
}

/** The whole state of one room, as a `snapshot` message carries it. Plain JSON. */
export interface RoomSnapshot extends RoomInfoSnapshot {
  status: 'active' | 'finished';
  /** Unix milliseconds; 0 while active. */
  finishedAt: number;
  /** Participants by identity. */
  participants: Record<string, ParticipantSnapshot>;
  /** Identities of the current speakers, loudest first. */
  activeSpeakers: string[];
  egresses: Record<string, EgressSnapshot>;
  ingresses: Record<string, IngressSnapshot>;
}

/** One entry of {@link ActiveSpeakersChangedChange}. */
export interface SpeakerLevel {
  identity: string;
  /** 0 (silent) to 1. */
  level: number;
}

/** The room was first seen (a `room_started`, or any event of a room not seen before). */
export type RoomStartedChange = { type: 'RoomStarted'; room: RoomInfoSnapshot };
/** The room's own fields were filled in or corrected (e.g. `room_started` arriving after other events). */
export type RoomUpdatedChange = { type: 'RoomUpdated'; room: RoomInfoSnapshot };
export type RoomMetadataChangedChange = {
  type: 'RoomMetadataChanged';
  metadata: string;
  previousMetadata: string;
};
/** The room closed: every participant is gone. `reason` is LiveKit's `RoomEndReason` or `EXPIRED`. */
export type RoomFinishedChange = { type: 'RoomFinished'; finishedAt: number; reason: string };
/** A participant joined, with what is known of it and its tracks. */
export type ParticipantConnectedChange = { type: 'ParticipantConnected'; participant: ParticipantSnapshot };
/** A participant's own fields changed in a way no more specific change describes (name, state, kind, sid). */
export type ParticipantUpdatedChange = { type: 'ParticipantUpdated'; participant: ParticipantInfoSnapshot };
/** `reason` is LiveKit's `DisconnectReason` name, or '' when unknown. */
export type ParticipantDisconnectedChange = {
  type: 'ParticipantDisconnected';
  identity: string;
  sid: string;
  reason: string;
};
export type ParticipantMetadataChangedChange = {
  type: 'ParticipantMetadataChanged';
  identity: string;
  metadata: string;
  previousMetadata: string;
};
/** `attributes` is the full set after the change; `changedAttributes` has '' for deleted keys. */
export type ParticipantAttributesChangedChange = {
  type: 'ParticipantAttributesChanged';
  identity: string;
  attributes: Record<string, string>;
  changedAttributes: Record<string, string>;
};
export type ParticipantPermissionsChangedChange = {
  type: 'ParticipantPermissionsChanged';
  identity: string;
  permission: ParticipantPermission | null;
  previousPermission: ParticipantPermission | null;
};
export type ConnectionQualityChangedChange = {
  type: 'ConnectionQualityChanged';
  identity: string;
  quality: ConnectionQualityState;
};
/** The current speakers, loudest first; participants not listed are not speaking. */
export type ActiveSpeakersChangedChange = { type: 'ActiveSpeakersChanged'; speakers: SpeakerLevel[] };
export type IsSpeakingChangedChange = { type: 'IsSpeakingChanged'; identity: string; isSpeaking: boolean };
export type TrackPublishedChange = { type: 'TrackPublished'; identity: string; track: TrackSnapshot };
export type TrackUnpublishedChange = { type: 'TrackUnpublished'; identity: string; trackSid: string };
export type TrackMutedChange = { type: 'TrackMuted'; identity: string; trackSid: string };
export type TrackUnmutedChange = { type: 'TrackUnmuted'; identity: string; trackSid: string };
export type TrackStreamStateChangedChange = {
  type: 'TrackStreamStateChanged';
  identity: string;
  trackSid: string;
  streamState: TrackStreamState;
};
export type TrackSubscriptionPermissionChangedChange = {
  type: 'TrackSubscriptionPermissionChanged';
  identity: string;
  trackSid: string;
  allowed: boolean;
};
/** A data message; `identity` is '' when the server sent it. `payload` is standard base64. */
export type DataReceivedChange = {
  type: 'DataReceived';
  identity: string;
  payload: string;
  topic: string;
  kind: 'RELIABLE' | 'LOSSY';
};
export type EgressUpdatedChange = { type: 'EgressUpdated'; egress: EgressSnapshot };
export type IngressUpdatedChange = { type: 'IngressUpdated'; ingress: IngressSnapshot };

/**
 * One change of a room, named after the LiveKit client SDK event it stands for (plus `RoomStarted`,
 * `RoomUpdated`, `RoomFinished`, `ParticipantUpdated`, `EgressUpdated`, `IngressUpdated`, which keep a
 * client's copy of the state complete). Discriminated on `type`.
 */
export type RoomChange =
  | RoomStartedChange
  | RoomUpdatedChange
  | RoomMetadataChangedChange
  | RoomFinishedChange
  | ParticipantConnectedChange
  | ParticipantUpdatedChange
  | ParticipantDisconnectedChange
  | ParticipantMetadataChangedChange
  | ParticipantAttributesChangedChange
  | ParticipantPermissionsChangedChange
  | ConnectionQualityChangedChange
  | ActiveSpeakersChangedChange
  | IsSpeakingChangedChange
  | TrackPublishedChange
  | TrackUnpublishedChange
  | TrackMutedChange
  | TrackUnmutedChange
  | TrackStreamStateChangedChange
  | TrackSubscriptionPermissionChangedChange
  | DataReceivedChange
  | EgressUpdatedChange
  | IngressUpdatedChange;

/** The `type` of a {@link RoomChange}. */
export type RoomChangeType = RoomChange['type'];

/** `event: snapshot`: the room as of `seq`. */
export interface SnapshotMessage {
  seq: number;
  room: RoomSnapshot;
}

/** `event: change`: the change numbered `seq`. */
export interface ChangeMessage {
  seq: number;
  change: RoomChange;
}

/** `event: reset`: the client was too far behind; here is the room as of `seq`. */
export interface ResetMessage {
  seq: number;
  room: RoomSnapshot;
  /** Why, for logs (e.g. `too_far_behind`). */
  reason: string;
}

/** A parsed stream message. */
export type RoomStreamMessage =
  | ({ type: 'snapshot' } & SnapshotMessage)
  | ({ type: 'change' } & ChangeMessage)
  | ({ type: 'reset' } & ResetMessage);

/**
 * Formats one message as SSE text (what the server writes), `id:` set to its seq.
 *
 * @example
 * ```ts
 * formatRoomStreamMessage({ type: 'change', seq: 7, change: { type: 'TrackMuted', identity: 'a', trackSid: 'TR_1' } });
 * // 'event: change\nid: 7\ndata: {"seq":7,"change":{…}}\n\n'
 * ```
 */
export function formatRoomStreamMessage(message: RoomStreamMessage): string {
  const { type, ...body } = message;
  return `event: ${type}\nid: ${message.seq}\ndata: ${JSON.stringify(body)}\n\n`;
}

/**
 * Reads one SSE message (`event` name and `data` text) as a stream message, or `undefined` when it is not one
 * (an unknown event name, from a newer server, is skipped rather than fatal). Malformed JSON throws.
 */
export function parseRoomStreamMessage(event: string, data: string): RoomStreamMessage | undefined {
  if (event !== 'snapshot' && event !== 'change' && event !== 'reset') return undefined;
  const body = JSON.parse(data) as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || typeof body['seq'] !== 'number') {
    throw new TypeError(`room stream: ${event} message without a numeric seq`);
  }
  if (event === 'change') {
    if (typeof body['change'] !== 'object' || body['change'] === null) {
      throw new TypeError('room stream: change message without a change');
    }
    return { type: 'change', ...(body as unknown as ChangeMessage) };
  }
  if (typeof body['room'] !== 'object' || body['room'] === null) {
    throw new TypeError(`room stream: ${event} message without a room`);
  }
  if (event === 'snapshot') return { type: 'snapshot', ...(body as unknown as SnapshotMessage) };
  const reset = body as unknown as ResetMessage;
  return { type: 'reset', seq: reset.seq, room: reset.room, reason: String(reset.reason ?? '') };
}
