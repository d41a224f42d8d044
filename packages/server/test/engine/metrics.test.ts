import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FAST_RETRY,
  livekitEvent,
  roomEvent,
  settled,
  startNotifier,
  startSink,
  waitFor,
} from '../helpers/engine.js';

/** The value of one sample in Prometheus text, e.g. `roomhooks_delivery_attempts_total{outcome="retry"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('counts published events (not duplicates) and delivery attempts by outcome', async (t) => {
    const failures = new Map([
      ['m-0', 2],
      ['m-2', 1],
    ]);
    const sink = await startSink(t, (r) => {
      const { id } = livekitEvent(r);
      const left = failures.get(id) ?? 0;
      if (left === 0) return id === 'm-3' ? 400 : 200;
      failures.set(id, left - 1);
      return 500;
    });
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    await notifier.publish([roomEvent('m', 0), roomEvent('m', 1), roomEvent('m', 2), roomEvent('m', 3)]);
    await notifier.publish([roomEvent('m', 1)]);

    await waitFor('all answered', () => sink.requests.length === 7);
    await settled(notifier);
    const text = await notifier.metrics.metrics();
    assert.equal(sample(text, 'roomhooks_events_published_total'), 4);
    assert.equal(sample(text, 'roomhooks_delivery_attempts_total{outcome="delivered"}'), 3);
    assert.equal(sample(text, 'roomhooks_delivery_attempts_total{outcome="retry"}'), 3);
    assert.equal(sample(text, 'roomhooks_delivery_attempts_total{outcome="failed"}'), 1);
    assert.equal(sample(text, 'roomhooks_delivery_attempts_total{outcome="abandoned"}') ?? 0, 0);
    assert.equal(sample(text, 'roomhooks_delivery_attempt_duration_seconds_count'), 7);
    assert.equal(sample(text, 'roomhooks_open_circuits'), 0);
  });

  it('shows the backlog per endpoint while deliveries wait', async (t) => {
    const sink = await startSink(t, () => ({ status: 200, delayMs: 300 }));
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    await notifier.publish([roomEvent('b', 0), roomEvent('b', 1), roomEvent('b', 2)]);
    await waitFor('the first request arrived', () => sink.requests.length === 1);

    const text = await notifier.metrics.metrics();
    assert.equal(sample(text, 'roomhooks_lane_backlog{endpoint="ep"}'), 3);
  });
});
