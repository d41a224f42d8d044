/**
 * The shared store: PostgreSQL, for several roomhooks processes on one database.
 *
 * Same contract and same lane model as the SQLite store (only a lane's head is ever `pending`, later members
 * wait `queued` and are promoted when the head finishes); what changes is that writers race. The clever parts
 * live in their own modules, each with the reason for its shape: lanes.ts (per-lane serialisation of publish
 * and promotion), cycle.ts (`FOR UPDATE SKIP LOCKED`, leases, fenced verdicts and promotion, in one round
 * trip), prune.ts (retention), listener.ts (LISTEN/NOTIFY), migrate.ts (concurrent-safe migrations).
 * Every method is one transaction, or one statement.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type {
  AttemptRecord,
  AttemptRow,
  ClaimSlot,
  ClaimedDelivery,
  DeliveryInput,
  DeliveryQuery,
  DeliveryRow,
  DeliveryStatus,
  EndpointRow,
  EndpointState,
  EventQuery,
  EventRow,
  PublishBatchItem,
  PublishResult,
  PruneResult,
  Store,
  StoreStats,
} from '../contract.js';
import type { EndpointSpec } from '../../engine/endpoint-spec.js';
import { opt, toAttemptRow, toDeliveryRow, toEndpointRow, toEventRow, type Row } from '../rows.js';
import { cycle, forgetLeases } from './cycle.js';
import {
  connectionSettings,
  createPool,
  transaction,
  type ConnectionSettings,
  type PostgresStoreOptions,
} from './connection.js';
import { enqueue, lockLanes, type EnqueueRow } from './lanes.js';
import { CHANNEL, Listener, notifyPayload } from './listener.js';
import { migrate } from './migrate.js';
import { prune } from './prune.js';

export type { PostgresStoreOptions } from './connection.js';

/** Builds a WHERE clause from optional filters, numbering placeholders as it goes. */
class Where {
  readonly #terms: string[] = [];
  readonly params: unknown[] = [];

  add(term: (p: string) => string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.#terms.push(term(`$${this.params.length}`));
    return this;
  }

  sql(): string {
    return this.#terms.length > 0 ? `WHERE ${this.#terms.join(' AND ')}` : '';
  }

  next(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

const DELIVERY_COLUMNS = `d.id, d.endpoint_id, d.lane, d.status, d.attempts, d.next_attempt_at, d.last_status_code,
  d.last_error, d.updated_at, e.id AS event_id, e.name AS event_name`;

const PUBLISH = {
  // Named: prepared once per connection. One statement, so one transaction without BEGIN/COMMIT round trips.
  name: 'roomhooks_publish',
  text: `SELECT id FROM roomhooks_publish($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS id`,
};

export class PostgresStore implements Store {
  readonly #pool: pg.Pool;
  readonly #settings: ConnectionSettings;
  readonly #defaultLeaseMs: number;
  readonly #asyncCycles: boolean;
  readonly #onError: (err: Error) => void;
  /** Identifies this instance in NOTIFY payloads, so that it ignores its own. */
  readonly #instanceId = randomBytes(6).toString('hex');
  /** Fencing tokens (`lease_until`) of the deliveries this instance has claimed and not yet recorded. */
  readonly #leases = new Map<number, number>();
  readonly #wakers = new Set<() => void>();
  #listener: Listener | undefined;
  /** Where this instance's retention sweep stands (the last event seq it examined). */
  #pruneCursor = 0;
  #closed = false;

  private constructor(options: PostgresStoreOptions) {
    this.#settings = connectionSettings(options);
    this.#defaultLeaseMs = options.defaultLeaseMs ?? 60_000;
    this.#asyncCycles = options.synchronous !== 'full';
    this.#onError = options.onError ?? (() => {});
    this.#pool = createPool(this.#settings, options.poolSize ?? 10, (err) => this.#onError(err));
  }

  /**
   * Connects and brings the schema up to date (safe when several processes start at once).
   *
   * @example
   * ```ts
   * const store = await PostgresStore.open({ connectionString: 'postgres://localhost/roomhooks' });
   * const notifier = await createNotifier({ store, keys: { APIkey: 'secret' } });
   * ```
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    try {
      await migrate(store.#pool, store.#settings.schema);
    } catch (err) {
      await store.#pool.end().catch(() => {});
      throw err;
    }
    return store;
  }

  get schema(): string {
    return this.#settings.schema;
  }

  #tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return transaction(this.#pool, fn);
  }

  #payload(): string {
    return notifyPayload(this.#settings.schema, this.#instanceId);
  }

  async publish(items: readonly PublishBatchItem[], now: number): Promise<PublishResult> {
    const result: PublishResult = { inserted: [], duplicates: [] };
    if (items.length === 0) return result;
    const events = items.map((i) => i.event);
    const deliveries = items.flatMap((item, i) => item.deliveries.map((d) => ({ ...d, event: i + 1 })));
    const { rows } = await this.#pool.query<{ id: string }>({
      ...PUBLISH,
      values: [
        events.map((e) => e.id),
        events.map((e) => e.name),
        events.map((e) => e.room ?? null),
        events.map((e) => e.orderingKey),
        events.map((e) => e.createdAt),
        events.map((e) => e.body),
        deliveries.map((d) => d.event),
        deliveries.map((d) => d.endpointId),
        deliveries.map((d) => d.lane),
        deliveries.map((d) => d.applicable),
        now,
        CHANNEL,
        this.#payload(),
      ],
    });
    // The first occurrence of a stored id is the stored one; later ones (and ids stored before) are duplicates.
    const stored = new Set(rows.map((r) => r.id));
    for (const { event } of items) {
      if (stored.delete(event.id)) result.inserted.push(event.id);
      else result.duplicates.push(event.id);
    }
    return result;
  }

  async claim(now: number, slots: readonly ClaimSlot[]): Promise<ClaimedDelivery[]> {
    return this.cycle([], now, slots);
  }

  async record(attempts: readonly AttemptRecord[], now: number): Promise<void> {
    await this.cycle(attempts, now, []);
  }

  /** One statement (see cycle.ts): a transaction of its own, without BEGIN/COMMIT round trips. */
  async cycle(
    attempts: readonly AttemptRecord[],
    now: number,
    slots: readonly ClaimSlot[],
  ): Promise<ClaimedDelivery[]> {
    const claimed = await cycle(
      this.#pool,
      attempts,
      now,
      slots,
      this.#defaultLeaseMs,
      this.#leases,
      this.#asyncCycles,
    );
    forgetLeases(attempts, this.#leases);
    return claimed;
  }

  /** Includes in-flight leases: when one runs out, its delivery is claimable again (its owner died). */
  async nextDueAt(endpointIds: readonly string[]): Promise<number | undefined> {
    if (endpointIds.length === 0) return undefined;
    const { rows } = await this.#pool.query<{ at: number | null }>(
      `SELECT min(due_at) AS at FROM deliveries
       WHERE status IN ('pending', 'in_flight') AND endpoint_id = ANY($1::text[])`,
      [endpointIds],
    );
    return opt(rows[0]?.at ?? null);
  }

  async wakeEndpoint(endpointId: string, now: number): Promise<number> {
    const { rowCount } = await this.#pool.query(
      `UPDATE deliveries SET next_attempt_at = $2
       WHERE status = 'pending' AND endpoint_id = $1 AND next_attempt_at > $2`,
      [endpointId, now],
    );
    return rowCount ?? 0;
  }

  /**
   * Only expired leases: other processes' live claims are theirs. A claim takes expired leases anyway; this
   * makes them plain `pending` heads again (visible as such in stats) when a process starts.
   */
  async recoverInFlight(now: number): Promise<number> {
    const { rowCount } = await this.#pool.query(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = $1, lease_until = NULL
       WHERE status = 'in_flight' AND lease_until <= $1`,
      [now],
    );
    return rowCount ?? 0;
  }

  async upsertEndpoint(id: string, spec: EndpointSpec, now: number): Promise<EndpointRow> {
    const { rows } = await this.#pool.query<Row>(
      `INSERT INTO endpoints (id, spec, created_at, updated_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (id) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at
       RETURNING *`,
      [id, JSON.stringify(spec), now],
    );
    return toEndpointRow(rows[0]!);
  }

  async setEndpointState(
    id: string,
    state: EndpointState,
    reason: string | undefined,
    now: number,
  ): Promise<void> {
    await this.#pool.query(
      `UPDATE endpoints SET state = $1, state_reason = $2, updated_at = $3 WHERE id = $4`,
      [state, reason ?? null, now, id],
    );
  }

  async deleteEndpoint(id: string, now: number): Promise<boolean> {
    return this.#tx(async (db) => {
      // The endpoint's lanes first, in the same order as every other lane lock: no publish or record of this
      // endpoint runs while its waiting deliveries are abandoned.
      await db.query(`SELECT 1 FROM lanes WHERE endpoint_id = $1 ORDER BY endpoint_id, lane FOR UPDATE`, [
        id,
      ]);
      await db.query(
        `UPDATE deliveries SET status = 'abandoned', last_error = 'endpoint deleted', next_attempt_at = NULL,
           lease_until = NULL, updated_at = $1
         WHERE endpoint_id = $2 AND status IN ('queued', 'pending', 'in_flight')`,
        [now, id],
      );
      const { rowCount } = await db.query(`DELETE FROM endpoints WHERE id = $1`, [id]);
      return rowCount === 1;
    });
  }

  async getEndpoint(id: string): Promise<EndpointRow | undefined> {
    const { rows } = await this.#pool.query<Row>(`SELECT * FROM endpoints WHERE id = $1`, [id]);
    return rows[0] && toEndpointRow(rows[0]);
  }

  async listEndpoints(): Promise<EndpointRow[]> {
    const { rows } = await this.#pool.query<Row>(`SELECT * FROM endpoints ORDER BY created_at, id`);
    return rows.map(toEndpointRow);
  }

  async retryDelivery(id: number, now: number): Promise<DeliveryRow | 'not_found' | 'not_retryable'> {
    const get = `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.id = $1`;
    return this.#tx(async (db) => {
      const before = (await db.query<Row>(get, [id])).rows[0];
      if (!before) return 'not_found' as const;
      if (before.status !== 'failed' && before.status !== 'abandoned') return 'not_retryable' as const;
      await lockLanes(db, [{ endpointId: before.endpoint_id as string, lane: before.lane as string }]);
      // Re-read under the lane lock: another process may have retried it meanwhile. A busy lane takes it as
      // its next member (its id is the lane's oldest), an idle one as its head.
      const { rows } = await db.query<Row>(
        `UPDATE deliveries d SET
           status = CASE WHEN busy.any THEN 'queued' ELSE 'pending' END,
           next_attempt_at = CASE WHEN busy.any THEN NULL ELSE $2::bigint END,
           attempts = 0, updated_at = $2
         FROM (SELECT EXISTS (
                 SELECT 1 FROM deliveries b WHERE b.endpoint_id = $3 AND b.lane = $4
                   AND b.status IN ('queued', 'pending', 'in_flight')) AS any) busy
         WHERE d.id = $1 AND d.status IN ('failed', 'abandoned')
           -- Its endpoint deleted, it would wait forever for a claim that never comes.
           AND EXISTS (SELECT 1 FROM endpoints p WHERE p.id = d.endpoint_id)
         RETURNING d.id`,
        [id, now, before.endpoint_id, before.lane],
      );
      if (rows.length === 0) return 'not_retryable' as const;
      return toDeliveryRow((await db.query<Row>(get, [id])).rows[0]!);
    });
  }

  async replay(
    endpointId: string,
    since: number,
    route: (event: EventRow) => DeliveryInput | undefined,
    now: number,
  ): Promise<number> {
    return this.#tx(async (db) => {
      const { rows } = await db.query<Row>(`SELECT * FROM events WHERE created_at >= $1 ORDER BY seq`, [
        since,
      ]);
      const deliveries: EnqueueRow[] = [];
      for (const r of rows) {
        const event = toEventRow(r);
        const delivery = route(event);
        if (!delivery || delivery.endpointId !== endpointId) continue;
        deliveries.push({ eventSeq: event.seq, ...delivery });
      }
      return enqueue(db, deliveries, now, CHANNEL, this.#payload());
    });
  }

  async getEvent(id: string): Promise<EventRow | undefined> {
    const { rows } = await this.#pool.query<Row>(`SELECT * FROM events WHERE id = $1`, [id]);
    return rows[0] && toEventRow(rows[0]);
  }

  async listEvents(q: EventQuery): Promise<EventRow[]> {
    const w = new Where();
    w.add((p) => `room = ${p}`, q.room).add((p) => `name = ${p}`, q.name);
    w.add((p) => `created_at >= ${p}`, q.since).add((p) => `created_at < ${p}`, q.until);
    if (q.after !== undefined) w.add((p) => `seq > ${p}`, q.after);
    else w.add((p) => `seq < ${p}`, q.before);
    const order = q.after !== undefined ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM events ${w.sql()} ORDER BY seq ${order} LIMIT ${w.next(q.limit ?? 100)}`;
    return (await this.#pool.query<Row>(sql, w.params)).rows.map(toEventRow);
  }

  async listDeliveries(q: DeliveryQuery): Promise<DeliveryRow[]> {
    const w = new Where();
    w.add((p) => `d.endpoint_id = ${p}`, q.endpointId).add((p) => `e.id = ${p}`, q.eventId);
    w.add((p) => `d.id < ${p}`, q.before);
    if (q.status !== undefined) {
      const statuses = typeof q.status === 'string' ? [q.status] : [...q.status];
      w.add((p) => `d.status = ANY(${p}::text[])`, statuses);
    }
    const sql = `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.seq = d.event_seq
      ${w.sql()} ORDER BY d.id DESC LIMIT ${w.next(q.limit ?? 100)}`;
    return (await this.#pool.query<Row>(sql, w.params)).rows.map(toDeliveryRow);
  }

  async listAttempts(deliveryId: number): Promise<AttemptRow[]> {
    const { rows } = await this.#pool.query<Row>(
      `SELECT * FROM attempts WHERE delivery_id = $1 ORDER BY id`,
      [deliveryId],
    );
    return rows.map(toAttemptRow);
  }

  async backlog(): Promise<Map<string, number>> {
    const { rows } = await this.#pool.query<{ endpoint_id: string; n: number }>(
      `SELECT endpoint_id, count(*) AS n FROM deliveries
       WHERE status IN ('queued', 'pending', 'in_flight') GROUP BY endpoint_id`,
    );
    return new Map(rows.map((r) => [r.endpoint_id, r.n]));
  }

  async stats(): Promise<StoreStats> {
    const deliveries: StoreStats['deliveries'] = {
      queued: 0,
      pending: 0,
      in_flight: 0,
      delivered: 0,
      failed: 0,
      abandoned: 0,
      not_applicable: 0,
    };
    const { rows } = await this.#pool.query<{ status: DeliveryStatus | null; n: number }>(
      `SELECT status, count(*) AS n FROM deliveries GROUP BY status
       UNION ALL SELECT NULL, count(*) FROM events`,
    );
    let events = 0;
    for (const r of rows) {
      if (r.status === null) events = r.n;
      else deliveries[r.status] = r.n;
    }
    return { events, deliveries };
  }

  async getSetting(key: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [
      key,
    ]);
    return rows[0]?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.#pool.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  }

  async prune(olderThan: number, limit: number): Promise<PruneResult> {
    const { removed, more, cursor } = await this.#tx((db) => prune(db, olderThan, limit, this.#pruneCursor));
    this.#pruneCursor = cursor;
    return { removed, more };
  }

  listen(onWake: () => void): void {
    if (this.#closed) return;
    this.#wakers.add(onWake);
    this.#listener ??= new Listener({
      settings: this.#settings,
      instanceId: this.#instanceId,
      onWake: () => {
        for (const wake of this.#wakers) wake();
      },
      onError: (err) => this.#onError(err),
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#listener?.close();
    await this.#pool.end();
  }
}
