// A small seeded generator of realistic room sessions for the room-state tests: it keeps the truth of the
// room (who is in, their tracks, metadata, …) and emits the webhook events a LiveKit server plus a roomhooks
// publisher would send for it, in order, one second apart. Deliberately independent of src/simulate.
import type { ParticipantInfo, ParticipantPermission, TrackInfo, WebhookEvent } from '@roomhooks/sdk';

/** One generated event and how it may be reordered. */
export interface SessionEvent {
  event: WebhookEvent;
  /** `room` (room_started/finished), `participant:<identity>` (classic participant and track events), `egress`, `extended`. */
  lane: string;
}

export interface SessionOptions {
  room?: string;
  /** Random steps between room_started and the end. Default 60. */
  steps?: number;
  /** End with everyone leaving, the egress ending and room_finished. Default true. */
  finish?: boolean;
  /** Unix seconds of the first event. Default 1_800_000_000. */
  start?: number;
}

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface LiveParticipant {
  sid: string;
  identity: string;
  version: number;
  joinedAt: number;
  metadata: string;
  attributes: Record<string, string>;
  permission: ParticipantPermission;
  tracks: Map<string, TrackInfo>;
}

const IDENTITIES = ['alice', 'bob', 'carol', 'dave', 'erin'];

export function generateSession(seed: number, options: SessionOptions = {}): SessionEvent[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const roomName = options.room ?? 'demo-room';
  const roomSid = `RM_${roomName}_${seed}`;
  let t = options.start ?? 1_800_000_000;
  let counter = 0;
  let roomMetadata = '';
  const out: SessionEvent[] = [];
  const present = new Map<string, LiveParticipant>();
  const sessions = new Map<string, number>();

  const fullRoom = () => ({
    sid: roomSid,
    name: roomName,
    emptyTimeout: 300,
    departureTimeout: 20,
    creationTime: String(options.start ?? 1_800_000_000),
    ...(roomMetadata === '' ? {} : { metadata: roomMetadata }),
    numParticipants: present.size,
  });
  const stubRoom = () => ({ sid: roomSid, name: roomName });
  const push = (lane: string, event: Omit<WebhookEvent, 'id' | 'createdAt'>): void => {
    t += 1;
    counter += 1;
    out.push({
      lane,
      event: { ...event, id: `EV_${seed}_${counter}`, createdAt: String(t) } as WebhookEvent,
    });
  };
  const info = (p: LiveParticipant, left = false): ParticipantInfo => ({
    sid: p.sid,
    identity: p.identity,
    state: left ? 'DISCONNECTED' : 'ACTIVE',
    ...(p.metadata === '' ? {} : { metadata: p.metadata }),
    joinedAt: String(p.joinedAt),
    name: p.identity.toUpperCase(),
    version: p.version,
    permission: { ...p.permission },
    attributes: { ...p.attributes },
    ...(left ? { disconnectReason: 'CLIENT_INITIATED' as const } : {}),
  });
  const stub = (p: LiveParticipant): ParticipantInfo => ({ sid: p.sid, identity: p.identity });
  const lane = (p: LiveParticipant): string => `participant:${p.identity}`;

  push('room', { event: 'room_started', room: fullRoom() });

  const egressId = `EG_${seed}`;
  let egress: 'none' | 'started' | 'active' | 'ended' = 'none';
  const egressEvent = (name: 'egress_started' | 'egress_updated' | 'egress_ended'): void => {
    const ns = (s: number): string => `${s}000000000`;
    push('egress', {
      event: name,
      room: stubRoom(),
      egressInfo: {
        egressId,
        roomId: roomSid,
        roomName,
        ...(name === 'egress_updated' ? { status: 'EGRESS_ACTIVE' as const } : {}),
        ...(name === 'egress_ended' ? { status: 'EGRESS_COMPLETE' as const, endedAt: ns(t + 1) } : {}),
        startedAt: ns(options.start ?? 1_800_000_000),
        updatedAt: ns(t + 1),
        ...(name === 'egress_ended'
          ? { fileResults: [{ filename: 'r.mp4', location: `https://files/${egressId}.mp4` }] }
          : {}),
      },
    });
  };

  const leave = (p: LiveParticipant): void => {
    p.version += 1;
    present.delete(p.identity);
    push(lane(p), { event: 'participant_left', room: fullRoom(), participant: info(p, true) });
  };

  const steps = options.steps ?? 60;
  for (let step = 0; step < steps; step++) {
    const r = random();
    const members = [...present.values()];
    const someone = members.length > 0 ? pick(members) : undefined;
    const tracks = someone === undefined ? [] : [...someone.tracks.values()];
    const aTrack = tracks.length > 0 ? pick(tracks) : undefined;
    if (r < 0.18 || someone === undefined) {
      const absent = IDENTITIES.filter((id) => !present.has(id));
      if (absent.length === 0) continue;
      const identity = pick(absent);
      const n = (sessions.get(identity) ?? 0) + 1;
      sessions.set(identity, n);
      const p: LiveParticipant = {
        sid: `PA_${identity}_${seed}_${n}`,
        identity,
        version: 1,
        joinedAt: t + 1,
        metadata: '',
        attributes: {},
        permission: { canSubscribe: true, canPublish: true, canPublishData: true },
        tracks: new Map(),
      };
      present.set(identity, p);
      push(lane(p), { event: 'participant_joined', room: fullRoom(), participant: info(p) });
    } else if (r < 0.26) {
      leave(someone);
    } else if (r < 0.38) {
      const video = random() < 0.5;
      const track: TrackInfo = {
        sid: `TR_${someone.sid}_${someone.tracks.size}_${step}`,
        ...(video ? { type: 'VIDEO' as const, width: 1280, height: 720, simulcast: true } : {}),
        source: video ? 'CAMERA' : 'MICROPHONE',
        mimeType: video ? 'video/VP8' : 'audio/opus',
      };
      someone.tracks.set(track.sid!, track);
      push(lane(someone), { event: 'track_published', room: stubRoom(), participant: stub(someone), track });
    } else if (r < 0.43 && aTrack !== undefined) {
      someone.tracks.delete(aTrack.sid!);
      push(lane(someone), {
        event: 'track_unpublished',
        room: stubRoom(),
        participant: stub(someone),
        track: aTrack,
      });
    } else if (r < 0.53 && aTrack !== undefined) {
      const muted = !(aTrack.muted ?? false);
      if (muted) aTrack.muted = true;
      else delete aTrack.muted;
      push('extended', {
        event: muted ? 'track_muted' : 'track_unmuted',
        room: stubRoom(),
        participant: stub(someone),
        track: { ...aTrack },
      });
    } else if (r < 0.58) {
      someone.version += 1;
      someone.metadata = `{"mood":${step}}`;
      push('extended', {
        event: 'participant_metadata_changed',
        room: fullRoom(),
        participant: info(someone),
      });
    } else if (r < 0.63) {
      someone.version += 1;
      const key = pick(['hand', 'role', 'lang']);
      if (someone.attributes[key] !== undefined && random() < 0.4) {
        someone.attributes = Object.fromEntries(
          Object.entries(someone.attributes).filter(([k]) => k !== key),
        );
      } else someone.attributes[key] = `v${step}`;
      push('extended', {
        event: 'participant_attributes_changed',
        room: fullRoom(),
        participant: info(someone),
      });
    } else if (r < 0.66) {
      someone.version += 1;
      someone.permission = { ...someone.permission, canPublish: !(someone.permission.canPublish ?? false) };
      push('extended', {
        event: 'participant_permissions_changed',
        room: fullRoom(),
        participant: info(someone),
      });
    } else if (r < 0.69) {
      roomMetadata = `{"topic":${step}}`;
      push('extended', { event: 'room_metadata_changed', room: fullRoom() });
    } else if (r < 0.77) {
      const speakers = members
        .filter(() => random() < 0.5)
        .map((p) => ({
          sid: p.sid,
          identity: p.identity,
          level: Math.round(random() * 100) / 100,
          active: true,
        }));
      push('extended', { event: 'active_speakers_changed', room: stubRoom(), speakers });
    } else if (r < 0.83) {
      push('extended', {
        event: 'connection_quality_changed',
        room: stubRoom(),
        participant: stub(someone),
        connectionQuality: pick(['EXCELLENT', 'GOOD', 'POOR', 'LOST'] as const),
      });
    } else if (r < 0.87) {
      push('extended', {
        event: 'data_received',
        room: stubRoom(),
        participant: stub(someone),
        data: { payload: 'aGk=', topic: 'chat' },
      });
    } else if (r < 0.91 && aTrack !== undefined) {
      push('extended', {
        event: 'track_stream_state_changed',
        room: stubRoom(),
        participant: stub(someone),
        track: { ...aTrack },
        streamState: pick(['ACTIVE', 'PAUSED'] as const),
      });
    } else if (r < 0.94 && aTrack !== undefined) {
      push('extended', {
        event: 'track_subscription_permission_changed',
        room: stubRoom(),
        participant: stub(someone),
        track: { ...aTrack },
        subscriptionAllowed: random() < 0.5,
      });
    } else if (egress === 'none') {
      egress = 'started';
      egressEvent('egress_started');
    } else if (egress === 'started') {
      egress = 'active';
      egressEvent('egress_updated');
    } else if (egress === 'active' && random() < 0.5) {
      egress = 'ended';
      egressEvent('egress_ended');
    }
  }
  if (options.finish ?? true) {
    for (const p of [...present.values()]) leave(p);
    if (egress === 'started' || egress === 'active') egressEvent('egress_ended');
    push('room', { event: 'room_finished', room: fullRoom(), roomEndReason: 'ROOM_END_IDLE_TIMEOUT' });
  }
  return out;
}

/**
 * Reorders events as webhooks may arrive: each participant's classic events keep their order and room_started
 * / room_finished stay first / last (LiveKit's per-room lane, with participants interleaved differently), while
 * egress and extended events land anywhere, in any order.
 */
export function reorder(events: readonly SessionEvent[], seed: number): SessionEvent[] {
  const random = prng(seed);
  const first = events.filter((e) => e.lane === 'room' && e.event.event === 'room_started');
  const last = events.filter((e) => e.lane === 'room' && e.event.event !== 'room_started');
  const lanes = new Map<string, SessionEvent[]>();
  for (const e of events) {
    if (!e.lane.startsWith('participant:')) continue;
    const list = lanes.get(e.lane) ?? [];
    list.push(e);
    lanes.set(e.lane, list);
  }
  const merged: SessionEvent[] = [...first];
  const queues = [...lanes.values()];
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    merged.push(open[Math.floor(random() * open.length)]!.shift()!);
  }
  merged.push(...last);
  for (const e of events) {
    if (e.lane !== 'egress' && e.lane !== 'extended') continue;
    merged.splice(Math.floor(random() * (merged.length + 1)), 0, e);
  }
  return merged;
}

/** Adds copies (same id) of random events at random later positions. */
export function withDuplicates(events: readonly SessionEvent[], seed: number, count = 20): SessionEvent[] {
  const random = prng(seed);
  const out = [...events];
  for (let i = 0; i < count; i++) {
    const from = Math.floor(random() * out.length);
    const to = from + 1 + Math.floor(random() * (out.length - from));
    out.splice(to, 0, out[from]!);
  }
  return out;
}
