import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SqliteStore, type Store } from 'roomhooks';
import { roomEvent, sleep, startNotifier, startSink, tempDir, waitFor } from '../helpers/engine.js';

describe('an open circuit with nothing left to deliver', () => {
  it('does not spin: the scheduler looks for a probe once per cooldown, not every millisecond', async (t) => {
    const sink = await startSink(t, () => ({ status: 500 }));
    const sqlite = new SqliteStore({ path: join(tempDir(t), 'idle.db') });
    let cycles = 0;
    // Counts the scheduler's store transactions; everything else passes through.
    const store = new Proxy(sqlite, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (key === 'cycle')
          return (...args: unknown[]) => (
            cycles++,
            (value as (...a: unknown[]) => unknown).apply(target, args)
          );
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    }) as Store;
    const notifier = await startNotifier(t, {
      store,
      circuit: { threshold: 1, cooldownMs: 100, maxCooldownMs: 100 },
      endpoints: [{ url: sink.url(), retry: { schedule: [0] } }],
    });
    let abandoned = 0;
    notifier.events.on('abandoned', () => abandoned++);
    await notifier.publish(roomEvent('standup', 0));
    await waitFor('the only delivery abandoned', () => abandoned === 1);

    const before = cycles;
    await sleep(500);
    const during = cycles - before;
    assert.ok(during <= 15, `${during} store cycles in 500 ms with nothing to do (a spin would be hundreds)`);
    assert.equal(sink.requests.length, 1, 'nothing more was sent');
  });
});
