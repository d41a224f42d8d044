/**
 * `createNotifier`: the delivery engine as a library. It composes the store, the endpoint registry, the
 * scheduler and the sender; the data flows one way: publish → store → scheduler → sender → store.
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  decodeWebhookEvent,
  encodeWebhookEvent,
  eventOrderingKey,
  generateStandardWebhookSecret,
  isWebhookError,
  matchesEventFilter,
  type WebhookEvent,
} from '@roomhooks/sdk';
import type { Registry } from 'prom-client';
import { systemClock, type Clock, type Random } from '../clock.js';
import { RoomhooksError } from '../errors.js';
import { isApplicable, type SigningContext } from '../formats/index.js';
import { newEndpointId, newEventId } from '../ids.js';
import type {
  DeliveryInput,
  DeliveryRow,
  EndpointRow,
  EventRow,
  PublishBatchItem,
  PublishResult,
  Store,
} from '../store/contract.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CircuitBreakers, type CircuitOptions } from './circuit-breaker.js';
import { EndpointRegistry } from './endpoint-registry.js';
import { parseEndpointOptions, type EndpointOptions, type EndpointSpec } from './endpoint-spec.js';
import { NotifierEvents } from './lifecycle.js';
import { createEngineMetrics, type EngineMetrics } from './metrics.js';
import type { NetworkPolicy } from './network-guard.js';
import { PublishBatcher } from './publish-batcher.js';
import { LEASE_MARGIN_MS, Scheduler } from './scheduler.js';
import { Sender } from './sender.js';

/** PostgreSQL, for several processes sharing one database (see the README's PostgreSQL section). */
export interface PostgresStoreConfig {
  /** A `postgres://` connection string. */
  postgres: string;
  /** The schema holding roomhooks' tables (created and migrated at start); default `roomhooks`. */
  schema?: string;
  /**
   * `normal` (default): publishes wait for the disk, delivery outcomes do not (a database crash may repeat the
   * deliveries of its last fraction of a second, never lose one); `full`: every commit waits.
   */
  synchronous?: 'normal' | 'full';
  pool?: {
    /** Connections in the pool; default 10. */
    max?: number;
    /** Server-side `statement_timeout` of every connection in ms; default 30 000, 0 disables it. */
    statementTimeoutMs?: number;
  };
}

/** Retention: delivered events are removed after an age, in small batches on a timer. */
export interface RetentionOptions {
  /** Age (ms since stored and since delivered) after which a fully delivered event and its log go. */
  deliveredMs: number;
  /** How often pruning runs; default 60 000 ms. */
  intervalMs?: number;
  /** Events removed per transaction; default 500. Small batches never hold up delivery for long. */
  batchSize?: number;
}

export interface NotifierOptions {
  /** `{ sqlite: path }` for the embedded store, `{ postgres: url }` for a shared one, or any {@link Store}. */
  store: { sqlite: string; synchronous?: 'normal' | 'full' } | PostgresStoreConfig | Store;
  /** LiveKit-style API key → secret pairs; deliveries in `livekit` format are signed with one of them. */
  keys: Readonly<Record<string, string>>;
  /** Endpoints to create or update at start (matched by `id`, or by URL and format when no id is given). */
  endpoints?: readonly EndpointOptions[];
  /** SSRF guard: loopback and private addresses are refused unless allowed here. */
  network?: NetworkPolicy;
  /** Attempts in flight across all endpoints; default 512. */
  concurrency?: number;
  circuit?: CircuitOptions;
  /** PEM private key that signs `videosdk` deliveries; generated and stored on first use when absent. */
  videosdkPrivateKey?: string;
  /** Longest sleep between claims when idle; default 1000 ms. */
  pollIntervalMs?: number;
  /**
   * How often endpoints are re-read from the store, to see what other processes added, changed or removed;
   * default `pollIntervalMs`.
   */
  endpointRefreshMs?: number;
  /**
   * A store shared by several processes (PostgreSQL): how long after an attempt's timeout its claim stays this
   * process's; after that another process takes the delivery over (this one is presumed dead). Default 15 s.
   */
  leaseMarginMs?: number;
  /** Remove delivered events after an age; by default nothing is ever removed. */
  retention?: RetentionOptions;
  /** How long `close()` waits for in-flight attempts; default 10 s. */
  closeTimeoutMs?: number;
  /** Registry for the Prometheus metrics; a fresh one by default. */
  metricsRegistry?: Registry;
  clock?: Clock;
  random?: Random;
}

/** What `publish` accepts: a LiveKit-shaped event; `id` and `createdAt` are filled in when absent. */
export type PublishableEvent = Omit<WebhookEvent, 'id' | 'createdAt'> & {
  id?: string;
  createdAt?: string | number;
};

export interface PublishOutcome {
  /** Every event's id, in input order (generated ones included). */
  ids: string[];
  /** Ids already stored before: acknowledged, not delivered again. */
  duplicates: string[];
}

/** An endpoint as the API shows it. */
export interface EndpointInfo extends EndpointSpec {
  id: string;
  state: EndpointRow['state'];
  stateReason: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface Notifier {
  /** Validates, stores and schedules events; resolves once they are durable. Returns their ids. */
  publish(events: PublishableEvent | readonly PublishableEvent[]): Promise<string[]>;
  /** Like `publish`, telling which ids were duplicates. */
  publishDetailed(events: PublishableEvent | readonly PublishableEvent[]): Promise<PublishOutcome>;
  addEndpoint(options: EndpointOptions): Promise<EndpointInfo>;
  /** Replaces an endpoint's definition (fields not given fall back to defaults, as at creation). */
  updateEndpoint(id: string, options: Omit<EndpointOptions, 'id'>): Promise<EndpointInfo>;
  pauseEndpoint(id: string): Promise<EndpointInfo>;
  /** Resumes a paused or disabled endpoint; its held deliveries go out at once. */
  resumeEndpoint(id: string): Promise<EndpointInfo>;
  /** Removes an endpoint; its waiting deliveries are abandoned and stay in the log. */
  removeEndpoint(id: string): Promise<void>;
  getEndpoint(id: string): EndpointInfo | undefined;
  listEndpoints(): EndpointInfo[];
  /** Sends a failed or abandoned delivery again, with a fresh retry schedule. */
  retryDelivery(deliveryId: number): Promise<DeliveryRow>;
  /** Queues every stored event since `since` to an endpoint again (filters apply). Returns how many. */
  replay(endpointId: string, since: Date | number): Promise<number>;
  /** Lifecycle events: published, delivered, retrying, failed, abandoned, endpoint_state, circuit, error. */
  readonly events: NotifierEvents;
  readonly metrics: Registry;
  /** Read access for admin APIs and dashboards. */
  readonly store: Store;
  /** The PEM public key that verifies `videosdk` deliveries. */
  videosdkPublicKey(): Promise<string>;
  /** Stops claiming, lets in-flight attempts finish (bounded), closes connections and the store. */
  close(): Promise<void>;
}

const VIDEOSDK_KEY_SETTING = 'videosdk_private_key';
const VIDEOSDK_PUBLIC_KEY_SETTING = 'videosdk_public_key';

function info(row: EndpointRow): EndpointInfo {
  return {
    ...row.spec,
    id: row.id,
    state: row.state,
    stateReason: row.stateReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function checkRetention(retention: RetentionOptions | undefined): Required<RetentionOptions> | undefined {
  if (retention === undefined) return undefined;
  const positive = (value: unknown): boolean =>
    typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (!positive(retention.deliveredMs)) {
    throw new RoomhooksError('config_invalid', 'retention.deliveredMs: expected a positive number of ms');
  }
  for (const key of ['intervalMs', 'batchSize'] as const) {
    if (retention[key] !== undefined && !positive(retention[key])) {
      throw new RoomhooksError('config_invalid', `retention.${key}: expected a positive number`);
    }
  }
  return {
    deliveredMs: retention.deliveredMs,
    intervalMs: retention.intervalMs ?? 60_000,
    batchSize: Math.max(1, Math.floor(retention.batchSize ?? 500)),
  };
}

/** The lane of an event within an endpoint, by the endpoint's ordering mode. */
function laneFor(spec: EndpointSpec, eventId: string, orderingKey: string): string {
  switch (spec.ordering) {
    case 'resource':
      return `k:${orderingKey}`;
    case 'endpoint':
      return '*';
    case 'none':
      return `e:${eventId}`;
  }
}

function roomOf(event: WebhookEvent): string | undefined {
  return event.room?.name ?? event.egressInfo?.roomName ?? event.ingressInfo?.roomName;
}

/**
 * Creates a notifier and starts delivering (including anything a previous process left undelivered).
 *
 * @example
 * ```ts
 * const notifier = await createNotifier({
 *   store: { sqlite: './roomhooks.db' },
 *   keys: { APIkey: 'secret' },
 *   endpoints: [{ url: 'https://example.com/webhooks' }],
 * });
 * await notifier.publish({ event: 'room_started', room: { sid: 'RM_x', name: 'demo' } });
 * await notifier.close();
 * ```
 */
export async function createNotifier(options: NotifierOptions): Promise<Notifier> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const keys = Object.entries(options.keys ?? {});
  if (
    keys.length === 0 ||
    keys.some(([k, s]) => typeof k !== 'string' || k === '' || typeof s !== 'string' || s === '')
  ) {
    throw new RoomhooksError(
      'config_invalid',
      'keys: at least one API key with a non-empty secret is required',
    );
  }
  const apiKeys = keys.map(([k]) => k);
  const retention = checkRetention(options.retention);
  const events = new NotifierEvents();
  /** Background failures go to `events` 'error' (when someone listens); the engine carries on. */
  const reportError = (err: unknown): void => {
    if (events.listenerCount('error') > 0)
      events.emit('error', err instanceof Error ? err : new Error(String(err)));
  };
  const store: Store =
    'sqlite' in options.store && typeof options.store.sqlite === 'string'
      ? new SqliteStore({
          path: options.store.sqlite,
          ...(options.store.synchronous ? { synchronous: options.store.synchronous } : {}),
          onError: reportError,
        })
      : 'postgres' in options.store && typeof options.store.postgres === 'string'
        ? await PostgresStore.open({
            connectionString: options.store.postgres,
            ...(options.store.schema !== undefined ? { schema: options.store.schema } : {}),
            ...(options.store.synchronous !== undefined ? { synchronous: options.store.synchronous } : {}),
            ...(options.store.pool?.max !== undefined ? { poolSize: options.store.pool.max } : {}),
            ...(options.store.pool?.statementTimeoutMs !== undefined
              ? { statementTimeoutMs: options.store.pool.statementTimeoutMs }
              : {}),
            onError: reportError,
          })
        : (options.store as Store);

  const circuits = new CircuitBreakers(options.circuit);
  const endpoints = new EndpointRegistry(store, clock, events);
  const metrics: EngineMetrics = createEngineMetrics(
    store,
    () => circuits.openCount(),
    options.metricsRegistry,
  );
  const sender = new Sender(options.network ? { network: options.network } : {});

  await endpoints.load();
  let videosdkPrivateKey = options.videosdkPrivateKey ?? (await store.getSetting(VIDEOSDK_KEY_SETTING));
  let videosdkPublicKey = await store.getSetting(VIDEOSDK_PUBLIC_KEY_SETTING);

  async function ensureVideoSdkKey(): Promise<void> {
    if (videosdkPrivateKey !== undefined) return;
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    await store.setSetting(VIDEOSDK_KEY_SETTING, pair.privateKey);
    await store.setSetting(VIDEOSDK_PUBLIC_KEY_SETTING, pair.publicKey);
    videosdkPrivateKey = pair.privateKey;
    videosdkPublicKey = pair.publicKey;
  }

  /** Validates endpoint options and fills what the format needs (a `whsec_` secret, the VideoSDK key). */
  async function specFrom(
    input: unknown,
    where: string,
    previous?: EndpointSpec,
  ): Promise<EndpointSpec & { id: string | undefined }> {
    const spec = parseEndpointOptions(input, where, apiKeys);
    if (spec.format === 'standard' && spec.secret === undefined) {
      spec.secret = previous?.secret ?? generateStandardWebhookSecret();
    }
    if (spec.format === 'videosdk') await ensureVideoSdkKey();
    return spec;
  }

  // Config endpoints without an id get a stable one from their URL and format, so restarts find them again.
  const configIds = new Map<string, string>();
  try {
    for (const [i, raw] of (options.endpoints ?? []).entries()) {
      const { id, ...spec } = await specFrom(raw, `endpoints[${i}]`);
      const existing = endpoints.all().find((e) => e.spec.url === spec.url && e.spec.format === spec.format);
      const endpointId = id ?? existing?.id ?? newEndpointId();
      if (configIds.has(endpointId)) {
        throw new RoomhooksError('config_invalid', `endpoints[${i}]: duplicate endpoint id ${endpointId}`);
      }
      configIds.set(endpointId, spec.url);
      const previous = endpoints.get(endpointId)?.spec;
      if (spec.format === 'standard' && (raw as EndpointOptions).secret === undefined && previous?.secret) {
        spec.secret = previous.secret;
      }
      await endpoints.put(endpointId, spec);
    }
  } catch (err) {
    // A store this call opened must not outlive the failed start (a pool would keep the process alive).
    if (store !== options.store) await store.close();
    throw err;
  }

  function signing(endpointId: string): SigningContext {
    const spec = endpoints.get(endpointId)?.spec;
    const apiKey = spec?.apiKey ?? apiKeys[0]!;
    return {
      apiKey,
      apiSecret: options.keys[apiKey]!,
      standardSecret: spec?.secret,
      videosdkPrivateKey,
    };
  }

  const scheduler = new Scheduler({
    store,
    clock,
    random,
    sender,
    circuits,
    endpoints,
    signing,
    events,
    metrics,
    concurrency: options.concurrency ?? 512,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    leaseMarginMs: options.leaseMarginMs ?? LEASE_MARGIN_MS,
  });
  const batcher = new PublishBatcher((items) => store.publish(items, clock.now()));
  let closed = false;

  /** Routes one validated event to every endpoint that wants it. */
  function route(event: WebhookEvent, eventId: string, orderingKey: string): DeliveryInput[] {
    const deliveries: DeliveryInput[] = [];
    for (const endpoint of endpoints.routable()) {
      const { spec } = endpoint;
      if (!matchesEventFilter(event.event, spec.events)) continue;
      deliveries.push({
        endpointId: endpoint.id,
        lane: laneFor(spec, eventId, orderingKey),
        applicable: isApplicable(spec.format, event),
      });
    }
    return deliveries;
  }

  function prepare(input: unknown, where: string, now: number): PublishBatchItem {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new RoomhooksError('invalid_event', `${where}: expected an event object`);
    }
    const raw = input as Record<string, unknown>;
    if (raw.id !== undefined && (typeof raw.id !== 'string' || raw.id === '' || raw.id.length > 128)) {
      throw new RoomhooksError(
        'invalid_event',
        `${where}.id: expected a non-empty string of at most 128 characters`,
      );
    }
    let event: WebhookEvent;
    try {
      event = decodeWebhookEvent(
        { ...raw, id: raw.id ?? newEventId(), createdAt: raw.createdAt ?? String(Math.floor(now / 1000)) },
        { strict: true },
      );
    } catch (err) {
      if (isWebhookError(err))
        throw new RoomhooksError('invalid_event', `${where}: ${err.message}`, { cause: err });
      throw err;
    }
    const id = event.id!;
    const orderingKey = eventOrderingKey(event);
    return {
      event: {
        id,
        name: event.event,
        room: roomOf(event),
        orderingKey,
        createdAt: Number(event.createdAt) * 1000,
        body: encodeWebhookEvent(event),
      },
      deliveries: route(event, id, orderingKey),
    };
  }

  async function publishDetailed(
    input: PublishableEvent | readonly PublishableEvent[],
  ): Promise<PublishOutcome> {
    if (closed) throw new RoomhooksError('closed', 'the notifier is closed');
    const list: readonly unknown[] = Array.isArray(input) ? input : [input];
    const now = clock.now();
    // Validate everything first: a batch with one bad event stores nothing.
    const items = list.map((e, i) => prepare(e, Array.isArray(input) ? `events[${i}]` : 'event', now));
    let result: PublishResult;
    try {
      result = await batcher.submit(items);
    } catch (err) {
      if (err instanceof RoomhooksError) throw err;
      // Retryable, and said so (HTTP 503): a database away or a full disk is not the caller's mistake. Whether
      // the commit landed is unknown when the connection broke mid-way; events with an id are stored once.
      throw new RoomhooksError('store_unavailable', 'the store did not take the events; publish them again', {
        cause: err,
      });
    }
    metrics.published.inc(result.inserted.length);
    scheduler.wake();
    if (result.inserted.length > 0) events.emit('published', { ids: result.inserted });
    return { ids: items.map((i) => i.event.id), duplicates: result.duplicates };
  }

  function requireEndpoint(id: string): EndpointRow {
    const row = endpoints.get(id);
    if (!row) throw new RoomhooksError('endpoint_not_found', `no endpoint ${JSON.stringify(id)}`);
    return row;
  }

  // Deliveries a dead process left in flight go out again (same event id: at-least-once).
  await store.recoverInFlight(clock.now());
  // Another process's publish wakes us at once (a hint: the poll below stays the truth).
  store.listen?.(() => scheduler.wake());
  scheduler.wake();

  // Endpoints added, changed or removed by other processes sharing the store.
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let refreshing = false;
  const refreshTimer = setInterval(() => {
    if (refreshing || closed) return;
    refreshing = true;
    endpoints
      .refresh()
      .then((changed) => {
        if (changed) scheduler.wake();
      }, reportError)
      .finally(() => (refreshing = false));
  }, options.endpointRefreshMs ?? pollIntervalMs);
  refreshTimer.unref();

  // Retention: small batches, one transaction each, yielding in between so delivery never waits long.
  let pruning: Promise<void> | undefined;
  const pruneTimer =
    retention &&
    setInterval(() => {
      pruning ??= (async () => {
        try {
          while (!closed) {
            const { more } = await store.prune(clock.now() - retention.deliveredMs, retention.batchSize);
            if (!more) break;
            await new Promise((resolve) => setImmediate(resolve));
          }
        } catch (err) {
          reportError(err);
        } finally {
          pruning = undefined;
        }
      })();
    }, retention.intervalMs);
  pruneTimer?.unref();

  return {
    events,
    metrics: metrics.registry,
    store,
    publishDetailed,
    async publish(input) {
      return (await publishDetailed(input)).ids;
    },
    async addEndpoint(input) {
      const { id, ...spec } = await specFrom(input, 'endpoint');
      if (id !== undefined && endpoints.get(id)) {
        throw new RoomhooksError('invalid_endpoint', `endpoint.id: ${JSON.stringify(id)} already exists`);
      }
      return info(await endpoints.put(id ?? newEndpointId(), spec));
    },
    async updateEndpoint(id, input) {
      const previous = requireEndpoint(id);
      const { id: _ignored, ...spec } = await specFrom({ ...input }, 'endpoint', previous.spec);
      const row = await endpoints.put(id, spec);
      scheduler.wake();
      return info(row);
    },
    async pauseEndpoint(id) {
      requireEndpoint(id);
      return info((await endpoints.setState(id, 'paused', 'paused by hand'))!);
    },
    async resumeEndpoint(id) {
      requireEndpoint(id);
      const row = (await endpoints.setState(id, 'active', undefined))!;
      circuits.reset(id);
      await store.wakeEndpoint(id, clock.now());
      scheduler.wake();
      return info(row);
    },
    async removeEndpoint(id) {
      requireEndpoint(id);
      await endpoints.remove(id);
      circuits.reset(id);
    },
    getEndpoint(id) {
      const row = endpoints.get(id);
      return row && info(row);
    },
    listEndpoints() {
      return endpoints.all().map(info);
    },
    async retryDelivery(deliveryId) {
      const result = await store.retryDelivery(deliveryId, clock.now());
      if (result === 'not_found') throw new RoomhooksError('delivery_not_found', `no delivery ${deliveryId}`);
      if (result === 'not_retryable') {
        throw new RoomhooksError('not_retryable', `delivery ${deliveryId} is not failed or abandoned`);
      }
      scheduler.wake();
      return result;
    },
    async replay(endpointId, since) {
      const { spec } = requireEndpoint(endpointId);
      const sinceMs = since instanceof Date ? since.getTime() : since;
      if (!Number.isFinite(sinceMs))
        throw new RoomhooksError('invalid_endpoint', 'replay: `since` is not a valid time');
      const count = await store.replay(
        endpointId,
        sinceMs,
        (event: EventRow) => {
          if (!matchesEventFilter(event.name, spec.events)) return undefined;
          const decoded = decodeWebhookEvent(JSON.parse(event.body) as unknown, { strict: true });
          return {
            endpointId,
            lane: laneFor(spec, event.id, event.orderingKey),
            applicable: isApplicable(spec.format, decoded),
          };
        },
        clock.now(),
      );
      scheduler.wake();
      return count;
    },
    async videosdkPublicKey() {
      await ensureVideoSdkKey();
      if (videosdkPublicKey === undefined) {
        throw new RoomhooksError(
          'config_invalid',
          'the VideoSDK private key was given without its public key',
        );
      }
      return videosdkPublicKey;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(refreshTimer);
      clearInterval(pruneTimer);
      await scheduler.close(options.closeTimeoutMs ?? 10_000);
      await pruning;
      await sender.close();
      await store.close();
    },
  };
}
