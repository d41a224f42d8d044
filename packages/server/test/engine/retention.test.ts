import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAST_RETRY, roomEvent, settled, startNotifier, startSink, waitFor } from '../helpers/engine.js';

describe('retention', () => {
  it('removes delivered events and their log after the configured age, keeping failed ones', async (t) => {
    const sink = await startSink(t, (r) => (r.body.includes('"bad-') ? 400 : 200));
    const notifier = await startNotifier(t, {
      retention: { deliveredMs: 100, intervalMs: 20, batchSize: 2 },
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    await notifier.publish([
      roomEvent('good', 0),
      roomEvent('good', 1),
      roomEvent('good', 2),
      roomEvent('bad', 0),
      roomEvent('other', 0),
    ]);
    await settled(notifier);
    assert.equal((await notifier.store.stats()).events, 5, 'nothing goes before its age');
    await waitFor('delivered events pruned', async () => (await notifier.store.stats()).events === 1);
    const [kept] = await notifier.store.listEvents({});
    assert.equal(kept?.id, 'bad-0');
    assert.deepEqual((await notifier.store.stats()).deliveries, {
      queued: 0,
      pending: 0,
      in_flight: 0,
      delivered: 0,
      failed: 1,
      abandoned: 0,
      not_applicable: 0,
    });
  });

  it('rejects a retention that is not a positive age', async (t) => {
    await assert.rejects(startNotifier(t, { retention: { deliveredMs: 0 } }), { code: 'config_invalid' });
  });
});
