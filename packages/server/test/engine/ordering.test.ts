import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FAST_RETRY,
  acceptedIds,
  collapseRepeats,
  idsByRoom,
  interleavedEvents,
  livekitEvent,
  roomEvent,
  settled,
  sleep,
  startNotifier,
  startSink,
  waitFor,
} from '../helpers/engine.js';
import { seededRandom } from '../helpers/sink.js';

const ROOMS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
const PER_ROOM = 25;
// Circuits open on runs of 500s; short cooldowns keep these tests quick without switching the breaker off.
const QUICK_CIRCUIT = { cooldownMs: 20, maxCooldownMs: 100 };

/** Publishes `events` in batches of `size`, awaiting each, as several publish calls would. */
async function publishInBatches(
  publish: (e: ReturnType<typeof interleavedEvents>) => Promise<unknown>,
  events: ReturnType<typeof interleavedEvents>,
  size: number,
): Promise<void> {
  for (let i = 0; i < events.length; i += size) await publish(events.slice(i, i + size));
}

function expectedByRoom(rooms: readonly string[], count: number): Map<string, string[]> {
  return new Map(rooms.map((room) => [room, Array.from({ length: count }, (_, n) => `${room}-${n}`)]));
}

describe('ordering per lane (ordering: resource, the default)', () => {
  it('keeps each room in publish order and delivers every event under 30 % random 500s and random latency', async (t) => {
    const random = seededRandom(42);
    const sink = await startSink(t, () => ({
      status: random() < 0.3 ? 500 : 200,
      delayMs: Math.floor(random() * 8),
    }));
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
      circuit: QUICK_CIRCUIT,
    });
    const events = interleavedEvents(ROOMS, PER_ROOM);
    await publishInBatches((e) => notifier.publish(e), events, 20);

    await waitFor('every event accepted', () => acceptedIds(sink).size === events.length, 8_000);
    await settled(notifier);

    assert.ok(
      sink.requests.filter((r) => r.status === 500).length >= 20,
      'the sink really failed a good share of requests',
    );
    const seen = idsByRoom(sink.requests);
    for (const [room, ids] of expectedByRoom(ROOMS, PER_ROOM)) {
      assert.deepEqual(collapseRepeats(seen.get(room) ?? []), ids, `room ${room} in publish order`);
    }
    const stats = await notifier.store.stats();
    assert.equal(stats.deliveries.delivered, events.length);
    assert.equal(stats.deliveries.abandoned + stats.deliveries.failed, 0);
  });

  it('delivers everything, in order, after the sink was down for a while', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: { schedule: [0, 20, 50, ...Array(30).fill(100)] } }],
      circuit: QUICK_CIRCUIT,
    });
    const rooms = ROOMS.slice(0, 4);
    const events = interleavedEvents(rooms, 10);
    await notifier.publish(events.slice(0, 8));
    await waitFor('the first events accepted', () => sink.accepted.length >= 8);

    await sink.down();
    await notifier.publish(events.slice(8));
    const failedAttempts = () =>
      notifier.store
        .listDeliveries({ endpointId: 'ep', status: 'pending' })
        .then((rows) => rows.some((r) => r.attempts > 0));
    await waitFor('attempts failing against the closed port', failedAttempts);
    await sleep(300);
    const whileDown = sink.requests.length;
    await sink.up();

    await waitFor('every event accepted', () => acceptedIds(sink).size === events.length, 8_000);
    await settled(notifier);
    assert.equal(whileDown, 8, 'nothing reached the sink while it was down');
    const pending = await notifier.store.listDeliveries({ endpointId: 'ep' });
    assert.ok(
      pending.some((d) => d.attempts > 1),
      'some deliveries needed more than one attempt',
    );
    const seen = idsByRoom(sink.requests);
    for (const [room, ids] of expectedByRoom(rooms, 10)) {
      assert.deepEqual(collapseRepeats(seen.get(room) ?? []), ids, `room ${room} in publish order`);
    }
  });
});

describe('ordering: endpoint', () => {
  it('delivers strictly first-in first-out across rooms, one request at a time', async (t) => {
    const random = seededRandom(7);
    const sink = await startSink(t, () => ({
      status: random() < 0.3 ? 503 : 200,
      delayMs: Math.floor(random() * 4),
    }));
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), ordering: 'endpoint', retry: FAST_RETRY }],
      circuit: QUICK_CIRCUIT,
    });
    const events = interleavedEvents(['a', 'b', 'c'], 8);
    await publishInBatches((e) => notifier.publish(e), events, 5);

    await waitFor('every event accepted', () => acceptedIds(sink).size === events.length, 8_000);
    assert.ok(
      sink.requests.some((r) => r.status === 503),
      'some requests failed',
    );
    assert.deepEqual(
      collapseRepeats(sink.requests.map((r) => livekitEvent(r).id)),
      events.map((e) => e.id),
    );
    assert.equal(sink.maxInFlight, 1);
  });
});

describe('ordering: none', () => {
  it('sends events of one room concurrently, and a failing event holds none of the others back', async (t) => {
    const blocked = 'solo-0';
    const sink = await startSink(t, (r) => {
      const { id } = livekitEvent(r);
      // The first event fails until the others are all in.
      if (id === blocked && sink.accepted.length < 11) return { status: 500, delayMs: 5 };
      return { status: 200, delayMs: 30 };
    });
    const notifier = await startNotifier(t, {
      endpoints: [
        { id: 'ep', url: sink.url(), ordering: 'none', retry: { schedule: [0, ...Array(40).fill(20)] } },
      ],
      circuit: { threshold: 1000 },
    });
    const events = Array.from({ length: 12 }, (_, n) => roomEvent('solo', n));
    await notifier.publish(events);

    await waitFor('every event accepted', () => acceptedIds(sink).size === events.length, 8_000);
    const acceptedOrder = sink.accepted.map((r) => livekitEvent(r).id);
    assert.equal(acceptedOrder.at(-1), blocked, 'the failing first event was delivered last');
    assert.ok(sink.maxInFlight > 1, `requests overlapped (max in flight ${sink.maxInFlight})`);
  });

  it('for contrast, ordering: resource holds the room behind its failing head', async (t) => {
    let failuresLeft = 3;
    const sink = await startSink(t, (r) =>
      livekitEvent(r).id === 'solo-0' && failuresLeft-- > 0 ? 500 : { status: 200, delayMs: 2 },
    );
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    const events = Array.from({ length: 6 }, (_, n) => roomEvent('solo', n));
    await notifier.publish(events);

    await waitFor('every event accepted', () => acceptedIds(sink).size === events.length);
    assert.deepEqual(
      sink.requests.map((r) => livekitEvent(r).id),
      ['solo-0', 'solo-0', 'solo-0', 'solo-0', 'solo-1', 'solo-2', 'solo-3', 'solo-4', 'solo-5'],
    );
    assert.equal(sink.maxInFlight, 1);
  });
});
