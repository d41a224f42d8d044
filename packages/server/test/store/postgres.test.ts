/**
 * The PostgreSQL store: the shared conformance suite, then what only a store shared by several processes
 * must get right. Two store instances on one schema (two pools) stand for two processes. Needs a database
 * (see helpers/postgres.ts): fails, never skips, when there is none.
 */
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations/index.js';
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  PostgresStore,
  type AttemptRecord,
  type ClaimedDelivery,
  type DeliveryRow,
  type PostgresStoreOptions,
  type PublishBatchItem,
  type Store,
} from 'roomhooks';
import {
  adminQuery,
  dropSchema,
  openTestStore,
  randomSchema,
  requirePostgres,
  TEST_DATABASE_URL,
} from '../helpers/postgres.js';
import { storeConformance } from './conformance.js';

const T0 = 1_700_000_000_000;

storeConformance('postgres', async () => {
  const { store, cleanup } = await openTestStore();
  return { store, cleanup };
});

describe('postgres store: several processes on one database', { timeout: 60_000 }, () => {
  /** Two stores on one fresh schema: two pools, as two processes would have. */
  async function two(t: TestContext, options: Partial<PostgresStoreOptions> = {}): Promise<[Store, Store]> {
    const a = await openTestStore({ poolSize: 6, ...options });
    const b = await openTestStore({ poolSize: 6, ...options, schema: a.schema });
    t.after(async () => {
      await b.store.close();
      await a.cleanup();
    });
    return [a.store, b.store];
  }

  function item(id: string, lane: string, endpointId = 'ep'): PublishBatchItem {
    return {
      event: { id, name: 'participant_joined', room: lane, orderingKey: lane, createdAt: T0, body: '{}' },
      deliveries: [{ endpointId, lane, applicable: true }],
    };
  }

  function delivered(c: ClaimedDelivery, at = T0): AttemptRecord {
    return {
      deliveryId: c.id,
      endpointId: c.endpointId,
      lane: c.lane,
      startedAt: at,
      durationMs: 1,
      statusCode: 200,
      error: undefined,
      response: undefined,
      verdict: { kind: 'delivered' },
    };
  }

  /** Every lane with active members has exactly one head (pending or in flight), and it is its oldest. */
  async function assertOneHeadPerLane(store: Store, endpointId = 'ep'): Promise<void> {
    const rows = await store.listDeliveries({
      endpointId,
      status: ['queued', 'pending', 'in_flight'],
      limit: 100_000,
    });
    const byLane = new Map<string, DeliveryRow[]>();
    for (const r of rows) byLane.set(r.lane, [...(byLane.get(r.lane) ?? []), r]);
    for (const [lane, members] of byLane) {
      members.sort((x, y) => x.id - y.id);
      const heads = members.filter((m) => m.status !== 'queued');
      assert.equal(heads.length, 1, `lane ${lane}: ${members.map((m) => `${m.id}:${m.status}`).join(' ')}`);
      assert.equal(heads[0], members[0], `lane ${lane}: the head is its oldest member`);
    }
  }

  it('concurrent publishers into one lane create exactly one head', async (t) => {
    const [a, b] = await two(t);
    for (let round = 0; round < 5; round++) {
      const lane = `lane${round}`;
      await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? a : b).publish([item(`${lane}-${i}`, lane)], T0)),
      );
    }
    // And batches that share several lanes, in opposite orders (the lock order must not deadlock).
    const lanes = ['x', 'y', 'z', 'w'];
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const order = i % 2 === 0 ? lanes : [...lanes].reverse();
        return (i % 2 === 0 ? a : b).publish(
          order.map((l) => item(`batch${i}-${l}`, l)),
          T0,
        );
      }),
    );
    await assertOneHeadPerLane(a);
    const stats = await a.stats();
    assert.equal(stats.deliveries.pending, 9);
    assert.equal(stats.deliveries.queued, 5 * 24 + 16 * 4 - 9);
  });

  it('a head finishing while another process publishes into its lane never strands the lane', async (t) => {
    const [a, b] = await two(t);
    for (let i = 0; i < 40; i++) {
      await a.publish([item(`seed${i}`, `l${i}`)], T0);
      const [head] = await a.claim(T0, [{ endpointId: 'ep', limit: 1, probe: false }]);
      await Promise.all([a.record([delivered(head!)], T0), b.publish([item(`next${i}`, head!.lane)], T0)]);
    }
    await assertOneHeadPerLane(a);
    assert.equal(
      (await a.stats()).deliveries.pending,
      40,
      'every late publish became (or will become) a head',
    );
  });

  it('processes claiming at once never share a delivery nor run two heads of one lane, and keep lane order', async (t) => {
    const [a, b] = await two(t);
    const LANES = 20;
    const PER_LANE = 15;
    const batch: PublishBatchItem[] = [];
    for (let n = 0; n < PER_LANE; n++)
      for (let l = 0; l < LANES; l++) batch.push(item(`L${l}-${n}`, `L${l}`));
    await a.publish(batch, T0);

    const claimedBy = new Map<number, string>();
    const busyLanes = new Set<string>();
    const order = new Map<string, number[]>();
    async function worker(store: Store, name: string): Promise<void> {
      let finished: AttemptRecord[] = [];
      for (let idle = 0; idle < 20;) {
        const claimed = await store.cycle(finished, T0, [{ endpointId: 'ep', limit: 7, probe: false }]);
        finished = [];
        if (claimed.length === 0) {
          idle++;
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        idle = 0;
        for (const c of claimed) {
          assert.equal(claimedBy.get(c.id), undefined, `delivery ${c.id} claimed twice`);
          claimedBy.set(c.id, name);
          assert.ok(!busyLanes.has(c.lane), `two heads of lane ${c.lane} in flight`);
          busyLanes.add(c.lane);
          order.set(c.lane, [...(order.get(c.lane) ?? []), Number(c.eventId.split('-')[1])]);
        }
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        // The lane is released before the outcome is recorded: the next head can only be claimed after.
        for (const c of claimed) busyLanes.delete(c.lane);
        finished = claimed.map((c) => delivered(c));
      }
      if (finished.length > 0) await store.record(finished, T0);
    }
    await Promise.all([worker(a, 'a'), worker(b, 'b'), worker(a, 'a2'), worker(b, 'b2')]);
    assert.equal(claimedBy.size, LANES * PER_LANE);
    assert.ok(new Set(claimedBy.values()).size > 1, 'both processes took part');
    for (const [lane, seen] of order) {
      assert.deepEqual(
        seen,
        Array.from({ length: PER_LANE }, (_, i) => i),
        `lane ${lane} in order`,
      );
    }
    assert.equal((await a.stats()).deliveries.delivered, LANES * PER_LANE);
  });

  it('an expired lease is taken over, and the late owner’s outcome is fenced off', async (t) => {
    const [a, b] = await two(t);
    await a.publish([item('e1', 'l'), item('e2', 'l')], T0);
    const s = { endpointId: 'ep', limit: 5, probe: false, leaseMs: 1_000 };
    const [mine] = await a.claim(T0, [s]);
    assert.equal(mine?.eventId, 'e1');
    assert.deepEqual(await b.claim(T0 + 999, [s]), [], 'a live lease is not taken');
    assert.equal(await b.recoverInFlight(T0 + 999), 0, 'recoverInFlight leaves live leases alone');
    assert.equal(await b.nextDueAt(['ep']), T0 + 1_000, 'the lease expiry is when work may be due');
    const [theirs] = await b.claim(T0 + 1_000, [s]);
    assert.equal(theirs?.id, mine!.id, 'the dead owner’s delivery is taken over');
    assert.equal(theirs?.attempts, 0);
    // The first owner comes back late: its outcome must not end the new owner’s attempt.
    await a.record([delivered(mine!, T0)], T0 + 1_001);
    const rows = await a.listDeliveries({ endpointId: 'ep' });
    assert.deepEqual(
      rows.map((r) => r.status),
      ['queued', 'in_flight'],
    );
    await b.record([delivered(theirs!, T0 + 1_000)], T0 + 1_002);
    assert.deepEqual(
      (await a.listDeliveries({ endpointId: 'ep' })).map((r) => r.status),
      ['pending', 'delivered'],
    );
    assert.equal((await a.listAttempts(mine!.id)).length, 2, 'both attempts are in the log');
  });

  it('migrations run once when several processes start at the same time', async (t) => {
    await requirePostgres();
    const schema = randomSchema();
    t.after(() => dropSchema(schema));
    const stores = await Promise.all(
      Array.from({ length: 4 }, () =>
        PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema, poolSize: 2 }),
      ),
    );
    await Promise.all(stores.map((s) => s.close()));
    const { rows } = await adminQuery(
      `SELECT version, name FROM "${schema}".roomhooks_migrations ORDER BY version`,
    );
    // Every migration exactly once, in order, however many processes raced to run them.
    assert.deepEqual(
      rows,
      POSTGRES_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    assert.deepEqual(
      rows.map((r) => r.name),
      ['initial', 'ordered-publish'],
    );
  });

  it('a publish wakes the other processes listening, not itself; the listener survives a lost connection', async (t) => {
    const schema = randomSchema();
    const [a, b] = await two(t, { schema, applicationName: `${schema}_app` });
    let aWakes = 0;
    let bWakes = 0;
    a.listen?.(() => aWakes++);
    b.listen?.(() => bWakes++);
    await waitUntil('both listeners connected', () => aWakes >= 1 && bWakes >= 1);
    aWakes = 0;
    bWakes = 0;
    await a.publish([item('e1', 'l')], T0);
    await waitUntil('b woken by a’s publish', () => bWakes >= 1);
    assert.equal(aWakes, 0, 'a process ignores its own notifications');
    await a.publish([item('e2', 'l')], T0);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(bWakes, 1, 'a publish that only queues behind a head wakes no one');

    // Kill every connection of both stores (a database restart, as far as they can tell).
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
      `${schema}_app`,
    ]);
    bWakes = 0;
    await waitUntil('b’s listener reconnected', () => bWakes >= 1, 5_000);
    bWakes = 0;
    // The pools drop dead connections and open new ones; a call may fail once, then work resumes.
    await waitUntil('a publishes again', async () => {
      try {
        await a.publish([item('e3', 'm')], T0);
        return true;
      } catch {
        return false;
      }
    });
    await waitUntil('b woken after the reconnection', () => bWakes >= 1);
    assert.equal((await b.stats()).events, 3);
  });
});

async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 3_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
