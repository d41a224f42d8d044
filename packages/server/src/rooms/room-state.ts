import type { LooseWebhookEvent, ParticipantInfo, TrackInfo, WebhookEventFields } from '@roomhooks/sdk';
import {
  applyRoomChange,
  emptyRoomSnapshot,
  participantInfoOf,
  roomInfoOf,
  type ConnectionQualityState,
  type ParticipantInfoSnapshot,
  type RoomChange,
  type RoomInfoSnapshot,
  type RoomSnapshot,
  type SpeakerLevel,
} from '@roomhooks/sdk/client';
import {
  egressFrom,
  egressStamp,
  enumName,
  ingressFrom,
  ingressStamp,
  isTerminalEgress,
  msOf,
  participantInfoFrom,
  placeholderParticipant,
  roomInfoFrom,
  secondsToMs,
  trackFrom,
} from './from-livekit.js';

// The room-state reducer: webhook events in, the state of every room and the changes clients see out.
//
// Webhooks arrive duplicated, late and out of order across resources (LiveKit orders a room's events, but
// egress and ingress events travel in their own lanes, and a receiver may see retries out of order), and
// `room_finished` or `participant_left` may never come. The reducer converges anyway:
// - duplicates: every event id is remembered per room, and a second copy changes nothing;
// - a participant's own fields are versioned by `ParticipantInfo.version`, so an older copy never overwrites a
//   newer one; one-valued facts (mute, stream state, connection quality, speakers, room metadata, egress and
//   ingress status) are stamped with the event's `createdAt` (egress/ingress: their own update times), and
//   only a newer-or-equal stamp applies — events of one fact within one second are ordered by arrival;
// - tombstones: a participant sid that left and a track sid that was unpublished stay remembered, so a late
//   `participant_joined` or `track_muted` does not bring them back; a finished room ignores late events of its
//   session but takes late egress, ingress and room metadata updates;
// - an event about a participant or track not seen yet (a `track_published` before its `participant_joined`)
//   creates it;
// - `expire` finishes rooms whose `room_finished` never came, from LiveKit's own timeouts.
//
// Every change goes through the SDK's `applyRoomChange`, the same function clients use, so a client that
// applies the changes in order holds exactly this state. The state is plain JSON: persist it, or rebuild it
// by replaying events.

/** What the reducer remembers about a room beyond its snapshot. */
export interface RoomBook {
  /** Event ids already applied → when they were received (ms); pruned by {@link expire}. */
  seen: Record<string, number>;
  /** Participant sids that left (tombstones) → event time (ms). */
  leftSids: Record<string, number>;
  /** Track sids that were unpublished (tombstones) → event time (ms). */
  unpublishedTracks: Record<string, number>;
  /**
   * Earliest time (ms) each participant sid was known alive: its `joinedAt`, or the first event naming it.
   * Sessions of one identity never overlap, so comparing an event's time with this tells whether the event
   * belongs to an older or a newer session than the one held.
   */
  aliveAt: Record<string, number>;
  /** Highest `ParticipantInfo.version` applied, by participant sid. */
  versions: Record<string, number>;
  /** Stamp (ms) of the last applied value of each one-valued fact, by key (`r:metadata`, `t:<sid>:muted`, …). */
  stamps: Record<string, number>;
  /** Receive time (ms) of the first event of the current session. */
  firstSeenAt: number;
  /** Receive time (ms) of the latest event. */
  lastEventAt: number;
  /** Receive time (ms) the room last became empty; 0 while occupied. */
  emptySince: number;
  /** Whether anyone has been in the room this session (selects `departureTimeout` over `emptyTimeout`). */
  hadParticipants: boolean;
}

/** One room: its snapshot, its change counter and its bookkeeping. */
export interface RoomRecord {
  /** Seq of the last change (0 before any); counts across sessions of the room name. */
  seq: number;
  room: RoomSnapshot;
  book: RoomBook;
}

/** The state of every room, by room name. Plain JSON. */
export interface RoomsState {
  rooms: Record<string, RoomRecord>;
}

/** A change of one room, numbered by the room's seq (the stream's `id:`). */
export interface RoomChangeEntry {
  room: string;
  seq: number;
  change: RoomChange;
}

/** What {@link applyEvent} and {@link expire} return. */
export interface RoomStateResult {
  state: RoomsState;
  changes: RoomChangeEntry[];
}

/** Options of {@link expire}. */
export interface ExpireOptions {
  /** Finish an active room that has had no event for this long, participants or not. Default 1 hour. */
  maxIdleMs?: number;
  /** Forget event ids received longer ago than this (duplicates later than that are not caught). Default 24 h. */
  seenTtlMs?: number;
}

/** How {@link applyEvent} and {@link expire} treat the state they are given. */
export interface UpdateOptions {
  /**
   * Update the given state in place and return it, instead of returning a new one and leaving the given one
   * untouched. For an owner that only ever keeps the newest state: each event then costs O(1) in the room's
   * history rather than a copy of it.
   */
  inPlace?: boolean;
}

/** A state with no rooms. */
export function initialRoomsState(): RoomsState {
  return { rooms: {} };
}

function roomNameOf(e: WebhookEventFields): string {
  return e.room?.name || e.egressInfo?.roomName || e.ingressInfo?.roomName || e.job?.room?.name || '';
}

function newBook(receivedAt: number, seen: Record<string, number>): RoomBook {
  return {
    seen,
    leftSids: {},
    unpublishedTracks: {},
    aliveAt: {},
    versions: {},
    stamps: {},
    firstSeenAt: receivedAt,
    lastEventAt: receivedAt,
    emptySince: 0,
    hadParticipants: false,
  };
}

/** A room being changed: copies of its record's parts, and the changes emitted so far. */
class RoomWork {
  seq: number;
  room: RoomSnapshot;
  book: RoomBook;
  started: boolean;

  constructor(
    readonly name: string,
    record: RoomRecord | undefined,
    receivedAt: number,
    readonly changes: RoomChangeEntry[],
    inPlace = false,
  ) {
    this.seq = record?.seq ?? 0;
    this.room = record?.room ?? emptyRoomSnapshot(name);
    this.started = record !== undefined;
    const b = record?.book ?? newBook(receivedAt, {});
    // Copying the book keeps the caller's state untouched; its maps grow with the room's history, so an owner
    // that keeps only the newest state (the hub) skips the copies to keep each event O(1) in that history.
    this.book = inPlace
      ? b
      : {
          ...b,
          seen: { ...b.seen },
          leftSids: { ...b.leftSids },
          unpublishedTracks: { ...b.unpublishedTracks },
          aliveAt: { ...b.aliveAt },
          versions: { ...b.versions },
          stamps: { ...b.stamps },
        };
  }

  emit(change: RoomChange): void {
    this.room = applyRoomChange(this.room, change);
    this.seq += 1;
    this.changes.push({ room: this.name, seq: this.seq, change });
  }

  record(): RoomRecord {
    return { seq: this.seq, room: this.room, book: this.book };
  }

  /** True (and the stamp recorded) when a value stamped `stamp` is not older than the last applied one. */
  fresh(key: string, stamp: number): boolean {
    const last = this.book.stamps[key];
    if (last !== undefined && stamp < last) return false;
    this.book.stamps[key] = stamp;
    return true;
  }

  start(info: RoomInfoSnapshot, receivedAt: number): void {
    const seen = this.book.seen;
    this.book = newBook(receivedAt, seen);
    this.started = true;
    this.emit({ type: 'RoomStarted', room: info });
  }

  finish(at: number, reason: string): void {
    if (this.room.status === 'finished') return;
    this.emit({ type: 'RoomFinished', finishedAt: at, reason });
    // The session's participants and tracks are gone; their tombstones are no longer needed, because late
    // events of this session are recognised by the room's sid and time.
    this.book.leftSids = {};
    this.book.unpublishedTracks = {};
    this.book.aliveAt = {};
    this.book.versions = {};
    this.book.stamps = Object.fromEntries(
      Object.entries(this.book.stamps).filter(
        ([key]) => key.startsWith('e:') || key.startsWith('i:') || key === 'r:metadata',
      ),
    );
  }

  updateRoomInfo(next: RoomInfoSnapshot): void {
    const current = roomInfoOf(this.room);
    if (
      current.sid !== next.sid ||
      current.emptyTimeout !== next.emptyTimeout ||
      current.departureTimeout !== next.departureTimeout ||
      current.createdAt !== next.createdAt
    ) {
      this.emit({ type: 'RoomUpdated', room: next });
    }
  }

  setRoomMetadata(metadata: string, stamp: number): void {
    if (!this.fresh('r:metadata', stamp) || metadata === this.room.metadata) return;
    this.emit({ type: 'RoomMetadataChanged', metadata, previousMetadata: this.room.metadata });
  }

  // ---- participants ----

  /** Records that participant `sid` was alive at `at`; returns the earliest such time. */
  alive(sid: string, at: number): number {
    const known = this.book.aliveAt[sid];
    const earliest = known === undefined || at < known ? at : known;
    if (sid !== '') this.book.aliveAt[sid] = earliest;
    return earliest;
  }

  /** The earliest time the participant held for `identity` is known alive. */
  aliveSince(p: ParticipantInfoSnapshot): number {
    const seen = this.book.aliveAt[p.sid] ?? Number.POSITIVE_INFINITY;
    return Math.min(p.joinedAt || Number.POSITIVE_INFINITY, seen);
  }

  removeParticipant(p: ParticipantInfoSnapshot, reason: string, at: number): void {
    if (p.sid !== '') this.book.leftSids[p.sid] = at;
    this.emit({ type: 'ParticipantDisconnected', identity: p.identity, sid: p.sid, reason });
  }

  /**
   * The identity of the participant an event's `{sid, identity}` names, created from the stub if not known
   * yet; undefined when the event is about a participant that left or an older session of its identity.
   */
  ensureParticipant(sid: string, identity: string, at: number): string | undefined {
    if (identity === '') {
      return Object.values(this.room.participants).find((p) => sid !== '' && p.sid === sid)?.identity;
    }
    if (sid !== '' && this.book.leftSids[sid] !== undefined) return undefined;
    const current = this.room.participants[identity];
    if (current !== undefined) {
      if (sid === '' || current.sid === sid) {
        this.alive(current.sid, at);
        return identity;
      }
      if (at < this.aliveSince(current)) return undefined; // a late event of an older session
      // A newer session of the same identity: LiveKit has already replaced the old one.
      this.removeParticipant(current, 'DUPLICATE_IDENTITY', at);
    }
    this.alive(sid, at);
    this.emit({
      type: 'ParticipantConnected',
      participant: { ...placeholderParticipant(sid, identity), tracks: {} },
    });
    return identity;
  }

  /** Applies a full `ParticipantInfo` (participant events carry it), unless an equal or newer version is known. */
  upsertParticipant(p: ParticipantInfo, at: number): void {
    const sid = p.sid ?? '';
    const identity = p.identity ?? '';
    if (identity === '' || (sid !== '' && this.book.leftSids[sid] !== undefined)) return;
    const version = p.version ?? 0;
    const current = this.room.participants[identity];
    if (current !== undefined && current.sid !== '' && sid !== '' && current.sid !== sid) {
      const joinedAt = msOf(p.joinedAtMs) || secondsToMs(p.joinedAt) || at;
      if (joinedAt < this.aliveSince(current)) return; // an older session
      this.removeParticipant(current, 'DUPLICATE_IDENTITY', at);
    }
    this.alive(sid, msOf(p.joinedAtMs) || secondsToMs(p.joinedAt) || at);
    const now = this.room.participants[identity];
    if (now === undefined) {
      this.book.versions[sid] = version;
      this.emit({
        type: 'ParticipantConnected',
        participant: { ...participantInfoFrom(p, undefined), tracks: {} },
      });
      return;
    }
    if (version < (this.book.versions[sid] ?? 0)) return;
    this.book.versions[sid] = version;
    const prev = participantInfoOf(now);
    const next = participantInfoFrom(p, prev);
    if (prev.metadata !== next.metadata) {
      this.emit({
        type: 'ParticipantMetadataChanged',
        identity,
        metadata: next.metadata,
        previousMetadata: prev.metadata,
      });
    }
    const changed = changedAttributes(prev.attributes, next.attributes);
    if (changed !== undefined) {
      this.emit({
        type: 'ParticipantAttributesChanged',
        identity,
        attributes: next.attributes,
        changedAttributes: changed,
      });
    }
    if (!sameValue(prev.permission, next.permission)) {
      this.emit({
        type: 'ParticipantPermissionsChanged',
        identity,
        permission: next.permission,
        previousPermission: prev.permission,
      });
    }
    if (
      prev.sid !== next.sid ||
      prev.name !== next.name ||
      prev.state !== next.state ||
      prev.kind !== next.kind ||
      prev.joinedAt !== next.joinedAt
    ) {
      this.emit({ type: 'ParticipantUpdated', participant: next });
    }
  }

  leave(p: ParticipantInfo, at: number): void {
    const sid = p.sid ?? '';
    const identity = p.identity ?? '';
    if (sid !== '') this.book.leftSids[sid] = at;
    const current = this.room.participants[identity];
    if (current === undefined) return; // left without a join we saw: the tombstone is all there is to do
    const reason = enumName(p.disconnectReason, '');
    if (current.sid === sid || current.sid === '' || sid === '') {
      this.removeParticipant(current, reason, at);
      return;
    }
    // The left session is not the one we hold. If it was alive after ours, ours is over too (sessions of an
    // identity never overlap).
    const joinedAt = msOf(p.joinedAtMs) || secondsToMs(p.joinedAt) || at;
    if (joinedAt > this.aliveSince(current)) this.removeParticipant(current, reason, at);
  }

  setConnectionQuality(identity: string, quality: ConnectionQualityState, at: number): void {
    const p = this.room.participants[identity];
    if (p === undefined || !this.fresh(`p:${p.sid}:cq`, at) || p.connectionQuality === quality) return;
    this.emit({ type: 'ConnectionQualityChanged', identity, quality });
  }

  setSpeakers(speakers: readonly SpeakerLevel[]): void {
    const speaking = new Set(speakers.map((s) => s.identity));
    for (const p of Object.values(this.room.participants)) {
      const isSpeaking = speaking.has(p.identity);
      if (p.isSpeaking !== isSpeaking)
        this.emit({ type: 'IsSpeakingChanged', identity: p.identity, isSpeaking });
    }
    const list = speakers.map((s) => s.identity);
    if (!sameValue(list, this.room.activeSpeakers))
      this.emit({ type: 'ActiveSpeakersChanged', speakers: [...speakers] });
  }

  // ---- tracks ----

  /** The sid of the event's track on `identity`, published from the event's `TrackInfo` if not known yet. */
  ensureTrack(identity: string, t: TrackInfo, at: number): string | undefined {
    const sid = t.sid ?? '';
    if (sid === '' || this.book.unpublishedTracks[sid] !== undefined) return undefined;
    const p = this.room.participants[identity];
    if (p === undefined) return undefined;
    if (p.tracks[sid] === undefined) {
      this.book.stamps[`t:${sid}:muted`] = at;
      this.emit({ type: 'TrackPublished', identity, track: trackFrom(t) });
    }
    return sid;
  }

  setMuted(identity: string, trackSid: string, muted: boolean, at: number): void {
    const track = this.room.participants[identity]?.tracks[trackSid];
    if (track === undefined || !this.fresh(`t:${trackSid}:muted`, at) || track.muted === muted) return;
    this.emit({ type: muted ? 'TrackMuted' : 'TrackUnmuted', identity, trackSid });
  }

  unpublish(identity: string, trackSid: string, at: number): void {
    this.book.unpublishedTracks[trackSid] = at;
    if (this.room.participants[identity]?.tracks[trackSid] !== undefined) {
      this.emit({ type: 'TrackUnpublished', identity, trackSid });
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keys whose value changed, with the new value ('' for a deleted key); undefined when nothing changed. */
function changedAttributes(
  prev: Record<string, string>,
  next: Record<string, string>,
): Record<string, string> | undefined {
  const changed: Record<string, string> = {};
  let any = false;
  for (const [k, v] of Object.entries(next)) {
    if (prev[k] !== v) {
      changed[k] = v;
      any = true;
    }
  }
  for (const k of Object.keys(prev)) {
    if (!(k in next)) {
      changed[k] = '';
      any = true;
    }
  }
  return any ? changed : undefined;
}

const EGRESS_OR_INGRESS: ReadonlySet<string> = new Set([
  'egress_started',
  'egress_updated',
  'egress_ended',
  'ingress_started',
  'ingress_ended',
]);

/**
 * Applies one webhook event (classic LiveKit or roomhooks extension) received at `receivedAt` (Unix ms) and
 * returns the new state and the changes it caused, each numbered by its room's seq. Pure: `state` is not
 * modified. An event already applied (same `id`), or one that no longer matters (a late event of a finished
 * room or of a participant that left), returns the same state and no changes.
 *
 * @example
 * ```ts
 * let state = initialRoomsState();
 * ({ state } = applyEvent(state, sampleWebhookEvent('participant_joined'), Date.now()));
 * Object.keys(state.rooms['demo-room']!.room.participants); // ['alice']
 * ```
 */
export function applyEvent(
  state: RoomsState,
  event: LooseWebhookEvent,
  receivedAt: number,
  options: UpdateOptions = {},
): RoomStateResult {
  const name = roomNameOf(event);
  const kind = event.event ?? '';
  if (name === '' || kind.startsWith('agent_job_')) return { state, changes: [] };
  const record = state.rooms[name];
  const id = event.id ?? '';
  if (id !== '' && record?.book.seen[id] !== undefined) return { state, changes: [] };

  const changes: RoomChangeEntry[] = [];
  const inPlace = options.inPlace === true;
  const w = new RoomWork(name, record, receivedAt, changes, inPlace);
  const withRecord = (state: RoomsState, name: string, w: RoomWork): RoomsState => {
    if (!inPlace) return { ...state, rooms: { ...state.rooms, [name]: w.record() } };
    state.rooms[name] = w.record();
    return state;
  };
  if (id !== '') w.book.seen[id] = receivedAt;
  const at = secondsToMs(event.createdAt) || receivedAt;
  const lane = EGRESS_OR_INGRESS.has(kind) ? 'resource' : 'room';
  const eventSid =
    event.room?.sid ||
    (lane === 'resource' ? event.egressInfo?.roomId || event.ingressInfo?.state?.roomId : '') ||
    '';
  const info = (): RoomInfoSnapshot =>
    roomInfoFrom(
      {
        ...roomInfoOf(emptyRoomSnapshot(name)),
        sid: eventSid,
        metadata: kind === 'room_started' ? (event.room?.metadata ?? '') : '',
      },
      event.room,
    );

  if (!w.started) {
    w.start(info(), receivedAt);
    if (kind === 'room_started') w.book.stamps['r:metadata'] = at;
  } else {
    const room = w.room;
    const otherSession = eventSid !== '' && room.sid !== '' && eventSid !== room.sid;
    if (room.status === 'finished') {
      if (lane === 'resource' || (kind === 'room_metadata_changed' && !otherSession)) {
        // A late egress, ingress or metadata update of the finished session still applies.
        if (otherSession) return { state: withRecord(state, name, w), changes };
      } else if (kind !== 'room_finished' && (otherSession || (eventSid === '' && at > room.finishedAt))) {
        w.start(info(), receivedAt); // a new session of the same room name
        if (kind === 'room_started') w.book.stamps['r:metadata'] = at;
      } else {
        return { state: withRecord(state, name, w), changes }; // a late event of the finished session
      }
    } else if (otherSession) {
      if (lane === 'resource') return { state: withRecord(state, name, w), changes };
      const created = msOf(event.room?.creationTimeMs) || secondsToMs(event.room?.creationTime) || at;
      if (created < room.createdAt) return { state: withRecord(state, name, w), changes }; // an older session
      // The room was replaced and its room_finished never came.
      w.finish(at, 'ROOM_END_SUPERSEDED');
      w.start(info(), receivedAt);
      if (kind === 'room_started') w.book.stamps['r:metadata'] = at;
    } else if (lane === 'room') {
      w.updateRoomInfo(roomInfoFrom(roomInfoOf(room), event.room));
    }
  }

  const before = Object.keys(w.room.participants).length;
  applyToRoom(w, event, kind, at);
  if (w.room.status === 'active') {
    const after = Object.keys(w.room.participants).length;
    if (after > 0) {
      w.book.hadParticipants = true;
      w.book.emptySince = 0;
    } else if (before > 0) {
      w.book.emptySince = receivedAt;
    }
  }
  w.book.lastEventAt = Math.max(w.book.lastEventAt, receivedAt);
  return { state: withRecord(state, name, w), changes };
}

function applyToRoom(w: RoomWork, e: LooseWebhookEvent, kind: string, at: number): void {
  const active = w.room.status === 'active';
  const stub = e.participant;
  const participant = (): string | undefined =>
    active && stub !== undefined ? w.ensureParticipant(stub.sid ?? '', stub.identity ?? '', at) : undefined;
  const track = (identity: string | undefined): string | undefined =>
    identity === undefined || e.track === undefined ? undefined : w.ensureTrack(identity, e.track, at);

  switch (kind) {
    case 'room_started':
      w.setRoomMetadata(e.room?.metadata ?? '', at);
      return;
    case 'room_metadata_changed':
      w.setRoomMetadata(e.room?.metadata ?? '', at);
      return;
    case 'room_finished':
      w.finish(at, enumName(e.roomEndReason, 'ROOM_END_UNKNOWN'));
      return;
    case 'participant_joined':
    case 'participant_metadata_changed':
    case 'participant_attributes_changed':
    case 'participant_permissions_changed':
      if (active && e.participant !== undefined) w.upsertParticipant(e.participant, at);
      return;
    case 'participant_left':
    case 'participant_connection_aborted':
      if (active && e.participant !== undefined) w.leave(e.participant, at);
      return;
    case 'track_published':
    case 'track_muted':
    case 'track_unmuted': {
      const identity = participant();
      const sid = track(identity);
      if (identity === undefined || sid === undefined) return;
      const muted =
        kind === 'track_muted' ? true : kind === 'track_unmuted' ? false : (e.track?.muted ?? false);
      w.setMuted(identity, sid, muted, at);
      return;
    }
    case 'track_unpublished': {
      const identity = participant();
      const sid = e.track?.sid ?? '';
      if (identity !== undefined && sid !== '') w.unpublish(identity, sid, at);
      return;
    }
    case 'track_stream_state_changed': {
      const identity = participant();
      const sid = track(identity);
      if (identity === undefined || sid === undefined || !w.fresh(`t:${sid}:stream`, at)) return;
      const streamState = e.streamState === 'PAUSED' || e.streamState === 1 ? 'PAUSED' : 'ACTIVE';
      if (w.room.participants[identity]?.tracks[sid]?.streamState !== streamState) {
        w.emit({ type: 'TrackStreamStateChanged', identity, trackSid: sid, streamState });
      }
      return;
    }
    case 'track_subscription_permission_changed': {
      const identity = participant();
      const sid = track(identity);
      if (identity === undefined || sid === undefined || !w.fresh(`t:${sid}:sub`, at)) return;
      const allowed = e.subscriptionAllowed ?? false;
      if (w.room.participants[identity]?.tracks[sid]?.subscriptionAllowed !== allowed) {
        w.emit({ type: 'TrackSubscriptionPermissionChanged', identity, trackSid: sid, allowed });
      }
      return;
    }
    case 'connection_quality_changed': {
      const identity = participant();
      if (identity === undefined) return;
      const quality = enumName(e.connectionQuality, 'POOR');
      const known = quality === 'EXCELLENT' || quality === 'GOOD' || quality === 'POOR' || quality === 'LOST';
      w.setConnectionQuality(identity, known ? quality : 'UNKNOWN', at);
      return;
    }
    case 'active_speakers_changed': {
      if (!active || !w.fresh('r:speakers', at)) return;
      const speakers: SpeakerLevel[] = [];
      for (const s of e.speakers ?? []) {
        const identity = w.ensureParticipant(s.sid ?? '', s.identity ?? '', at);
        if (identity !== undefined) speakers.push({ identity, level: s.level ?? 0 });
      }
      w.setSpeakers(speakers);
      return;
    }
    case 'data_received': {
      if (!active) return;
      const identity = participant() ?? '';
      const kindName = e.data?.kind === 'LOSSY' || e.data?.kind === 1 ? 'LOSSY' : 'RELIABLE';
      w.emit({
        type: 'DataReceived',
        identity,
        payload: e.data?.payload ?? '',
        topic: e.data?.topic ?? '',
        kind: kindName,
      });
      return;
    }
    case 'egress_started':
    case 'egress_updated':
    case 'egress_ended': {
      const infoE = e.egressInfo;
      const id = infoE?.egressId ?? '';
      if (infoE === undefined || id === '') return;
      const next = egressFrom(infoE);
      const prev = w.room.egresses[id];
      if (prev !== undefined && isTerminalEgress(prev.status) && !isTerminalEgress(next.status)) return;
      if (!w.fresh(`e:${id}`, egressStamp(infoE) || at)) return;
      if (!sameValue(prev, next)) w.emit({ type: 'EgressUpdated', egress: next });
      return;
    }
    case 'ingress_started':
    case 'ingress_ended': {
      const infoI = e.ingressInfo;
      const id = infoI?.ingressId ?? '';
      if (infoI === undefined || id === '') return;
      if (!w.fresh(`i:${id}`, ingressStamp(infoI) || at)) return;
      const next = ingressFrom(infoI);
      if (!sameValue(w.room.ingresses[id], next)) w.emit({ type: 'IngressUpdated', ingress: next });
      return;
    }
    default:
      return; // a name this reducer does not know: nothing to derive
  }
}

/**
 * Finishes the rooms whose `room_finished` never came, as LiveKit would have closed them: an empty room that
 * had participants `departureTimeout` seconds after the last one left, one that never had any `emptyTimeout`
 * seconds after it was first seen, and any room idle (no event) for `maxIdleMs`. `RoomFinished` says
 * `reason: 'EXPIRED'` and `finishedAt` is the deadline. Also forgets event ids older than `seenTtlMs`. Call
 * it periodically with the receive clock.
 *
 * @example
 * ```ts
 * ({ state, changes } = expire(state, Date.now()));
 * ```
 */
export function expire(
  state: RoomsState,
  now: number,
  options: ExpireOptions & UpdateOptions = {},
): RoomStateResult {
  const maxIdleMs = options.maxIdleMs ?? 3_600_000;
  const seenTtlMs = options.seenTtlMs ?? 86_400_000;
  const changes: RoomChangeEntry[] = [];
  let rooms: Record<string, RoomRecord> | undefined;
  for (const [name, record] of Object.entries(state.rooms)) {
    const { room, book } = record;
    const staleIds = Object.entries(book.seen).filter(([, t]) => t < now - seenTtlMs);
    let deadline = Number.POSITIVE_INFINITY;
    if (room.status === 'active') {
      if (Object.keys(room.participants).length === 0) {
        deadline = book.hadParticipants
          ? book.emptySince + room.departureTimeout * 1000
          : book.firstSeenAt + room.emptyTimeout * 1000;
      }
      deadline = Math.min(deadline, book.lastEventAt + maxIdleMs);
    }
    if (now < deadline && staleIds.length === 0) continue;
    const w = new RoomWork(name, record, now, changes, options.inPlace === true);
    if (staleIds.length > 0) {
      const stale = new Set(staleIds.map(([id]) => id));
      w.book.seen = Object.fromEntries(Object.entries(w.book.seen).filter(([id]) => !stale.has(id)));
    }
    if (now >= deadline) w.finish(deadline, 'EXPIRED');
    rooms ??= options.inPlace === true ? state.rooms : { ...state.rooms };
    rooms[name] = w.record();
  }
  return { state: rooms === undefined ? state : { ...state, rooms }, changes };
}

/**
 * Rebuilds the state by applying events in order (e.g. from the store after a restart).
 *
 * @example
 * ```ts
 * const { state } = replayEvents(storedEvents.map((e) => ({ event: e, receivedAt: e.receivedAt })));
 * ```
 */
export function replayEvents(
  events: Iterable<{ event: LooseWebhookEvent; receivedAt: number }>,
  initial: RoomsState = initialRoomsState(),
): RoomStateResult {
  let state = initial;
  const changes: RoomChangeEntry[] = [];
  for (const { event, receivedAt } of events) {
    const result = applyEvent(state, event, receivedAt);
    state = result.state;
    changes.push(...result.changes);
  }
  return { state, changes };
}
