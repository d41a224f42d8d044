import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEvent, expire, initialRoomsState, replayEvents } from '../../src/rooms/room-state.js';
import { generateSession, reorder, withDuplicates, type SessionEvent } from './session.js';

/** Stamps each event with a receive time, 10 ms apart, as room-state.test.ts does. */
function received(events: readonly SessionEvent[]) {
  return events.map((e, i) => ({ event: e.event, receivedAt: 1_800_000_000_000 + i * 10 }));
}

describe('in-place updates', () => {
  it('give exactly the state and changes of pure updates, for messy sessions', () => {
    for (const seed of [1, 2, 3, 4]) {
      const events = received(
        withDuplicates(reorder(generateSession(seed, { steps: 80, finish: false }), seed), seed),
      );
      const pure = replayEvents(events);
      let state = initialRoomsState();
      const changes = [];
      for (const { event, receivedAt } of events) {
        const result = applyEvent(state, event, receivedAt, { inPlace: true });
        assert.equal(result.state, state, 'the given state object is the one updated');
        state = result.state;
        changes.push(...result.changes);
      }
      assert.deepEqual(state, pure.state, `seed ${seed}: same state`);
      assert.deepEqual(changes, pure.changes, `seed ${seed}: same changes`);

      const later = (events.at(-1)?.receivedAt ?? 0) + 86_400_000 * 2;
      const pureExpired = expire(pure.state, later);
      const inPlaceExpired = expire(state, later, { inPlace: true });
      assert.deepEqual(inPlaceExpired.state, pureExpired.state, `seed ${seed}: same state after expiry`);
      assert.deepEqual(inPlaceExpired.changes, pureExpired.changes);
    }
  });

  it('leave the given state untouched without the option', () => {
    const events = received(generateSession(9, { steps: 40 }));
    const half = replayEvents(events.slice(0, 20)).state;
    const before = structuredClone(half);
    replayEvents(events.slice(20), half);
    assert.deepEqual(half, before);
  });
});
