import type {
  ParticipantInfoSnapshot,
  ParticipantSnapshot,
  RoomChange,
  RoomInfoSnapshot,
  RoomSnapshot,
  TrackSnapshot,
} from './protocol.js';

/**
 * A room nobody has told us anything about yet: active, no participants, LiveKit's default timeouts.
 *
 * @example
 * ```ts
 * emptyRoomSnapshot('demo-room').participants; // {}
 * ```
 */
export function emptyRoomSnapshot(name: string): RoomSnapshot {
  return {
    name,
    sid: '',
    metadata: '',
    emptyTimeout: 300,
    departureTimeout: 20,
    createdAt: 0,
    status: 'active',
    finishedAt: 0,
    participants: {},
    activeSpeakers: [],
    egresses: {},
    ingresses: {},
  };
}

/**
 * The room's own fields of a snapshot (what `RoomStarted` and `RoomUpdated` carry).
 *
 * @example
 * ```ts
 * roomInfoOf(snapshot).sid; // 'RM_…'
 * ```
 */
export function roomInfoOf(room: RoomSnapshot): RoomInfoSnapshot {
  const { name, sid, metadata, emptyTimeout, departureTimeout, createdAt } = room;
  return { name, sid, metadata, emptyTimeout, departureTimeout, createdAt };
}

/**
 * A participant's own fields, without tracks (what `ParticipantUpdated` carries).
 *
 * @example
 * ```ts
 * participantInfoOf(snapshot.participants['alice']!).metadata;
 * ```
 */
export function participantInfoOf(participant: ParticipantSnapshot): ParticipantInfoSnapshot {
  const { tracks: _tracks, ...info } = participant;
  return info;
}

function withParticipant(
  room: RoomSnapshot,
  identity: string,
  update: (p: ParticipantSnapshot) => ParticipantSnapshot,
): RoomSnapshot {
  const current = room.participants[identity];
  if (current === undefined) return room;
  return { ...room, participants: { ...room.participants, [identity]: update(current) } };
}

function withTrack(
  room: RoomSnapshot,
  identity: string,
  trackSid: string,
  update: (t: TrackSnapshot) => TrackSnapshot,
): RoomSnapshot {
  return withParticipant(room, identity, (p) => {
    const track = p.tracks[trackSid];
    return track === undefined ? p : { ...p, tracks: { ...p.tracks, [trackSid]: update(track) } };
  });
}

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/**
 * Applies one change to a snapshot and returns the new snapshot; the input is never modified, and parts that
 * did not change are shared, so `old !== new` tells a UI something changed. A change about a participant or
 * track the snapshot does not have is ignored. The server's reducer builds its state with this same function,
 * so a client that applies every change in order holds exactly the server's state.
 *
 * @example
 * ```ts
 * let room = emptyRoomSnapshot('demo');
 * room = applyRoomChange(room, { type: 'RoomMetadataChanged', metadata: 'hi', previousMetadata: '' });
 * room.metadata; // 'hi'
 * ```
 */
export function applyRoomChange(room: RoomSnapshot, change: RoomChange): RoomSnapshot {
  switch (change.type) {
    case 'RoomStarted':
      return { ...emptyRoomSnapshot(change.room.name), ...change.room };
    case 'RoomUpdated':
      return { ...room, ...change.room };
    case 'RoomMetadataChanged':
      return { ...room, metadata: change.metadata };
    case 'RoomFinished':
      return {
        ...room,
        status: 'finished',
        finishedAt: change.finishedAt,
        participants: {},
        activeSpeakers: [],
      };
    case 'ParticipantConnected':
      return {
        ...room,
        participants: { ...room.participants, [change.participant.identity]: change.participant },
      };
    case 'ParticipantUpdated':
      return withParticipant(room, change.participant.identity, (p) => ({ ...p, ...change.participant }));
    case 'ParticipantDisconnected':
      if (room.participants[change.identity] === undefined) return room;
      return {
        ...room,
        participants: without(room.participants, change.identity),
        activeSpeakers: room.activeSpeakers.filter((identity) => identity !== change.identity),
      };
    case 'ParticipantMetadataChanged':
      return withParticipant(room, change.identity, (p) => ({ ...p, metadata: change.metadata }));
    case 'ParticipantAttributesChanged':
      return withParticipant(room, change.identity, (p) => ({ ...p, attributes: { ...change.attributes } }));
    case 'ParticipantPermissionsChanged':
      return withParticipant(room, change.identity, (p) => ({ ...p, permission: change.permission }));
    case 'ConnectionQualityChanged':
      return withParticipant(room, change.identity, (p) => ({ ...p, connectionQuality: change.quality }));
    case 'ActiveSpeakersChanged': {
      const speaking = new Set(change.speakers.map((s) => s.identity));
      let participants = room.participants;
      for (const [identity, p] of Object.entries(room.participants)) {
        const isSpeaking = speaking.has(identity);
        if (p.isSpeaking !== isSpeaking) {
          if (participants === room.participants) participants = { ...participants };
          participants[identity] = { ...p, isSpeaking };
        }
      }
      return {
        ...room,
        participants,
        activeSpeakers: change.speakers
          .map((s) => s.identity)
          .filter((id) => room.participants[id] !== undefined),
      };
    }
    case 'IsSpeakingChanged':
      return withParticipant(room, change.identity, (p) => ({ ...p, isSpeaking: change.isSpeaking }));
    case 'TrackPublished':
      return withParticipant(room, change.identity, (p) => ({
        ...p,
        tracks: { ...p.tracks, [change.track.sid]: change.track },
      }));
    case 'TrackUnpublished':
      return withParticipant(room, change.identity, (p) =>
        p.tracks[change.trackSid] === undefined ? p : { ...p, tracks: without(p.tracks, change.trackSid) },
      );
    case 'TrackMuted':
    case 'TrackUnmuted': {
      const muted = change.type === 'TrackMuted';
      return withTrack(room, change.identity, change.trackSid, (t) => ({ ...t, muted }));
    }
    case 'TrackStreamStateChanged':
      return withTrack(room, change.identity, change.trackSid, (t) => ({
        ...t,
        streamState: change.streamState,
      }));
    case 'TrackSubscriptionPermissionChanged':
      return withTrack(room, change.identity, change.trackSid, (t) => ({
        ...t,
        subscriptionAllowed: change.allowed,
      }));
    case 'DataReceived':
      return room;
    case 'EgressUpdated':
      return { ...room, egresses: { ...room.egresses, [change.egress.egressId]: change.egress } };
    case 'IngressUpdated':
      return { ...room, ingresses: { ...room.ingresses, [change.ingress.ingressId]: change.ingress } };
  }
}

/** Deep equality of JSON values, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  const ao = a as Record<string, unknown>;
  return ak.every((k) => Object.hasOwn(bo, k) && sameJson(ao[k], bo[k]));
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => b[k] === a[k]);
}

/**
 * The changes that turn snapshot `from` into snapshot `to`, named as the events a listener would have seen
 * (used when a `reset` replaces the state). Folding them over `from` with {@link applyRoomChange} gives a
 * snapshot equal to `to`. `DataReceived` is never produced: data is not state.
 *
 * @example
 * ```ts
 * diffRoomSnapshots(before, after); // [{ type: 'ParticipantConnected', … }, { type: 'TrackMuted', … }]
 * ```
 */
export function diffRoomSnapshots(from: RoomSnapshot, to: RoomSnapshot): RoomChange[] {
  const changes: RoomChange[] = [];
  if (from.sid !== '' && to.sid !== '' && from.sid !== to.sid) {
    // A new session of the same room name: everything of the old one is gone.
    if (from.status === 'active')
      changes.push({ type: 'RoomFinished', finishedAt: to.createdAt, reason: '' });
    changes.push({ type: 'RoomStarted', room: roomInfoOf(to) });
    from = applyRoomChange(from, changes[changes.length - 1]!);
  }
  const fromInfo = roomInfoOf(from);
  const toInfo = roomInfoOf(to);
  if (from.metadata !== to.metadata) {
    changes.push({ type: 'RoomMetadataChanged', metadata: to.metadata, previousMetadata: from.metadata });
    fromInfo.metadata = to.metadata;
  }
  if (!sameJson(fromInfo, toInfo)) changes.push({ type: 'RoomUpdated', room: toInfo });
  for (const [identity, p] of Object.entries(from.participants)) {
    const next = to.participants[identity];
    if (next === undefined || next.sid !== p.sid) {
      changes.push({ type: 'ParticipantDisconnected', identity, sid: p.sid, reason: '' });
    }
  }
  for (const [identity, next] of Object.entries(to.participants)) {
    const prev = from.participants[identity];
    if (prev === undefined || prev.sid !== next.sid) {
      changes.push({ type: 'ParticipantConnected', participant: next });
      continue;
    }
    changes.push(...diffParticipant(prev, next));
  }
  for (const [id, egress] of Object.entries(to.egresses)) {
    if (!sameJson(from.egresses[id], egress)) changes.push({ type: 'EgressUpdated', egress });
  }
  for (const [id, ingress] of Object.entries(to.ingresses)) {
    if (!sameJson(from.ingresses[id], ingress)) changes.push({ type: 'IngressUpdated', ingress });
  }
  if (!sameJson(from.activeSpeakers, to.activeSpeakers)) {
    changes.push({
      type: 'ActiveSpeakersChanged',
      speakers: to.activeSpeakers.map((identity) => ({ identity, level: 0 })),
    });
  }
  // isSpeaking last: ActiveSpeakersChanged sets it from the speakers list, which a snapshot may not mirror.
  const folded = changes.reduce(applyRoomChange, from);
  for (const [identity, next] of Object.entries(to.participants)) {
    const current = folded.participants[identity];
    if (current !== undefined && current.isSpeaking !== next.isSpeaking) {
      changes.push({ type: 'IsSpeakingChanged', identity, isSpeaking: next.isSpeaking });
    }
  }
  if (to.status === 'finished' && from.status === 'active') {
    changes.push({ type: 'RoomFinished', finishedAt: to.finishedAt, reason: '' });
  }
  return changes;
}

function diffParticipant(prev: ParticipantSnapshot, next: ParticipantSnapshot): RoomChange[] {
  const changes: RoomChange[] = [];
  const identity = next.identity;
  if (prev.metadata !== next.metadata) {
    changes.push({
      type: 'ParticipantMetadataChanged',
      identity,
      metadata: next.metadata,
      previousMetadata: prev.metadata,
    });
  }
  if (!sameRecord(prev.attributes, next.attributes)) {
    const changed: Record<string, string> = {};
    for (const [k, v] of Object.entries(next.attributes)) if (prev.attributes[k] !== v) changed[k] = v;
    for (const k of Object.keys(prev.attributes)) if (!(k in next.attributes)) changed[k] = '';
    changes.push({
      type: 'ParticipantAttributesChanged',
      identity,
      attributes: next.attributes,
      changedAttributes: changed,
    });
  }
  if (!sameJson(prev.permission, next.permission)) {
    changes.push({
      type: 'ParticipantPermissionsChanged',
      identity,
      permission: next.permission,
      previousPermission: prev.permission,
    });
  }
  if (prev.connectionQuality !== next.connectionQuality) {
    changes.push({ type: 'ConnectionQualityChanged', identity, quality: next.connectionQuality });
  }
  // isSpeaking is diffed at room level (after activeSpeakers); other own fields go in one ParticipantUpdated.
  const a = { ...participantInfoOf(prev), metadata: '', attributes: {}, permission: null, isSpeaking: false };
  const b = { ...participantInfoOf(next), metadata: '', attributes: {}, permission: null, isSpeaking: false };
  a.connectionQuality = b.connectionQuality;
  if (!sameJson(a, b)) changes.push({ type: 'ParticipantUpdated', participant: participantInfoOf(next) });
  for (const [sid, track] of Object.entries(prev.tracks)) {
    if (next.tracks[sid] === undefined) changes.push({ type: 'TrackUnpublished', identity, trackSid: sid });
    else changes.push(...diffTrack(identity, track, next.tracks[sid]));
  }
  for (const [sid, track] of Object.entries(next.tracks)) {
    if (prev.tracks[sid] === undefined) changes.push({ type: 'TrackPublished', identity, track });
  }
  return changes;
}

function diffTrack(identity: string, prev: TrackSnapshot, next: TrackSnapshot): RoomChange[] {
  const changes: RoomChange[] = [];
  const trackSid = next.sid;
  if (prev.muted !== next.muted)
    changes.push({ type: next.muted ? 'TrackMuted' : 'TrackUnmuted', identity, trackSid });
  if (prev.streamState !== next.streamState) {
    changes.push({ type: 'TrackStreamStateChanged', identity, trackSid, streamState: next.streamState });
  }
  if (prev.subscriptionAllowed !== next.subscriptionAllowed) {
    changes.push({
      type: 'TrackSubscriptionPermissionChanged',
      identity,
      trackSid,
      allowed: next.subscriptionAllowed,
    });
  }
  const rest = (t: TrackSnapshot) => ({ ...t, muted: false, streamState: '', subscriptionAllowed: false });
  if (!sameJson(rest(prev), rest(next))) {
    // No change event for other track fields (dimensions, …): republish with the new fields.
    changes.push(
      { type: 'TrackUnpublished', identity, trackSid },
      { type: 'TrackPublished', identity, track: next },
    );
  }
  return changes;
}
