import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { describe, it, type TestContext } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore, type AttemptVerdict } from 'roomhooks';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { spec, storeConformance } from './conformance.js';

storeConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'roomhooks-store-'));
  const store = new SqliteStore({ path: join(dir, 'store.db') });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const T = 1_700_000_000_000;

/** A file path in a directory of its own, removed after the test. */
function tempPath(t: TestContext, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'roomhooks-sqlite-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}

/** A version 1 database with one lane `r` of endpoint `ep`: event e<n> and delivery n have the n-th status. */
function v1Database(path: string, statuses: readonly string[]): void {
  const db = new Database(path);
  db.exec(SQLITE_MIGRATIONS[0]!);
  db.pragma('user_version = 1');
  statuses.forEach((status, i) => {
    const seq = i + 1;
    db.prepare(
      `INSERT INTO events (seq, id, name, room, ordering_key, created_at, published_at, body)
       VALUES (?, ?, 'participant_joined', 'r', 'r', ?, ?, '{}')`,
    ).run(seq, `e${seq}`, T, T);
    db.prepare(
      `INSERT INTO deliveries (id, event_seq, endpoint_id, lane, status, next_attempt_at, updated_at)
       VALUES (?, ?, 'ep', 'r', ?, ?, ?)`,
    ).run(seq, seq, status, status === 'pending' ? T : null, T);
  });
  db.close();
}

describe('sqlite migrations', () => {
  it('version 2 keeps every lane’s order, including a delivery retried behind a busy head', async (t) => {
    const path = tempPath(t, 'v1.db');
    // In lane `r`: e1 delivered, e2 abandoned and then retried (queued behind the head with a lower id), e3 the
    // head in flight, e4 queued, e5 not applicable.
    v1Database(path, ['delivered', 'queued', 'in_flight', 'queued', 'not_applicable']);

    const store = new SqliteStore({ path });
    t.after(() => store.close());
    const record = (id: number) =>
      store.record(
        [
          {
            deliveryId: id,
            endpointId: 'ep',
            lane: 'r',
            startedAt: T,
            durationMs: 1,
            statusCode: 200,
            error: undefined,
            response: undefined,
            verdict: { kind: 'delivered' },
          },
        ],
        T,
      );
    const status = async () =>
      (await store.listDeliveries({ endpointId: 'ep' })).sort((a, b) => a.id - b.id).map((d) => d.status);

    await record(3);
    assert.deepEqual(await status(), ['delivered', 'pending', 'delivered', 'queued', 'not_applicable']);
    const [next] = await store.claim(T, [{ endpointId: 'ep', limit: 5, probe: false }]);
    assert.equal(next?.eventId, 'e2', 'the retried delivery goes right after the head, as in version 1');
    await record(2);
    assert.deepEqual(await status(), ['delivered', 'delivered', 'delivered', 'pending', 'not_applicable']);
  });

  it('a retried delivery that became its lane’s head in version 1 still keeps the lane busy', async (t) => {
    const path = tempPath(t, 'v1.db');
    // In lane `r`: e1 retried by hand into the idle lane (pending, with the lowest id), e2 and e3 delivered.
    v1Database(path, ['pending', 'delivered', 'delivered']);

    const store = new SqliteStore({ path });
    t.after(() => store.close());
    const event = {
      id: 'e4',
      name: 'participant_joined',
      room: 'r',
      orderingKey: 'r',
      createdAt: T,
      body: '{}',
    };
    await store.publish([{ event, deliveries: [{ endpointId: 'ep', lane: 'r', applicable: true }] }], T);
    const e4 = (await store.listDeliveries({ eventId: 'e4' }))[0];
    assert.equal(e4?.status, 'queued', 'e4 waits behind the retried head');
    const claimed = await store.claim(T, [{ endpointId: 'ep', limit: 5, probe: false }]);
    assert.deepEqual(
      claimed.map((c) => c.eventId),
      ['e1'],
      'one head per lane',
    );
  });
});

describe('sqlite backlog counts', () => {
  it('kept in step with every change, they equal a recount from the rows', async (t) => {
    const path = tempPath(t, 'store.db');
    const store = new SqliteStore({ path });
    t.after(() => store.close());
    await store.upsertEndpoint('ep1', spec('https://a.example/'), T);
    await store.upsertEndpoint('ep2', spec('https://b.example/'), T);
    assert.deepEqual([...(await store.backlog())], [], 'counted from here on');
    const item = (id: string, lanes: [string, string, boolean?][]) => ({
      event: { id, name: 'participant_joined', room: 'r', orderingKey: 'r', createdAt: T, body: '{}' },
      deliveries: lanes.map(([endpointId, lane, applicable = true]) => ({ endpointId, lane, applicable })),
    });
    await store.publish(
      [
        item('e1', [
          ['ep1', 'a'],
          ['ep2', 'a'],
        ]),
        item('e2', [
          ['ep1', 'a'],
          ['ep2', 'b', false],
        ]),
        item('e3', [['ep1', 'b']]),
        item('e1', [['ep1', 'a']]), // a duplicate adds nothing
      ],
      T,
    );
    const outcome = (c: { id: number; endpointId: string; lane: string }, verdict: AttemptVerdict) => ({
      deliveryId: c.id,
      endpointId: c.endpointId,
      lane: c.lane,
      startedAt: T,
      durationMs: 1,
      statusCode: 500,
      error: 'x',
      response: undefined,
      verdict,
    });
    const slots = [
      { endpointId: 'ep1', limit: 10, probe: false },
      { endpointId: 'ep2', limit: 10, probe: false },
    ];
    const first = await store.claim(T, slots);
    const byEvent = new Map(first.map((c) => [`${c.eventId}>${c.endpointId}`, c]));
    await store.record(
      [
        outcome(byEvent.get('e1>ep1')!, { kind: 'failed' }),
        outcome(byEvent.get('e3>ep1')!, { kind: 'retry', nextAttemptAt: T + 1 }),
        outcome(byEvent.get('e1>ep2')!, { kind: 'delivered' }),
      ],
      T + 1,
    );
    assert.equal(await store.retryDelivery(byEvent.get('e1>ep1')!.id, T + 2).then((r) => typeof r), 'object');
    await store.replay('ep2', T, (e) => ({ endpointId: 'ep2', lane: e.id, applicable: true }), T + 3);
    await store.deleteEndpoint('ep2', T + 4);
    await store.publish([item('e4', [['ep1', 'c']])], T + 5);

    const kept = [...(await store.backlog())].sort();
    const recount = new SqliteStore({ path, checkpointIntervalMs: 0 });
    t.after(() => recount.close());
    assert.deepEqual(kept, [...(await recount.backlog())].sort());
    assert.deepEqual(kept, [['ep1', 4]]);
  });
});

describe('sqlite background checkpoints', () => {
  async function fileGrowth(t: TestContext, checkpointIntervalMs: number): Promise<number> {
    const path = tempPath(t, 'store.db');
    const store = new SqliteStore({ path, checkpointIntervalMs });
    t.after(() => store.close());
    const before = statSync(path).size;
    const body = JSON.stringify({ pad: 'x'.repeat(2000) });
    const items = Array.from({ length: 200 }, (_, i) => ({
      event: { id: `e${i}`, name: 'room_started', room: 'r', orderingKey: 'r', createdAt: 1, body },
      deliveries: [],
    }));
    await store.publish(items, 1);
    // Nothing else touches the store: only a checkpoint can move the pages from the WAL into the file.
    await new Promise((resolve) => setTimeout(resolve, 400));
    return statSync(path).size - before;
  }

  it('a thread of its own copies committed pages into the database file', async (t) => {
    assert.ok((await fileGrowth(t, 20)) > 200 * 2000, 'the events reached the database file');
  });

  it('without it, they stay in the WAL until the automatic checkpoint threshold', async (t) => {
    assert.equal(await fileGrowth(t, 0), 0);
  });
});
