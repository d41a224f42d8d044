import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PublishBatcher } from '../../src/engine/publish-batcher.js';
import type { PublishBatchItem, PublishResult } from '../../src/store/contract.js';

function item(id: string): PublishBatchItem {
  return {
    event: { id, name: 'room_started', room: 'r', orderingKey: 'r', createdAt: 0, body: '{}' },
    deliveries: [],
  };
}

describe('PublishBatcher', () => {
  it('commits one batch at a time, in submission order, and tells each caller its own ids', async () => {
    const commits: string[][] = [];
    let open = 0;
    let maxOpen = 0;
    const seen = new Set<string>();
    const batcher = new PublishBatcher(async (items): Promise<PublishResult> => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      commits.push(items.map((i) => i.event.id));
      await new Promise((resolve) => setTimeout(resolve, 20)); // a slow commit
      open--;
      const inserted = items.map((i) => i.event.id).filter((id) => !seen.has(id) && seen.add(id));
      return { inserted, duplicates: [] };
    });

    const first = batcher.submit([item('a'), item('b')]);
    const second = batcher.submit([item('c')]); // same turn: joins the first batch
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first batch is now committing
    const third = batcher.submit([item('d'), item('a')]); // during the commit: waits for it
    const fourth = batcher.submit([item('e')]);

    assert.deepEqual(await first, { inserted: ['a', 'b'], duplicates: [] });
    assert.deepEqual(await second, { inserted: ['c'], duplicates: [] });
    assert.deepEqual(await third, { inserted: ['d'], duplicates: ['a'] });
    assert.deepEqual(await fourth, { inserted: ['e'], duplicates: [] });
    assert.equal(maxOpen, 1, 'never two commits at once');
    assert.deepEqual(commits, [
      ['a', 'b', 'c'],
      ['d', 'a', 'e'],
    ]);
  });
});
