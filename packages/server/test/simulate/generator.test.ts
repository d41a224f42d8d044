import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeWebhookEvent, encodeWebhookEvent, type WebhookEvent } from '@roomhooks/sdk';
import { simulateSessions, type SimulationOptions } from '../../src/simulate/index.js';
import { assertCausalOrder, groupByRoom } from './causal-order.js';

const base: SimulationOptions = {
  rooms: 3,
  participants: 4,
  durationMs: 60_000,
  startMs: 1_739_900_000_000,
  seed: '42',
};
const events = (options: Partial<SimulationOptions> = {}): WebhookEvent[] =>
  simulateSessions({ ...base, ...options }).map((s) => s.event);

describe('simulateSessions (the pure generator)', () => {
  it('is reproducible: same options, same events, byte for byte', () => {
    const a = events().map(encodeWebhookEvent);
    const b = events().map(encodeWebhookEvent);
    assert.deepEqual(a, b);
    assert.notDeepEqual(events({ seed: '43' }).map(encodeWebhookEvent), a);
  });

  it('every event is a valid catalog event (strict decoding passes) and ids are unique', () => {
    for (const seed of ['1', '2', '42', 'abc']) {
      const list = events({ seed, rooms: 4, participants: 6 });
      for (const event of list) decodeWebhookEvent(JSON.parse(encodeWebhookEvent(event)), { strict: true });
      assert.equal(new Set(list.map((e) => e.id)).size, list.length);
    }
  });

  it('keeps a causal order per room, for many seeds and sizes', () => {
    for (let seed = 0; seed < 40; seed++) {
      assertCausalOrder(events({ seed: String(seed), rooms: 1 + (seed % 4), participants: seed % 9 }));
    }
    // Very short spans squeeze many events into the same millisecond: ties must still be causal.
    assertCausalOrder(events({ durationMs: 1000, rooms: 2, participants: 30 }));
  });

  it('covers the session story: joins, aborts, camera/mic/screen tracks, recordings, live streams, ingress', () => {
    const list = events({ rooms: 8, participants: 8 });
    const names = new Set(list.map((e) => e.event));
    for (const name of [
      'room_started',
      'participant_joined',
      'participant_connection_aborted',
      'track_published',
      'track_unpublished',
      'egress_started',
      'egress_updated',
      'egress_ended',
      'ingress_started',
      'ingress_ended',
      'participant_left',
      'room_finished',
    ]) {
      assert.ok(names.has(name as WebhookEvent['event']), `no ${name}`);
    }
    const sources = new Set(list.filter((e) => e.event === 'track_published').map((e) => e.track?.source));
    assert.deepEqual([...sources].sort(), ['CAMERA', 'MICROPHONE', 'SCREEN_SHARE']);
    const ended = list.find((e) => e.event === 'egress_ended')!;
    assert.equal(ended.egressInfo?.status, 'EGRESS_COMPLETE');
    const endedEgress = list.filter((e) => e.event === 'egress_ended');
    const recording = endedEgress.find((e) => e.egressInfo?.fileResults !== undefined)!;
    assert.ok(Number(recording.egressInfo?.fileResults?.[0]?.size) > 0);
    const stream = endedEgress.find((e) => e.egressInfo?.streamResults !== undefined)!;
    assert.equal(stream.egressInfo?.streamResults?.[0]?.status, 'FINISHED');
    assert.equal(stream.egressInfo?.roomComposite?.streamOutputs?.[0]?.protocol, 'RTMP');
    assert.equal(groupByRoom(list).size, 8);
  });

  it('spreads timestamps over the duration, from the start it is given', () => {
    const list = simulateSessions(base);
    const first = list[0]!.at;
    const last = list.at(-1)!.at;
    assert.ok(first >= base.startMs && first < base.startMs + 0.1 * base.durationMs);
    assert.ok(last < base.startMs + base.durationMs && last > base.startMs + 0.9 * base.durationMs);
    for (let i = 1; i < list.length; i++) assert.ok(list[i]!.at >= list[i - 1]!.at, 'not sorted by time');
    for (const s of list) assert.equal(s.event.createdAt, String(Math.floor(s.at / 1000)));
  });

  it('real times inside the payloads: a participant_left carries its join time, rooms their creation time', () => {
    const list = simulateSessions(base);
    const joins = new Map(
      list
        .filter((s) => s.event.event === 'participant_joined')
        .map((s) => [`${s.room}/${s.event.participant!.identity}`, s.at]),
    );
    for (const s of list.filter((x) => x.event.event === 'participant_left')) {
      assert.equal(
        s.event.participant!.joinedAtMs,
        String(joins.get(`${s.room}/${s.event.participant!.identity}`)),
      );
    }
    const started = new Map(list.filter((s) => s.event.event === 'room_started').map((s) => [s.room, s.at]));
    for (const s of list.filter((x) => x.event.room?.creationTimeMs !== undefined)) {
      assert.equal(s.event.room!.creationTimeMs, String(started.get(s.room)));
    }
  });

  it('rejects impossible options', () => {
    assert.throws(() => simulateSessions({ ...base, rooms: 0 }), /rooms must be a whole number ≥ 1/);
    assert.throws(() => simulateSessions({ ...base, durationMs: 10 }), /durationMs/);
  });
});
