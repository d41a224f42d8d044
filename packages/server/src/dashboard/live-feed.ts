/**
 * The live feed behind `GET /v1/stream`: one hub per server, shared by every open dashboard.
 *
 * Delivery outcomes come from the notifier's lifecycle events as they happen. Publishing has no lifecycle
 * event (the engine stays unaware of dashboards), so new events are found by polling the store: one timer,
 * running only while someone watches, reads the newest events every `pollIntervalMs` and pushes those with a
 * `seq` above the last one seen. The store is the truth; the poll is cheap (an index range on `seq`).
 */
import type { DeliveryEventInfo } from '../engine/lifecycle.js';
import type { Notifier } from '../engine/notifier.js';
import type { DeliveryRow, DeliveryStatus, EventRow } from '../store/contract.js';

export interface LiveDelivery {
  id: number;
  endpointId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | undefined;
  lastError: string | undefined;
  updatedAt: number;
}

/** A newly stored event, as the live list shows it (the body stays in the store; the detail view reads it). */
export interface LiveEvent {
  seq: number;
  id: string;
  name: string;
  room: string | undefined;
  createdAt: number;
  publishedAt: number;
  /** Its deliveries when it was found (omitted for bursts larger than {@link DELIVERIES_PER_TICK}). */
  deliveries?: LiveDelivery[];
}

/** One delivery attempt's outcome, from the notifier's lifecycle events. */
export interface LiveOutcome {
  deliveryId: number;
  eventId: string;
  eventName: string;
  endpointId: string;
  /** The delivery's status after this attempt (`pending` while it waits for a retry). */
  status: 'delivered' | 'pending' | 'failed' | 'abandoned';
  attempt: number;
  statusCode: number | undefined;
  error: string | undefined;
  durationMs: number;
  nextAttemptAt: number | undefined;
  at: number;
}

export type LiveMessage =
  | { type: 'event'; data: LiveEvent }
  | { type: 'delivery'; data: LiveOutcome }
  | { type: 'endpoint'; data: { endpointId: string; state: string; reason: string | undefined } }
  | { type: 'circuit'; data: { endpointId: string; state: 'open' | 'closed' } }
  /** More events arrived than one poll reads: reload the list. */
  | { type: 'resync'; data: { reason: string } };

export type LiveSubscriber = (message: LiveMessage) => void;

export interface LiveFeedOptions {
  /** How often the store is polled for new events while someone watches; default 300 ms. */
  pollIntervalMs?: number;
}

/** Most events one poll reads; beyond that subscribers are told to resync. */
const MAX_EVENTS_PER_TICK = 1000;
/** Up to this many new events per poll also carry their deliveries (one indexed query each). */
export const DELIVERIES_PER_TICK = 100;
/** Most events replayed to a reconnecting subscriber. */
const MAX_BACKFILL = 500;

function liveDelivery(d: DeliveryRow): LiveDelivery {
  return {
    id: d.id,
    endpointId: d.endpointId,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    updatedAt: d.updatedAt,
  };
}

function summary(row: EventRow): LiveEvent {
  return {
    seq: row.seq,
    id: row.id,
    name: row.name,
    room: row.room,
    createdAt: row.createdAt,
    publishedAt: row.publishedAt,
  };
}

export class LiveFeed {
  readonly #notifier: Notifier;
  readonly #pollIntervalMs: number;
  readonly #subscribers = new Set<LiveSubscriber>();
  readonly #circuits = new Map<string, 'open' | 'closed'>();
  readonly #detach: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  /** The highest `seq` pushed so far; undefined until the first poll has looked. */
  #lastSeq: number | undefined;
  #closed = false;

  constructor(notifier: Notifier, options: LiveFeedOptions = {}) {
    this.#notifier = notifier;
    this.#pollIntervalMs = options.pollIntervalMs ?? 300;
    const events = notifier.events;
    const outcome =
      (status: LiveOutcome['status']) =>
      (info: DeliveryEventInfo & { nextAttemptAt?: number }): void =>
        this.#broadcast({
          type: 'delivery',
          data: {
            deliveryId: info.deliveryId,
            eventId: info.eventId,
            eventName: info.eventName,
            endpointId: info.endpointId,
            status,
            attempt: info.attempt,
            statusCode: info.statusCode,
            error: info.error,
            durationMs: info.durationMs,
            nextAttemptAt: info.nextAttemptAt,
            at: Date.now(),
          },
        });
    const onDelivered = outcome('delivered');
    const onRetrying = outcome('pending');
    const onFailed = outcome('failed');
    const onAbandoned = outcome('abandoned');
    events.on('delivered', onDelivered);
    events.on('retrying', onRetrying);
    events.on('failed', onFailed);
    events.on('abandoned', onAbandoned);
    this.#detach.push(
      () => events.off('delivered', onDelivered),
      () => events.off('retrying', onRetrying),
      () => events.off('failed', onFailed),
      () => events.off('abandoned', onAbandoned),
    );
    const onState = (info: { endpointId: string; state: string; reason: string | undefined }): void =>
      this.#broadcast({ type: 'endpoint', data: { ...info } });
    const onCircuit = (info: { endpointId: string; state: 'open' | 'closed' }): void => {
      this.#circuits.set(info.endpointId, info.state);
      this.#broadcast({ type: 'circuit', data: { ...info } });
    };
    events.on('endpoint_state', onState);
    events.on('circuit', onCircuit);
    this.#detach.push(
      () => events.off('endpoint_state', onState),
      () => events.off('circuit', onCircuit),
    );
  }

  /** An endpoint's circuit as last reported by the engine since this process started (`closed` if never). */
  circuitState(endpointId: string): 'open' | 'closed' {
    return this.#circuits.get(endpointId) ?? 'closed';
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /**
   * Adds a subscriber; returns the function that removes it. With `after` (a `seq` the client already has),
   * events stored since then are sent first, so a reconnecting page misses nothing.
   */
  async subscribe(subscriber: LiveSubscriber, after?: number): Promise<() => void> {
    if (this.#closed) throw new Error('the live feed is closed');
    if (this.#lastSeq === undefined) this.#lastSeq = await this.#maxSeq();
    if (after !== undefined && after < this.#lastSeq) {
      const rows = (await this.#notifier.store.listEvents({ limit: MAX_BACKFILL })).filter(
        (r) => r.seq > after && r.seq <= this.#lastSeq!,
      );
      if (rows.length === MAX_BACKFILL) subscriber({ type: 'resync', data: { reason: 'too many missed' } });
      for (const row of await this.#withDeliveries(rows.reverse())) subscriber({ type: 'event', data: row });
    }
    this.#subscribers.add(subscriber);
    this.#schedule();
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  /** Detaches from the notifier and drops every subscriber. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const detach of this.#detach.splice(0)) detach();
    this.#subscribers.clear();
  }

  #broadcast(message: LiveMessage): void {
    for (const subscriber of [...this.#subscribers]) {
      try {
        subscriber(message);
      } catch {
        this.#subscribers.delete(subscriber);
      }
    }
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#closed) return;
    if (this.#subscribers.size === 0) {
      // Nobody watches: stop polling, and start again from the newest event when someone comes.
      this.#lastSeq = undefined;
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#tick().finally(() => this.#schedule());
    }, this.#pollIntervalMs);
    this.#timer.unref();
  }

  async #maxSeq(): Promise<number> {
    const [newest] = await this.#notifier.store.listEvents({ limit: 1 });
    return newest?.seq ?? 0;
  }

  /** Reads events newer than the last seen, oldest first, and pushes them. */
  async #tick(): Promise<void> {
    if (this.#polling || this.#closed) return;
    this.#polling = true;
    try {
      const last = this.#lastSeq ?? (await this.#maxSeq());
      const fresh: EventRow[] = [];
      let before: number | undefined;
      let truncated = false;
      // Newest first, page by page, until we reach what was already pushed.
      for (;;) {
        const page = await this.#notifier.store.listEvents({
          limit: 200,
          ...(before === undefined ? {} : { before }),
        });
        const newer = page.filter((r) => r.seq > last);
        fresh.push(...newer);
        if (newer.length < page.length || page.length < 200) break;
        if (fresh.length >= MAX_EVENTS_PER_TICK) {
          truncated = true;
          break;
        }
        before = page[page.length - 1]!.seq;
      }
      if (fresh.length === 0) return;
      this.#lastSeq = fresh[0]!.seq;
      if (truncated) this.#broadcast({ type: 'resync', data: { reason: 'burst' } });
      const ascending = fresh.slice(0, MAX_EVENTS_PER_TICK).reverse();
      for (const event of await this.#withDeliveries(ascending))
        this.#broadcast({ type: 'event', data: event });
    } catch {
      // The store hiccuped; the next tick reads again from the same point.
    } finally {
      this.#polling = false;
    }
  }

  /** Summaries, the newest {@link DELIVERIES_PER_TICK} with their deliveries. */
  async #withDeliveries(ascending: readonly EventRow[]): Promise<LiveEvent[]> {
    const withFrom = Math.max(0, ascending.length - DELIVERIES_PER_TICK);
    return Promise.all(
      ascending.map(async (row, i) => {
        const event = summary(row);
        if (i < withFrom) return event;
        const deliveries = await this.#notifier.store.listDeliveries({ eventId: row.id, limit: 100 });
        return { ...event, deliveries: deliveries.map(liveDelivery).reverse() };
      }),
    );
  }
}
