import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryDedupe, DEFAULT_DEDUPE_TTL_MS } from '../../src/dedupe/index.js';

function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('createMemoryDedupe', () => {
  it('answers false the first time and true for a repeat within the window', () => {
    const store = createMemoryDedupe();
    assert.equal(store.seen('EV_a', 1000), false);
    assert.equal(store.seen('EV_a', 1000), true);
    assert.equal(store.seen('EV_b', 1000), false);
    assert.equal(store.size, 2);
  });

  it('forgets an id once its window has passed, then records it again', () => {
    const c = clock();
    const store = createMemoryDedupe({ now: c.now });
    store.seen('EV_a', 1000);
    c.advance(999);
    assert.equal(store.seen('EV_a', 1000), true);
    c.advance(1);
    assert.equal(store.seen('EV_a', 1000), false, 'expired: treated as new');
    assert.equal(store.seen('EV_a', 1000), true, 'and recorded again');
  });

  it('a hit does not extend the window (it counts from the first delivery)', () => {
    const c = clock();
    const store = createMemoryDedupe({ now: c.now });
    store.seen('EV_a', 1000);
    c.advance(600);
    assert.equal(store.seen('EV_a', 1000), true);
    c.advance(600);
    assert.equal(store.seen('EV_a', 1000), false);
  });

  it('sweeps expired ids so size tracks live entries', () => {
    const c = clock();
    const store = createMemoryDedupe({ now: c.now });
    for (let i = 0; i < 100; i++) store.seen(`EV_${i}`, 1000);
    c.advance(1000);
    store.seen('EV_new', 1000);
    assert.equal(store.size, 1);
  });

  it('evicts the oldest ids beyond maxEntries', () => {
    const store = createMemoryDedupe({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) store.seen(id, 60_000);
    assert.equal(store.size, 3);
    assert.equal(store.seen('a', 60_000), false, 'a was evicted');
    assert.equal(store.seen('d', 60_000), true);
  });

  it('forget and clear drop ids', () => {
    const store = createMemoryDedupe();
    store.seen('a', 1000);
    store.seen('b', 1000);
    store.forget('a');
    assert.equal(store.seen('a', 1000), false);
    store.clear();
    assert.equal(store.size, 0);
  });

  it('exposes its default window and rejects nonsense options', () => {
    assert.equal(createMemoryDedupe().ttlMs, DEFAULT_DEDUPE_TTL_MS);
    assert.equal(createMemoryDedupe({ ttlMs: 5 }).ttlMs, 5);
    assert.throws(() => createMemoryDedupe({ ttlMs: 0 }), RangeError);
    assert.throws(() => createMemoryDedupe({ maxEntries: 0 }), RangeError);
  });
});
