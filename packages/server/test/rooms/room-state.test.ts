import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { sampleWebhookEvent, type LooseWebhookEvent } from '@roomhooks/sdk';
import {
  applyRoomChange,
  emptyRoomSnapshot,
  type RoomChange,
  type RoomSnapshot,
} from '@roomhooks/sdk/client';
import {
  applyEvent,
  expire,
  initialRoomsState,
  replayEvents,
  type RoomChangeEntry,
  type RoomsState,
} from '../../src/rooms/index.js';
import { generateSession, reorder, withDuplicates, type SessionEvent } from './session.js';

const FAR_FUTURE = 4_000_000_000_000;

function play(events: readonly SessionEvent[], skip: (e: SessionEvent) => boolean = () => false) {
  return replayEvents(
    events
      .filter((e) => !skip(e))
      .map((e, i) => ({ event: e.event, receivedAt: 1_800_000_000_000 + i * 10 })),
  );
}

/** The state a client sees, without the times that depend on how a room was finished. */
function normalised(state: RoomsState): Record<string, Omit<RoomSnapshot, 'finishedAt'>> {
  const out: Record<string, Omit<RoomSnapshot, 'finishedAt'>> = {};
  for (const [name, record] of Object.entries(state.rooms)) {
    const { finishedAt: _finishedAt, ...rest } = record.room;
    out[name] = rest;
  }
  return out;
}

/** Folds a room's changes over an empty snapshot, as a client does. */
function fold(name: string, changes: readonly RoomChangeEntry[]): RoomSnapshot {
  let room = emptyRoomSnapshot(name);
  let seq = 0;
  for (const entry of changes) {
    if (entry.room !== name) continue;
    assert.equal(entry.seq, seq + 1, 'seqs are consecutive');
    seq = entry.seq;
    room = applyRoomChange(room, entry.change);
  }
  return room;
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('scripted sessions converge', () => {
  for (const seed of SEEDS) {
    const finished = generateSession(seed, { steps: 80 });
    const open = generateSession(seed, { steps: 80, finish: false });

    it(`seed ${seed}: in order, the state is the truth and the changes rebuild it`, () => {
      const { state, changes } = play(open);
      const room = state.rooms['demo-room']!.room;
      assert.equal(room.status, 'active');
      assert.ok(Object.keys(room.participants).length > 0, 'the open session ends with people in the room');
      assert.deepEqual(fold('demo-room', changes), room);
      assert.deepEqual(JSON.parse(JSON.stringify(state)), state, 'state is plain JSON');
    });

    it(`seed ${seed}: duplicates change nothing`, () => {
      const truth = play(open);
      const { state, changes } = play(withDuplicates(open, seed * 7));
      assert.deepEqual(normalised(state), normalised(truth.state));
      assert.deepEqual(
        changes.map((c) => c.change),
        truth.changes.map((c) => c.change),
      );
    });

    it(`seed ${seed}: reordered across resources (+ duplicates), the same final state`, () => {
      const truth = normalised(play(open).state);
      for (const shuffle of [11, 22, 33]) {
        const events = withDuplicates(reorder(open, seed * 100 + shuffle), shuffle);
        const { state, changes } = play(events);
        assert.deepEqual(normalised(state), truth, `shuffle ${shuffle}`);
        assert.deepEqual(fold('demo-room', changes), state.rooms['demo-room']!.room);
      }
    });

    it(`seed ${seed}: a finished session, reordered, ends finished with the same egress`, () => {
      const truth = normalised(play(finished).state);
      assert.equal(truth['demo-room']!.status, 'finished');
      const { state } = play(withDuplicates(reorder(finished, seed + 5), seed));
      assert.deepEqual(normalised(state), truth);
    });

    it(`seed ${seed}: room_finished lost, expire finishes the room the same way`, () => {
      const truth = normalised(play(finished).state);
      const lost = (e: SessionEvent) => e.event.event === 'room_finished';
      for (const events of [finished, reorder(finished, seed + 9)]) {
        const played = play(events, lost);
        assert.equal(played.state.rooms['demo-room']!.room.status, 'active');
        const { state, changes } = expire(played.state, FAR_FUTURE);
        assert.deepEqual(normalised(state), truth);
        assert.deepEqual(
          changes.map((c) => c.change.type),
          ['RoomFinished'],
        );
        assert.equal(changes[0]!.change.type === 'RoomFinished' && changes[0]!.change.reason, 'EXPIRED');
      }
    });
  }
});

// ---- a known sequence, and its exact changes ----

const ROOM = 'standup';
const at = (n: number) => String(1_800_000_000 + n);
/** A sample event of room `standup` at second `n`, with the room and join time one real session would have. */
function ev<N extends Parameters<typeof sampleWebhookEvent>[0]>(
  name: N,
  n: number,
  identity = 'alice',
  extra: Record<string, unknown> = {},
): ReturnType<typeof sampleWebhookEvent<N>> {
  const event = sampleWebhookEvent(name, { room: ROOM, identity, createdAt: at(n), seed: String(n) });
  const base = sampleWebhookEvent('room_started', { room: ROOM, createdAt: at(0) }).room;
  const joined = sampleWebhookEvent('participant_joined', {
    room: ROOM,
    identity,
    createdAt: at(1),
  }).participant;
  const out: Record<string, unknown> = { ...event, ...extra };
  if (event.room?.creationTime !== undefined) {
    out['room'] = {
      ...base,
      ...(event.room.metadata === undefined ? {} : { metadata: event.room.metadata }),
    };
  }
  if (event.participant?.joinedAt !== undefined) {
    out['participant'] = { ...event.participant, joinedAt: joined.joinedAt, joinedAtMs: joined.joinedAtMs };
  }
  return out as unknown as ReturnType<typeof sampleWebhookEvent<N>>;
}

function run(events: LooseWebhookEvent[], state: RoomsState = initialRoomsState()) {
  const changes: RoomChange[] = [];
  let s = state;
  events.forEach((event, i) => {
    const result = applyEvent(s, event, 1_800_000_000_000 + i * 1000);
    s = result.state;
    changes.push(...result.changes.map((c) => c.change));
  });
  return { state: s, changes };
}

test('a known sequence emits exactly the expected changes', () => {
  const joined = ev('participant_joined', 1);
  const track = ev('track_published', 2);
  const { changes, state } = run([
    ev('room_started', 0),
    joined,
    track,
    ev('track_muted', 3),
    ev('connection_quality_changed', 4),
    ev('active_speakers_changed', 5),
    ev('participant_metadata_changed', 6),
    ev('data_received', 7),
    ev('track_unmuted', 8),
    ev('participant_left', 9),
    ev('room_finished', 10),
  ]);
  const p = joined.participant;
  const sid = track.track.sid!;
  const room = state.rooms[ROOM]!.room;
  assert.deepEqual(
    changes.map((c) => c.type),
    [
      'RoomStarted',
      'ParticipantConnected',
      'TrackPublished',
      'TrackMuted',
      'ConnectionQualityChanged',
      'IsSpeakingChanged',
      'ActiveSpeakersChanged',
      'ParticipantMetadataChanged',
      'DataReceived',
      'TrackUnmuted',
      'ParticipantDisconnected',
      'RoomFinished',
    ],
  );
  assert.deepEqual(changes[3], { type: 'TrackMuted', identity: 'alice', trackSid: sid });
  assert.deepEqual(changes[4], { type: 'ConnectionQualityChanged', identity: 'alice', quality: 'GOOD' });
  assert.deepEqual(changes[5], { type: 'IsSpeakingChanged', identity: 'alice', isSpeaking: true });
  assert.deepEqual(changes[6], {
    type: 'ActiveSpeakersChanged',
    speakers: [{ identity: 'alice', level: 0.75 }],
  });
  assert.deepEqual(changes[7], {
    type: 'ParticipantMetadataChanged',
    identity: 'alice',
    metadata: '{"status":"away"}',
    previousMetadata: '',
  });
  assert.deepEqual(changes[8], {
    type: 'DataReceived',
    identity: 'alice',
    payload: 'aGVsbG8=',
    topic: 'chat',
    kind: 'RELIABLE',
  });
  assert.deepEqual(changes[10], {
    type: 'ParticipantDisconnected',
    identity: 'alice',
    sid: p.sid,
    reason: 'CLIENT_INITIATED',
  });
  assert.deepEqual(changes[11], {
    type: 'RoomFinished',
    finishedAt: 1_800_000_010_000,
    reason: 'ROOM_END_IDLE_TIMEOUT',
  });
  assert.equal(room.status, 'finished');
  assert.deepEqual(room.participants, {});
  const connected = changes[1];
  assert.ok(connected?.type === 'ParticipantConnected');
  assert.deepEqual(connected.participant, {
    sid: p.sid,
    identity: 'alice',
    name: 'Alice',
    state: 'ACTIVE',
    metadata: '',
    attributes: { role: 'host' },
    permission: { canSubscribe: true, canPublish: true, canPublishData: true },
    kind: 'STANDARD',
    isSpeaking: false,
    connectionQuality: 'UNKNOWN',
    joinedAt: Number(p.joinedAtMs),
    tracks: {},
  });
});

test('a duplicate id changes nothing and returns the same state', () => {
  const { state } = run([ev('room_started', 0), ev('participant_joined', 1)]);
  const again = applyEvent(state, ev('participant_joined', 1), 9);
  assert.equal(again.state, state);
  assert.deepEqual(again.changes, []);
});

test('a late participant_joined after its participant_left does not resurrect the participant', () => {
  const { state, changes } = run([
    ev('room_started', 0),
    ev('participant_left', 5),
    ev('participant_joined', 1),
  ]);
  assert.deepEqual(state.rooms[ROOM]!.room.participants, {});
  assert.deepEqual(
    changes.map((c) => c.type),
    ['RoomStarted'],
    'participant_left without a join changes nothing visible',
  );
});

test('track_published before participant_joined creates the participant, the join fills it in', () => {
  const { state, changes } = run([
    ev('room_started', 0),
    ev('track_published', 2),
    ev('participant_joined', 1),
  ]);
  assert.deepEqual(
    changes.map((c) => c.type),
    [
      'RoomStarted',
      'ParticipantConnected',
      'TrackPublished',
      // what the {sid, identity} stub could not say
      'ParticipantAttributesChanged',
      'ParticipantPermissionsChanged',
      'ParticipantUpdated',
    ],
  );
  const alice = state.rooms[ROOM]!.room.participants['alice']!;
  assert.equal(alice.name, 'Alice');
  assert.equal(alice.state, 'ACTIVE');
  assert.equal(Object.keys(alice.tracks).length, 1);
});

test('events before room_started start the room; room_started then fills it in without losing metadata', () => {
  const meta = ev('room_metadata_changed', 3);
  const { state, changes } = run([meta, ev('room_started', 0)]);
  assert.deepEqual(
    changes.map((c) => c.type),
    ['RoomStarted', 'RoomMetadataChanged'], // the older room_started neither resets metadata nor adds anything
  );
  assert.equal(state.rooms[ROOM]!.room.metadata, '{"topic":"planning"}');
  assert.equal(state.rooms[ROOM]!.room.emptyTimeout, 300);
});

test('late events of a finished room are ignored, late egress updates are not', () => {
  const { state, changes } = run([
    ev('room_started', 0),
    ev('egress_started', 1),
    ev('room_finished', 5),
    ev('participant_joined', 2),
    ev('track_muted', 3),
    ev('egress_ended', 6, 'alice', {
      egressInfo: {
        ...ev('egress_ended', 6).egressInfo,
        egressId: ev('egress_started', 1).egressInfo.egressId,
      },
    }),
  ]);
  const room = state.rooms[ROOM]!.room;
  assert.deepEqual(room.participants, {});
  assert.deepEqual(
    changes.map((c) => c.type),
    ['RoomStarted', 'EgressUpdated', 'RoomFinished', 'EgressUpdated'],
  );
  assert.equal(Object.values(room.egresses)[0]!.status, 'EGRESS_COMPLETE');
});

test('a new session of the same room name (new sid) starts over, seq keeps counting', () => {
  const first = run([ev('room_started', 0), ev('participant_joined', 1), ev('room_finished', 5)]);
  const next = {
    ...ev('room_started', 100),
    room: { ...ev('room_started', 100).room, sid: 'RM_second' },
  };
  const result = applyEvent(first.state, next, 2_000_000_000_000);
  assert.deepEqual(
    result.changes.map((c) => [c.seq, c.change.type]),
    [[first.changes.length + 1, 'RoomStarted']],
  );
  assert.equal(result.state.rooms[ROOM]!.room.sid, 'RM_second');
  assert.equal(result.state.rooms[ROOM]!.room.status, 'active');
});

test('expire: departureTimeout after the last participant left, emptyTimeout if nobody came, max idle', () => {
  const left = run([ev('room_started', 0), ev('participant_joined', 1), ev('participant_left', 2)]);
  // participant_left was received at index 2 → 1_800_000_002_000; departureTimeout is 20 s.
  assert.deepEqual(expire(left.state, 1_800_000_021_999).changes, []);
  const done = expire(left.state, 1_800_000_022_000);
  assert.deepEqual(done.changes, [
    {
      room: ROOM,
      seq: 4,
      change: { type: 'RoomFinished', finishedAt: 1_800_000_022_000, reason: 'EXPIRED' },
    },
  ]);
  const empty = run([ev('room_started', 0)]);
  assert.deepEqual(expire(empty.state, 1_800_000_000_000 + 299_999).changes, []);
  assert.equal(expire(empty.state, 1_800_000_000_000 + 300_000).changes.length, 1);
  const busy = run([ev('room_started', 0), ev('participant_joined', 1)]);
  assert.deepEqual(expire(busy.state, 1_800_000_001_000 + 3_599_999).changes, []);
  assert.equal(expire(busy.state, 1_800_000_001_000 + 3_600_000).changes.length, 1);
  // Finished rooms stay finished: expiring again changes nothing.
  assert.deepEqual(expire(done.state, FAR_FUTURE, { seenTtlMs: Number.POSITIVE_INFINITY }).changes, []);
});

test('expire forgets old event ids', () => {
  const { state } = run([ev('room_started', 0)]);
  const pruned = expire(state, 1_800_000_000_000 + 10, { seenTtlMs: 5 }).state;
  assert.deepEqual(pruned.rooms[ROOM]!.book.seen, {});
});

test('rooms are independent: two sessions interleaved give each room its own truth and seq', () => {
  const a = generateSession(21, { room: 'room-a', finish: false });
  const b = generateSession(22, { room: 'room-b', finish: false });
  const interleaved: SessionEvent[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== undefined) interleaved.push(a[i]!);
    if (b[i] !== undefined) interleaved.push(b[i]!);
  }
  const { state, changes } = play(interleaved);
  assert.deepEqual(state.rooms['room-a']!.room, play(a).state.rooms['room-a']!.room);
  assert.deepEqual(state.rooms['room-b']!.room, play(b).state.rooms['room-b']!.room);
  assert.deepEqual(fold('room-a', changes), state.rooms['room-a']!.room);
  assert.deepEqual(fold('room-b', changes), state.rooms['room-b']!.room);
});
