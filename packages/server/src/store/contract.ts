/**
 * The store contract: everything the engine, the admin API and the dashboard know about persistence.
 *
 * The store is the single source of truth. Each method is one transaction, so a process may die between any two
 * calls and a restart finds a consistent state. Rows are plain data; logic that needs no SQL (routing, retry
 * schedules, formats) lives in the engine and is shared by every backend.
 */
import type { EndpointSpec } from '../engine/endpoint-spec.js';

/** A delivery's life: `queued` behind its lane's head → `pending` (head, waiting for its time) → `in_flight` → an end. */
export type DeliveryStatus =
  'queued' | 'pending' | 'in_flight' | 'delivered' | 'failed' | 'abandoned' | 'not_applicable';

/** Statuses that occupy their lane: only the lowest-id one of a lane is ever `pending` or `in_flight`. */
export const ACTIVE_STATUSES: readonly DeliveryStatus[] = ['queued', 'pending', 'in_flight'];

export type EndpointState = 'active' | 'paused' | 'disabled';

/** An event as stored: the canonical protojson body plus the columns we filter and order by. */
export interface StoredEventInput {
  id: string;
  name: string;
  room: string | undefined;
  /** LiveKit's ordering key of the event (egress id, ingress id, room, identity, track sid or `default`). */
  orderingKey: string;
  /** Event time in ms since the epoch (from the event's `createdAt`). */
  createdAt: number;
  /** Canonical protojson of the event: the exact bytes a `livekit`-format endpoint receives. */
  body: string;
}

/** One delivery to create alongside an event: the engine has already applied filters and formats. */
export interface DeliveryInput {
  endpointId: string;
  /** The lane inside the endpoint; deliveries of one lane go out strictly one at a time, in id order. */
  lane: string;
  /** `not_applicable` records a delivery the endpoint's format cannot express (no VideoSDK equivalent). */
  applicable: boolean;
}

export interface PublishBatchItem {
  event: StoredEventInput;
  deliveries: DeliveryInput[];
}

export interface PublishResult {
  /** Ids of events stored by this call. */
  inserted: string[];
  /** Ids that were already stored: acknowledged, never delivered twice. */
  duplicates: string[];
}

export interface ClaimSlot {
  endpointId: string;
  limit: number;
  probe: boolean;
  /**
   * How long a claim owns its deliveries before another process may take them over (presumed dead): the
   * endpoint's timeout plus a margin. Stores shared by several processes (PostgreSQL) honour it; a store owned
   * by one process (SQLite) ignores it and relies on `recoverInFlight` at start.
   */
  leaseMs?: number;
}

/** A lane head handed to the sender. */
export interface ClaimedDelivery {
  id: number;
  endpointId: string;
  lane: string;
  /** Attempts already made in the current cycle (0 for the first). */
  attempts: number;
  eventId: string;
  eventName: string;
  eventCreatedAt: number;
  body: string;
}

/** What one attempt came to, as the engine decided it. */
export type AttemptVerdict =
  | { kind: 'delivered' }
  | { kind: 'retry'; nextAttemptAt: number }
  | { kind: 'failed' }
  | { kind: 'abandoned' };

export interface AttemptRecord {
  deliveryId: number;
  endpointId: string;
  lane: string;
  startedAt: number;
  durationMs: number;
  statusCode: number | undefined;
  error: string | undefined;
  /** The first KB of the response body. */
  response: string | undefined;
  verdict: AttemptVerdict;
}

export interface EndpointRow {
  id: string;
  spec: EndpointSpec;
  state: EndpointState;
  stateReason: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface DeliveryRow {
  id: number;
  eventId: string;
  eventName: string;
  endpointId: string;
  lane: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number | undefined;
  lastStatusCode: number | undefined;
  lastError: string | undefined;
  updatedAt: number;
}

export interface AttemptRow {
  id: number;
  deliveryId: number;
  startedAt: number;
  durationMs: number;
  statusCode: number | undefined;
  outcome: AttemptVerdict['kind'];
  error: string | undefined;
  response: string | undefined;
}

export interface EventRow {
  seq: number;
  id: string;
  name: string;
  room: string | undefined;
  orderingKey: string;
  createdAt: number;
  publishedAt: number;
  body: string;
}

export interface EventQuery {
  room?: string;
  name?: string;
  /** Inclusive lower bound on `createdAt` (ms). */
  since?: number;
  /** Exclusive upper bound on `createdAt` (ms). */
  until?: number;
  /** Return events with `seq` below this cursor (newest first). */
  before?: number;
  /** Return events with `seq` above this cursor, OLDEST first (for following the log); ignores `before`. */
  after?: number;
  limit?: number;
}

export interface DeliveryQuery {
  endpointId?: string;
  status?: DeliveryStatus | readonly DeliveryStatus[];
  eventId?: string;
  limit?: number;
  /** Return deliveries with `id` below this cursor (newest first). */
  before?: number;
}

/** What one `prune` call did. */
export interface PruneResult {
  /** Events removed. */
  removed: number;
  /** The call stopped early (its batch or its scan window was full): call again for the rest of the sweep. */
  more: boolean;
}

/** How many events one `prune` call examines, at most, per event it may remove: bounded work per call. */
export const PRUNE_SCAN_FACTOR = 4;

export interface StoreStats {
  events: number;
  deliveries: Record<DeliveryStatus, number>;
}

/** The persistence port of the engine. SQLite today; PostgreSQL implements the same contract. */
export interface Store {
  /** Events and their deliveries in one transaction; duplicates by event id are acknowledged and skipped. */
  publish(items: readonly PublishBatchItem[], now: number): Promise<PublishResult>;
  /**
   * Marks due lane heads `in_flight` and returns them: up to `limit` per endpoint slot. A `probe` slot takes
   * the endpoint's earliest head even before it is due (an open circuit's probe speaks for every lane).
   */
  claim(now: number, slots: readonly ClaimSlot[]): Promise<ClaimedDelivery[]>;
  /** Records attempts and applies their verdicts; a finished head hands its lane to the next delivery. */
  record(attempts: readonly AttemptRecord[], now: number): Promise<void>;
  /**
   * `record` then `claim` in one transaction: the scheduler's steady state. Half the commits of calling both,
   * and the lanes freed by the recorded attempts can be claimed at once.
   */
  cycle(
    attempts: readonly AttemptRecord[],
    now: number,
    slots: readonly ClaimSlot[],
  ): Promise<ClaimedDelivery[]>;
  /** The earliest `nextAttemptAt` among pending heads of these endpoints, to sleep until then. */
  nextDueAt(endpointIds: readonly string[]): Promise<number | undefined>;
  /** Makes every pending head of an endpoint due now (a circuit closed, an endpoint resumed). */
  wakeEndpoint(endpointId: string, now: number): Promise<number>;
  /**
   * Puts deliveries left `in_flight` by a dead process back to `pending` (they are retried, same event id).
   * A store shared by several processes resets only expired leases, never a live process's claims.
   */
  recoverInFlight(now: number): Promise<number>;
  /**
   * Retention: removes up to `limit` events published before `olderThan` (ms) whose every delivery was
   * delivered (or not applicable) before then, with their deliveries and attempts. Failed and abandoned
   * deliveries are kept. Each call examines at most `limit × PRUNE_SCAN_FACTOR` events, oldest first, from
   * where the store's previous call stopped, so events that must stay (a long backlog, kept failures) never
   * make one call slow; a sweep ends on reaching events published at or after `olderThan`, and the next call
   * starts over. Call again while `more` is true.
   */
  prune(olderThan: number, limit: number): Promise<PruneResult>;
  /**
   * Optional: calls `onWake` when another process may have made work due (a latency hint; polling stays the
   * truth). Stops when the store closes.
   */
  listen?(onWake: () => void): void;

  upsertEndpoint(id: string, spec: EndpointSpec, now: number): Promise<EndpointRow>;
  setEndpointState(id: string, state: EndpointState, reason: string | undefined, now: number): Promise<void>;
  /** Removes an endpoint; its waiting deliveries are abandoned (they stay visible in the log). */
  deleteEndpoint(id: string, now: number): Promise<boolean>;
  getEndpoint(id: string): Promise<EndpointRow | undefined>;
  listEndpoints(): Promise<EndpointRow[]>;

  /**
   * Re-queues a failed or abandoned delivery in its lane with a fresh retry schedule. A busy lane takes it as
   * its next delivery (it is the oldest member).
   */
  retryDelivery(id: number, now: number): Promise<DeliveryRow | 'not_found' | 'not_retryable'>;
  /**
   * New deliveries to `endpointId` for every stored event created at or after `since` (ms), in event order.
   * `route` decides per event (filter, lane, format); undefined skips the event. Returns how many were queued.
   */
  replay(
    endpointId: string,
    since: number,
    route: (event: EventRow) => DeliveryInput | undefined,
    now: number,
  ): Promise<number>;

  getEvent(id: string): Promise<EventRow | undefined>;
  listEvents(query: EventQuery): Promise<EventRow[]>;
  listDeliveries(query: DeliveryQuery): Promise<DeliveryRow[]>;
  listAttempts(deliveryId: number): Promise<AttemptRow[]>;
  /** Deliveries waiting or in flight, per endpoint (the lane backlog). */
  backlog(): Promise<Map<string, number>>;
  stats(): Promise<StoreStats>;

  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  close(): Promise<void>;
}
