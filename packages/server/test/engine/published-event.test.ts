import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roomEvent, startNotifier } from '../helpers/engine.js';

describe("the 'published' lifecycle event", () => {
  it('names the events each publish committed, after the commit, and never a duplicate', async (t) => {
    const notifier = await startNotifier(t);
    const seen: string[][] = [];
    notifier.events.on('published', ({ ids }) => seen.push(ids));

    const first = roomEvent('standup', 0);
    const second = roomEvent('standup', 1);
    await notifier.publish([first, second]);
    assert.deepEqual(seen, [[first.id, second.id]]);
    const stored = await notifier.store.listEvents({});
    assert.equal(stored.length, 2, 'the events were stored before the hint');

    await notifier.publish(first); // a duplicate: acknowledged, nothing new to tell
    assert.equal(seen.length, 1);
  });
});
