/**
 * The embedded store: one SQLite file in WAL mode through better-sqlite3.
 *
 * better-sqlite3 is synchronous, and that is the point: a transaction of thousands of rows takes microseconds
 * per row with no round trips, so the engine batches work into few transactions instead of many awaits.
 * Methods are still async to honour the contract shared with PostgreSQL.
 */
import Database from 'better-sqlite3';
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
import { PRUNE_SCAN_FACTOR } from '../contract.js';
import type { EndpointSpec } from '../../engine/endpoint-spec.js';
import { opt, toAttemptRow, toDeliveryRow, toEndpointRow, toEventRow, type Row } from '../rows.js';
import { Checkpointer } from './checkpointer.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
  /**
   * `normal` (default) survives any process crash; `full` also survives power loss at the cost of an fsync
   * per transaction.
   */
  synchronous?: 'normal' | 'full';
  /**
   * How often a background thread checkpoints the WAL into the database file (see ./checkpointer.ts), in ms;
   * default 100. `0` leaves checkpoints to SQLite's automatic one, inside commits.
   */
  checkpointIntervalMs?: number;
  /** Failures of background work (a checkpoint); the store carries on. */
  onError?: (err: Error) => void;
}

const ACTIVE = `('queued', 'pending', 'in_flight')`;

/** Builds a WHERE clause from optional filters: a condition is added only when its value is given. */
class Where {
  readonly #terms: string[] = [];
  readonly params: unknown[] = [];

  add(term: string, ...values: unknown[]): this {
    if (values.length === 0 || values[0] === undefined) return this;
    this.#terms.push(term);
    this.params.push(...values);
    return this;
  }

  sql(): string {
    return this.#terms.length > 0 ? `WHERE ${this.#terms.join(' AND ')}` : '';
  }
}

const DELIVERY_COLUMNS = `d.id, d.endpoint_id, d.lane, d.status, d.attempts, d.next_attempt_at, d.last_status_code,
  d.last_error, d.updated_at, e.id AS event_id, e.name AS event_name`;

export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #s;
  /** Where the current retention sweep stands (the last event seq it examined). */
  #pruneCursor = 0;
  readonly #checkpointer: Checkpointer | undefined;
  /**
   * Waiting and in-flight deliveries per endpoint, counted once on the first `backlog()` and then kept in step
   * with every commit: no index covers `status` (migration 2), so counting would read every delivery ever kept,
   * on each metrics scrape.
   */
  #active: Map<string, number> | undefined;
  /** Changes to `#active` made by the transaction under way, applied only once it commits. */
  readonly #activeDelta = new Map<string, number>();

  constructor(options: SqliteStoreOptions) {
    this.#db = new Database(options.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    this.#db.pragma('busy_timeout = 5000');
    // 64 MB of page cache: lane heads, indexes and recent events stay hot under a large backlog.
    this.#db.pragma('cache_size = -65536');
    // The background checkpointer does the work; this ~40 MB threshold is the backstop that lets the WAL rewind.
    this.#db.pragma('wal_autocheckpoint = 10000');
    this.#migrate();
    const interval = options.checkpointIntervalMs ?? 100;
    if (interval > 0 && !this.#db.memory) {
      this.#checkpointer = new Checkpointer({
        path: options.path,
        intervalMs: interval,
        ...(options.onError ? { onError: options.onError } : {}),
      });
    }
    const db = this.#db;
    this.#s = {
      insertEvent: db.prepare(
        `INSERT INTO events (id, name, room, ordering_key, created_at, published_at, body)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      // A lane's last place: the members sharing its highest `lane_seq` (more than one only after a manual retry).
      laneTail: db.prepare(
        `SELECT lane_seq AS seq, status IN ${ACTIVE} AS active FROM deliveries
         WHERE endpoint_id = @endpoint AND lane = @lane AND lane_seq = (
           SELECT MAX(lane_seq) FROM deliveries WHERE endpoint_id = @endpoint AND lane = @lane)`,
      ),
      // A busy lane's head is its one pending or in-flight member. Looked for from the tail down, through the
      // queued members only, rather than up through the lane's whole delivered history.
      laneHeadSeq: db
        .prepare(
          `SELECT lane_seq FROM deliveries
           WHERE endpoint_id = ? AND lane = ? AND status IN ('pending', 'in_flight')
           ORDER BY lane_seq DESC LIMIT 1`,
        )
        .pluck(),
      insertDelivery: db.prepare(
        `INSERT INTO deliveries (event_seq, endpoint_id, lane, lane_seq, status, next_attempt_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      due: db.prepare(
        `SELECT d.id, d.endpoint_id, d.lane, d.attempts, e.id AS event_id, e.name, e.created_at, e.body
         FROM deliveries d JOIN events e ON e.seq = d.event_seq
         WHERE d.status = 'pending' AND d.endpoint_id = ? AND d.next_attempt_at <= ?
         ORDER BY d.next_attempt_at LIMIT ?`,
      ),
      earliest: db.prepare(
        `SELECT d.id, d.endpoint_id, d.lane, d.attempts, e.id AS event_id, e.name, e.created_at, e.body
         FROM deliveries d JOIN events e ON e.seq = d.event_seq
         WHERE d.status = 'pending' AND d.endpoint_id = ? AND ? IS NOT NULL
         ORDER BY d.next_attempt_at LIMIT ?`,
      ),
      markInFlight: db.prepare(`UPDATE deliveries SET status = 'in_flight', updated_at = ? WHERE id = ?`),
      insertAttempt: db.prepare(
        `INSERT INTO attempts (delivery_id, started_at, duration_ms, status_code, outcome, error, response)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      finish: db
        .prepare(
          `UPDATE deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_status_code = ?,
             last_error = ?, updated_at = ?
           WHERE id = ? AND status = 'in_flight' RETURNING lane_seq`,
        )
        .pluck(),
      // The lane's next member becomes its head: the first queued one from the finished head's place on.
      promote: db.prepare(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = @now, updated_at = @now
         WHERE id = (
           SELECT id FROM deliveries
           WHERE endpoint_id = @endpoint AND lane = @lane AND lane_seq >= @seq AND status = 'queued'
           ORDER BY lane_seq, id LIMIT 1)`,
      ),
      nextDue: db
        .prepare(
          `SELECT MIN(next_attempt_at) FROM deliveries
           WHERE status = 'pending' AND endpoint_id IN (SELECT value FROM json_each(?))`,
        )
        .pluck(),
      wake: db.prepare(
        `UPDATE deliveries SET next_attempt_at = ? WHERE status = 'pending' AND endpoint_id = ? AND next_attempt_at > ?`,
      ),
      recover: db.prepare(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE status = 'in_flight'`,
      ),
      upsertEndpoint: db.prepare(
        `INSERT INTO endpoints (id, spec, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at`,
      ),
      endpointState: db.prepare(
        `UPDATE endpoints SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?`,
      ),
      deleteEndpoint: db.prepare(`DELETE FROM endpoints WHERE id = ?`),
      abandonEndpoint: db.prepare(
        `UPDATE deliveries SET status = 'abandoned', last_error = 'endpoint deleted', next_attempt_at = NULL,
           updated_at = ?
         WHERE endpoint_id = ? AND status IN ${ACTIVE}`,
      ),
      getEndpoint: db.prepare(`SELECT * FROM endpoints WHERE id = ?`),
      listEndpoints: db.prepare(`SELECT * FROM endpoints ORDER BY created_at, id`),
      getDelivery: db.prepare(
        `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.id = ?`,
      ),
      requeue: db.prepare(
        `UPDATE deliveries SET status = ?, lane_seq = ?, attempts = 0, next_attempt_at = ?, updated_at = ?
         WHERE id = ?`,
      ),
      eventsSince: db.prepare(`SELECT * FROM events WHERE created_at >= ? ORDER BY seq`),
      getEvent: db.prepare(`SELECT * FROM events WHERE id = ?`),
      attempts: db.prepare(`SELECT * FROM attempts WHERE delivery_id = ? ORDER BY id`),
      backlog: db.prepare(
        `SELECT endpoint_id, COUNT(*) AS n FROM deliveries WHERE status IN ${ACTIVE} GROUP BY endpoint_id`,
      ),
      countEvents: db.prepare(`SELECT COUNT(*) FROM events`).pluck(),
      countByStatus: db.prepare(`SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status`),
      // Retention, one window of the oldest events after the sweep's cursor: an event goes when it is older than
      // the cut-off and every delivery of it was delivered (or not applicable) before it; failed and abandoned
      // ones keep their event, retryable by hand. A bounded window, not "the first N eligible": a long run of
      // events that must stay would otherwise be scanned in full by every call.
      pruneScan: db.prepare(
        `SELECT e.seq, e.published_at < ? AS old, NOT EXISTS (
           SELECT 1 FROM deliveries d
           WHERE d.event_seq = e.seq AND (d.status NOT IN ('delivered', 'not_applicable') OR d.updated_at >= ?)
         ) AS done
         FROM events e WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
      ),
      pruneAttempts: db.prepare(
        `DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE event_seq = ?)`,
      ),
      pruneDeliveries: db.prepare(`DELETE FROM deliveries WHERE event_seq = ?`),
      pruneEvent: db.prepare(`DELETE FROM events WHERE seq = ?`),
      getSetting: db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck(),
      setSetting: db.prepare(
        `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
    };
  }

  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number;
    for (let i = version; i < SQLITE_MIGRATIONS.length; i++) {
      this.#db
        .transaction(() => {
          this.#db.exec(SQLITE_MIGRATIONS[i]!);
          this.#db.pragma(`user_version = ${i + 1}`);
        })
        .immediate();
    }
  }

  /** Runs `fn` in a transaction, then applies what it changed in the backlog counts (nothing if it threw). */
  #tx<T>(fn: () => T, immediate = false): T {
    const run = this.#db.transaction(fn);
    try {
      const result = immediate ? run.immediate() : run();
      if (this.#active) {
        for (const [endpointId, n] of this.#activeDelta) {
          const total = (this.#active.get(endpointId) ?? 0) + n;
          if (total > 0) this.#active.set(endpointId, total);
          else this.#active.delete(endpointId);
        }
      }
      return result;
    } finally {
      this.#activeDelta.clear();
    }
  }

  #countActive(endpointId: string, n: number): void {
    if (this.#active) this.#activeDelta.set(endpointId, (this.#activeDelta.get(endpointId) ?? 0) + n);
  }

  /**
   * Where a delivery joining a lane goes: behind the last place when the lane is busy, else it is the head.
   *
   * Places (`lane_seq`) grow along a lane, and a lane is served in (lane_seq, id) order. Every active member
   * sits at or after every finished one (a manual retry into a busy lane takes its head's place, see
   * `retryDelivery`), so the lane is busy exactly when its last place holds an active member.
   */
  #tail(endpointId: string, lane: string): { busy: boolean; nextSeq: number } {
    const rows = this.#s.laneTail.all({ endpoint: endpointId, lane }) as { seq: number; active: number }[];
    return { busy: rows.some((r) => r.active === 1), nextSeq: (rows[0]?.seq ?? 0) + 1 };
  }

  /** Inserts one delivery at the tail of its lane: the head when the lane is idle, queued behind it otherwise. */
  #enqueue(eventSeq: number | bigint, d: DeliveryInput, now: number): void {
    if (!d.applicable) {
      this.#s.insertDelivery.run(eventSeq, d.endpointId, d.lane, null, 'not_applicable', null, now);
      return;
    }
    const { busy, nextSeq } = this.#tail(d.endpointId, d.lane);
    this.#countActive(d.endpointId, 1);
    this.#s.insertDelivery.run(
      eventSeq,
      d.endpointId,
      d.lane,
      nextSeq,
      busy ? 'queued' : 'pending',
      busy ? null : now,
      now,
    );
  }

  async publish(items: readonly PublishBatchItem[], now: number): Promise<PublishResult> {
    const result: PublishResult = { inserted: [], duplicates: [] };
    this.#tx(() => {
      for (const { event: e, deliveries } of items) {
        const info = this.#s.insertEvent.run(
          e.id,
          e.name,
          e.room ?? null,
          e.orderingKey,
          e.createdAt,
          now,
          e.body,
        );
        if (info.changes === 0) {
          result.duplicates.push(e.id);
          continue;
        }
        result.inserted.push(e.id);
        for (const d of deliveries) this.#enqueue(info.lastInsertRowid, d, now);
      }
    });
    return result;
  }

  #claim(now: number, slots: readonly ClaimSlot[]): ClaimedDelivery[] {
    const claimed: ClaimedDelivery[] = [];
    for (const slot of slots) {
      if (slot.limit <= 0) continue;
      const rows = (slot.probe ? this.#s.earliest : this.#s.due).all(
        slot.endpointId,
        now,
        slot.limit,
      ) as Row[];
      for (const r of rows) {
        this.#s.markInFlight.run(now, r.id);
        claimed.push({
          id: r.id as number,
          endpointId: r.endpoint_id as string,
          lane: r.lane as string,
          attempts: r.attempts as number,
          eventId: r.event_id as string,
          eventName: r.name as string,
          eventCreatedAt: r.created_at as number,
          body: r.body as string,
        });
      }
    }
    return claimed;
  }

  #record(attempts: readonly AttemptRecord[], now: number): void {
    for (const a of attempts) {
      const v = a.verdict;
      this.#s.insertAttempt.run(
        a.deliveryId,
        a.startedAt,
        a.durationMs,
        a.statusCode ?? null,
        v.kind,
        a.error ?? null,
        a.response ?? null,
      );
      const status = v.kind === 'retry' ? 'pending' : v.kind;
      const next = v.kind === 'retry' ? v.nextAttemptAt : null;
      const seq = this.#s.finish.get(
        status,
        next,
        a.statusCode ?? null,
        a.error ?? null,
        now,
        a.deliveryId,
      ) as number | undefined;
      if (seq !== undefined && v.kind !== 'retry') {
        this.#countActive(a.endpointId, -1);
        this.#s.promote.run({ now, endpoint: a.endpointId, lane: a.lane, seq });
      }
    }
  }

  async claim(now: number, slots: readonly ClaimSlot[]): Promise<ClaimedDelivery[]> {
    return this.#tx(() => this.#claim(now, slots));
  }

  async record(attempts: readonly AttemptRecord[], now: number): Promise<void> {
    this.#tx(() => this.#record(attempts, now));
  }

  async cycle(
    attempts: readonly AttemptRecord[],
    now: number,
    slots: readonly ClaimSlot[],
  ): Promise<ClaimedDelivery[]> {
    return this.#tx(() => {
      this.#record(attempts, now);
      return this.#claim(now, slots);
    });
  }

  async nextDueAt(endpointIds: readonly string[]): Promise<number | undefined> {
    return opt(this.#s.nextDue.get(JSON.stringify(endpointIds)) as number | null);
  }

  async wakeEndpoint(endpointId: string, now: number): Promise<number> {
    return this.#s.wake.run(now, endpointId, now).changes;
  }

  async recoverInFlight(now: number): Promise<number> {
    return this.#s.recover.run(now).changes;
  }

  async upsertEndpoint(id: string, spec: EndpointSpec, now: number): Promise<EndpointRow> {
    this.#s.upsertEndpoint.run(id, JSON.stringify(spec), now, now);
    return toEndpointRow(this.#s.getEndpoint.get(id) as Row);
  }

  async setEndpointState(
    id: string,
    state: EndpointState,
    reason: string | undefined,
    now: number,
  ): Promise<void> {
    this.#s.endpointState.run(state, reason ?? null, now, id);
  }

  async deleteEndpoint(id: string, now: number): Promise<boolean> {
    return this.#tx(() => {
      const abandoned = this.#s.abandonEndpoint.run(now, id).changes;
      this.#countActive(id, -abandoned);
      return this.#s.deleteEndpoint.run(id).changes === 1;
    });
  }

  async getEndpoint(id: string): Promise<EndpointRow | undefined> {
    const row = this.#s.getEndpoint.get(id) as Row | undefined;
    return row && toEndpointRow(row);
  }

  async listEndpoints(): Promise<EndpointRow[]> {
    return (this.#s.listEndpoints.all() as Row[]).map(toEndpointRow);
  }

  async retryDelivery(id: number, now: number): Promise<DeliveryRow | 'not_found' | 'not_retryable'> {
    return this.#tx(() => {
      const row = this.#s.getDelivery.get(id) as Row | undefined;
      if (!row) return 'not_found' as const;
      if (row.status !== 'failed' && row.status !== 'abandoned') return 'not_retryable' as const;
      // Its endpoint was deleted: queued again, it would wait forever for a claim that never comes.
      if (this.#s.getEndpoint.get(row.endpoint_id) === undefined) return 'not_retryable' as const;
      const { busy, nextSeq } = this.#tail(row.endpoint_id as string, row.lane as string);
      // Into a busy lane it goes next, at its head's place; into an idle one it is the head.
      const head = busy
        ? ((this.#s.laneHeadSeq.get(row.endpoint_id, row.lane) as number | undefined) ?? null)
        : null;
      if (head !== null) this.#s.requeue.run('queued', head, null, now, id);
      else this.#s.requeue.run('pending', nextSeq, now, now, id);
      this.#countActive(row.endpoint_id as string, 1);
      return toDeliveryRow(this.#s.getDelivery.get(id) as Row);
    }, true);
  }

  async replay(
    endpointId: string,
    since: number,
    route: (event: EventRow) => DeliveryInput | undefined,
    now: number,
  ): Promise<number> {
    return this.#tx(() => {
      let queued = 0;
      // `.all()`, not `.iterate()`: better-sqlite3 refuses other statements (the inserts below) on a connection
      // while an iterator is open.
      for (const r of this.#s.eventsSince.all(since) as Row[]) {
        const event = toEventRow(r);
        const delivery = route(event);
        if (!delivery || delivery.endpointId !== endpointId) continue;
        this.#enqueue(event.seq, delivery, now);
        if (delivery.applicable) queued++;
      }
      return queued;
    }, true);
  }

  async getEvent(id: string): Promise<EventRow | undefined> {
    const row = this.#s.getEvent.get(id) as Row | undefined;
    return row && toEventRow(row);
  }

  async listEvents(q: EventQuery): Promise<EventRow[]> {
    const where = new Where();
    where.add('room = ?', q.room).add('name = ?', q.name).add('created_at >= ?', q.since);
    where.add('created_at < ?', q.until);
    if (q.after !== undefined) where.add('seq > ?', q.after);
    else where.add('seq < ?', q.before);
    const order = q.after !== undefined ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM events ${where.sql()} ORDER BY seq ${order} LIMIT ?`;
    return (this.#db.prepare(sql).all(...where.params, q.limit ?? 100) as Row[]).map(toEventRow);
  }

  async listDeliveries(q: DeliveryQuery): Promise<DeliveryRow[]> {
    const where = new Where();
    where.add('d.endpoint_id = ?', q.endpointId).add('e.id = ?', q.eventId).add('d.id < ?', q.before);
    if (q.status !== undefined) {
      const statuses = typeof q.status === 'string' ? [q.status] : q.status;
      where.add(`d.status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
    }
    const sql = `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.seq = d.event_seq
      ${where.sql()} ORDER BY d.id DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...where.params, q.limit ?? 100) as Row[]).map(toDeliveryRow);
  }

  async listAttempts(deliveryId: number): Promise<AttemptRow[]> {
    return (this.#s.attempts.all(deliveryId) as Row[]).map(toAttemptRow);
  }

  async backlog(): Promise<Map<string, number>> {
    this.#active ??= new Map(
      (this.#s.backlog.all() as Row[]).map((r) => [r.endpoint_id as string, r.n as number]),
    );
    return new Map(this.#active);
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
    for (const r of this.#s.countByStatus.all() as Row[])
      deliveries[r.status as DeliveryStatus] = r.n as number;
    return { events: this.#s.countEvents.get() as number, deliveries };
  }

  async getSetting(key: string): Promise<string | undefined> {
    return this.#s.getSetting.get(key) as string | undefined;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.#s.setSetting.run(key, value);
  }

  async prune(olderThan: number, limit: number): Promise<PruneResult> {
    return this.#db.transaction(() => {
      const window = Math.max(1, limit) * PRUNE_SCAN_FACTOR;
      const rows = this.#s.pruneScan.all(olderThan, olderThan, this.#pruneCursor, window) as Row[];
      let removed = 0;
      let last = this.#pruneCursor;
      let more = false;
      let reachedNew = false;
      for (const r of rows) {
        if (r.old === 0) {
          reachedNew = true;
          break;
        }
        last = r.seq as number;
        if (r.done === 0) continue;
        this.#s.pruneAttempts.run(last);
        this.#s.pruneDeliveries.run(last);
        this.#s.pruneEvent.run(last);
        if (++removed === limit) {
          more = true;
          break;
        }
      }
      if (!more) more = !reachedNew && rows.length === window;
      this.#pruneCursor = more ? last : 0;
      return { removed, more };
    })();
  }

  async close(): Promise<void> {
    await this.#checkpointer?.close();
    if (this.#db.open) this.#db.close();
  }
}
