import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptedIds,
  collapseRepeats,
  idsByRoom,
  interleavedEvents,
  nextEvent,
  sleep,
  startNotifier,
  startSink,
  waitFor,
} from '../helpers/engine.js';

describe('circuit breaker', () => {
  it('opens after consecutive failures, then sends one probe at a time for all lanes, and on recovery every lane resumes', async (t) => {
    let healthy = false;
    const sink = await startSink(t, () => (healthy ? 200 : { status: 503, delayMs: 40 }));
    const notifier = await startNotifier(t, {
      // Lanes retry only after 3 s on their own: anything sooner is the breaker's doing (probes, then the wake-up).
      endpoints: [{ id: 'ep', url: sink.url(), retry: { schedule: [0, ...Array(40).fill(3_000)] } }],
      circuit: { threshold: 5, cooldownMs: 40, maxCooldownMs: 80 },
    });
    const rooms = Array.from({ length: 20 }, (_, i) => `room${i}`);
    const events = interleavedEvents(rooms, 3);
    const opened = nextEvent(notifier, 'circuit', (c) => c.state === 'open');
    await notifier.publish(events);

    assert.deepEqual(await opened, { endpointId: 'ep', state: 'open' });
    // Let the attempts that were already under way when it opened finish.
    await sleep(100);
    sink.resetMaxInFlight();
    const before = sink.requests.length;
    await sleep(600);
    const probes = sink.requests.length - before;
    assert.ok(sink.maxInFlight <= 1, `at most one request in flight while open (saw ${sink.maxInFlight})`);
    assert.ok(probes >= 2, `probes kept testing the endpoint (${probes})`);
    assert.ok(probes <= 12, `only probes reached the sink while open (${probes} requests in 600 ms)`);
    const openMetric = await notifier.metrics.getSingleMetricAsString('roomhooks_open_circuits');
    assert.match(openMetric, /^roomhooks_open_circuits 1$/m);

    healthy = true;
    const closed = nextEvent(notifier, 'circuit', (c) => c.state === 'closed');
    await closed;
    const closedAt = Date.now();
    await waitFor('every event accepted', () => acceptedIds(sink).size === events.length, 3_000);
    assert.ok(Date.now() - closedAt < 1_500, 'lanes resumed at once, not at their next scheduled retry');
    const seen = idsByRoom(sink.requests);
    for (const room of rooms) {
      assert.deepEqual(
        collapseRepeats(seen.get(room)!),
        [0, 1, 2].map((n) => `${room}-${n}`),
      );
    }
  });

  it('does not open on failures that are not consecutive', async (t) => {
    let n = 0;
    const sink = await startSink(t, () => (n++ % 2 === 0 ? 503 : 200));
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), ordering: 'endpoint', retry: { schedule: [0, 5, 5, 5, 5] } }],
      circuit: { threshold: 2, cooldownMs: 5_000 },
    });
    let opened = false;
    notifier.events.on('circuit', () => (opened = true));
    const events = interleavedEvents(['a', 'b'], 5);
    await notifier.publish(events);

    await waitFor('every event accepted', () => acceptedIds(sink).size === events.length);
    assert.equal(opened, false);
    assert.equal(sink.requests.length, 20, 'each event failed once, then went through');
  });
});
