import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RoomhooksError } from 'roomhooks';
import {
  FAST_RETRY,
  acceptedIds,
  livekitEvent,
  nextEvent,
  roomEvent,
  settled,
  sleep,
  startNotifier,
  startSink,
  waitFor,
} from '../helpers/engine.js';

describe('attempt outcomes', () => {
  it('times out a slow sink, logs the timeout, and retries until it answers in time', async (t) => {
    const sink = await startSink(t, (r) => (r.index < 2 ? { status: 200, delayMs: 400 } : 200));
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), timeoutMs: 100, retry: FAST_RETRY }],
    });
    const [id] = await notifier.publish(roomEvent('slow', 0));

    await waitFor('the event delivered', () =>
      notifier.store.listDeliveries({ status: 'delivered' }).then((d) => d.length === 1),
    );
    const [delivery] = await notifier.store.listDeliveries({ eventId: id! });
    const attempts = await notifier.store.listAttempts(delivery!.id);
    assert.deepEqual(
      attempts.map((a) => a.outcome),
      ['retry', 'retry', 'delivered'],
    );
    for (const timedOut of attempts.slice(0, 2)) {
      assert.equal(timedOut.statusCode, undefined);
      assert.match(timedOut.error ?? '', /timeout/i);
      assert.ok(
        timedOut.durationMs >= 90 && timedOut.durationMs < 400,
        `gave up after ${timedOut.durationMs} ms`,
      );
    }
    assert.equal(attempts[2]!.statusCode, 200);
    assert.equal(sink.requests.length, 3);
  });

  it('waits as long as a 429 Retry-After asks before the next attempt', async (t) => {
    const sink = await startSink(t, (r) =>
      r.index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : 200,
    );
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    const retrying = nextEvent(notifier, 'retrying');
    await notifier.publish(roomEvent('busy', 0));

    const info = await retrying;
    assert.equal(info.statusCode, 429);
    await waitFor('the second attempt accepted', () => sink.accepted.length === 1, 3_000);
    const [first, second] = sink.requests;
    assert.equal(sink.requests.length, 2);
    const gap = second!.receivedAt - first!.answeredAt!;
    // The schedule alone would retry after 10 ms.
    assert.ok(gap >= 1000, `retried ${gap} ms after the 429, not before the 1 s it asked for`);
    assert.ok(gap < 1500, `retried ${gap} ms after the 429: not much later either`);
  });

  it('honours Retry-After given as an HTTP date', async (t) => {
    let retryAt = 0;
    const sink = await startSink(t, (r) => {
      if (r.index > 0) return 200;
      retryAt = Math.ceil((Date.now() + 1500) / 1000) * 1000;
      return { status: 503, headers: { 'retry-after': new Date(retryAt).toUTCString() } };
    });
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    await notifier.publish(roomEvent('busy', 0));

    await waitFor('the second attempt accepted', () => sink.accepted.length === 1, 4_000);
    assert.ok(sink.requests[1]!.receivedAt >= retryAt, 'not before the date the header named');
  });

  it('disables the endpoint on 410 Gone, sends it nothing more, and holds its lane until it is resumed', async (t) => {
    let gone = true;
    const sink = await startSink(t, () => (gone ? 410 : 200));
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    const disabled = nextEvent(notifier, 'endpoint_state');
    await notifier.publish([roomEvent('gone', 0), roomEvent('gone', 1)]);

    const state = await disabled;
    assert.equal(state.endpointId, 'ep');
    assert.equal(state.state, 'disabled');
    assert.equal(notifier.getEndpoint('ep')!.state, 'disabled');
    assert.equal((await notifier.store.getEndpoint('ep'))!.state, 'disabled', 'the store agrees');

    await notifier.publish(roomEvent('gone', 2));
    await sleep(200);
    assert.deepEqual(
      sink.requests.map((r) => livekitEvent(r).id),
      ['gone-0'],
      'one request, not retried, and nothing after it',
    );
    const deliveries = await notifier.store.listDeliveries({ endpointId: 'ep' });
    assert.deepEqual(deliveries.map((d) => [d.eventId, d.status]).sort(), [
      ['gone-0', 'failed'],
      ['gone-1', 'pending'],
    ]);

    gone = false;
    await notifier.resumeEndpoint('ep');
    await waitFor('the held event delivered', () => acceptedIds(sink).has('gone-1'));
    await settled(notifier);
    assert.deepEqual(
      sink.requests.map((r) => livekitEvent(r).id),
      ['gone-0', 'gone-1'],
      'gone-2 was published while disabled: never routed',
    );
  });

  for (const status of [400, 401, 404, 422, 501]) {
    it(`fails the delivery on ${status} without retrying, and the lane moves on`, async (t) => {
      const sink = await startSink(t, (r) => (livekitEvent(r).id === 'room-0' ? status : 200));
      const notifier = await startNotifier(t, {
        endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
      });
      const failed = nextEvent(notifier, 'failed');
      await notifier.publish([roomEvent('room', 0), roomEvent('room', 1)]);

      const info = await failed;
      assert.equal(info.eventId, 'room-0');
      assert.equal(info.statusCode, status);
      await waitFor('the next event accepted', () => acceptedIds(sink).has('room-1'));
      await settled(notifier);
      assert.deepEqual(
        sink.requests.map((r) => livekitEvent(r).id),
        ['room-0', 'room-1'],
      );
      const [delivery] = await notifier.store.listDeliveries({ eventId: 'room-0' });
      assert.equal(delivery!.status, 'failed');
      assert.equal(delivery!.attempts, 1);
      assert.equal(delivery!.lastStatusCode, status);
      assert.equal(notifier.getEndpoint('ep')!.state, 'active', 'only 410 disables an endpoint');
    });
  }
});

describe('abandonment and manual retry', () => {
  it('abandons after the schedule is exhausted, moves the lane on, and retryDelivery delivers once the sink recovers', async (t) => {
    let healthy = false;
    const sink = await startSink(t, (r) => (healthy || livekitEvent(r).id !== 'room-0' ? 200 : 503));
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: { schedule: [0, 10, 20] } }],
      circuit: { threshold: 100 },
    });
    const abandoned = nextEvent(notifier, 'abandoned');
    await notifier.publish([roomEvent('room', 0), roomEvent('room', 1)]);

    const info = await abandoned;
    assert.equal(info.eventId, 'room-0');
    assert.equal(info.attempt, 3);
    await waitFor('the lane moved on', () => acceptedIds(sink).has('room-1'));
    await settled(notifier);
    const [delivery] = await notifier.store.listDeliveries({ eventId: 'room-0' });
    assert.equal(delivery!.status, 'abandoned');
    assert.equal(delivery!.attempts, 3);
    assert.equal(sink.requests.filter((r) => livekitEvent(r).id === 'room-0').length, 3);

    await assert.rejects(
      notifier.retryDelivery((await notifier.store.listDeliveries({ eventId: 'room-1' }))[0]!.id),
      (err: unknown) => err instanceof RoomhooksError && err.code === 'not_retryable',
      'a delivered delivery cannot be retried',
    );

    healthy = true;
    const requeued = await notifier.retryDelivery(delivery!.id);
    assert.equal(requeued.status, 'pending');
    assert.equal(requeued.attempts, 0, 'a fresh retry schedule');
    await waitFor('the abandoned event delivered', () => acceptedIds(sink).has('room-0'));
    await settled(notifier);
    const after = (await notifier.store.listDeliveries({ eventId: 'room-0' }))[0]!;
    assert.equal(after.status, 'delivered');
    assert.deepEqual(
      (await notifier.store.listAttempts(delivery!.id)).map((a) => a.outcome),
      ['retry', 'retry', 'abandoned', 'delivered'],
    );
  });

  it('refuses to retry a delivery that does not exist', async (t) => {
    const notifier = await startNotifier(t);
    await assert.rejects(notifier.retryDelivery(12345), { code: 'delivery_not_found' });
  });
});
