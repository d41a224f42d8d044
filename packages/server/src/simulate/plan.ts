/**
 * The timeline of one simulated room: what happens and when, before any event payload is built. Times are
 * chosen as nested fractions of their parent interval (a track lives inside its participant's stay, which lives
 * inside the room's life), so causal order holds by construction; {@link CAUSAL_RANK} settles equal
 * milliseconds.
 */
import type { Rng } from './prng.js';

export type TrackSourceName = 'microphone' | 'camera' | 'screen_share';

export type Action =
  | { kind: 'room_started' | 'room_finished' }
  | { kind: 'participant_joined'; identity: string; host: boolean }
  | { kind: 'participant_left'; identity: string; host: boolean; joinedAt: number }
  | { kind: 'participant_connection_aborted'; identity: string }
  | { kind: 'track_published' | 'track_unpublished'; identity: string; source: TrackSourceName }
  | {
      kind: 'egress_started' | 'egress_updated' | 'egress_ended';
      key: string;
      /** A recording to a file, or a live stream to an RTMP server. */
      output: 'file' | 'stream';
      startedAt: number;
    }
  | { kind: 'ingress_started' | 'ingress_ended'; key: string; startedAt: number };

/** One action at one time (ms since the epoch); `seq` is its creation order, for stable sorting. */
export interface TimedAction {
  at: number;
  seq: number;
  action: Action;
}

/** What a room's plan needs to know. */
export interface RoomPlanInput {
  /** The room's life, ms since the epoch; `end` > `start`. */
  start: number;
  end: number;
  participants: number;
  rng: Rng;
}

/**
 * Among actions at the same millisecond, the order that respects causality: a room starts before anyone joins,
 * a join comes before that participant's tracks, tracks end before their owner leaves, the room finishes last.
 */
export const CAUSAL_RANK: Readonly<Record<Action['kind'], number>> = {
  room_started: 0,
  participant_joined: 1,
  track_published: 2,
  egress_started: 2,
  ingress_started: 2,
  egress_updated: 3,
  track_unpublished: 4,
  egress_ended: 4,
  ingress_ended: 4,
  participant_left: 5,
  participant_connection_aborted: 5,
  room_finished: 6,
};

const NAMES = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'yara',
] as const;

/** Distinct identities in a seeded order: names first, then `name-2`, `name-3`… for large rooms. */
function identities(count: number, rng: Rng): string[] {
  const pool = [...NAMES];
  // Fisher–Yates with the seeded generator.
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const round = Math.floor(i / pool.length);
    const name = pool[i % pool.length]!;
    out.push(round === 0 ? name : `${name}-${round + 1}`);
  }
  return out;
}

/** A point `fraction` of the way from `from` to `to`, rounded to the millisecond (rounding keeps order). */
function within(from: number, to: number, fraction: number): number {
  return Math.round(from + (to - from) * fraction);
}

/** Plans one room: start, participants (some abort), their tracks, maybe a recording and a stream, finish. */
export function planRoom(input: RoomPlanInput): TimedAction[] {
  const { start, end, rng } = input;
  const out: TimedAction[] = [];
  const add = (at: number, action: Action): void => {
    out.push({ at, seq: out.length, action });
  };

  add(start, { kind: 'room_started' });
  const people = identities(input.participants, rng.fork('identities'));
  people.forEach((identity, index) => {
    const p = rng.fork(`participant/${identity}`);
    // Everyone arrives in the first third, so rooms are busy for most of their life.
    const joinedAt = within(start, end, p.between(0.02, 0.3));
    // The first participant never aborts, so every room has at least one real session.
    if (index > 0 && p.chance(0.12)) {
      add(joinedAt, { kind: 'participant_connection_aborted', identity });
      return;
    }
    const host = index === 0;
    add(joinedAt, { kind: 'participant_joined', identity, host });
    const leftAt = within(joinedAt, end, p.between(0.6, 0.95));
    const sources: TrackSourceName[] = ['microphone'];
    if (p.chance(0.8)) sources.push('camera');
    for (const source of sources) {
      add(within(joinedAt, leftAt, p.between(0.005, 0.05)), { kind: 'track_published', identity, source });
      add(within(joinedAt, leftAt, p.between(0.97, 0.995)), { kind: 'track_unpublished', identity, source });
    }
    if (p.chance(0.25)) {
      const source = 'screen_share';
      add(within(joinedAt, leftAt, p.between(0.3, 0.5)), { kind: 'track_published', identity, source });
      add(within(joinedAt, leftAt, p.between(0.6, 0.8)), { kind: 'track_unpublished', identity, source });
    }
    add(leftAt, { kind: 'participant_left', identity, host, joinedAt });
  });

  // A recording (egress to a file) in most rooms, a live stream (egress to RTMP) in some.
  const egresses = [
    { key: 'recording', output: 'file', chance: 0.6 },
    { key: 'livestream', output: 'stream', chance: 0.3 },
  ] as const;
  for (const { key, output, chance } of egresses) {
    const r = rng.fork(key);
    if (!r.chance(chance)) continue;
    const startedAt = within(start, end, r.between(0.1, 0.3));
    const endedAt = within(startedAt, end, r.between(0.6, 0.9));
    add(startedAt, { kind: 'egress_started', key, output, startedAt });
    // LiveKit reports EGRESS_ACTIVE a moment after starting.
    const activeAt = Math.min(startedAt + 2500, within(startedAt, endedAt, 0.1));
    add(activeAt, { kind: 'egress_updated', key, output, startedAt });
    add(endedAt, { kind: 'egress_ended', key, output, startedAt });
  }
  // A stream into the room (ingress, e.g. OBS over RTMP) in some rooms.
  const s = rng.fork('stream');
  if (s.chance(0.4)) {
    const key = 'stream';
    const startedAt = within(start, end, s.between(0.15, 0.45));
    add(startedAt, { kind: 'ingress_started', key, startedAt });
    add(within(startedAt, end, s.between(0.4, 0.9)), { kind: 'ingress_ended', key, startedAt });
  }
  add(end, { kind: 'room_finished' });

  return out.sort(
    (a, b) => a.at - b.at || CAUSAL_RANK[a.action.kind] - CAUSAL_RANK[b.action.kind] || a.seq - b.seq,
  );
}
