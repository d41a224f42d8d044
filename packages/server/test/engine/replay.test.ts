import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleWebhookEvent } from '@roomhooks/sdk';
import {
  FAST_RETRY,
  livekitEvent,
  roomEvent,
  settled,
  startNotifier,
  startSink,
  waitFor,
} from '../helpers/engine.js';

/** An event of `room` created at `seconds` (Unix time). */
function at(
  room: string,
  n: number,
  seconds: number,
  name: 'participant_joined' | 'track_published' = 'participant_joined',
) {
  return sampleWebhookEvent(name, {
    room,
    identity: `user${n}`,
    id: `${room}-${n}`,
    createdAt: String(seconds),
  });
}

describe('replay', () => {
  it('re-sends every stored event created since the given time, in order, with the same ids', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    const events = [at('r', 0, 1_000), at('r', 1, 2_000), at('r', 2, 3_000), at('r', 3, 4_000)];
    await notifier.publish(events);
    await waitFor('first delivery of each', () => sink.accepted.length === 4);

    const queued = await notifier.replay('ep', new Date(2_000_000));
    assert.equal(queued, 3);
    await waitFor('the replayed events', () => sink.accepted.length === 7);
    await settled(notifier);
    assert.deepEqual(
      sink.requests.map((r) => livekitEvent(r).id),
      ['r-0', 'r-1', 'r-2', 'r-3', 'r-1', 'r-2', 'r-3'],
    );
    const deliveries = await notifier.store.listDeliveries({ endpointId: 'ep', status: 'delivered' });
    assert.equal(deliveries.length, 7, 'a replay is a new delivery of its own');
  });

  it('applies the endpoint filter, and only to that endpoint', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [
        {
          id: 'joins',
          url: sink.url('/joins'),
          events: { include: ['participant_joined'] },
          retry: FAST_RETRY,
        },
        { id: 'all', url: sink.url('/all'), retry: FAST_RETRY },
      ],
    });
    await notifier.publish([at('r', 0, 1_000), at('r', 1, 1_001, 'track_published'), at('r', 2, 1_002)]);
    await waitFor('first deliveries', () => sink.accepted.length === 5);

    assert.equal(await notifier.replay('joins', 0), 2);
    await waitFor('the replayed events', () => sink.accepted.length === 7);
    const joins = sink.requests.filter((r) => r.path === '/joins').map((r) => livekitEvent(r).id);
    assert.deepEqual(joins, ['r-0', 'r-2', 'r-0', 'r-2']);
    assert.equal(sink.requests.filter((r) => r.path === '/all').length, 3);
  });

  it('queues replayed events behind what the lane still has to deliver', async (t) => {
    let held = true;
    const sink = await startSink(t, (r) => (held && livekitEvent(r).id === 'q-1' ? 503 : 200));
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: { schedule: [0, ...Array(60).fill(10)] } }],
      circuit: { threshold: 1_000 },
    });
    await notifier.publish([roomEvent('q', 0), roomEvent('q', 1)]);
    await waitFor('q-1 retrying', () => sink.requests.length >= 3);
    assert.equal(await notifier.replay('ep', 0), 2);
    held = false;

    await waitFor('everything accepted', () => sink.accepted.length === 4);
    assert.deepEqual(
      sink.accepted.map((r) => livekitEvent(r).id),
      ['q-0', 'q-1', 'q-0', 'q-1'],
    );
  });

  it('refuses an unknown endpoint', async (t) => {
    const notifier = await startNotifier(t);
    await assert.rejects(notifier.replay('nope', 0), { code: 'endpoint_not_found' });
  });
});
