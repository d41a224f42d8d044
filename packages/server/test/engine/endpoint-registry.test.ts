import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY, SqliteStore, type EndpointRow, type EndpointSpec } from 'roomhooks';
import { EndpointRegistry } from '../../src/engine/endpoint-registry.js';
import { NotifierEvents } from '../../src/engine/lifecycle.js';

const spec: EndpointSpec = {
  url: 'https://a.example/hook',
  apiKey: undefined,
  format: 'livekit',
  events: { include: [], exclude: [] },
  ordering: 'resource',
  retry: DEFAULT_RETRY,
  timeoutMs: 10_000,
  maxConcurrency: 64,
  secret: undefined,
  description: undefined,
};

describe('endpoint registry refresh (endpoints changed by other processes)', () => {
  it('sees endpoints another process added, changed or removed, and abandons what was left for a removed one', async (t) => {
    const store = new SqliteStore({ path: ':memory:' });
    t.after(() => store.close());
    let now = 1_000;
    const registry = new EndpointRegistry(store, { now: () => now }, new NotifierEvents());
    await registry.load();
    assert.equal(await registry.refresh(), false);

    // "Another process" writes straight to the store.
    await store.upsertEndpoint('a', spec, ++now);
    assert.equal(await registry.refresh(), true);
    assert.equal(registry.get('a')?.state, 'active');
    await store.setEndpointState('a', 'paused', 'by hand', ++now);
    assert.equal(await registry.refresh(), true);
    assert.deepEqual(registry.active(), []);
    assert.equal(registry.routable().length, 1);

    // A publish of ours raced the removal: its delivery must not wait forever.
    await store.publish(
      [
        {
          event: { id: 'e1', name: 'room_started', room: 'r', orderingKey: 'r', createdAt: now, body: '{}' },
          deliveries: [{ endpointId: 'a', lane: 'k:r', applicable: true }],
        },
      ],
      now,
    );
    await store.deleteEndpoint('a', ++now);
    await store.publish(
      [
        {
          event: { id: 'e2', name: 'room_started', room: 'r', orderingKey: 'r', createdAt: now, body: '{}' },
          deliveries: [{ endpointId: 'a', lane: 'k:r', applicable: true }],
        },
      ],
      now,
    );
    assert.equal(await registry.refresh(), true);
    assert.equal(registry.get('a'), undefined);
    assert.deepEqual(
      (await store.listDeliveries({ endpointId: 'a' })).map((d) => d.status),
      ['abandoned', 'abandoned'],
    );
  });

  it('a refresh that raced a local change is discarded rather than undoing it', async (t) => {
    const store = new SqliteStore({ path: ':memory:' });
    t.after(() => store.close());
    await store.upsertEndpoint('a', spec, 1);
    const gate: { hold?: Promise<void> } = {};
    let release = (): void => {};
    const slow = Object.create(store) as SqliteStore;
    slow.listEndpoints = async (): Promise<EndpointRow[]> => {
      const rows = await store.listEndpoints();
      await gate.hold;
      return rows;
    };
    slow.setEndpointState = (...args) => store.setEndpointState(...args);
    const registry = new EndpointRegistry(slow, { now: () => 2 }, new NotifierEvents());
    await registry.load();
    assert.equal(registry.get('a')?.state, 'active');

    gate.hold = new Promise<void>((resolve) => (release = resolve));
    const refresh = registry.refresh();
    await registry.setState('a', 'paused', 'by hand');
    release();
    assert.equal(await refresh, false);
    assert.equal(registry.get('a')?.state, 'paused', 'the stale read did not resume it');
  });
});
