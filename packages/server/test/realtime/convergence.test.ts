/**
 * Convergence of the room state behind `GET /v1/rooms/:name`: a seeded session from the `simulate` generator,
 * published through the server's publish path (`POST /v1/events`) the way webhooks really arrive — every
 * `room_finished` lost, a quarter of the events sent twice (same id), egress and ingress events shuffled
 * against room events (and against each other), rooms interleaved differently, each room's own events in
 * order — ends, once the rooms have expired, in exactly the state the reducer derives from the clean, in-order
 * session. The only field that may differ is `finishedAt`: with `room_finished` lost, the room closes at the
 * expiry deadline (last departure + `departureTimeout`), which is asserted on its own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookEvent } from '@roomhooks/sdk';
import type { RoomSnapshot } from '@roomhooks/sdk/client';
import { createHttpServer } from '../../src/http/server.js';
import { expire, replayEvents, type RoomsState } from '../../src/rooms/room-state.js';
import { createRng, simulateSessions, type Rng, type SimulatedEvent } from '../../src/simulate/index.js';
import { API_KEY, API_SECRET, startNotifier } from '../helpers/engine.js';
import { mintToken } from '../http/helpers.js';

const START = Date.UTC(2026, 0, 15, 9, 0, 0);
const RESOURCE = /^(egress|ingress)_/;

/** A clock the test moves by hand: the store's publish times and the room hub's expiry both read it. */
function manualClock(start: number): { now(): number; set(ms: number): void } {
  let now = start;
  return { now: () => now, set: (ms) => (now = ms) };
}

interface Delivery {
  event: WebhookEvent;
  /** Whether this is the second copy of an event already sent. */
  duplicate: boolean;
}

/**
 * The session as a receiver might see it. Each room's own events (room, participants, tracks) stay in order —
 * LiveKit orders a room's lane — but rooms interleave at random; egress and ingress events (their own lanes)
 * land anywhere, even before their room's first event or out of order among themselves; `room_finished` is
 * lost; a quarter of the events come again later (same id).
 */
function perturb(session: readonly SimulatedEvent[], rng: Rng): Delivery[] {
  const lanes = new Map<string, WebhookEvent[]>();
  const resources: WebhookEvent[] = [];
  for (const { room, event } of session) {
    if (event.event === 'room_finished') continue;
    if (RESOURCE.test(event.event)) resources.push(event);
    else lanes.set(room, [...(lanes.get(room) ?? []), event]);
  }
  // A random merge of the rooms' lanes, each kept in order.
  const queues = [...lanes.values()];
  const merged: WebhookEvent[] = [];
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    merged.push(rng.pick(open).shift()!);
  }
  for (const event of resources) merged.splice(Math.floor(rng.next() * (merged.length + 1)), 0, event);
  // At least one lands before anything of its room: the room is first heard of through its egress or ingress.
  const moved = resources.at(-1); // the last one, an end: it arrives before its start and its room
  if (moved !== undefined) merged.unshift(...merged.splice(merged.indexOf(moved), 1));
  const out: Delivery[] = merged.map((event) => ({ event, duplicate: false }));
  for (const event of merged) {
    if (!rng.chance(0.25)) continue;
    const first = out.findIndex((d) => d.event === event);
    const at = first + 1 + Math.floor(rng.next() * (out.length - first));
    out.splice(at, 0, { event: structuredClone(event), duplicate: true });
  }
  return out;
}

/** The snapshot with `finishedAt` cleared: the one field a lost `room_finished` legitimately changes. */
function comparable(room: RoomSnapshot): RoomSnapshot {
  return { ...room, finishedAt: 0 };
}

describe('room state convergence', () => {
  it('duplicates, reordering across resources and a lost room_finished end in the in-order state', async (t) => {
    const session = simulateSessions({
      rooms: 3,
      participants: 5,
      durationMs: 120_000,
      startMs: START,
      seed: 'convergence',
    });
    const rooms = [...new Set(session.map((e) => e.room))];
    const truth = replayEvents(session.map(({ event, at }) => ({ event, receivedAt: at }))).state;
    // The session exercises what the perturbation is about.
    for (const name of rooms) assert.equal(truth.rooms[name]?.room.status, 'finished', name);
    assert.ok(
      rooms.some((name) => Object.keys(truth.rooms[name]!.room.egresses).length > 0),
      'some room has an egress',
    );
    assert.ok(session.some((e) => e.event.event === 'participant_connection_aborted'));

    const rng = createRng('convergence/perturb');
    const deliveries = perturb(session, rng);
    const duplicates = deliveries.filter((d) => d.duplicate).length;
    assert.ok(duplicates >= 10, `${duplicates} duplicates`);
    // Reordering that matters: resource events ahead of their room's start, and ends ahead of starts.
    const roomOf = (e: WebhookEvent): string =>
      e.room?.name ?? e.egressInfo?.roomName ?? e.ingressInfo?.roomName ?? '';
    const resourceOf = (e: WebhookEvent): string => e.egressInfo?.egressId ?? e.ingressInfo?.ingressId ?? '';
    const started = (room: string): number =>
      deliveries.findIndex((d) => d.event.event === 'room_started' && roomOf(d.event) === room);
    const early = deliveries.filter(
      (d, i) => RESOURCE.test(d.event.event) && i < started(roomOf(d.event)),
    ).length;
    const ended = deliveries.filter(
      (d, i) =>
        /_ended$/.test(d.event.event) &&
        deliveries.findIndex(
          (o, j) => j > i && /_started$/.test(o.event.event) && resourceOf(o.event) === resourceOf(d.event),
        ) > i,
    ).length;
    t.diagnostic(
      `${session.length} events, ${duplicates} duplicates, ${early} egress/ingress events before their room ` +
        `started, ${ended} ended before started`,
    );

    const clock = manualClock(START + 60_000);
    const notifier = await startNotifier(t, { clock });
    const { app } = await createHttpServer({ notifier, keys: { [API_KEY]: API_SECRET }, clock });
    await app.ready();
    t.after(() => app.close());
    const auth = { authorization: `Bearer ${await mintToken()}` };

    // Published in small batches, 100 ms of (manual) time apart; a duplicate may share a batch with its original.
    const receivedAt = new Map<string, number>();
    const reported: string[] = [];
    for (let i = 0; i < deliveries.length;) {
      const batch = deliveries.slice(i, (i += 1 + Math.floor(rng.next() * 6)));
      clock.set(clock.now() + 100);
      const response = await app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: auth,
        payload: batch.map((d) => d.event),
      });
      assert.equal(response.statusCode, 202, response.body);
      reported.push(...(JSON.parse(response.body) as { duplicates: string[] }).duplicates);
      for (const { event } of batch) if (!receivedAt.has(event.id!)) receivedAt.set(event.id!, clock.now());
    }
    assert.equal(reported.length, duplicates, 'every second copy is acknowledged as a duplicate');
    assert.deepEqual(
      new Set(reported),
      new Set(deliveries.filter((d) => d.duplicate).map((d) => d.event.id!)),
    );

    // Each room empties at its last departure; without room_finished it closes departureTimeout later.
    const deadlines = new Map<string, number>();
    for (const { event, duplicate } of deliveries) {
      if (!duplicate && event.event === 'participant_left') {
        const name = event.room!.name!;
        deadlines.set(name, receivedAt.get(event.id!)! + truth.rooms[name]!.room.departureTimeout * 1000);
      }
    }
    const get = async (name: string): Promise<RoomSnapshot & { seq: number }> => {
      const response = await app.inject({ method: 'GET', url: `/v1/rooms/${name}`, headers: auth });
      assert.equal(response.statusCode, 200, response.body);
      return JSON.parse(response.body) as RoomSnapshot & { seq: number };
    };

    // Before the deadlines, the rooms are still open (nobody told the server they finished).
    for (const name of rooms) assert.equal((await get(name)).status, 'active', `${name} before expiry`);
    const after = Math.max(...deadlines.values()) + 1000;
    clock.set(after);
    for (const name of rooms) {
      const { seq, ...served } = await get(name);
      assert.equal(served.status, 'finished', `${name} expired`);
      assert.equal(served.finishedAt, deadlines.get(name), `${name} closed at its departure deadline`);
      assert.deepEqual(comparable(served), comparable(truth.rooms[name]!.room), `${name} converged`);
      assert.ok(seq > 0);
    }

    // The reducer on its own converges too, when the duplicates do reach it (here no store dedupes them).
    let direct: RoomsState = replayEvents(
      deliveries.map(({ event }) => ({ event, receivedAt: receivedAt.get(event.id!)! })),
    ).state;
    direct = expire(direct, after).state;
    for (const name of rooms) {
      assert.deepEqual(comparable(direct.rooms[name]!.room), comparable(truth.rooms[name]!.room), name);
      assert.equal(direct.rooms[name]!.room.finishedAt, deadlines.get(name));
    }
  });
});
