import { TypedEmitter } from './emitter.js';
import type {
  ConnectionQualityState,
  ParticipantPermission,
  ParticipantSnapshot,
  TrackSnapshot,
  TrackStreamState,
} from './protocol.js';

/** `allowed` or `denied`, as LiveKit's client SDKs report a track's subscription permission. */
export type SubscriptionStatus = 'allowed' | 'denied';

/** How a data message was sent. */
export type DataKind = 'RELIABLE' | 'LOSSY';

/** The events a {@link Participant} emits (the "Participant Event" column of LiveKit's SDK events table). */
export interface ParticipantEventMap {
  TrackPublished: [track: TrackSnapshot];
  TrackUnpublished: [track: TrackSnapshot];
  TrackMuted: [track: TrackSnapshot];
  TrackUnmuted: [track: TrackSnapshot];
  IsSpeakingChanged: [speaking: boolean];
  ConnectionQualityChanged: [quality: ConnectionQualityState];
  ParticipantAttributesChanged: [changedAttributes: Record<string, string>];
  ParticipantMetadataChanged: [previousMetadata: string];
  DataReceived: [payload: Uint8Array, kind: DataKind, topic: string];
  TrackStreamStateChanged: [track: TrackSnapshot, streamState: TrackStreamState];
  TrackSubscriptionPermissionChanged: [track: TrackSnapshot, status: SubscriptionStatus];
  ParticipantPermissionsChanged: [previousPermissions: ParticipantPermission | null];
}

/**
 * A participant of a room, as the stream reports it. The object stays the same while the participant is
 * connected; its fields follow the room's state. Listen with `on`/`off`/`once`.
 *
 * @example
 * ```ts
 * participant.on('TrackMuted', (track) => console.log(participant.identity, 'muted', track.source));
 * ```
 */
export class Participant extends TypedEmitter<ParticipantEventMap> {
  readonly identity: string;
  sid = '';
  name = '';
  state = '';
  metadata = '';
  attributes: Readonly<Record<string, string>> = {};
  permissions: ParticipantPermission | null = null;
  kind = '';
  isSpeaking = false;
  connectionQuality: ConnectionQualityState = 'UNKNOWN';
  /** Unix milliseconds; 0 when unknown. */
  joinedAt = 0;
  /** Published tracks by sid. */
  tracks: ReadonlyMap<string, TrackSnapshot> = new Map();
  /** The snapshot this object was last updated from. */
  snapshot: ParticipantSnapshot;

  /** @internal Created by the room. */
  constructor(snapshot: ParticipantSnapshot) {
    super();
    this.identity = snapshot.identity;
    this.snapshot = snapshot;
    this.update(snapshot);
  }

  /** @internal Copies the fields of `snapshot`. */
  update(snapshot: ParticipantSnapshot): void {
    this.snapshot = snapshot;
    this.sid = snapshot.sid;
    this.name = snapshot.name;
    this.state = snapshot.state;
    this.metadata = snapshot.metadata;
    this.attributes = snapshot.attributes;
    this.permissions = snapshot.permission;
    this.kind = snapshot.kind;
    this.isSpeaking = snapshot.isSpeaking;
    this.connectionQuality = snapshot.connectionQuality;
    this.joinedAt = snapshot.joinedAt;
    this.tracks = new Map(Object.entries(snapshot.tracks));
  }

  /** @internal Emits a participant event (the room calls this). */
  dispatch<E extends keyof ParticipantEventMap>(event: E, ...args: ParticipantEventMap[E]): void {
    this.emit(event, ...args);
  }
}
