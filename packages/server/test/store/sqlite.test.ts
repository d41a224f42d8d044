import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from 'roomhooks';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { storeConformance } from './conformance.js';

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

describe('sqlite migrations', () => {
  it('version 2 keeps every lane’s order, including a delivery retried behind a busy head', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roomhooks-migrate-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'v1.db');
    // A version 1 database: in lane `r`, e1 delivered, e2 abandoned and then retried (queued behind the head
    // with a lower id), e3 the head in flight, e4 queued, e5 not applicable.
    const db = new Database(path);
    db.exec(SQLITE_MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    const T = 1_700_000_000_000;
    const statuses = ['delivered', 'queued', 'in_flight', 'queued', 'not_applicable'];
    statuses.forEach((status, i) => {
      const seq = i + 1;
      db.prepare(
        `INSERT INTO events (seq, id, name, room, ordering_key, created_at, published_at, body)
         VALUES (?, ?, 'participant_joined', 'r', 'r', ?, ?, '{}')`,
      ).run(seq, `e${seq}`, T, T);
      db.prepare(
        `INSERT INTO deliveries (id, event_seq, endpoint_id, lane, status, updated_at) VALUES (?, ?, 'ep', 'r', ?, ?)`,
      ).run(seq, seq, status, T);
    });
    db.close();

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
});
