/**
 * roomhooks — durable, ordered, signed webhook delivery for real-time rooms.
 */
export {
  createNotifier,
  type EndpointInfo,
  type Notifier,
  type NotifierOptions,
  type PublishableEvent,
  type PublishOutcome,
  type PostgresStoreConfig,
  type RetentionOptions,
} from './engine/notifier.js';
export type {
  EndpointOptions,
  EndpointFormat,
  OrderingMode,
  RetryOption,
  EndpointSpec,
} from './engine/endpoint-spec.js';
export { DEFAULT_RETRY, LIVEKIT_RETRY, classifyOutcome, type RetrySchedule } from './engine/retry-policy.js';
export type { NetworkPolicy } from './engine/network-guard.js';
export type { CircuitOptions } from './engine/circuit-breaker.js';
export type { NotifierEventMap, DeliveryEventInfo } from './engine/lifecycle.js';
export { RoomhooksError, type RoomhooksErrorCode } from './errors.js';
export type * from './store/contract.js';
export { SqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.js';
export { PostgresStore, type PostgresStoreOptions } from './store/postgres/postgres-store.js';
export type { Clock, Random } from './clock.js';
