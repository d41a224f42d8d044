/**
 * The store conformance suite: the contract's behaviour, as tests parameterised by a store factory. Every
 * backend runs it (sqlite.test.ts, postgres.test.ts); each test gets a fresh, empty store of its own.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  DEFAULT_RETRY,
  type AttemptRecord,
  type AttemptVerdict,
  type ClaimSlot,
  type ClaimedDelivery,
  type DeliveryInput,
  type DeliveryRow,
  type EndpointSpec,
  type PublishBatchItem,
  type Store,
  type StoredEventInput,
} from 'roomhooks';

export interface StoreHandle {
  store: Store;
  /** Closes the store and removes whatever it stored (file, schema). */
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreHandle>;

const T0 = 1_700_000_000_000;

function event(id: string, overrides: Partial<StoredEventInput> = {}): StoredEventInput {
  return {
    id,
    name: 'participant_joined',
    room: 'room1',
    orderingKey: 'room1',
    createdAt: T0,
    body: JSON.stringify({ id, event: 'participant_joined' }),
    ...overrides,
  };
}

function to(endpointId: string, lane = 'a', applicable = true): DeliveryInput {
  return { endpointId, lane, applicable };
}

function item(
  id: string,
  deliveries: DeliveryInput[],
  overrides: Partial<StoredEventInput> = {},
): PublishBatchItem {
  return { event: event(id, overrides), deliveries };
}

function slot(endpointId: string, limit = 10, extra: Partial<ClaimSlot> = {}): ClaimSlot {
  return { endpointId, limit, probe: false, ...extra };
}

function attempt(
  d: Pick<ClaimedDelivery, 'id' | 'endpointId' | 'lane'>,
  verdict: AttemptVerdict,
  startedAt = T0,
  statusCode: number | undefined = verdict.kind === 'delivered' ? 200 : 503,
): AttemptRecord {
  return {
    deliveryId: d.id,
    endpointId: d.endpointId,
    lane: d.lane,
    startedAt,
    durationMs: 12.5,
    statusCode,
    error: verdict.kind === 'delivered' ? undefined : `HTTP ${statusCode}`,
    response: 'ok',
    verdict,
  };
}

const DELIVERED: AttemptVerdict = { kind: 'delivered' };

/** An endpoint spec with the engine's defaults. */
export function spec(url: string, overrides: Partial<EndpointSpec> = {}): EndpointSpec {
  return {
    url,
    apiKey: undefined,
    format: 'livekit',
    events: { include: [], exclude: [] },
    ordering: 'resource',
    retry: DEFAULT_RETRY,
    timeoutMs: 10_000,
    maxConcurrency: 64,
    secret: undefined,
    description: undefined,
    ...overrides,
  };
}

/** The one delivery of an event (to `endpointId` when given). */
async function deliveryOf(store: Store, eventId: string, endpointId?: string): Promise<DeliveryRow> {
  const rows = await store.listDeliveries({ eventId, ...(endpointId ? { endpointId } : {}) });
  assert.equal(rows.length, 1, `one delivery of ${eventId}`);
  return rows[0]!;
}

/** `eventId:status` of an endpoint's deliveries, oldest first. */
async function lanes(store: Store, endpointId: string): Promise<string[]> {
  const rows = await store.listDeliveries({ endpointId, limit: 1000 });
  return rows.sort((a, b) => a.id - b.id).map((r) => `${r.eventId}:${r.status}`);
}

const ids = (claimed: readonly ClaimedDelivery[]): string[] => claimed.map((c) => c.eventId).sort();

export function storeConformance(name: string, open: StoreFactory): void {
  describe(`store conformance: ${name}`, { timeout: 60_000 }, () => {
    async function fresh(t: TestContext): Promise<Store> {
      const handle = await open();
      t.after(() => handle.cleanup());
      return handle.store;
    }

    it('publish stores events and deliveries: a lane head is pending, later members queued', async (t) => {
      const store = await fresh(t);
      const result = await store.publish(
        [
          item('e1', [to('ep', 'a'), to('ep2', 'a')]),
          item('e2', [to('ep', 'a')]),
          item('e3', [to('ep', 'b')]),
          item('e4', [to('ep', 'a', false)]),
        ],
        T0,
      );
      assert.deepEqual(result, { inserted: ['e1', 'e2', 'e3', 'e4'], duplicates: [] });
      assert.deepEqual(await lanes(store, 'ep'), [
        'e1:pending',
        'e2:queued',
        'e3:pending',
        'e4:not_applicable',
      ]);
      assert.deepEqual(await lanes(store, 'ep2'), ['e1:pending']);
      const head = await deliveryOf(store, 'e1', 'ep');
      assert.equal(head.nextAttemptAt, T0);
      assert.equal(head.attempts, 0);
      assert.equal(head.lane, 'a');
      assert.equal(head.eventName, 'participant_joined');
      assert.equal((await deliveryOf(store, 'e2')).nextAttemptAt, undefined);
      const stored = await store.getEvent('e1');
      assert.deepEqual({ ...stored, seq: 0 }, { ...event('e1'), seq: 0, publishedAt: T0 });
      assert.equal(await store.getEvent('nope'), undefined);
    });

    it('duplicates by event id are acknowledged and never queued twice', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep')])], T0);
      const result = await store.publish(
        [item('e1', [to('ep')]), item('e2', [to('ep')]), item('e2', [to('ep')])],
        T0 + 1,
      );
      assert.deepEqual(result, { inserted: ['e2'], duplicates: ['e1', 'e2'] });
      assert.deepEqual(await lanes(store, 'ep'), ['e1:pending', 'e2:queued']);
      assert.equal((await store.stats()).events, 2);
    });

    it('a publish into a busy lane waits behind its head, across calls and endpoints', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep', 'a')])], T0);
      await store.publish([item('e2', [to('ep', 'a'), to('ep', 'b')])], T0);
      await store.publish([item('e3', [to('ep', 'b')])], T0);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:pending', 'e2:queued', 'e2:pending', 'e3:queued']);
    });

    it('claim takes due heads only, up to each slot limit, and marks them in flight', async (t) => {
      const store = await fresh(t);
      await store.publish(
        [
          item('e1', [to('ep', 'a')]),
          item('e2', [to('ep', 'b')]),
          item('e3', [to('ep', 'c')]),
          item('e4', [to('ep', 'a')]),
          item('e5', [to('other', 'a')]),
        ],
        T0,
      );
      assert.deepEqual(await store.claim(T0 - 1, [slot('ep')]), [], 'nothing is due before its time');
      assert.deepEqual(await store.claim(T0, [slot('ep', 0)]), []);
      const first = await store.claim(T0, [slot('ep', 2)]);
      assert.equal(first.length, 2);
      const second = await store.claim(T0, [slot('ep', 10)]);
      assert.deepEqual(ids([...first, ...second]), ['e1', 'e2', 'e3'], 'heads only, each once');
      assert.deepEqual(
        await store.claim(T0 + 1, [slot('ep', 10)]),
        [],
        'in-flight heads are not claimed again',
      );
      const e1 = [...first, ...second].find((c) => c.eventId === 'e1')!;
      assert.deepEqual(
        { ...e1, id: 0 },
        {
          id: 0,
          endpointId: 'ep',
          lane: 'a',
          attempts: 0,
          eventId: 'e1',
          eventName: 'participant_joined',
          eventCreatedAt: T0,
          body: event('e1').body,
        },
      );
      assert.deepEqual(await lanes(store, 'ep'), [
        'e1:in_flight',
        'e2:in_flight',
        'e3:in_flight',
        'e4:queued',
      ]);
      assert.deepEqual(
        await lanes(store, 'other'),
        ['e5:pending'],
        'endpoints without a slot are left alone',
      );
      const both = await store.claim(T0, [slot('other', 5)]);
      assert.deepEqual(ids(both), ['e5']);
    });

    it('a probe slot takes the earliest head even before it is due', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep', 'a')])], T0 + 5_000);
      await store.publish([item('e2', [to('ep', 'b')])], T0 + 3_000);
      assert.deepEqual(await store.claim(T0, [slot('ep', 1)]), []);
      assert.deepEqual(ids(await store.claim(T0, [slot('ep', 1, { probe: true })])), ['e2']);
    });

    it('record: delivered frees the lane and promotes its next member', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep')]), item('e2', [to('ep')]), item('e3', [to('ep')])], T0);
      const [head] = await store.claim(T0, [slot('ep')]);
      await store.record([attempt(head!, DELIVERED)], T0 + 10);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:delivered', 'e2:pending', 'e3:queued']);
      const e1 = await deliveryOf(store, 'e1');
      assert.equal(e1.attempts, 1);
      assert.equal(e1.lastStatusCode, 200);
      assert.equal(e1.updatedAt, T0 + 10);
      assert.equal((await deliveryOf(store, 'e2')).nextAttemptAt, T0 + 10);
      const log = await store.listAttempts(head!.id);
      assert.deepEqual(
        log.map(({ id: _id, ...rest }) => rest),
        [
          {
            deliveryId: head!.id,
            startedAt: T0,
            durationMs: 12.5,
            statusCode: 200,
            outcome: 'delivered',
            error: undefined,
            response: 'ok',
          },
        ],
      );
    });

    it('record: a retry keeps the head until its time; failed and abandoned move the lane on', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep')]), item('e2', [to('ep')]), item('e3', [to('ep')])], T0);
      const [h1] = await store.claim(T0, [slot('ep')]);
      await store.record([attempt(h1!, { kind: 'retry', nextAttemptAt: T0 + 500 })], T0 + 1);
      const retried = await deliveryOf(store, 'e1');
      assert.equal(retried.status, 'pending');
      assert.equal(retried.nextAttemptAt, T0 + 500);
      assert.equal(retried.attempts, 1);
      assert.equal(retried.lastStatusCode, 503);
      assert.equal(retried.lastError, 'HTTP 503');
      assert.deepEqual(await store.claim(T0 + 100, [slot('ep')]), [], 'not before its retry time');
      const [again] = await store.claim(T0 + 500, [slot('ep')]);
      assert.equal(again?.eventId, 'e1');
      assert.equal(again?.attempts, 1);
      await store.record([attempt(again!, { kind: 'failed' }, T0 + 500, 400)], T0 + 501);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:failed', 'e2:pending', 'e3:queued']);
      const [h2] = await store.claim(T0 + 501, [slot('ep')]);
      await store.record([attempt(h2!, { kind: 'abandoned' })], T0 + 502);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:failed', 'e2:abandoned', 'e3:pending']);
      assert.deepEqual(
        (await store.listAttempts(h1!.id)).map((a) => [a.outcome, a.statusCode]),
        [
          ['retry', 503],
          ['failed', 400],
        ],
      );
    });

    it('record ignores an outcome for a delivery no longer in flight (no second promotion)', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep')]), item('e2', [to('ep')]), item('e3', [to('ep')])], T0);
      const [head] = await store.claim(T0, [slot('ep')]);
      await store.record([attempt(head!, DELIVERED)], T0 + 1);
      await store.record([attempt(head!, DELIVERED)], T0 + 2);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:delivered', 'e2:pending', 'e3:queued']);
      assert.equal((await deliveryOf(store, 'e1')).attempts, 1);
    });

    it('cycle records outcomes and claims the lanes they freed, in one call', async (t) => {
      const store = await fresh(t);
      await store.publish(
        [item('e1', [to('ep', 'a')]), item('e2', [to('ep', 'a')]), item('e3', [to('ep', 'b')])],
        T0,
      );
      const claimed = await store.cycle([], T0, [slot('ep')]);
      assert.deepEqual(ids(claimed), ['e1', 'e3']);
      const next = await store.cycle(
        claimed.map((c) => attempt(c, DELIVERED)),
        T0 + 1,
        [slot('ep')],
      );
      assert.deepEqual(ids(next), ['e2']);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:delivered', 'e2:in_flight', 'e3:delivered']);
    });

    it('nextDueAt is the earliest pending head among the given endpoints', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep1', 'a')])], T0 + 300);
      await store.publish([item('e2', [to('ep2', 'a')])], T0 + 100);
      await store.publish([item('e3', [to('ep1', 'b')])], T0 + 200);
      await store.publish([item('e4', [to('ep1', 'b')])], T0 + 50);
      assert.equal(await store.nextDueAt(['ep1']), T0 + 200);
      assert.equal(await store.nextDueAt(['ep1', 'ep2']), T0 + 100);
      assert.equal(await store.nextDueAt(['ep3']), undefined);
      assert.equal(await store.nextDueAt([]), undefined);
    });

    it('wakeEndpoint makes an endpoint’s waiting heads due now', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep', 'a'), to('ep2', 'a')])], T0 + 1_000);
      await store.publish([item('e2', [to('ep', 'b')])], T0 + 2_000);
      await store.publish([item('e3', [to('ep', 'c')])], T0 - 1_000);
      assert.equal(await store.wakeEndpoint('ep', T0), 2);
      assert.deepEqual(ids(await store.claim(T0, [slot('ep'), slot('ep2')])), ['e1', 'e2', 'e3']);
    });

    it('recoverInFlight puts deliveries whose claim lapsed back to pending', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep')]), item('e2', [to('ep')])], T0);
      await store.claim(T0, [slot('ep', 10, { leaseMs: 1_000 })]);
      assert.equal(await store.recoverInFlight(T0 + 5_000), 1);
      const e1 = await deliveryOf(store, 'e1');
      assert.equal(e1.status, 'pending');
      assert.equal(e1.nextAttemptAt, T0 + 5_000);
      assert.equal(e1.attempts, 0);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:pending', 'e2:queued']);
      assert.deepEqual(ids(await store.claim(T0 + 5_000, [slot('ep')])), ['e1']);
    });

    it('endpoints: upsert, read, list in creation order, state', async (t) => {
      const store = await fresh(t);
      const a = await store.upsertEndpoint('a', spec('https://a.example/hook'), T0);
      assert.deepEqual(a, {
        id: 'a',
        // Stored as JSON: fields left undefined are absent when read back.
        spec: JSON.parse(JSON.stringify(spec('https://a.example/hook'))) as EndpointSpec,
        state: 'active',
        stateReason: undefined,
        createdAt: T0,
        updatedAt: T0,
      });
      await store.upsertEndpoint(
        'b',
        spec('https://b.example/hook', { format: 'standard', secret: 'whsec_x' }),
        T0 + 1,
      );
      const updated = await store.upsertEndpoint('a', spec('https://a2.example/hook'), T0 + 2);
      assert.equal(updated.spec.url, 'https://a2.example/hook');
      assert.equal(updated.createdAt, T0);
      assert.equal(updated.updatedAt, T0 + 2);
      await store.setEndpointState('b', 'disabled', '410 Gone', T0 + 3);
      const b = await store.getEndpoint('b');
      assert.equal(b?.state, 'disabled');
      assert.equal(b?.stateReason, '410 Gone');
      assert.equal(b?.updatedAt, T0 + 3);
      assert.equal(b?.spec.secret, 'whsec_x');
      await store.setEndpointState('b', 'active', undefined, T0 + 4);
      assert.equal((await store.getEndpoint('b'))?.stateReason, undefined);
      assert.deepEqual(
        (await store.listEndpoints()).map((e) => e.id),
        ['a', 'b'],
      );
      assert.equal(await store.getEndpoint('zzz'), undefined);
    });

    it('deleting an endpoint abandons its waiting deliveries, which stay visible', async (t) => {
      const store = await fresh(t);
      await store.upsertEndpoint('ep', spec('https://a.example/hook'), T0);
      await store.publish([item('e1', [to('ep')]), item('e2', [to('ep')]), item('e3', [to('keep')])], T0);
      await store.claim(T0, [slot('ep')]);
      assert.equal(await store.deleteEndpoint('ep', T0 + 1), true);
      assert.equal(await store.deleteEndpoint('ep', T0 + 2), false);
      assert.equal(await store.getEndpoint('ep'), undefined);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:abandoned', 'e2:abandoned']);
      assert.equal((await deliveryOf(store, 'e2')).lastError, 'endpoint deleted');
      assert.deepEqual(await lanes(store, 'keep'), ['e3:pending']);
    });

    it('retryDelivery: not_found and not_retryable', async (t) => {
      const store = await fresh(t);
      await store.publish([item('e1', [to('ep')])], T0);
      const row = await deliveryOf(store, 'e1');
      assert.equal(await store.retryDelivery(row.id + 1000, T0), 'not_found');
      assert.equal(await store.retryDelivery(row.id, T0), 'not_retryable');
      const [claimed] = await store.claim(T0, [slot('ep')]);
      assert.equal(await store.retryDelivery(row.id, T0), 'not_retryable');
      await store.record([attempt(claimed!, DELIVERED)], T0);
      assert.equal(await store.retryDelivery(row.id, T0), 'not_retryable', 'delivered is final');
    });

    it('retryDelivery refuses a delivery whose endpoint was deleted (it could never be claimed)', async (t) => {
      const store = await fresh(t);
      await store.upsertEndpoint('ep', spec('https://a.example/hook'), T0);
      await store.publish([item('e1', [to('ep')])], T0);
      await store.deleteEndpoint('ep', T0 + 1);
      const row = await deliveryOf(store, 'e1');
      assert.equal(row.status, 'abandoned');
      assert.equal(await store.retryDelivery(row.id, T0 + 2), 'not_retryable');
      assert.equal((await deliveryOf(store, 'e1')).status, 'abandoned', 'left as it was');
    });

    it('retryDelivery makes a failed delivery its idle lane’s head again, with a fresh schedule', async (t) => {
      const store = await fresh(t);
      await store.upsertEndpoint('ep', spec('https://a.example/hook'), T0);
      await store.publish([item('e1', [to('ep')])], T0);
      const [claimed] = await store.claim(T0, [slot('ep')]);
      await store.record([attempt(claimed!, { kind: 'failed' }, T0, 400)], T0 + 1);
      const row = await store.retryDelivery(claimed!.id, T0 + 100);
      assert.notEqual(typeof row, 'string');
      const retried = row as DeliveryRow;
      assert.equal(retried.status, 'pending');
      assert.equal(retried.attempts, 0);
      assert.equal(retried.nextAttemptAt, T0 + 100);
      assert.equal(retried.eventId, 'e1');
      assert.deepEqual(ids(await store.claim(T0 + 100, [slot('ep')])), ['e1']);
    });

    it('retryDelivery into a busy lane makes it the lane’s next member', async (t) => {
      const store = await fresh(t);
      await store.upsertEndpoint('ep', spec('https://a.example/hook'), T0);
      await store.publish([item('e1', [to('ep')])], T0);
      const [c1] = await store.claim(T0, [slot('ep')]);
      await store.record([attempt(c1!, { kind: 'abandoned' })], T0 + 1);
      await store.publish([item('e2', [to('ep')]), item('e3', [to('ep')])], T0 + 2);
      const [c2] = await store.claim(T0 + 2, [slot('ep')]);
      assert.equal(c2?.eventId, 'e2');
      const row = (await store.retryDelivery(c1!.id, T0 + 3)) as DeliveryRow;
      assert.equal(row.status, 'queued');
      assert.equal(row.nextAttemptAt, undefined);
      await store.record([attempt(c2!, DELIVERED)], T0 + 4);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:pending', 'e2:delivered', 'e3:queued']);
      assert.deepEqual(ids(await store.claim(T0 + 4, [slot('ep')])), ['e1']);
    });

    it('a lane whose head is a retried delivery stays busy: what is published next queues behind it', async (t) => {
      const store = await fresh(t);
      await store.upsertEndpoint('ep', spec('https://a.example/hook'), T0);
      await store.publish([item('e1', [to('ep')])], T0);
      const [c1] = await store.claim(T0, [slot('ep')]);
      await store.record([attempt(c1!, { kind: 'failed' }, T0, 400)], T0 + 1);
      await store.publish([item('e2', [to('ep')])], T0 + 2);
      const [c2] = await store.claim(T0 + 2, [slot('ep')]);
      await store.retryDelivery(c1!.id, T0 + 3);
      await store.record([attempt(c2!, DELIVERED)], T0 + 4);
      await store.publish([item('e3', [to('ep')]), item('e4', [to('ep')])], T0 + 5);
      assert.deepEqual(await lanes(store, 'ep'), ['e1:pending', 'e2:delivered', 'e3:queued', 'e4:queued']);
      const [again] = await store.claim(T0 + 5, [slot('ep')]);
      assert.equal(again?.eventId, 'e1');
      await store.record([attempt(again!, DELIVERED)], T0 + 6);
      assert.deepEqual(ids(await store.claim(T0 + 6, [slot('ep')])), ['e3']);
    });

    it('replay queues events created since a time, in event order, behind busy lanes', async (t) => {
      const store = await fresh(t);
      await store.publish(
        [
          item('old', [], { createdAt: T0 - 10 }),
          item('e1', [to('other')], { createdAt: T0 }),
          item('e2', [], { createdAt: T0 + 10, name: 'room_started' }),
          item('e3', [], { createdAt: T0 + 20 }),
          item('busy', [to('ep', 'b')], { createdAt: T0 - 100 }),
        ],
        T0,
      );
      const seen: string[] = [];
      const count = await store.replay(
        'ep',
        T0,
        (e) => {
          seen.push(e.id);
          if (e.name === 'room_started') return to('ep', 'b', false);
          if (e.id === 'e3') return to('ep', 'b');
          return to('ep', 'a');
        },
        T0 + 50,
      );
      assert.deepEqual(seen, ['e1', 'e2', 'e3']);
      assert.equal(count, 2);
      assert.deepEqual(await lanes(store, 'ep'), [
        'busy:pending',
        'e1:pending',
        'e2:not_applicable',
        'e3:queued',
      ]);
      assert.equal(
        await store.replay('ep', T0, (e) => (e.id === 'e1' ? to('elsewhere') : undefined), T0),
        0,
        'deliveries routed to another endpoint are ignored',
      );
    });

    it('listEvents filters by room, name and time, newest first, with a cursor', async (t) => {
      const store = await fresh(t);
      await store.publish(
        [
          item('a1', [], { room: 'A', createdAt: T0 }),
          item('b1', [], { room: 'B', createdAt: T0 + 10, name: 'room_started' }),
          item('a2', [], { room: 'A', createdAt: T0 + 20 }),
          item('x1', [], { room: undefined, createdAt: T0 + 30, name: 'egress_started' }),
          item('a3', [], { room: 'A', createdAt: T0 + 40, name: 'room_started' }),
        ],
        T0,
      );
      const names = async (q: Parameters<Store['listEvents']>[0]): Promise<string[]> =>
        (await store.listEvents(q)).map((e) => e.id);
      assert.deepEqual(await names({}), ['a3', 'x1', 'a2', 'b1', 'a1']);
      assert.deepEqual(await names({ room: 'A' }), ['a3', 'a2', 'a1']);
      assert.deepEqual(await names({ name: 'room_started' }), ['a3', 'b1']);
      assert.deepEqual(await names({ since: T0 + 10, until: T0 + 30 }), ['a2', 'b1']);
      const page1 = await store.listEvents({ limit: 2 });
      assert.deepEqual(
        page1.map((e) => e.id),
        ['a3', 'x1'],
      );
      assert.deepEqual(await names({ limit: 2, before: page1.at(-1)!.seq }), ['a2', 'b1']);
      assert.deepEqual(await names({ room: 'A', before: page1[0]!.seq, limit: 1 }), ['a2']);
      assert.equal((await store.getEvent('x1'))?.room, undefined);
    });

    it('listDeliveries filters by endpoint, status and event, newest first, with a cursor', async (t) => {
      const store = await fresh(t);
      await store.publish(
        [
          item('e1', [to('ep1', 'a'), to('ep2', 'a')]),
          item('e2', [to('ep1', 'a')]),
          item('e3', [to('ep1', 'b', false)]),
        ],
        T0,
      );
      const list = async (q: Parameters<Store['listDeliveries']>[0]): Promise<string[]> =>
        (await store.listDeliveries(q)).map((d) => `${d.eventId}>${d.endpointId}`);
      assert.deepEqual(await list({}), ['e3>ep1', 'e2>ep1', 'e1>ep2', 'e1>ep1']);
      assert.deepEqual(await list({ endpointId: 'ep2' }), ['e1>ep2']);
      assert.deepEqual(await list({ status: 'queued' }), ['e2>ep1']);
      assert.deepEqual(await list({ status: ['queued', 'not_applicable'] }), ['e3>ep1', 'e2>ep1']);
      assert.deepEqual(await list({ eventId: 'e1' }), ['e1>ep2', 'e1>ep1']);
      assert.deepEqual(await list({ endpointId: 'ep1', status: 'pending' }), ['e1>ep1']);
      const page = await store.listDeliveries({ limit: 2 });
      assert.deepEqual(await list({ before: page.at(-1)!.id, limit: 5 }), ['e1>ep2', 'e1>ep1']);
    });

    it('backlog counts waiting and in-flight deliveries per endpoint; stats count everything', async (t) => {
      const store = await fresh(t);
      await store.publish(
        [
          item('e1', [to('ep1', 'a'), to('ep2', 'a')]),
          item('e2', [to('ep1', 'a')]),
          item('e3', [to('ep1', 'b', false)]),
          item('e4', []),
        ],
        T0,
      );
      const claimed = await store.claim(T0, [slot('ep2')]);
      assert.deepEqual([...(await store.backlog())].sort(), [
        ['ep1', 2],
        ['ep2', 1],
      ]);
      await store.record([attempt(claimed[0]!, DELIVERED)], T0 + 1);
      assert.deepEqual(await store.stats(), {
        events: 4,
        deliveries: {
          queued: 1,
          pending: 1,
          in_flight: 0,
          delivered: 1,
          failed: 0,
          abandoned: 0,
          not_applicable: 1,
        },
      });
      assert.deepEqual([...(await store.backlog())], [['ep1', 2]]);
    });

    it('settings are stored and overwritten', async (t) => {
      const store = await fresh(t);
      assert.equal(await store.getSetting('k'), undefined);
      await store.setSetting('k', 'v1');
      await store.setSetting('k', 'v2');
      assert.equal(await store.getSetting('k'), 'v2');
    });

    it('prune removes old, fully delivered events with their deliveries and attempts, in batches', async (t) => {
      const store = await fresh(t);
      await store.publish(
        [
          item('d1', [to('ep', 'a')]),
          item('f1', [to('ep', 'b')]),
          item('d2', [to('ep', 'c'), to('ep2', 'c')]),
          item('n1', [to('ep', 'd', false)]),
          item('w1', [to('ep', 'a')]),
          item('z1', []),
        ],
        T0,
      );
      const c1 = await store.claim(T0, [slot('ep'), slot('ep2')]);
      const verdicts = c1.map((c) => attempt(c, c.eventId === 'f1' ? { kind: 'failed' } : DELIVERED));
      await store.record(verdicts, T0 + 10);
      // d1 delivered, so w1 is now the head of lane a: still waiting, it must stay.
      await store.publish([item('late', [to('ep', 'e')])], T0 + 50_000);
      const [late] = await store
        .claim(T0 + 50_000, [slot('ep')])
        .then((cs) => cs.filter((c) => c.eventId === 'late'));
      await store.record([attempt(late!, DELIVERED)], T0 + 50_001);
      const d1 = await deliveryOf(store, 'd1');

      assert.deepEqual(
        await store.prune(T0, 10),
        { removed: 0, more: false },
        'published at the cut-off stays',
      );
      assert.deepEqual(await store.prune(T0 + 1_000, 2), { removed: 2, more: true });
      assert.deepEqual(await store.prune(T0 + 1_000, 2), { removed: 2, more: true });
      assert.deepEqual(await store.prune(T0 + 1_000, 2), { removed: 0, more: false });
      for (const gone of ['d1', 'd2', 'n1', 'z1']) assert.equal(await store.getEvent(gone), undefined, gone);
      assert.deepEqual(await store.listAttempts(d1.id), []);
      assert.deepEqual(await lanes(store, 'ep'), ['f1:failed', 'w1:in_flight', 'late:delivered']);
      assert.deepEqual(await lanes(store, 'ep2'), []);
      assert.equal((await store.stats()).events, 3);
      // The lanes still work after pruning.
      await store.publish([item('next', [to('ep', 'c')])], T0 + 60_000);
      assert.equal((await deliveryOf(store, 'next')).status, 'pending');
    });

    it('prune examines a bounded window per call, so events that must stay never make a call slow', async (t) => {
      const store = await fresh(t);
      // 20 events still waiting (a backlog), then 3 delivered ones.
      await store.publish(
        Array.from({ length: 20 }, (_, i) => item(`wait${i}`, [to('down', `l${i}`)])),
        T0,
      );
      await store.publish(
        [item('d1', [to('ep', 'a')]), item('d2', [to('ep', 'b')]), item('d3', [to('ep', 'c')])],
        T0,
      );
      const claimed = await store.claim(T0, [slot('ep')]);
      await store.record(
        claimed.map((c) => attempt(c, DELIVERED)),
        T0 + 1,
      );
      const calls: { removed: number; more: boolean }[] = [];
      for (let i = 0; i < 20; i++) {
        const step = await store.prune(T0 + 1_000, 2);
        calls.push(step);
        if (!step.more) break;
      }
      // Windows of 2 × 4 events: 8 waiting, 8 waiting, then 4 waiting and 2 delivered (a full batch), then the last.
      assert.deepEqual(calls, [
        { removed: 0, more: true },
        { removed: 0, more: true },
        { removed: 2, more: true },
        { removed: 1, more: false },
      ]);
      assert.equal((await store.stats()).events, 20);
      // A new sweep starts over from the oldest event.
      assert.deepEqual(await store.prune(T0 + 1_000, 2), { removed: 0, more: true });
    });
  });
}
